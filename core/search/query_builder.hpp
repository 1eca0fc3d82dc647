#pragma once
// SearchRequest -> Xapian queries, built from our own tokens: Xapian 1.4.22's QueryParser throws on
// mixed queries such as "EGFR 肺がん TKI" and its CJK n-gram mode ANDs characters with no adjacency.
#include <set>
#include <string>
#include <vector>

#include <xapian.h>

#include "common/error.hpp"
#include "search/search_request.hpp"
#include "text/analyzer.hpp"

namespace rinsho::search {

// A filter with the facet it belongs to, so facet counts can leave their own filter out.
struct FacetFilter {
  std::string facet;  // "" for filters that are not a facet choice
  Xapian::Query query;
};

struct BuiltQuery {
  Xapian::Query text;                 // empty Query when the request has no text constraint
  Xapian::Query boost;                // ICU words and concepts, for OP_AND_MAYBE
  std::vector<FacetFilter> filters;   // request filters and attributes named by query words
  std::vector<AppliedAttribute> applied;
  std::set<std::string> highlight_terms;    // recall terms to mark in snippets
  std::set<std::string> highlight_concepts; // concept ids to mark in snippets
  std::vector<std::string> matched_concepts; // SearchResult::matched_concepts
  bool had_text = false;              // the user typed something
  bool nothing_searchable = false;    // ... but none of it can match (punctuation only)
  std::vector<std::string> words;     // the query's words, for suggestions
  // Some word could also be matched by its reading (ぼうこうがん -> 膀胱癌): with_readings added
  // that alternative, or a build without them left it out.
  bool reading_alternatives = false;
};

// with_readings: kana and kanji words also match text that reads the same, ranked below their
// own matches (the searcher asks for this only when the words as written find few trials).
Result<BuiltQuery> build_query(const SearchRequest& request, const text::Analyzer& analyzer, bool with_readings = false);

// "status:recruiting", "pediatric", "phase:3", ... -> the boolean query it stands for.
std::optional<Xapian::Query> attribute_filter(const std::string& filter);

// Joins sub-queries, treating an empty Query as "no constraint".
Xapian::Query and_all(const std::vector<Xapian::Query>& parts);

// Every document. Never copy the static Xapian::Query::MatchAll: Query's reference count is not
// atomic, so server threads copying that one shared object corrupt its count, and it is freed while
// in use (a segfault in Query::Internal after ~13 minutes of bench/load). The empty term is the
// same query, built afresh for each use.
inline Xapian::Query match_all() { return Xapian::Query(std::string()); }

}  // namespace rinsho::search
