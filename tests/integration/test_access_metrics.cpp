// Access counting end to end: a known mix of requests through the real server, then the counts the
// store holds and /api/v1/stats reports after one flush.
#include <doctest/doctest.h>

#include "metrics_support.hpp"

using nlohmann::json;
using namespace rinsho::testing;

namespace {

const std::string kTrial = "/api/v1/trials/jRCT2031240001";

json read_sample(const std::string& id) {
  return json::parse(read_file(source_dir() / "sample_trials" / "records" / (id + ".json")));
}

}  // namespace

TEST_CASE("a known mix of requests is counted by audience, kind, channel, device and language") {
  ManualClock clock(utc(2026, 5, 11, 1, 0));  // 10:00 in Japan
  TestServer server({.ids = {"jRCT2031240001"}, .clock = clock.fn()});
  auto c = server.client();
  auto [org, bearer] = server.registrant("計数製薬");

  // People: 8 accesses
  for (int i = 0; i < 3; ++i)
    CHECK(get_status(c, "/api/v1/trials?q=" + kLungCancer, ua::iphone, {{"Accept-Language", "ja"}}) == 200);
  for (int i = 0; i < 2; ++i)
    CHECK(get_status(c, kTrial, ua::desktop, {{"Accept-Language", "en-US,en;q=0.9"}}) == 200);
  auto etag = c.Get(kTrial.c_str(), {{"User-Agent", ua::googlebot}})->get_header_value("ETag");  // bot 1
  CHECK(get_status(c, kTrial, ua::desktop, {{"If-None-Match", etag}}) == 304);
  CHECK(get_status(c, "/api/v1/openapi.json", ua::ipad) == 200);
  CHECK(get_status(c, "/stats?lang=en", ua::desktop) == 200);
  // Bots: 4 (one above)
  CHECK(get_status(c, kTrial, ua::googlebot) == 200);
  CHECK(get_status(c, "/api/v1/trials?q=" + kLungCancer, ua::headless) == 200);
  CHECK(get_status(c, kTrial + "/versions", "") == 200);
  // Client programs: 2, one of them with a token
  CHECK(get_status(c, "/api/v1/trials", ua::curl) == 200);
  CHECK(get_status(c, kTrial, ua::python, {{"Authorization", bearer}}) == 200);
  // Not accesses: errors, health checks, static files, metrics, suggestions, writes, unknown paths
  CHECK(get_status(c, "/api/v1/trials/jRCT2999999999", ua::desktop) == 404);
  CHECK(get_status(c, "/api/v1/trials?colour=red", ua::desktop) == 400);
  CHECK(get_status(c, "/healthz", ua::desktop) == 200);
  CHECK(get_status(c, "/readyz", ua::desktop) == 200);
  CHECK(get_status(c, "/static/stats.css", ua::desktop) == 200);
  CHECK(get_status(c, "/metrics", ua::desktop) == 200);
  CHECK(get_status(c, "/api/v1/suggest?q=%E3%81%AF%E3%81%84", ua::desktop) == 200);
  CHECK(get_status(c, "/no/such/page", ua::desktop) == 404);
  CHECK(c.Post("/api/v1/trials", "{}", "application/json")->status == 401);

  REQUIRE(server.app().access.flush().has_value());
  const auto stats = get_json(c, "/api/v1/stats");  // counted itself, but only at the next flush
  const auto& b = stats["breakdown"];
  CHECK(b["total"] == 14);
  CHECK(b["audience"] == json({{"person", 8}, {"program", 2}, {"bot", 4}}));
  CHECK(b["bot_share"].get<double>() == doctest::Approx(4.0 / 14));
  CHECK(b["person"]["kind"] == json({{"detail", 3}, {"search", 3}, {"other", 2}}));
  CHECK(b["person"]["channel"] == json({{"api", 7}, {"page", 1}}));
  CHECK(b["person"]["device"] == json({{"phone", 3}, {"tablet", 1}, {"desktop", 4}}));
  CHECK(b["person"]["lang"] == json({{"ja", 5}, {"en", 3}}));
  CHECK(b["token_reads"] == 1);
  CHECK(stats["kpi"]["fytd"] == 8);
  CHECK(stats["kpi"]["today"] == 8);
  const auto& today = stats["daily"]["days"].back();
  CHECK(today == json({{"date", "2026-05-11"}, {"person", 8}, {"program", 2}, {"bot", 4}}));
  // Three people searched for lung cancer: fewer than ten, so it is not shown.
  CHECK(stats["top_conditions"]["items"].empty());
}

TEST_CASE("an organisation sees views of its own trials, split by audience, and nobody else's") {
  ManualClock clock(utc(2026, 5, 11, 1, 0));
  TestServer server({.ids = {"jRCT2031240001"}, .clock = clock.fn()});
  auto c = server.client();
  auto [org, bearer] = server.registrant("自社製薬");
  auto [other_org, other_bearer] = server.registrant("他社製薬");
  auto record = read_sample("jRCT2031240001");
  record.erase("id");
  auto created = c.Post("/api/v1/trials", {{"Authorization", bearer}}, record.dump(), "application/json");
  REQUIRE(created);
  REQUIRE(created->status == 201);
  const std::string id = json::parse(created->body)["id"];

  for (int i = 0; i < 2; ++i) CHECK(get_status(c, "/api/v1/trials/" + id, ua::iphone) == 200);
  CHECK(get_status(c, "/api/v1/trials/" + id + "/versions/1", ua::googlebot) == 200);
  CHECK(get_status(c, "/api/v1/trials/" + id, ua::python, {{"Authorization", bearer}}) == 200);
  CHECK(get_status(c, kTrial, ua::iphone) == 200);  // someone else's trial
  REQUIRE(server.app().access.flush().has_value());

  const auto mine = get_json(c, "/api/v1/stats/trials", {{"Authorization", bearer}});
  CHECK(mine["org_id"] == org);
  CHECK(mine["from"] == "2026-04-01");
  CHECK(mine["to"] == "2026-05-11");
  REQUIRE(mine["trials"].size() == 1);
  CHECK(mine["trials"][0]["id"] == id);
  CHECK(mine["trials"][0]["views"] == json({{"person", 2}, {"program", 1}, {"bot", 1}, {"total", 4}}));
  CHECK(mine["token_reads"]["detail"] == 1);
  const auto before = get_json(c, "/api/v1/stats/trials?from=2026-04-01&to=2026-05-10", {{"Authorization", bearer}});
  CHECK(before["trials"][0]["views"]["total"] == 0);

  const auto theirs = get_json(c, "/api/v1/stats/trials", {{"Authorization", other_bearer}});
  CHECK(theirs["trials"].empty());
  CHECK(theirs["token_reads"]["total"] == 0);

  auto anonymous = c.Get("/api/v1/stats/trials");
  REQUIRE(anonymous);
  CHECK(anonymous->status == 401);
  CHECK(anonymous->get_header_value("WWW-Authenticate").find("Bearer") == 0);
  for (const char* q : {"?from=2026-13-01", "?from=2026-05-02&to=2026-05-01", "?days=3"}) {
    CAPTURE(q);
    auto bad = c.Get((std::string("/api/v1/stats/trials") + q).c_str(), {{"Authorization", bearer}});
    REQUIRE(bad);
    CHECK(bad->status == 400);
  }
}

TEST_CASE("accesses land in the Japan-time day: midnight in Japan is 15:00 UTC") {
  ManualClock clock(utc(2026, 3, 31, 14, 59, 59));  // 23:59:59 on 31 March in Japan, FY2025
  TestServer server({.ids = {"jRCT2031240001"}, .clock = clock.fn()});
  auto c = server.client();
  CHECK(get_status(c, kTrial, ua::iphone) == 200);
  clock.set(utc(2026, 3, 31, 15, 0, 0));  // 00:00 on 1 April: FY2026 begins
  CHECK(get_status(c, kTrial, ua::iphone) == 200);
  CHECK(get_status(c, kTrial, ua::iphone) == 200);
  REQUIRE(server.app().access.flush().has_value());
  auto rows = server.app().store.daily_access("2026-03-01", "2026-04-30");
  REQUIRE(rows.has_value());
  REQUIRE(rows->size() == 2);
  CHECK(((*rows)[0].day == "2026-03-31" && (*rows)[0].count == 1));
  CHECK(((*rows)[1].day == "2026-04-01" && (*rows)[1].count == 2));
  const auto stats = get_json(c, "/api/v1/stats");
  CHECK(stats["kpi"]["fiscal_year"] == 2026);
  CHECK(stats["kpi"]["fytd"] == 2);
  CHECK(stats["kpi"]["fytd_complete_days"] == 0);
  CHECK(stats["kpi"]["projection"]["window"]["days"] == 1);  // 31 March, the one complete day so far
}

TEST_CASE("--no-metrics counts nothing, and /metrics and /api/v1/stats still answer") {
  TestServer server({.sample_count = 2, .metrics = false});
  auto c = server.client();
  for (int i = 0; i < 3; ++i) CHECK(get_status(c, "/api/v1/trials", ua::iphone) == 200);
  REQUIRE(server.app().access.flush().has_value());
  CHECK(stored_accesses(server.app().store) == 0);
  const auto stats = get_json(c, "/api/v1/stats");
  CHECK(stats["counting"] == false);
  CHECK(stats["breakdown"]["total"] == 0);
  auto metrics = c.Get("/metrics");
  REQUIRE(metrics);
  CHECK(metrics->status == 200);
  CHECK(metrics->body.find("rinsho_http_requests_total{") == std::string::npos);
}
