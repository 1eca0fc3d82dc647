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
};

struct ResultsView {
  search::SearchRequest request;
  search::SearchResult result;
  // Concept id -> display name (the concept's first variant), for the condition facet.
  std::map<std::string, std::string> condition_labels;
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
};

struct ErrorView {
  int status = 500;
  std::vector<FieldError> fields;  // for 400: which parameter was wrong
  int retry_after_seconds = 0;     // for 429: how long to wait, as the Retry-After header says
};

}  // namespace rinsho::frontend
