#pragma once
// What a caller asks of the searcher and what it gets back: plain structs, no Xapian types.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace rinsho::search {

struct GeoPoint {
  double lat = 0;
  double lon = 0;
};

enum class SortOrder { relevance, newest, updated, nearest };

struct SearchRequest {
  std::string q;  // free text: AND by default, "quoted phrases", OR, -exclusion
  // Each list is OR within itself, AND with the others.
  std::vector<std::string> status, phase, category, study_type, modality, prefecture, country, condition;
  std::set<std::string> flags;        // index_layout.hpp kFlagNames: every one listed must hold
  std::optional<std::string> sex;     // "female" / "male": trials open to that sex
  std::optional<double> age;          // trials whose age range includes this age
  std::optional<GeoPoint> near;
  std::optional<double> within_km;    // needs `near`
  SortOrder sort = SortOrder::relevance;
  std::size_t offset = 0;
  std::size_t page_size = 20;         // at most kMaxPageSize
  std::string lang = "ja";            // language of snippets
  bool facets = true;
  bool snippets = true;
  // No matches, and a spelling correction of q finds some (レカネマプ -> レカネマブ): search the
  // correction instead, as a patient expects, and say so in SearchResult::corrected_from.
  bool correct_spelling = false;
};

inline constexpr std::size_t kMaxPageSize = 100;
inline constexpr std::size_t kMaxIdsPage = 5000;  // Searcher::matching_ids

struct Text {
  std::string ja, en;
};

struct NearestSite {
  Text name;
  std::string prefecture;
  Text city;
  double distance_km = 0;
};

struct Hit {
  std::string id;
  Text public_title, scientific_title;
  std::string status, phase, category, study_type;
  std::vector<Text> conditions;
  std::vector<std::string> flags;  // kFlagNames that hold, for badges
  std::optional<double> min_age, max_age;
  std::string sex;
  std::string registered, last_updated;
  std::optional<NearestSite> nearest_site;
  std::size_t site_count = 0;
  std::string snippet_html;  // escaped text with <mark>…</mark> around matches
  double weight = 0;
};

struct FacetValue {
  std::string value;
  std::size_t count = 0;
};

// A filter a query word turned into (小児 -> pediatric), so the page can say what it applied.
struct AppliedAttribute {
  std::string word;    // as normalised from the query
  std::string filter;  // e.g. "pediatric", "status:recruiting", "phase:3"
};

struct SearchResult {
  std::uint64_t total_estimated = 0, total_lower = 0, total_upper = 0;
  std::vector<Hit> hits;
  // status, phase, category, study_type, modality, prefecture, flags, condition -> counts, largest first.
  std::map<std::string, std::vector<FacetValue>> facets;
  std::vector<AppliedAttribute> applied;
  std::optional<std::string> suggestion;  // when fewer than 3 matched: a corrected spelling, or for none another query
  // Set when correct_spelling replaced a q that matched nothing: the q as typed. The hits are then
  // those of `searched_q`.
  std::optional<std::string> corrected_from;
  std::string searched_q;
  // Dictionary concepts the words of q matched (conditions, interventions, anatomy, terms; not
  // attribute or noise words, not excluded words), in query order without repeats. Access metrics
  // count the condition concepts among them for "most searched conditions".
  std::vector<std::string> matched_concepts;
};

}  // namespace rinsho::search
