#pragma once
// Facet counts in one pass over the matches. Xapian's ValueCountMatchSpy counts one value per
// document; sites, flags and conditions are lists, so their slots hold packed lists we split here.
#include <map>
#include <string>
#include <vector>

#include <xapian.h>

#include "search/search_request.hpp"

namespace rinsho::search {

struct FacetSlot {
  std::string name;       // facet name in SearchResult::facets
  Xapian::valueno slot;
  enum class Packing { single, fixed2, lines } packing;
};

// The facets we offer, with how their slot is packed.
const std::vector<FacetSlot>& facet_slots();

class FacetSpy : public Xapian::MatchSpy {
 public:
  explicit FacetSpy(std::vector<FacetSlot> slots);
  void operator()(const Xapian::Document& doc, double weight) override;
  // Counts, largest first (ties by value), at most `limit` per facet.
  std::map<std::string, std::vector<FacetValue>> result(std::size_t limit) const;

 private:
  std::vector<FacetSlot> slots_;
  std::vector<std::map<std::string, std::size_t>> counts_;
};

}  // namespace rinsho::search
