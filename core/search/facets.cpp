#include "search/facets.hpp"

#include <algorithm>

#include "index/index_layout.hpp"

namespace rinsho::search {

const std::vector<FacetSlot>& facet_slots() {
  using index::slot::category;
  static const std::vector<FacetSlot> slots = {
      {"status", index::slot::status, FacetSlot::Packing::single},
      {"phase", index::slot::phase, FacetSlot::Packing::single},
      {"category", index::slot::category, FacetSlot::Packing::single},
      {"study_type", index::slot::study_type, FacetSlot::Packing::single},
      {"modality", index::slot::modality, FacetSlot::Packing::single},
      {"prefecture", index::slot::prefectures, FacetSlot::Packing::fixed2},
      {"flags", index::slot::flags, FacetSlot::Packing::lines},
      {"condition", index::slot::conditions, FacetSlot::Packing::lines},
  };
  return slots;
}

namespace {

// The values a slot holds for one document, split as the slot is packed.
template <typename F>
void for_each_value(FacetSlot::Packing packing, const std::string& v, F&& f) {
  switch (packing) {
    case FacetSlot::Packing::single:
      if (!v.empty()) f(v);
      break;
    case FacetSlot::Packing::fixed2:
      for (std::size_t k = 0; k + 2 <= v.size(); k += 2) f(v.substr(k, 2));
      break;
    case FacetSlot::Packing::lines:
      for (std::size_t start = 0; start <= v.size();) {
        auto end = v.find('\n', start);
        if (end == std::string::npos) end = v.size();
        if (end > start) f(v.substr(start, end - start));
        start = end + 1;
      }
      break;
  }
}

}  // namespace

FacetColumns::FacetColumns(const Xapian::Database& db) {
  const Xapian::docid last = db.get_lastdocid();
  for (const auto& slot : facet_slots()) {
    Column c;
    c.slot = slot.slot;
    c.offsets.assign(std::size_t(last) + 2, 0);
    std::map<std::string, std::uint32_t> code_of;
    Xapian::docid filled = 0;  // offsets[1..filled] are set
    for (auto it = db.valuestream_begin(slot.slot); it != db.valuestream_end(slot.slot); ++it) {
      const Xapian::docid did = it.get_docid();
      for (; filled < did; ++filled) c.offsets[filled + 1] = std::uint32_t(c.codes.size());
      for_each_value(slot.packing, *it, [&](const std::string& value) {
        auto [pos, added] = code_of.try_emplace(value, std::uint32_t(c.names.size()));
        if (added) c.names.push_back(value);
        c.codes.push_back(pos->second);
      });
    }
    for (; filled <= last; ++filled) c.offsets[filled + 1] = std::uint32_t(c.codes.size());
    columns_.push_back(std::move(c));
  }
}

const FacetColumns::Column* FacetColumns::column(Xapian::valueno slot) const {
  for (const auto& c : columns_)
    if (c.slot == slot) return &c;
  return nullptr;
}

FacetSpy::FacetSpy(std::vector<FacetSlot> slots, const FacetColumns& columns) : slots_(std::move(slots)) {
  for (const auto& s : slots_) {
    columns_.push_back(columns.column(s.slot));
    counts_.emplace_back(columns_.back() ? columns_.back()->names.size() : 0, 0);
  }
}

void FacetSpy::operator()(const Xapian::Document& doc, double) {
  const Xapian::docid did = doc.get_docid();
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    const auto* c = columns_[i];
    if (!c || did + 1 >= c->offsets.size()) continue;
    for (auto k = c->offsets[did]; k < c->offsets[did + 1]; ++k) ++counts_[i][c->codes[k]];
  }
}

std::map<std::string, std::vector<FacetValue>> FacetSpy::result(std::size_t limit) const {
  std::map<std::string, std::vector<FacetValue>> out;
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    std::vector<FacetValue> values;
    for (std::size_t code = 0; code < counts_[i].size(); ++code)
      if (counts_[i][code]) values.push_back({columns_[i]->names[code], counts_[i][code]});
    // Ties by value, as before: sort by value, then stably by count.
    std::sort(values.begin(), values.end(), [](const auto& a, const auto& b) { return a.value < b.value; });
    std::stable_sort(values.begin(), values.end(), [](const auto& a, const auto& b) { return a.count > b.count; });
    if (values.size() > limit) values.resize(limit);
    out[slots_[i].name] = std::move(values);
  }
  return out;
}

}  // namespace rinsho::search
