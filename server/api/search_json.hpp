#pragma once
#include <nlohmann/json_fwd.hpp>

#include "search/search_request.hpp"

namespace rinsho::server {

// The GET /api/v1/trials body: total, hits, facets, applied attributes, suggestion and next_cursor.
nlohmann::json search_result_json(const search::SearchResult& result, const search::SearchRequest& request,
                                  const std::string& base_url);

}  // namespace rinsho::server
