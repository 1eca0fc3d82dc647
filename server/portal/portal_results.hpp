#pragma once
// Posting results to a published trial from the portal (portal_results.cpp).
#include <vector>

#include "server/routes.hpp"

namespace rinsho::server {

std::vector<Route> portal_results_routes(AppContext& app);

}  // namespace rinsho::server
