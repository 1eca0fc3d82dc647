#include "search/facets.hpp"

#include <algorithm>
#include <map>

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
  const auto& slots = facet_slots();
  names_.resize(slots.size());
  // Read each slot's stream in docid order, then interleave the per-slot lists into one row per document.
  std::vector<std::vector<std::uint32_t>> offsets(slots.size()), codes(slots.size());
  for (std::size_t f = 0; f < slots.size(); ++f) {
    auto& off = offsets[f];
    off.assign(std::size_t(last) + 2, 0);
    std::map<std::string, std::uint32_t> code_of;
    Xapian::docid filled = 0;  // off[1..filled] are set
    for (auto it = db.valuestream_begin(slots[f].slot); it != db.valuestream_end(slots[f].slot); ++it) {
      const Xapian::docid did = it.get_docid();
      for (; filled < did; ++filled) off[filled + 1] = std::uint32_t(codes[f].size());
      for_each_value(slots[f].packing, *it, [&](const std::string& value) {
        auto [pos, added] = code_of.try_emplace(value, std::uint32_t(names_[f].size()));
        if (added) names_[f].push_back(value);
        codes[f].push_back(pos->second);
      });
    }
    for (; filled <= last; ++filled) off[filled + 1] = std::uint32_t(codes[f].size());
  }
  base_.assign(slots.size() + 1, 0);
  for (std::size_t f = 0; f < slots.size(); ++f) base_[f + 1] = base_[f] + std::uint32_t(names_[f].size());
  std::size_t total = 0;
  for (const auto& c : codes) total += c.size();
  entries_.reserve(total);
  row_start_.assign(std::size_t(last) + 2, 0);
  for (Xapian::docid did = 1; did <= last; ++did) {
    row_start_[did] = std::uint32_t(entries_.size());
    for (std::size_t f = 0; f < slots.size(); ++f)
      for (auto k = offsets[f][did]; k < offsets[f][did + 1]; ++k) entries_.push_back(base_[f] + codes[f][k]);
  }
  row_start_[std::size_t(last) + 1] = std::uint32_t(entries_.size());
}

int FacetColumns::facet_of(Xapian::valueno slot) const {
  const auto& slots = facet_slots();
  for (std::size_t f = 0; f < slots.size(); ++f)
    if (slots[f].slot == slot) return int(f);
  return -1;
}

std::size_t FacetColumns::bytes() const {
  std::size_t n = (row_start_.capacity() + entries_.capacity()) * sizeof(std::uint32_t);
  for (const auto& names : names_)
    for (const auto& s : names) n += s.capacity() + sizeof(s);
  return n;
}

FacetSpy::FacetSpy(std::vector<FacetSlot> slots, const FacetColumns& columns)
    : slots_(std::move(slots)), columns_(columns), counts_(columns.code_count(), 0) {
  for (const auto& s : slots_) facet_.push_back(columns_.facet_of(s.slot));
}

void FacetSpy::operator()(const Xapian::Document& doc, double) {
  auto [entry, end] = columns_.row(doc.get_docid());
  for (; entry != end; ++entry) ++counts_[*entry];
}

std::map<std::string, std::vector<FacetValue>> FacetSpy::result(std::size_t limit) const {
  std::map<std::string, std::vector<FacetValue>> out;
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    std::vector<FacetValue> values;
    const int f = facet_[i];
    const std::size_t n = f >= 0 ? columns_.names(f).size() : 0;
    for (std::size_t code = 0; code < n; ++code)
      if (const auto count = counts_[columns_.base(f) + code]) values.push_back({columns_.names(f)[code], count});
    // Ties by value, as before: sort by value, then stably by count.
    std::sort(values.begin(), values.end(), [](const auto& a, const auto& b) { return a.value < b.value; });
    std::stable_sort(values.begin(), values.end(), [](const auto& a, const auto& b) { return a.count > b.count; });
    if (values.size() > limit) values.resize(limit);
    out[slots_[i].name] = std::move(values);
  }
  return out;
}

}  // namespace rinsho::search
