#include "server/middleware.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>

#include "server/app_context.hpp"
#include "server/pages.hpp"
#include "server/problem.hpp"

namespace rinsho::server {
namespace {

bool exempt_from_rate_limit(const std::string& route) {
  return route == "/healthz" || route == "/readyz" || route.rfind("/static/", 0) == 0;
}

std::string utc_now() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// One JSON line per request: never the body, the query string or any token.
void log_request(const HttpRequest& req, int status, double ms) {
  nlohmann::json line = {{"t", utc_now()}, {"method", req.method}, {"route", req.route}, {"status", status},
                         {"ms", std::round(ms * 100) / 100}};
  std::fprintf(stderr, "%s\n", line.dump().c_str());
}

}  // namespace

void add_security_headers(HttpResponse& r) {
  r.set_header("X-Content-Type-Options", "nosniff");
  r.set_header("Referrer-Policy", "strict-origin-when-cross-origin");
  if (r.content_type.rfind("text/html", 0) == 0) {
    r.set_header("Content-Security-Policy",
                 "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                 "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'");
    r.set_header("X-Frame-Options", "DENY");
  }
}

HttpResponse dispatch(AppContext& app, const Route& route, HttpRequest& request) {
  const auto start = std::chrono::steady_clock::now();
  HttpResponse response;
  int wait = exempt_from_rate_limit(route.route_template) ? 0 : app.limiter.check_address(request.remote_addr);
  if (wait > 0) {
    response = problem_response(429, "too many requests from this address; retry later");
    response.set_header("Retry-After", std::to_string(wait));
  } else {
    try {
      response = route.handler(request);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "handler %s failed: %s\n", route.route_template.c_str(), e.what());
      response = is_page_path(request.path) ? html_error(app, request, 500) : problem_response(500, "internal error");
    }
  }
  add_security_headers(response);
  if (app.config.access_log) {
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    log_request(request, response.status, ms);
  }
  return response;
}

HttpResponse not_found(AppContext& app, const HttpRequest& request) {
  // People who mistype a URL get a page that still lets them search; programs get problem+json.
  HttpResponse r = is_page_path(request.path) ? html_not_found(app, request)
                                              : problem_response(404, "no such resource: " + request.path);
  add_security_headers(r);
  if (app.config.access_log) log_request(request, 404, 0);
  return r;
}

}  // namespace rinsho::server
