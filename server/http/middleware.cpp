#include "server/http/middleware.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>

#include "common/utc_time.hpp"
#include "server/runtime/app_context.hpp"
#include "server/http/client_address.hpp"
#include "server/pages/pages.hpp"
#include "server/http/problem.hpp"

namespace rinsho::server {
namespace {

// Health checks, assets and the metrics scraper must never be locked out by the per-address limit.
bool exempt_from_rate_limit(const std::string& route) {
  return route == "/healthz" || route == "/readyz" || route == "/metrics" || route.rfind("/static/", 0) == 0;
}

// One JSON line per request: never the body, the query string or any token.
void log_request(const HttpRequest& req, int status, double ms) {
  nlohmann::json line = {{"t", utc_now_rfc3339()}, {"method", req.method}, {"route", req.route}, {"status", status},
                         {"ms", std::round(ms * 100) / 100}};
  std::fprintf(stderr, "%s\n", line.dump().c_str());
}

// The API's problem for what httplib refused before any handler ran.
HttpResponse unhandled_problem(const HttpRequest& req, int status) {
  switch (status) {
    case 404: return problem_response(404, "no such resource: " + req.path);
    case 405: return problem_response(405, "this resource does not take " + req.method);
    case 413:
      return problem_response(413, "request body is larger than the limit",
                              {{"", "データが大きすぎます", "is larger than the server accepts"}});
    case 414:
      return problem_response(414, "request line is too long",
                              {{"", "URL が長すぎます。検索条件を減らしてください", "is too long; send fewer parameters"}});
    case 431: return problem_response(431, "request headers are too large");
    case 501: return problem_response(501, "the server does not support the method " + req.method);
    case 500: return problem_response(500, "internal error");
    default: return problem_response(status, "the request could not be read");
  }
}

// A body the HTTP layer would not read (HttpRequest::read_body's statuses).
HttpResponse body_problem(int status) {
  switch (status) {
    case 411:
      return problem_response(411, "a request body needs Content-Length or chunked transfer encoding",
                              {{"Content-Length", "Content-Length を指定してください", "is required"}});
    case 413: return unhandled_problem({}, 413);
    case 415:
      return problem_response(415, "unsupported media type",
                              {{"Content-Type", "Content-Type は application/json にしてください", "must be application/json"}});
    case 408: return problem_response(408, "the request body did not arrive in time");
    default:
      return problem_response(400, "the request body could not be read",
                              {{"", "データを最後まで受け取れませんでした", "was malformed or cut short"}});
  }
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
  const bool metrics = app.config.metrics;
  if (metrics) app.requests.begin();
  HttpResponse response;
  if (!app.config.trusted_proxies.empty())
    request.remote_addr = client_address(request.remote_addr, request.header("X-Forwarded-For").value_or(""),
                                         app.config.trusted_proxies);
  int wait = exempt_from_rate_limit(route.route_template) ? 0 : app.limiter.check_address(request.remote_addr);
  if (wait > 0) {
    // People get a page they can read (in their language, with the wait); programs get problem+json.
    if (is_page_path(request.path)) {
      response = html_error(app, request, 429, {}, wait);
    } else {
      response = problem_response(429, "too many requests from this address; retry later");
      response.set_header("Retry-After", std::to_string(wait));
    }
  } else {
    try {
      std::optional<HttpResponse> refused = route.admit ? route.admit(request) : std::nullopt;
      if (!refused && request.read_body)
        if (const int status = request.read_body(request.body)) refused = body_problem(status);
      response = refused ? std::move(*refused) : route.handler(request);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "handler %s failed: %s\n", route.route_template.c_str(), e.what());
      response = is_page_path(request.path) ? html_error(app, request, 500) : problem_response(500, "internal error");
    }
  }
  add_security_headers(response);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (metrics) {
    // The counting hook: operational metrics for every request, access counts for page views and
    // API reads (AccessMetrics::record decides which). Counts only; nothing about the client is kept.
    app.requests.observe(request.method, route.route_template, response.status, seconds);
    app.access.record(request, response);
    app.requests.end();
  }
  if (app.config.access_log) log_request(request, response.status, seconds * 1000);
  return response;
}

HttpResponse unhandled(AppContext& app, const HttpRequest& request, int status) {
  // People who mistype a URL get a page that still lets them search; programs get problem+json.
  const bool page = !request.path.empty() && is_page_path(request.path);
  HttpResponse r = !page ? unhandled_problem(request, status)
                   : status == 404 ? html_not_found(app, request)
                                   : html_error(app, request, status);
  add_security_headers(r);
  // Only routed requests are counted and logged: a request httplib could not read may carry any
  // method string, which must not become a metrics label.
  if (status == 404 || status == 405) {
    if (app.config.metrics) app.requests.observe(request.method, "(unmatched)", status, 0);
    if (app.config.access_log) log_request(request, status, 0);
  }
  return r;
}

}  // namespace rinsho::server
