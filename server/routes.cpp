#include "server/routes.hpp"

namespace rinsho::server {

std::vector<Route> all_routes(AppContext& app) {
  std::vector<Route> routes = api_read_routes(app);
  for (auto& r : api_write_routes(app)) routes.push_back(std::move(r));
  for (auto& r : page_routes(app)) routes.push_back(std::move(r));
  return routes;
}

}  // namespace rinsho::server
