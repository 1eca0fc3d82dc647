// GET /api/v1/trials against every sample trial: each filter returns exactly the trials the sample
// records say it should (computed here from the JSON files, independently of the index), sorting
// orders them, paging walks them without gaps or repeats, and facets count with the other filters.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <map>
#include <set>

#include "api_helpers.hpp"

using nlohmann::json;
using namespace rinsho::testing;

namespace {

const std::vector<json>& samples() {
  static const std::vector<json> records = [] {
    std::vector<json> out;
    for (const auto& f : sample_trial_files()) out.push_back(json::parse(read_file(f)));
    return out;
  }();
  return records;
}

std::set<std::string> expected(const std::function<bool(const json&)>& keep) {
  std::set<std::string> ids;
  for (const auto& r : samples())
    if (keep(r)) ids.insert(r["id"].get<std::string>());
  return ids;
}

json get_json(httplib::Client& c, const std::string& path) {
  auto res = c.Get(path.c_str());
  REQUIRE(res);
  INFO(path);
  INFO(res->body.substr(0, 300));
  REQUIRE(res->status == 200);
  return json::parse(res->body);
}

// Every hit of a search, following next_cursor; fails on a repeated id.
std::vector<json> all_hits(httplib::Client& c, const std::string& query, std::size_t page_size = 100) {
  std::vector<json> hits;
  std::set<std::string> seen;
  std::string cursor;
  for (int pages = 0; pages < 100; ++pages) {
    const auto body = get_json(c, "/api/v1/trials?facets=false&page_size=" + std::to_string(page_size) + "&" + query +
                                      (cursor.empty() ? "" : "&cursor=" + cursor));
    CHECK(body["hits"].size() <= page_size);
    for (const auto& h : body["hits"]) {
      CHECK(seen.insert(h["id"].get<std::string>()).second);
      hits.push_back(h);
    }
    if (body["next_cursor"].is_null()) return hits;
    cursor = body["next_cursor"];
  }
  FAIL("paging never ended");
  return hits;
}

std::set<std::string> ids_of(const std::vector<json>& hits) {
  std::set<std::string> ids;
  for (const auto& h : hits) ids.insert(h["id"].get<std::string>());
  return ids;
}

bool any_site(const json& r, const std::function<bool(const json&)>& pred) {
  for (const auto& s : r.value("sites", json::array()))
    if (pred(s)) return true;
  return false;
}

double km_between(double lat1, double lon1, double lat2, double lon2) {
  const double r = 6372.7976;  // Xapian's GreatCircleMetric default radius
  const double rad = M_PI / 180;
  const double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
  const double h = std::pow(std::sin(dlat / 2), 2) + std::cos(lat1 * rad) * std::cos(lat2 * rad) * std::pow(std::sin(dlon / 2), 2);
  return 2 * r * std::asin(std::sqrt(h));
}

std::optional<double> nearest_km(const json& r, double lat, double lon) {
  std::optional<double> best;
  for (const auto& s : r.value("sites", json::array()))
    if (s.contains("lat") && s.contains("lon")) {
      const double d = km_between(lat, lon, s["lat"], s["lon"]);
      if (!best || d < *best) best = d;
    }
  return best;
}

bool age_fits(const json& r, double age) {
  const auto& e = r["eligibility"];
  return e.value("min_age_years", 0.0) <= age && age <= e.value("max_age_years", 200.0);
}

bool any_dct(const json& r) {
  const auto dct = r.value("flags", json::object()).value("dct", json::object());
  for (const auto& [k, v] : dct.items())
    if (v == true) return true;
  return false;
}

std::map<std::string, std::size_t> facet_counts(const json& body, const std::string& facet) {
  std::map<std::string, std::size_t> out;
  for (const auto& v : body["facets"][facet]) out[v["value"]] = v["count"];
  return out;
}

template <class Key>
std::map<std::string, std::size_t> count_by(const std::function<bool(const json&)>& keep, Key key) {
  std::map<std::string, std::size_t> out;
  for (const auto& r : samples())
    if (keep(r))
      for (const auto& k : key(r)) ++out[k];
  return out;
}

}  // namespace

TEST_CASE("GET /api/v1/trials filters return exactly the matching trials") {
  TestServer server;
  auto client = server.client();
  struct Case {
    std::string query;
    std::function<bool(const json&)> keep;
  };
  const std::vector<Case> cases = {
      {"", [](const json&) { return true; }},
      {"status=recruiting", [](const json& r) { return r["recruitment_status"] == "recruiting"; }},
      {"status=recruiting,pending", [](const json& r) { return r["recruitment_status"] == "recruiting" || r["recruitment_status"] == "pending"; }},
      {"status=completed&status=terminated", [](const json& r) { return r["recruitment_status"] == "completed" || r["recruitment_status"] == "terminated"; }},
      {"phase=3", [](const json& r) { return r["phase"] == "3"; }},
      {"phase=1%2F2", [](const json& r) { return r["phase"] == "1/2"; }},
      {"status=recruiting&phase=3", [](const json& r) { return r["recruitment_status"] == "recruiting" && r["phase"] == "3"; }},
      {"prefecture=27", [](const json& r) { return any_site(r, [](const json& s) { return s["prefecture"] == "27"; }); }},
      {"prefecture=01,47", [](const json& r) { return any_site(r, [](const json& s) { return s["prefecture"] == "01" || s["prefecture"] == "47"; }); }},
      {"age=10", [](const json& r) { return age_fits(r, 10); }},
      {"age=75.5", [](const json& r) { return age_fits(r, 75.5); }},
      {"sex=female", [](const json& r) { return r["eligibility"]["sex"] != "male"; }},
      {"sex=male", [](const json& r) { return r["eligibility"]["sex"] != "female"; }},
      {"sex=all", [](const json&) { return true; }},
      {"dct=true", [](const json& r) { return any_dct(r); }},
      {"dct=home_visits", [](const json& r) { return r.value("flags", json::object()).value("dct", json::object()).value("home_visits", false); }},
      {"pediatric=true", [](const json& r) { return r.value("flags", json::object()).value("pediatric", false); }},
      {"pediatric=false", [](const json&) { return true; }},  // false means "don't filter", not "exclude"
      {"healthy=true", [](const json& r) { return r["eligibility"].value("healthy_volunteers", false); }},
      {"pediatric=true&status=recruiting&age=8",
       [](const json& r) { return r.value("flags", json::object()).value("pediatric", false) && r["recruitment_status"] == "recruiting" && age_fits(r, 8); }},
  };
  for (const auto& c : cases) {
    CAPTURE(c.query);
    const auto want = expected(c.keep);
    CHECK(!want.empty());
    const auto hits = all_hits(client, c.query);
    CHECK(ids_of(hits) == want);
    const auto first = get_json(client, "/api/v1/trials?" + c.query);
    CHECK(first["total"]["estimated"] == want.size());
  }
}

TEST_CASE("near and within_km keep trials with a site in range; sort=nearest orders by the nearest site") {
  TestServer server;
  auto client = server.client();
  const double lat = 34.70, lon = 135.50;  // Osaka
  const double radius = 8;
  // The radius must not sit on a trial's distance, or rounding would decide the test.
  for (const auto& r : samples())
    if (auto d = nearest_km(r, lat, lon)) REQUIRE(std::abs(*d - radius) > 0.5);
  const auto want = expected([&](const json& r) {
    auto d = nearest_km(r, lat, lon);
    return d && *d <= radius;
  });
  REQUIRE(want.size() >= 5);
  const std::string near = "near=34.70,135.50";
  CHECK(ids_of(all_hits(client, near + "&within_km=8")) == want);

  const auto sorted = all_hits(client, near + "&within_km=8&sort=nearest", 7);
  CHECK(ids_of(sorted) == want);
  double last = 0;
  for (const auto& h : sorted) {
    REQUIRE(h.contains("nearest_site"));
    const double d = h["nearest_site"].value("distance_km", 0.0);
    CHECK(d <= radius + 0.1);
    CHECK(d >= last - 0.1);  // reported distances are rounded to 0.1 km
    last = d;
  }
  // Without within_km, nearest still orders everything, near ones first.
  const auto everything = get_json(client, "/api/v1/trials?" + near + "&sort=nearest&page_size=5");
  for (const auto& h : everything["hits"]) CHECK(want.count(h["id"].get<std::string>()));
  CHECK(everything["total"]["estimated"] == samples().size());
}

TEST_CASE("sort=newest and sort=updated order by registration and last update") {
  TestServer server;
  auto client = server.client();
  for (const auto& entry : std::vector<std::pair<std::string, std::string>>{{"newest", "registered"}, {"updated", "last_updated"}}) {
    const auto& sort = entry.first;  // not a binding: CAPTURE's lambda cannot take one in clang 14
    const auto& field = entry.second;
    CAPTURE(sort);
    const auto hits = all_hits(client, "status=recruiting&sort=" + sort, 30);
    CHECK(hits.size() == expected([](const json& r) { return r["recruitment_status"] == "recruiting"; }).size());
    for (std::size_t i = 1; i < hits.size(); ++i) CHECK(hits[i - 1][field].get<std::string>() >= hits[i][field].get<std::string>());
    CHECK(hits.front()[field] != hits.back()[field]);
  }
  // With text, sort=newest still orders by date.
  const auto text = all_hits(client, "q=" + url_encode("がん") + "&sort=newest");
  REQUIRE(text.size() >= 2);
  for (std::size_t i = 1; i < text.size(); ++i) CHECK(text[i - 1]["registered"].get<std::string>() >= text[i]["registered"].get<std::string>());
}

TEST_CASE("paging: page and cursor agree, page_size is capped at 100, next_cursor ends the walk") {
  TestServer server;
  auto client = server.client();
  const auto total = samples().size();
  const auto by_cursor = all_hits(client, "sort=newest", 25);
  CHECK(by_cursor.size() == total);
  std::vector<std::string> by_page;
  for (int page = 1;; ++page) {
    const auto body = get_json(client, "/api/v1/trials?facets=false&sort=newest&page_size=25&page=" + std::to_string(page));
    CHECK(body["offset"] == (page - 1) * 25);
    for (const auto& h : body["hits"]) by_page.push_back(h["id"]);
    if (body["next_cursor"].is_null()) break;
    REQUIRE(page < 20);
  }
  REQUIRE(by_page.size() == by_cursor.size());
  for (std::size_t i = 0; i < by_page.size(); ++i) CHECK(by_page[i] == by_cursor[i]["id"]);

  CHECK(get_json(client, "/api/v1/trials?page_size=100")["hits"].size() == 100);
  CHECK(get_json(client, "/api/v1/trials")["hits"].size() == 20);
  for (const char* bad : {"page_size=101", "page_size=0", "page=0", "cursor=garbage", "page_size=abc", "page=999999"}) {
    CAPTURE(bad);
    auto res = client.Get((std::string("/api/v1/trials?") + bad).c_str());
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK(res->get_header_value("Content-Type") == "application/problem+json");
    const auto problem = json::parse(res->body);
    const std::string param = std::string(bad).substr(0, std::string(bad).find('='));
    CHECK(problem["errors"][0]["pointer"] == param);
    CHECK(!problem["errors"][0]["message"]["ja"].get<std::string>().empty());
  }
  // A page past the end is empty, not an error.
  const auto past = get_json(client, "/api/v1/trials?page_size=100&page=5");
  CHECK(past["hits"].empty());
  CHECK(past["next_cursor"].is_null());
}

TEST_CASE("facets count with every other active filter, and their own facet stays open") {
  TestServer server;
  auto client = server.client();
  const auto body = get_json(client, "/api/v1/trials?status=recruiting&phase=3&page_size=1");
  auto recruiting = [](const json& r) { return r["recruitment_status"] == "recruiting"; };
  auto phase3 = [](const json& r) { return r["phase"] == "3"; };
  auto both = [&](const json& r) { return recruiting(r) && phase3(r); };
  auto single = [](const char* field) {
    return [field](const json& r) { return std::vector<std::string>{r[field].get<std::string>()}; };
  };
  // The status facet counts phase-3 trials of every status; the phase facet counts recruiting trials of every phase.
  CHECK(facet_counts(body, "status") == count_by(phase3, single("recruitment_status")));
  CHECK(facet_counts(body, "phase") == count_by(recruiting, single("phase")));
  CHECK(facet_counts(body, "status").size() > 1);
  CHECK(facet_counts(body, "phase").size() > 1);
  // Other facets count the trials that match both.
  CHECK(facet_counts(body, "category") == count_by(both, single("category")));
  CHECK(facet_counts(body, "prefecture") == count_by(both, [](const json& r) {
          std::set<std::string> p;
          for (const auto& s : r.value("sites", json::array())) p.insert(s["prefecture"].get<std::string>());
          return std::vector<std::string>(p.begin(), p.end());
        }));

  // A filter that is not a facet (age) narrows every facet.
  const auto aged = get_json(client, "/api/v1/trials?status=recruiting&age=10&page_size=1");
  auto age10 = [](const json& r) { return age_fits(r, 10); };
  CHECK(facet_counts(aged, "status") == count_by(age10, single("recruitment_status")));
  CHECK(facet_counts(aged, "phase") == count_by([&](const json& r) { return age10(r) && recruiting(r); }, single("phase")));
  // facets=false leaves them out.
  CHECK(get_json(client, "/api/v1/trials?facets=false")["facets"].empty());
}

TEST_CASE("a misspelt query that finds nothing: the page searches the correction, the API only with autocorrect=true") {
  TestServer server;
  auto client = server.client();
  const auto typo = url_encode("レカネマプ");
  const auto as_typed = get_json(client, "/api/v1/trials?q=" + typo);
  CHECK(as_typed["hits"].empty());
  CHECK(as_typed["suggestion"] == "レカネマブ");
  CHECK_FALSE(as_typed.contains("corrected"));

  const auto corrected = get_json(client, "/api/v1/trials?autocorrect=true&q=" + typo);
  CHECK(corrected["corrected"] == json({{"from", "レカネマプ"}, {"to", "レカネマブ"}}));
  CHECK(corrected["hits"] == get_json(client, "/api/v1/trials?q=" + url_encode("レカネマブ"))["hits"]);
  CHECK_FALSE(corrected["hits"].empty());

  // A query that finds something as typed is never replaced.
  CHECK_FALSE(get_json(client, "/api/v1/trials?autocorrect=true&q=" + url_encode("レカネマブ")).contains("corrected"));

  auto page = client.Get(("/search?q=" + typo).c_str());
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(page->body.find("「<strong>レカネマブ</strong>」の検索結果を表示しています。") != std::string::npos);
  CHECK(page->body.find("autocorrect=false") != std::string::npos);
  CHECK(page->body.find("<ol class=\"hits\">") != std::string::npos);
  auto exact = client.Get(("/search?autocorrect=false&q=" + typo).c_str());
  REQUIRE(exact);
  CHECK(exact->body.find("class=\"corrected\"") == std::string::npos);
  CHECK(exact->body.find("条件に合う研究が見つかりませんでした") != std::string::npos);

  // A bad value names the parameter; exports run no single search and do not take it.
  auto bad = client.Get(("/api/v1/trials?autocorrect=maybe&q=" + typo).c_str());
  REQUIRE(bad);
  CHECK(bad->status == 400);
  CHECK(bad->body.find("autocorrect") != std::string::npos);
  auto export_bad = client.Get("/api/v1/export.ndjson?autocorrect=true");
  REQUIRE(export_bad);
  CHECK(export_bad->status == 400);
  CHECK(export_bad->body.find("autocorrect") != std::string::npos);
}
