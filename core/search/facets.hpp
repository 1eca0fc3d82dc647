#pragma once
// Facet counts in one pass over the matches. Xapian's ValueCountMatchSpy counts one value per
// document; sites, flags and conditions are lists, so their slots hold packed lists we split here.
#include <cstdint>
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

// Every document's facet values, read once from the value streams (sequential, a few tens of ms
// for 100,000 trials) and kept in memory as small integer codes. Counting facets from Xapian's
// value slots per match (Document::get_value: a B-tree lookup and pread per document and slot) was
// most of a search's time (bench/RESULTS.md). Built for one revision of the database: the Searcher
// drops it when it reopens.
class FacetColumns {
 public:
  explicit FacetColumns(const Xapian::Database& db);
  struct Column {
    Xapian::valueno slot = 0;
    std::vector<std::string> names;      // code -> value
    std::vector<std::uint32_t> offsets;  // docid -> first code in `codes`; offsets[did + 1] ends it
    std::vector<std::uint32_t> codes;
  };
  const Column* column(Xapian::valueno slot) const;

 private:
  std::vector<Column> columns_;
};

class FacetSpy : public Xapian::MatchSpy {
 public:
  FacetSpy(std::vector<FacetSlot> slots, const FacetColumns& columns);
  void operator()(const Xapian::Document& doc, double weight) override;
  // Counts, largest first (ties by value), at most `limit` per facet.
  std::map<std::string, std::vector<FacetValue>> result(std::size_t limit) const;

 private:
  std::vector<FacetSlot> slots_;
  std::vector<const FacetColumns::Column*> columns_;  // parallel to slots_
  std::vector<std::vector<std::size_t>> counts_;      // per slot, per code
};

}  // namespace rinsho::search
