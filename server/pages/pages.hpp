#pragma once
// Shared by the page handlers (pages.cpp, site_files.cpp) and the middleware's HTML errors.
#include "frontend/views.hpp"
#include "server/http/http_types.hpp"
#include "server/routes.hpp"

namespace rinsho::server {

struct AppContext;

// Language, base URL, path, query and today's date for a page request.
frontend::PageContext page_context(const AppContext& app, const HttpRequest& request);
HttpResponse html_response(int status, std::string body, const std::string& lang);
// The 404 page, which still offers a search box.
HttpResponse html_not_found(const AppContext& app, const HttpRequest& request);
// 400 (with the parameter messages), 405, 413, 429, 500 or 503 as a page. `retry_after` seconds
// (429) go into the message and the Retry-After header; 503 always says 5.
HttpResponse html_error(const AppContext& app, const HttpRequest& request, int status, std::vector<FieldError> fields = {},
                        int retry_after = 0);
// Paths that get HTML errors: everything but the API and the health checks.
bool is_page_path(const std::string& path);

// A search page's request without what a GET form sends but means nothing: empty values, and a
// distance or "nearest" order without a point. /search and /search.atom read the same links.
HttpRequest forgiving_search_request(const HttpRequest& request);

std::vector<Route> site_file_routes(AppContext& app);
// "lat,lon" as near= takes it; nullopt when malformed or off the globe.
std::optional<search::GeoPoint> parse_point(const std::string& s);
// /saved, /saved/print and /compare (saved_pages.cpp).
std::vector<Route> saved_routes(AppContext& app);
// /search.atom and /trials/{id}.atom (feeds.cpp).
std::vector<Route> feed_routes(AppContext& app);

}  // namespace rinsho::server
