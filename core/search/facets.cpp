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

FacetSpy::FacetSpy(std::vector<FacetSlot> slots) : slots_(std::move(slots)), counts_(slots_.size()) {}

void FacetSpy::operator()(const Xapian::Document& doc, double) {
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    const std::string v = doc.get_value(slots_[i].slot);
    if (v.empty()) continue;
    auto& counts = counts_[i];
    switch (slots_[i].packing) {
      case FacetSlot::Packing::single:
        ++counts[v];
        break;
      case FacetSlot::Packing::fixed2:
        for (std::size_t k = 0; k + 2 <= v.size(); k += 2) ++counts[v.substr(k, 2)];
        break;
      case FacetSlot::Packing::lines:
        for (std::size_t start = 0; start <= v.size();) {
          auto end = v.find('\n', start);
          if (end == std::string::npos) end = v.size();
          if (end > start) ++counts[v.substr(start, end - start)];
          start = end + 1;
        }
        break;
    }
  }
}

std::map<std::string, std::vector<FacetValue>> FacetSpy::result(std::size_t limit) const {
  std::map<std::string, std::vector<FacetValue>> out;
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    std::vector<FacetValue> values;
    for (const auto& [value, count] : counts_[i]) values.push_back({value, count});
    std::stable_sort(values.begin(), values.end(), [](const auto& a, const auto& b) { return a.count > b.count; });
    if (values.size() > limit) values.resize(limit);
    out[slots_[i].name] = std::move(values);
  }
  return out;
}

}  // namespace rinsho::search
