#include "server/routes.hpp"

namespace rinsho::server {

std::vector<Route> all_routes(AppContext& app) {
  std::vector<Route> routes = api_read_routes(app);
  for (auto& r : api_write_routes(app)) routes.push_back(std::move(r));
  for (auto& r : api_linkage_routes(app)) routes.push_back(std::move(r));
  // Before the pages: /static/stats.css must win over the pages' /static/{file}.
  for (auto& r : stats_routes(app)) routes.push_back(std::move(r));
  for (auto& r : portal_routes(app)) routes.push_back(std::move(r));
  for (auto& r : page_routes(app)) routes.push_back(std::move(r));
  return routes;
}

}  // namespace rinsho::server
