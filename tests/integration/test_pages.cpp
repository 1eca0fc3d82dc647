#include <doctest/doctest.h>

#include "test_server.hpp"

using rinsho::testing::TestServer;

namespace {

bool contains(const std::string& s, const std::string& needle) { return s.find(needle) != std::string::npos; }

std::size_t count(const std::string& s, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = s.find(needle); pos != std::string::npos; pos = s.find(needle, pos + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("GET / is an HTML page with the recruiting count and strict security headers") {
  TestServer server({.ids = {"jRCT2031240001"}});
  auto client = server.client();
  auto res = client.Get("/");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->get_header_value("Content-Type") == "text/html; charset=utf-8");
  CHECK(contains(res->get_header_value("Content-Security-Policy"), "script-src 'self'"));
  CHECK(res->get_header_value("X-Content-Type-Options") == "nosniff");
  CHECK(contains(res->body, "現在 1 件の研究が参加者を募集しています"));
  auto en = client.Get("/?lang=en");
  REQUIRE(en);
  CHECK(contains(en->body, "<html lang=\"en\">"));
  CHECK(en->get_header_value("Content-Language") == "en");
}

TEST_CASE("GET / maps the recruiting trials of each prefecture, and the results page the search's") {
  TestServer server({.ids = {"jRCT2031240001"}});  // recruiting, with sites in Tokyo, Osaka and Fukuoka
  auto client = server.client();
  auto top = client.Get("/");
  REQUIRE(top);
  CHECK(count(top->body, "<a href=\"/search?status=recruiting&amp;prefecture=") == 47 * 2);  // map and table
  CHECK(contains(top->body, "<a href=\"/search?status=recruiting&amp;prefecture=13\" aria-label=\"東京都: 募集中 1件\">"));
  CHECK(contains(top->body, "aria-label=\"福岡県: 募集中 1件\"><path class=\"m4\""));
  CHECK(contains(top->body, "aria-label=\"北海道: 募集中 0件\"><path class=\"m0\""));
  auto results = client.Get("/search?q=%E8%82%BA%E3%81%8C%E3%82%93&lang=en");
  REQUIRE(results);
  CHECK(contains(results->body, "<a href=\"/search?q=%E8%82%BA%E3%81%8C%E3%82%93&amp;prefecture=27&amp;lang=en\" aria-label=\"Osaka: 1 study\">"));
}

TEST_CASE("GET /search renders results and forgives the empty fields a GET form sends") {
  TestServer server({.ids = {"jRCT2031240001"}});
  auto client = server.client();
  // 肺がん, with the empty age/sex/near/within_km of an untouched filter form.
  auto res = client.Get("/search?q=%E8%82%BA%E3%81%8C%E3%82%93&age=&sex=&near=&within_km=30&sort=nearest");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(contains(res->body, "href=\"/trials/jRCT2031240001\""));
  CHECK(contains(res->body, "1 件の研究が見つかりました"));
  auto bad = client.Get("/search?age=abc");
  REQUIRE(bad);
  CHECK(bad->status == 400);
  CHECK(contains(bad->get_header_value("Content-Type"), "text/html"));
  CHECK(contains(bad->body, "<code>age</code>"));
  CHECK(contains(bad->body, "role=\"search\""));
}

TEST_CASE("GET /trials/{id} shows the record; an unknown id gets the HTML 404 page") {
  TestServer server({.ids = {"jRCT2031240001"}});
  auto client = server.client();
  auto res = client.Get("/trials/jRCT2031240001?near=34.69,135.52&lang=en");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(contains(res->body, "Who can take part"));
  CHECK(contains(res->body, "\"@type\":\"MedicalTrial\""));
  CHECK(contains(res->body, "<link rel=\"canonical\" href=\"http://127.0.0.1:" + std::to_string(server.port()) +
                                "/trials/jRCT2031240001?lang=en\">"));
  auto missing = client.Get("/trials/jRCT9999999999");
  REQUIRE(missing);
  CHECK(missing->status == 404);
  CHECK(contains(missing->body, "role=\"search\""));
}

TEST_CASE("unknown paths get an HTML 404 with a search box; the API keeps problem+json") {
  TestServer server({.sample_count = 1});
  auto client = server.client();
  auto page = client.Get("/no/such/page?lang=en");
  REQUIRE(page);
  CHECK(page->status == 404);
  CHECK(contains(page->get_header_value("Content-Type"), "text/html"));
  CHECK(contains(page->body, "Page not found"));
  CHECK(contains(page->body, "role=\"search\""));
  CHECK(contains(page->get_header_value("Content-Security-Policy"), "default-src 'self'"));
  auto api = client.Get("/api/v1/nothing");
  REQUIRE(api);
  CHECK(api->status == 404);
  CHECK(api->get_header_value("Content-Type") == "application/problem+json");
}

TEST_CASE("GET /static serves embedded assets with caching, and nothing else") {
  TestServer server({.sample_count = 1});
  auto client = server.client();
  auto css = client.Get("/static/site.css");
  REQUIRE(css);
  CHECK(css->status == 200);
  CHECK(css->get_header_value("Content-Type") == "text/css; charset=utf-8");
  CHECK(css->get_header_value("Cache-Control") == "public, max-age=86400");
  const auto etag = css->get_header_value("ETag");
  CHECK(etag.size() > 2);
  auto again = client.Get("/static/site.css", {{"If-None-Match", etag}});
  REQUIRE(again);
  CHECK(again->status == 304);
  CHECK(again->body.empty());
  for (const char* path : {"/static/nope.css", "/static/..", "/static/../CMakeLists.txt", "/static/%2e%2e%2fsite.css",
                           "/static/..%2F..%2Fetc%2Fpasswd", "/static/templates%2Flayout.mustache", "/static/"}) {
    CAPTURE(path);
    auto res = client.Get(path);
    REQUIRE(res);
    CHECK(res->status == 404);
    CHECK_FALSE(contains(res->body, "{{"));
  }
}

TEST_CASE("GET /sitemap.xml lists every trial in both languages and robots.txt points to it") {
  TestServer server({.sample_count = 3});
  auto client = server.client();
  auto res = client.Get("/sitemap.xml");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(contains(res->get_header_value("Content-Type"), "application/xml"));
  CHECK(count(res->body, "<url>") == 6 + 3 * 2);
  CHECK(contains(res->body, "</urlset>"));
  auto robots = client.Get("/robots.txt");
  REQUIRE(robots);
  CHECK(contains(robots->body, "Sitemap: http://127.0.0.1:" + std::to_string(server.port()) + "/sitemap.xml"));
}

TEST_CASE("GET /sitemap.xml is gzip-compressed for clients that accept it, and whole when decompressed") {
  TestServer server;
  auto raw = server.client();
  raw.set_decompress(false);
  auto gz = raw.Get("/sitemap.xml", {{"Accept-Encoding", "gzip"}});
  REQUIRE(gz);
  CHECK(gz->status == 200);
  CHECK(gz->get_header_value("Content-Encoding") == "gzip");
  CHECK(gz->get_header_value("Content-Type") == "application/xml");
  auto plain = raw.Get("/sitemap.xml");
  REQUIRE(plain);
  CHECK_FALSE(plain->has_header("Content-Encoding"));
  CHECK(count(plain->body, "<url>") == 6 + rinsho::testing::sample_trial_files().size() * 2);
  CHECK(gz->body.size() * 5 < plain->body.size());  // ~200 bytes a trial compress well
  auto client = server.client();  // decompresses
  auto unzipped = client.Get("/sitemap.xml", {{"Accept-Encoding", "gzip"}});
  REQUIRE(unzipped);
  CHECK(unzipped->body == plain->body);
}

TEST_CASE("past the URLs one sitemap may hold, /sitemap.xml is an index of compressed parts") {
  // 3 trials and at most 10 URLs a file: part 1 holds the 6 static pages and 2 trials, part 2 the third.
  TestServer server({.sample_count = 3, .sitemap_max_urls = 10});
  auto raw = server.client();
  raw.set_decompress(false);
  auto client = server.client();
  const std::string base = "http://127.0.0.1:" + std::to_string(server.port());
  auto index = client.Get("/sitemap.xml");
  REQUIRE(index);
  CHECK(index->status == 200);
  CHECK(contains(index->body, "<sitemapindex"));
  CHECK(contains(index->body, "<loc>" + base + "/sitemap-1.xml</loc>"));
  CHECK(contains(index->body, "<loc>" + base + "/sitemap-2.xml</loc>"));
  CHECK_FALSE(contains(index->body, "sitemap-3.xml"));
  std::size_t urls = 0;
  for (const char* part : {"/sitemap-1.xml", "/sitemap-2.xml"}) {
    CAPTURE(part);
    auto res = client.Get(part);
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(count(res->body, "<url>") <= 10);
    urls += count(res->body, "<url>");
    auto gz = raw.Get(part, {{"Accept-Encoding", "gzip"}});
    REQUIRE(gz);
    CHECK(gz->get_header_value("Content-Encoding") == "gzip");
  }
  CHECK(urls == 6 + 3 * 2);
  auto beyond = client.Get("/sitemap-3.xml");
  REQUIRE(beyond);
  CHECK(beyond->status == 404);
  auto gz_index = raw.Get("/sitemap.xml", {{"Accept-Encoding", "gzip"}});
  REQUIRE(gz_index);
  CHECK(gz_index->get_header_value("Content-Encoding") == "gzip");
}

TEST_CASE("pages are compressed for clients that accept gzip") {
  TestServer server;
  auto client = server.client();
  client.set_decompress(false);
  auto res = client.Get("/search?page_size=20", {{"Accept-Encoding", "gzip"}});
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->get_header_value("Content-Encoding") == "gzip");
  CHECK(res->body.size() < 60 * 1024);
}
