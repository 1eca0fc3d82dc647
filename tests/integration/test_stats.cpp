// /api/v1/stats and /stats with a fixed clock: the projection arithmetic, the k-anonymity threshold
// for most-searched conditions, the registry snapshot and the page's accessibility basics.
#include <doctest/doctest.h>

#include "metrics_support.hpp"

using nlohmann::json;
using namespace rinsho::testing;

namespace {

// 100 person and 50 bot accesses a day from 1 March to 10 May 2026, added as a flush would add them.
void seed_history(rinsho::store::Store& s) {
  rinsho::store::AccessBatch batch;
  for (auto d = *rinsho::metrics::parse_iso_date("2026-03-01"); d <= *rinsho::metrics::parse_iso_date("2026-05-10");
       d += std::chrono::days{1}) {
    const auto day = rinsho::metrics::iso_date(d);
    batch.cells.push_back({day, "person", "detail", "page", "phone", "ja", 100});
    batch.cells.push_back({day, "bot", "detail", "page", "other", "ja", 50});
  }
  auto ok = s.add_access_counts(batch);
  REQUIRE(ok.has_value());
}

int count_of(const std::string& haystack, const std::string& needle) {
  int n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("GET /api/v1/stats projects the fiscal year from the last 28 complete days") {
  ManualClock clock(utc(2026, 5, 11, 3, 0));  // 12:00 on 11 May in Japan
  TestServer server({.sample_count = 5, .clock = clock.fn()});
  seed_history(server.app().store);
  auto c = server.client();
  for (int i = 0; i < 3; ++i) CHECK(get_status(c, "/api/v1/trials", ua::iphone) == 200);
  REQUIRE(server.app().access.flush().has_value());

  const auto s = get_json(c, "/api/v1/stats");
  CHECK(s["today"] == "2026-05-11");
  CHECK(s["generated_at"] == "2026-05-11T12:00:00+09:00");
  const auto& k = s["kpi"];
  CHECK(k["fiscal_year"] == 2026);
  CHECK(k["fiscal_year_start"] == "2026-04-01");
  CHECK(k["fiscal_year_end"] == "2027-03-31");
  CHECK(k["target"] == 1200000);
  CHECK(k["baseline"] == json({{"fiscal_year", 2023}, {"accesses", 600000}}));
  CHECK(k["days_complete"] == 40);
  CHECK(k["days_remaining"] == 325);
  CHECK(k["fytd_complete_days"] == 4000);  // 40 days × 100; March is FY2025
  CHECK(k["today"] == 3);
  CHECK(k["fytd"] == 4003);
  CHECK(k["projection"]["window"] == json({{"from", "2026-04-13"}, {"to", "2026-05-10"}, {"days", 28}, {"accesses", 2800}}));
  CHECK(k["projection"]["recent_daily_mean"].get<double>() == doctest::Approx(100.0));
  CHECK(k["projection"]["accesses"] == 4000 + 100 * 325);
  CHECK(k["required_daily_rate"].get<double>() == doctest::Approx((1200000.0 - 4000) / 325));
  CHECK(k["target_daily_rate"].get<double>() == doctest::Approx(1200000.0 / 365));
  CHECK(k["progress"].get<double>() == doctest::Approx(4003.0 / 1200000));
  CHECK(k["on_track"] == false);

  const auto& days = s["daily"]["days"];
  REQUIRE(days.size() == 90);
  CHECK(days[0] == json({{"date", "2026-02-11"}, {"person", 0}, {"program", 0}, {"bot", 0}}));
  CHECK(days[18] == json({{"date", "2026-03-01"}, {"person", 100}, {"program", 0}, {"bot", 50}}));
  CHECK(days[89] == json({{"date", "2026-05-11"}, {"person", 3}, {"program", 0}, {"bot", 0}}));
  CHECK(s["breakdown"]["from"] == "2026-04-01");
  CHECK(s["breakdown"]["audience"]["bot"] == 2000);
  CHECK(s["breakdown"]["bot_share"].get<double>() == doctest::Approx(2000.0 / 6003));

  // The same numbers on the page, in words and in the chart's text alternative.
  auto page = c.Get("/stats");
  REQUIRE(page);
  CHECK(page->body.find("<dd>4,003</dd>") != std::string::npos);
  CHECK(page->body.find("<dd>36,500</dd>") != std::string::npos);
  CHECK(page->body.find("最多は 2026-03-01 の 100 件") != std::string::npos);
  CHECK(count_of(page->body, "<rect ") == 90);
}

TEST_CASE("most-searched conditions show only concepts that at least 10 people's searches share") {
  ManualClock clock(utc(2026, 5, 11, 3, 0));
  TestServer server({.sample_count = 40, .clock = clock.fn()});
  auto c = server.client();
  for (int i = 0; i < 9; ++i) CHECK(get_status(c, "/api/v1/trials?q=" + kLungCancer, ua::iphone) == 200);
  for (int i = 0; i < 10; ++i) CHECK(get_status(c, "/api/v1/trials?q=" + kGastricCancer, ua::desktop) == 200);
  for (int i = 0; i < 10; ++i) CHECK(get_status(c, "/api/v1/trials?q=" + kAsthma, ua::googlebot) == 200);  // bots
  for (int i = 0; i < 5; ++i) {
    CHECK(get_status(c, "/api/v1/trials?q=" + kColorectal, ua::iphone) == 200);
    CHECK(get_status(c, "/api/v1/trials?q=" + kColorectal + "&page=2", ua::iphone) == 200);  // paging is not a new search
  }
  REQUIRE(server.app().access.flush().has_value());
  auto top = get_json(c, "/api/v1/stats")["top_conditions"];
  CHECK(top["min_searches"] == 10);
  REQUIRE(top["items"].size() == 1);
  CHECK(top["items"][0]["concept"] == "gastric_cancer");
  CHECK(top["items"][0]["searches"] == 10);
  CHECK(top["items"][0]["label"]["ja"] == "胃癌");

  // The tenth search for lung cancer, this time as a filter, makes it visible.
  CHECK(get_status(c, "/api/v1/trials?condition=lung_cancer", ua::iphone) == 200);
  REQUIRE(server.app().access.flush().has_value());
  top = get_json(c, "/api/v1/stats")["top_conditions"];
  REQUIRE(top["items"].size() == 2);
  CHECK(top["items"][0]["concept"] == "gastric_cancer");
  CHECK(top["items"][1]["concept"] == "lung_cancer");
  CHECK(top["items"][1]["searches"] == 10);
  auto page = c.Get("/stats?lang=en");
  REQUIRE(page);
  CHECK(page->body.find("lung cancer") != std::string::npos);
  CHECK(page->body.find("asthma") == std::string::npos);
}

TEST_CASE("the registry snapshot counts trials by status and recruiting trials by design flag") {
  TestServer server;
  auto c = server.client();
  const auto r = get_json(c, "/api/v1/stats")["registry"];
  std::int64_t by_status = 0;
  for (const auto& [status, n] : r["by_status"].items()) by_status += n.get<std::int64_t>();
  CHECK(by_status == r["trials"].get<std::int64_t>());
  CHECK(r["trials"] == server.app().store.count_trials().value());
  CHECK(r["recruiting"] == r["by_status"]["recruiting"]);
  // Each flag count is what a search with that filter finds among recruiting trials.
  for (const char* flag : {"dct", "single_irb", "international", "fih", "pediatric", "orphan"}) {
    CAPTURE(flag);
    const auto found = get_json(c, std::string("/api/v1/trials?status=recruiting&") + flag + "=true");
    CHECK(r["recruiting_flags"][flag] == found["total"]["lower_bound"]);
    CHECK(found["total"]["lower_bound"] == found["total"]["upper_bound"]);  // exact, with facets on
  }
  CHECK(r["recruiting_flags"]["dct"].get<int>() > 0);
  REQUIRE(r["monthly"].size() == 1);
  CHECK(r["monthly"][0]["registrations"] == r["trials"]);
  CHECK(r["monthly"][0]["updates"] == 0);
}

TEST_CASE("/stats is an accessible, self-contained page in Japanese and English") {
  ManualClock clock(utc(2026, 5, 11, 3, 0));
  TestServer server({.sample_count = 3, .clock = clock.fn()});
  auto c = server.client();
  for (const auto& entry : {std::pair{"/stats", "ja"}, {"/stats?lang=en", "en"}}) {
    const auto& path = entry.first;  // not a binding: CAPTURE's lambda cannot take one in clang 14
    const auto& lang = entry.second;
    CAPTURE(path);
    auto res = c.Get(path);
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Content-Type") == "text/html; charset=utf-8");
    CHECK(res->get_header_value("Content-Security-Policy").find("script-src 'self'") != std::string::npos);
    const auto& html = res->body;
    CHECK(html.find(std::string("<html lang=\"") + lang + "\">") != std::string::npos);
    CHECK(count_of(html, "<h1>") == 1);
    CHECK(count_of(html, "<h2 ") == 6);
    CHECK(html.find("role=\"img\" aria-labelledby=\"chart-title chart-desc\"") != std::string::npos);
    CHECK(html.find("<title id=\"chart-title\">") != std::string::npos);
    CHECK(html.find("<desc id=\"chart-desc\">") != std::string::npos);
    CHECK(html.find("<details>") != std::string::npos);  // the chart's numbers as a table
    CHECK(html.find("class=\"target\"") != std::string::npos);
    CHECK(html.find("<link rel=\"stylesheet\" href=\"/static/stats.css\">") != std::string::npos);
    // The CSP forbids inline scripts and style attributes: there are none.
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("style=") == std::string::npos);
    CHECK(html.find("<style") == std::string::npos);
    CHECK(html.find("{{") == std::string::npos);
  }
  auto css = c.Get("/static/stats.css");
  REQUIRE(css);
  CHECK(css->status == 200);
  CHECK(css->get_header_value("Content-Type") == "text/css; charset=utf-8");
  auto bad = c.Get("/stats?colour=red");
  REQUIRE(bad);
  CHECK(bad->status == 400);
}

TEST_CASE("the stats report is rebuilt after a flush, a registry change or a new day, and reused otherwise") {
  ManualClock clock(utc(2026, 5, 11, 3, 0));
  TestServer server({.sample_count = 3, .clock = clock.fn()});
  auto c = server.client();
  const auto first = get_json(c, "/api/v1/stats");
  clock.set(utc(2026, 5, 11, 3, 30));
  const auto same = get_json(c, "/api/v1/stats");  // counted, but not flushed: nothing new to show
  CHECK(same["generated_at"] == first["generated_at"]);
  REQUIRE(server.app().access.flush().has_value());
  const auto flushed = get_json(c, "/api/v1/stats");
  CHECK(flushed["generated_at"] == "2026-05-11T12:30:00+09:00");
  CHECK(flushed["breakdown"]["total"] == 2);
  clock.set(utc(2026, 5, 11, 15, 0));  // midnight in Japan
  CHECK(get_json(c, "/api/v1/stats")["today"] == "2026-05-12");
}
