// Errors on page routes are pages people can read: 429 (rate limit), 405 (wrong method), 413 (body
// too large) and 400 (a request httplib could not read) come back as the site's HTML error page, in
// Japanese or English, with the security headers; the same errors under /api stay problem+json.
#include <doctest/doctest.h>

#include "api_helpers.hpp"

using namespace rinsho::testing;

namespace {

bool contains(const std::string& s, const std::string& needle) { return s.find(needle) != std::string::npos; }

void check_html_page(const httplib::Result& res, int status) {
  REQUIRE(res);
  CHECK(res->status == status);
  CHECK(res->get_header_value("Content-Type") == "text/html; charset=utf-8");
  CHECK(res->get_header_value("Cache-Control") == "no-store");
  CHECK(contains(res->get_header_value("Content-Security-Policy"), "default-src 'self'"));
  CHECK(res->get_header_value("X-Frame-Options") == "DENY");
  CHECK(res->get_header_value("X-Content-Type-Options") == "nosniff");
  CHECK(contains(res->body, "role=\"search\""));  // the error page still lets them search
}

void check_problem(const httplib::Result& res, int status) {
  REQUIRE(res);
  CHECK(res->status == status);
  CHECK(res->get_header_value("Content-Type") == "application/problem+json");
  CHECK(nlohmann::json::parse(res->body)["status"] == status);
}

int retry_after(const httplib::Result& res) { return std::stoi(res->get_header_value("Retry-After")); }

}  // namespace

TEST_CASE("a rate-limited page route gets the HTML 429 page with Retry-After; the API keeps problem+json") {
  TestServer server({.sample_count = 1, .rate_limit_per_minute = 2});
  auto client = server.client();
  for (int i = 0; i < 2; ++i) {
    auto res = client.Get("/");
    REQUIRE(res);
    CHECK(res->status == 200);
  }
  auto ja = client.Get("/search?q=%E8%82%BA%E3%81%8C%E3%82%93");
  check_html_page(ja, 429);
  CHECK(ja->get_header_value("Content-Language") == "ja");
  CHECK(contains(ja->body, "アクセスが集中しています"));
  const int wait = retry_after(ja);
  CHECK(wait >= 1);
  CHECK(wait <= 60);
  CHECK(contains(ja->body, std::to_string(wait) + " 秒ほど待ってから"));

  auto en = client.Get("/trials/jRCT2031240001?lang=en");
  check_html_page(en, 429);
  CHECK(en->get_header_value("Content-Language") == "en");
  CHECK(contains(en->body, "Too many requests"));
  CHECK(retry_after(en) >= 1);

  // No ?lang: the browser's language decides, since error pages are never cached or indexed.
  auto browser_en = client.Get("/glossary", {{"Accept-Language", "en-US,en;q=0.9,ja;q=0.5"}});
  check_html_page(browser_en, 429);
  CHECK(contains(browser_en->body, "Please wait about"));
  CHECK(browser_en->get_header_value("Vary") == "Accept-Language");
  auto browser_ja = client.Get("/glossary?lang=ja", {{"Accept-Language", "en-US"}});  // ?lang wins
  check_html_page(browser_ja, 429);
  CHECK(contains(browser_ja->body, "アクセスが集中しています"));

  auto api = client.Get("/api/v1/trials?q=x");
  check_problem(api, 429);
  CHECK(retry_after(api) >= 1);
  auto health = client.Get("/healthz");
  REQUIRE(health);
  CHECK(health->status == 200);
}

TEST_CASE("a page route answers other methods with the HTML 405 page and Allow; the API with problem+json") {
  TestServer server({.sample_count = 1});
  auto client = server.client();
  auto post = client.Post("/search?lang=en", "q=x", "application/x-www-form-urlencoded");
  check_html_page(post, 405);
  CHECK(post->get_header_value("Allow") == "GET, HEAD");
  CHECK(contains(post->body, "This page can only be viewed"));
  auto del = client.Delete("/trials/jRCT2031240001");
  check_html_page(del, 405);
  CHECK(contains(del->body, "このページでは使えない操作です"));

  auto api = client.Delete("/api/v1/trials/jRCT2031240001");
  check_problem(api, 405);
  CHECK(api->get_header_value("Allow") == "GET, HEAD, PUT");
  // A path no route takes at all is still 404.
  auto nowhere = client.Post("/no/such/page", "x", "text/plain");
  check_html_page(nowhere, 404);
}

TEST_CASE("a body sent to a page route gets the HTML 405 page unread; one over the limit to the API, 413 problem+json") {
  TestServer server({.sample_count = 1, .body_limit = 16 * 1024});
  auto client = server.client();
  auto [org, auth] = server.registrant("Example Pharma");
  const std::string big(20 * 1024, 'a');
  // No page route takes a body, so it is never read, whatever its size.
  auto page = client.Post("/search?lang=en", big, "application/x-www-form-urlencoded");
  check_html_page(page, 405);
  CHECK(page->get_header_value("Allow") == "GET, HEAD");
  check_problem(client.Post("/api/v1/trials", bearer(auth), big, "application/json"), 413);
  // Without a token the body is not read at all: the token is checked first.
  check_problem(client.Post("/api/v1/trials", big, "application/json"), 401);
}

TEST_CASE("a request httplib cannot read gets the HTML 400 page on a page route; problem+json elsewhere") {
  TestServer server({.sample_count = 1});
  // A header line longer than httplib reads (8 KB), and a chunked body that breaks off mid-chunk.
  const std::string long_header = "X-Big: " + std::string(20000, 'b') + "\r\n";
  auto [org, auth] = server.registrant("Example Pharma");
  // A chunked body that breaks off can only be noticed where a route reads bodies: the API's writes.
  for (const auto& [page, api] : std::vector<std::pair<std::string, std::string>>{
           {"GET /search?lang=en HTTP/1.1\r\nHost: x\r\n" + long_header + "Connection: close\r\n\r\n",
            "GET /api/v1/trials HTTP/1.1\r\nHost: x\r\n" + long_header + "Connection: close\r\n\r\n"},
           {"GET /search?lang=en HTTP/1.1\r\nHost: x\r\n" + long_header + "Connection: close\r\n\r\n",
            "POST /api/v1/trials/validate HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: " + auth +
                "\r\n" + std::string("Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nnot hex\r\n0\r\n\r\n")}}) {
    const auto html = raw_request(server.port(), page);
    INFO(html.substr(0, 400));
    CHECK(raw_status(html) == 400);
    CHECK(contains(html, "Content-Type: text/html; charset=utf-8"));
    CHECK(contains(html, "Content-Security-Policy: "));
    CHECK(contains(html, "Connection: close"));
    CHECK(contains(raw_body(html), "The request could not be read"));
    const auto problem = raw_request(server.port(), api);
    INFO(problem.substr(0, 400));
    CHECK(raw_status(problem) == 400);
    CHECK(contains(problem, "Content-Type: application/problem+json"));
  }
  CHECK(server.client().Get("/healthz")->status == 200);
}
