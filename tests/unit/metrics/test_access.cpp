#include <doctest/doctest.h>

#include "metrics/access.hpp"

using namespace rinsho::metrics;

TEST_CASE("classify_route: what counts as an access, and as which kind") {
  struct Case {
    const char* method;
    const char* route;
    bool counted;
    AccessKind kind;
    Channel channel;
    bool trial_view;
  };
  const Case cases[] = {
      {"GET", "/api/v1/trials/{id}", true, AccessKind::detail, Channel::api, true},
      {"GET", "/api/v1/trials/{id}/versions", true, AccessKind::detail, Channel::api, true},
      {"GET", "/api/v1/trials/{id}/versions/{n}", true, AccessKind::detail, Channel::api, true},
      {"GET", "/trials/{id}", true, AccessKind::detail, Channel::page, true},
      {"HEAD", "/trials/{id}", true, AccessKind::detail, Channel::page, true},
      {"GET", "/api/v1/trials", true, AccessKind::search, Channel::api, false},
      {"GET", "/search", true, AccessKind::search, Channel::page, false},
      // Feeds are polled by feed readers: client-program (API) reads, of the same kind as their page.
      {"GET", "/search.atom", true, AccessKind::search, Channel::api, false},
      {"GET", "/trials/{id}.atom", true, AccessKind::detail, Channel::api, true},
      {"GET", "/", true, AccessKind::other, Channel::page, false},
      {"GET", "/stats", true, AccessKind::other, Channel::page, false},
      {"GET", "/api/v1/export.ndjson", true, AccessKind::other, Channel::api, false},
      {"GET", "/api/v1/stats", true, AccessKind::other, Channel::api, false},
      {"GET", "/healthz", false, AccessKind::other, Channel::page, false},
      {"GET", "/readyz", false, AccessKind::other, Channel::page, false},
      {"GET", "/metrics", false, AccessKind::other, Channel::page, false},
      {"GET", "/static/stats.css", false, AccessKind::other, Channel::page, false},
      {"GET", "/static/{file}", false, AccessKind::other, Channel::page, false},
      {"GET", "/robots.txt", false, AccessKind::other, Channel::page, false},
      {"GET", "/sitemap.xml", false, AccessKind::other, Channel::page, false},
      {"GET", "/api/v1/suggest", false, AccessKind::other, Channel::page, false},
      {"GET", "(unmatched)", false, AccessKind::other, Channel::page, false},
      {"POST", "/api/v1/trials", false, AccessKind::other, Channel::page, false},
      {"PUT", "/api/v1/trials/{id}", false, AccessKind::other, Channel::page, false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.method);
    CAPTURE(c.route);
    const auto r = classify_route(c.method, c.route);
    CHECK(r.counted == c.counted);
    if (!c.counted) continue;
    CHECK(r.kind == c.kind);
    CHECK(r.channel == c.channel);
    CHECK(r.trial_view == c.trial_view);
  }
}

TEST_CASE("counted_status: 2xx and 304 count; redirects and errors do not") {
  CHECK(counted_status(200));
  CHECK(counted_status(204));
  CHECK(counted_status(304));
  CHECK_FALSE(counted_status(301));
  CHECK_FALSE(counted_status(302));
  CHECK_FALSE(counted_status(400));
  CHECK_FALSE(counted_status(404));
  CHECK_FALSE(counted_status(429));
  CHECK_FALSE(counted_status(500));
}

TEST_CASE("request_language: ?lang wins, then Accept-Language, then Japanese") {
  CHECK(request_language("en", "ja") == Lang::en);
  CHECK(request_language("ja", "en") == Lang::ja);
  CHECK(request_language("fr", "en-US,en;q=0.9") == Lang::en);
  CHECK(request_language(std::nullopt, "en-US,en;q=0.9,ja;q=0.8") == Lang::en);
  CHECK(request_language(std::nullopt, "ja,en-US;q=0.9,en;q=0.8") == Lang::ja);
  CHECK(request_language(std::nullopt, "en;q=0.5, ja;q=0.7") == Lang::ja);
  CHECK(request_language(std::nullopt, "zh-CN,zh;q=0.9,en;q=0.8") == Lang::en);
  CHECK(request_language(std::nullopt, "zh-CN") == Lang::ja);
  CHECK(request_language(std::nullopt, "EN-gb") == Lang::en);
  CHECK(request_language(std::nullopt, "en;q=0") == Lang::ja);
  CHECK(request_language(std::nullopt, "en;q=abc") == Lang::ja);
  CHECK(request_language(std::nullopt, std::nullopt) == Lang::ja);
}
