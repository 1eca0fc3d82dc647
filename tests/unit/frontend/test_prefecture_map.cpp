#include <doctest/doctest.h>

#include <regex>
#include <set>

#include "frontend/map_outlines.hpp"
#include "frontend/prefecture_map.hpp"
#include "frontend_fixtures.hpp"

using namespace rinsho;
using namespace rinsho::testing;

namespace {

std::size_t count_of(const std::string& html, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = html.find(needle); pos != std::string::npos; pos = html.find(needle, pos + needle.size())) ++n;
  return n;
}

// The <svg>…</svg> of the map, or "" when the page has none.
std::string map_svg(const std::string& html) {
  const auto start = html.find("<svg class=\"map-svg\"");
  if (start == std::string::npos) return "";
  return html.substr(start, html.find("</svg>", start) + 6 - start);
}

// Each area of the map: its link, accessible name and shade class, in order.
struct Area {
  std::string href, label, shade;
};
std::vector<Area> areas(const std::string& svg) {
  static const std::regex area(R"re(<a href="([^"]*)" aria-label="([^"]*)"[^>]*>(?:<rect[^>]*/>)?<path class="(m\d)[^"]*" d="m[-0-9 mz]+"/></a>)re");
  std::vector<Area> out;
  for (std::sregex_iterator it(svg.begin(), svg.end(), area), end; it != end; ++it)
    out.push_back({(*it)[1].str(), (*it)[2].str(), (*it)[3].str()});
  return out;
}

const Area& area_named(const std::vector<Area>& all, const std::string& prefix) {
  for (const auto& a : all)
    if (a.label.rfind(prefix, 0) == 0) return a;
  FAIL("no area named " << prefix);
  return all.front();
}

frontend::TopView top_view() {
  frontend::TopView v;
  v.recruiting_count = 131;
  v.prefecture_counts = {{"13", 100}, {"27", 12}, {"01", 3}, {"47", 1}};
  return v;
}

frontend::ResultsView results_view() {
  frontend::ResultsView v;
  v.request.q = "肺がん";
  v.request.prefecture = {"27"};
  v.result.total_estimated = 2;
  v.result.hits = {sample_hit("jRCT2031240001", "試験"), sample_hit("jRCT2031240002", "試験2")};
  v.result.facets["prefecture"] = {{"13", 2}, {"27", 1}};
  return v;
}

}  // namespace

TEST_CASE("load_map_outlines: all 47 prefectures, in code order, inside the view box") {
  const auto map = frontend::load_map_outlines();
  REQUIRE(map);
  CHECK(map->width > 100);
  CHECK(map->height > 100);
  REQUIRE(map->outlines.size() == 47);
  for (std::size_t i = 0; i < 47; ++i) {
    const std::string code = (i < 9 ? "0" : "") + std::to_string(i + 1);
    CHECK(map->outlines[i].code == code);
    CHECK(map->outlines[i].d.size() > 20);
  }
  CHECK(map->frame_w > 0);
  CHECK(map->frame_x + map->frame_w <= map->width);
  CHECK(map->frame_y + map->frame_h <= map->height);
}

TEST_CASE("parse_map_outlines refuses a missing, repeated or unknown prefecture and unexpected path data") {
  std::string good = "# comment\nviewbox 100 120\nframe 1 2 30 40\n";
  for (int i = 1; i <= 47; ++i) good += (i < 10 ? "0" : "") + std::to_string(i) + " m1 2 3-4 5 6z\n";
  const auto parsed = frontend::parse_map_outlines(good);
  REQUIRE(parsed);
  CHECK(parsed->width == 100);
  CHECK(parsed->frame_h == 40);
  CHECK(parsed->outlines[12].d == "m1 2 3-4 5 6z");

  CHECK_FALSE(frontend::parse_map_outlines(good.substr(0, good.rfind("47 "))));       // Okinawa missing
  CHECK_FALSE(frontend::parse_map_outlines(good + "13 m1 2 3 4 5 6z\n"));            // Tokyo twice
  CHECK_FALSE(frontend::parse_map_outlines(good + "48 m1 2 3 4 5 6z\n"));            // no such code
  std::string quoted = good;
  quoted.replace(quoted.find("13 m1 2"), 7, "13 m1\"2");
  CHECK_FALSE(frontend::parse_map_outlines(quoted));                                 // would leave the attribute
  CHECK_FALSE(frontend::parse_map_outlines(good.substr(good.find("frame"))));        // no view box
}

TEST_CASE("map_shade_bounds: log-spaced steps ending at the largest count") {
  using V = std::vector<std::uint64_t>;
  CHECK(frontend::map_shade_bounds(0) == V{});
  CHECK(frontend::map_shade_bounds(1) == V{1});
  CHECK(frontend::map_shade_bounds(2) == V{1, 2});
  CHECK(frontend::map_shade_bounds(3) == V{1, 2, 3});
  CHECK(frontend::map_shade_bounds(12) == V{2, 3, 6, 12});
  CHECK(frontend::map_shade_bounds(100) == V{3, 10, 32, 100});
  for (std::uint64_t max = 1; max < 3000; max += 7) {
    CAPTURE(max);
    const auto b = frontend::map_shade_bounds(max);
    REQUIRE_FALSE(b.empty());
    CHECK(b.size() <= std::size_t(frontend::kMapShades));
    CHECK(b.back() == max);
    for (std::size_t i = 1; i < b.size(); ++i) CHECK(b[i - 1] < b[i]);
  }
}

TEST_CASE("map_shade: none is m0, the largest count is always the darkest") {
  const std::vector<std::uint64_t> b = {2, 3, 6, 12};
  CHECK(frontend::map_shade(0, b) == "m0");
  CHECK(frontend::map_shade(1, b) == "m1");
  CHECK(frontend::map_shade(2, b) == "m1");
  CHECK(frontend::map_shade(3, b) == "m2");
  CHECK(frontend::map_shade(5, b) == "m3");
  CHECK(frontend::map_shade(12, b) == "m4");
  CHECK(frontend::map_shade(1, {1}) == "m4");
  CHECK(frontend::map_shade(1, {1, 2}) == "m3");
  CHECK(frontend::map_shade(0, {}) == "m0");
}

TEST_CASE("Renderer::top: 47 linked prefectures named with their recruiting counts, in Japanese") {
  const auto html = renderer().top(top_view(), page_context("ja"));
  const auto svg = map_svg(html);
  REQUIRE_FALSE(svg.empty());
  CHECK(svg.find("role=\"group\" aria-labelledby=\"map-h\"") != std::string::npos);
  CHECK(html.find("<h2 id=\"map-h\">都道府県から探す</h2>") != std::string::npos);
  const auto all = areas(svg);
  REQUIRE(all.size() == 47);
  std::set<std::string> hrefs;
  for (const auto& a : all) hrefs.insert(a.href);
  CHECK(hrefs.size() == 47);
  const auto& tokyo = area_named(all, "東京都");
  CHECK(tokyo.label == "東京都: 募集中 100件");
  CHECK(tokyo.href == "/search?status=recruiting&amp;prefecture=13");
  CHECK(tokyo.shade == "m4");
  CHECK(area_named(all, "大阪府").label == "大阪府: 募集中 12件");
  CHECK(area_named(all, "沖縄県").shade == "m1");
  CHECK(area_named(all, "奈良県").label == "奈良県: 募集中 0件");
  CHECK(area_named(all, "奈良県").shade == "m0");
  // Okinawa's link holds its inset frame, so the whole frame can be tapped.
  CHECK(svg.find("aria-label=\"沖縄県: 募集中 1件\"><rect class=\"inset\"") != std::string::npos);
  // The legend: none, then the steps up to the largest count.
  CHECK(html.find("<li><span class=\"key m0\"></span>0件</li>") != std::string::npos);
  CHECK(html.find("<li><span class=\"key m1\"></span>1〜3件</li>") != std::string::npos);
  CHECK(html.find("<li><span class=\"key m4\"></span>33〜100件</li>") != std::string::npos);
  CHECK(html.find("href=\"/about#map-credit\">地図の出典</a>") != std::string::npos);
}

TEST_CASE("Renderer::top: the table alternative has every prefecture with its count and link") {
  const auto html = renderer().top(top_view(), page_context("ja"));
  const auto table = html.substr(html.find("<details class=\"map-table\">"));
  CHECK(count_of(table, "<tr><th scope=\"row\"><a href=\"/search?status=recruiting&amp;prefecture=") == 47);
  CHECK(table.find("<th scope=\"col\">募集中の研究</th>") != std::string::npos);
  CHECK(table.find("<tr><th scope=\"row\"><a href=\"/search?status=recruiting&amp;prefecture=13\">東京都</a></th><td>100</td></tr>") !=
        std::string::npos);
  CHECK(table.find("<a href=\"/search?status=recruiting&amp;prefecture=01\">北海道</a></th><td>3</td>") <
        table.find("<a href=\"/search?status=recruiting&amp;prefecture=47\">沖縄県</a></th><td>1</td>"));
  CHECK_FALSE(has_inline_script_or_style(html));
}

TEST_CASE("Renderer::top: the map in English keeps the language in its links") {
  const auto html = renderer().top(top_view(), page_context("en"));
  const auto all = areas(map_svg(html));
  REQUIRE(all.size() == 47);
  const auto& tokyo = area_named(all, "Tokyo");
  CHECK(tokyo.label == "Tokyo: 100 recruiting");
  CHECK(tokyo.href == "/search?status=recruiting&amp;prefecture=13&amp;lang=en");
  CHECK(html.find("<h2 id=\"map-h\">Find by prefecture</h2>") != std::string::npos);
  CHECK(html.find("<li><span class=\"key m4\"></span>33–100</li>") != std::string::npos);
  CHECK(html.find(">Tokyo</a></th><td>100</td>") != std::string::npos);
  CHECK(html.find("href=\"/about?lang=en#map-credit\">Map source</a>") != std::string::npos);
}

TEST_CASE("Renderer::top: no map while the index is not ready") {
  CHECK(map_svg(renderer().top({}, page_context("ja"))).empty());
}

TEST_CASE("Renderer::results: the map narrows the same search to one prefecture") {
  const frontend::Query query = {{"q", "肺がん"}, {"prefecture", "27"}, {"page", "2"}};
  const auto html = renderer().results(results_view(), page_context("ja", "/search", query));
  CHECK(html.find("<summary id=\"map-h\">地図から都道府県で絞り込む</summary>") != std::string::npos);
  const auto all = areas(map_svg(html));
  REQUIRE(all.size() == 47);
  const auto& tokyo = area_named(all, "東京都");
  CHECK(tokyo.label == "東京都: 2件");
  // The query kept, the earlier prefecture and the page dropped.
  CHECK(tokyo.href == "/search?q=%E8%82%BA%E3%81%8C%E3%82%93&amp;prefecture=13");
  CHECK(tokyo.shade == "m4");
  CHECK(area_named(all, "大阪府").label == "大阪府: 1件");
  // The prefecture the search is narrowed to is marked.
  CHECK(html.find("aria-label=\"大阪府: 1件\" aria-current=\"true\"><path class=\"m3 sel\"") != std::string::npos);
  CHECK(html.find("<th scope=\"col\">見つかった研究</th>") != std::string::npos);

  const auto en = renderer().results(results_view(), page_context("en", "/search", query));
  const auto en_areas = areas(map_svg(en));
  CHECK(area_named(en_areas, "Tokyo").label == "Tokyo: 2 studies");
  CHECK(area_named(en_areas, "Osaka").label == "Osaka: 1 study");
  CHECK(area_named(en_areas, "Nara").label == "Nara: 0 studies");
  CHECK(area_named(en_areas, "Tokyo").href == "/search?q=%E8%82%BA%E3%81%8C%E3%82%93&amp;prefecture=13&amp;lang=en");
}

TEST_CASE("Renderer::results: the map's links escape what was searched") {
  auto view = results_view();
  view.request.q = kXss;
  const frontend::Query query = {{"q", kXss}, {kXss, kXss}};
  const auto html = renderer().results(view, page_context("ja", "/search", query));
  const auto svg = map_svg(html);
  REQUIRE_FALSE(svg.empty());
  CHECK(svg.find('<' + std::string("script")) == std::string::npos);
  CHECK(svg.find("/search?q=%3Cscript%3Ealert%281%29%3C%2Fscript%3E&amp;") != std::string::npos);
  CHECK(html.find(kXss) == std::string::npos);
  CHECK_FALSE(has_inline_script_or_style(html));
}

TEST_CASE("Renderer::results: no map without hits or without any prefecture counted") {
  auto none = results_view();
  none.result.hits.clear();
  none.result.total_estimated = 0;
  CHECK(map_svg(renderer().results(none, page_context("ja", "/search"))).empty());
  auto abroad = results_view();
  abroad.result.facets["prefecture"].clear();
  CHECK(map_svg(renderer().results(abroad, page_context("ja", "/search"))).empty());
}
