#pragma once
// Query-string parameters -> SearchRequest, shared by GET /api/v1/trials and the /search page.
// Unknown parameters and bad values are errors that name the parameter.
#include <set>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "common/error.hpp"
#include "search/search_request.hpp"
#include "server/http/http_types.hpp"

namespace rinsho::server {

struct SearchParamOptions {
  std::set<std::string> extra_allowed;  // e.g. "lang" on pages, "autocorrect" where one search is run
  std::size_t default_page_size = 20;
  std::size_t max_offset = 10000;       // deep paging is what export.ndjson is for
  // What `autocorrect` is when not given: on for the pages (a patient wants results), off for the
  // API (a program gets exactly what it asked for, and the suggestion beside it).
  bool correct_spelling = false;
};

// `schema` is the trial schema, whose enums decide which values status, phase, ... accept.
Result<search::SearchRequest> parse_search_params(const HttpRequest& request, const nlohmann::json& schema,
                                                  const SearchParamOptions& options = {});

// Opaque paging cursor for the API: encodes the offset of the next page.
std::string encode_cursor(std::size_t offset);
Result<std::size_t> decode_cursor(const std::string& cursor);

bool valid_utf8(std::string_view s);

}  // namespace rinsho::server
