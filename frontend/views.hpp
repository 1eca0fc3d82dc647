#pragma once
// What the page renderers take: plain structs filled in by the server's page handlers. Nothing here
// knows Xapian, SQLite or httplib, so every page can be rendered (and tested) without a server.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/error.hpp"
#include "model/trial.hpp"
#include "prescreen/verdict.hpp"
#include "search/search_request.hpp"

namespace rinsho::frontend {

// Facts about the request every page needs: its language and where it lives.
struct PageContext {
  std::string lang = "ja";  // "ja" (default) or "en"
  std::string base_url;     // e.g. "https://rinsho.example", no trailing slash
  std::string path = "/";   // the request path
  // The request's query parameters in order, "lang" included or not (it is ignored).
  std::vector<std::pair<std::string, std::string>> query;
  std::string today;  // YYYY-MM-DD, for "not updated in 12 months"
};

struct TopView {
  std::optional<std::uint64_t> recruiting_count;  // absent when the index is not ready
  std::vector<search::FacetValue> prefecture_counts;  // recruiting trials by prefecture code, for the map
};

// One hit judged against "my situation": the verdict, the eligibility it was judged on (for the
// quote), and whether the trial has a site in the person's prefecture (absent: none was given).
struct SituationHit {
  prescreen::Assessment assessment;
  model::Eligibility eligibility;
  std::optional<bool> site_in_prefecture;
};

struct ResultsView {
  search::SearchRequest request;
  search::SearchResult result;
  // Concept id -> display name (the concept's first variant), for the condition facet.
  std::map<std::string, std::string> condition_labels;
  // "My situation" (server/params/prescreen_params.hpp): each hit's verdict, by trial id. Empty when no
  // situation was given.
  std::map<std::string, SituationHit> situation;
  std::string situation_prefecture;  // JIS code, or empty
};

// One entry of the store's version history.
struct VersionEntry {
  std::int64_t version = 0;
  std::string created_at;                   // ISO 8601
  std::vector<std::string> changed_fields;  // top-level field names or JSON Pointers
  std::string note;                         // why it was written, when the store kept a note (imports)
};

struct TrialView {
  model::Trial trial;
  std::optional<search::GeoPoint> near;  // sites are listed nearest first when given
  std::vector<VersionEntry> versions;    // newest first
  // The questionnaire's verdict, when the page was asked with answers (?ps=1&age=...).
  std::optional<prescreen::Assessment> prescreen;
};

struct ErrorView {
  int status = 500;
  std::vector<FieldError> fields;  // for 400: which parameter was wrong
  int retry_after_seconds = 0;     // for 429: how long to wait, as the Retry-After header says
};

}  // namespace rinsho::frontend
