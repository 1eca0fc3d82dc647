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
// most of a search's time (bench/RESULTS.md). A document's codes for all facets sit together in one
// row, so counting a match touches one or two cache lines instead of two per facet. Built for one
// revision of the database, immutable, and shared by every Searcher open on that revision.
class FacetColumns {
 public:
  explicit FacetColumns(const Xapian::Database& db);

  // Index into facet_slots() of the facet stored from `slot`, or -1.
  int facet_of(Xapian::valueno slot) const;
  const std::vector<std::string>& names(int facet) const { return names_[facet]; }  // code -> value
  // Entries are codes numbered across all facets: facet f's value code c is base(f) + c, so one
  // counter array holds every facet and counting a match needs no branch.
  std::uint32_t base(int facet) const { return base_[facet]; }
  std::uint32_t code_count() const { return base_.back(); }
  // The document's entries; empty for a docid the revision does not hold.
  std::pair<const std::uint32_t*, const std::uint32_t*> row(Xapian::docid did) const {
    if (did + 1 >= row_start_.size()) return {nullptr, nullptr};
    return {entries_.data() + row_start_[did], entries_.data() + row_start_[did + 1]};
  }
  std::size_t bytes() const;

 private:
  std::vector<std::vector<std::string>> names_;  // per facet_slots() index
  std::vector<std::uint32_t> base_;              // per facet_slots() index, plus the total
  std::vector<std::uint32_t> row_start_;         // docid -> first entry; row_start_[did + 1] ends it
  std::vector<std::uint32_t> entries_;
};

class FacetSpy : public Xapian::MatchSpy {
 public:
  FacetSpy(std::vector<FacetSlot> slots, const FacetColumns& columns);
  void operator()(const Xapian::Document& doc, double weight) override;
  // Counts, largest first (ties by value), at most `limit` per facet.
  std::map<std::string, std::vector<FacetValue>> result(std::size_t limit) const;

 private:
  std::vector<FacetSlot> slots_;
  const FacetColumns& columns_;
  std::vector<int> facet_;              // position in slots_ -> facet index, or -1
  std::vector<std::uint32_t> counts_;   // per code of every facet (the unwanted are counted too: cheaper than a branch)
};

}  // namespace rinsho::search
