#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "server/http/http_types.hpp"

namespace rinsho::server {

struct AppContext;

struct Route {
  std::string method;          // GET, POST, PUT
  std::string pattern;         // regex over the path; captures become path_params
  std::string route_template;  // for logs and metrics: "/api/v1/trials/{id}"
  Handler handler;
  // For routes that take a body: runs before the body is read and answers instead of the handler
  // when it returns a response (a missing token, a write limit, a wrong media type), so nobody
  // without a token can make the server read, and hold, a large body.
  std::function<std::optional<HttpResponse>(const HttpRequest&)> admit;
};

std::vector<Route> api_read_routes(AppContext& app);
std::vector<Route> api_write_routes(AppContext& app);
std::vector<Route> api_linkage_routes(AppContext& app);
// HTML pages for patients (pages.cpp) and the files around them: /static/, sitemap, robots (site_files.cpp).
std::vector<Route> page_routes(AppContext& app);
// The researcher portal: sign-in, password links, dashboard (portal/portal_routes.cpp).
std::vector<Route> portal_routes(AppContext& app);
// /api/v1/stats, /api/v1/stats/trials, /metrics, /stats and its stylesheet (api_stats.cpp).
std::vector<Route> stats_routes(AppContext& app);

// Every route the server answers, in matching order.
std::vector<Route> all_routes(AppContext& app);

// JSON body with the content type and no caching surprises.
HttpResponse json_response(int status, const std::string& body);

}  // namespace rinsho::server
