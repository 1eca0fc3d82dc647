#pragma once
// Hit fields from a document's display data (index/document_builder.cpp display_data()).
#include <optional>

#include <nlohmann/json_fwd.hpp>

#include "search/search_request.hpp"

namespace rinsho::search {

Hit hit_from_data(const nlohmann::json& data, const std::optional<GeoPoint>& near);

// Great-circle distance in kilometres.
double distance_km(const GeoPoint& a, const GeoPoint& b);

}  // namespace rinsho::search
