#include <doctest/doctest.h>

#include "frontend_fixtures.hpp"

using namespace rinsho;
using namespace rinsho::testing;

namespace {

frontend::ResultsView lung_results() {
  frontend::ResultsView v;
  v.request.q = "肺がん 小児";
  v.request.status = {"recruiting"};
  v.request.flags = {"dct"};
  v.request.near = search::GeoPoint{35.6895, 139.6917};
  v.result.total_estimated = 45;
  for (int i = 0; i < 20; ++i) v.result.hits.push_back(sample_hit("jRCT20312400" + std::to_string(10 + i), "試験" + std::to_string(i)));
  v.result.facets["status"] = {{"recruiting", 30}, {"completed", 15}};
  v.result.facets["flags"] = {{"dct", 12}, {"pediatric", 3}, {"dct:home_visits", 2}};
  v.result.facets["prefecture"] = {{"13", 20}, {"27", 8}};
  v.result.facets["condition"] = {{"c_lung_cancer", 45}};
  v.result.applied = {{"小児", "pediatric"}};
  v.condition_labels["c_lung_cancer"] = "肺がん";
  return v;
}

frontend::Query lung_query() {
  return {{"q", "肺がん 小児"}, {"status", "recruiting"}, {"dct", "true"}, {"near", "35.6895,139.6917"}, {"page", "2"}};
}

}  // namespace

TEST_CASE("Renderer::results shows each hit with status, conditions, nearest site and badges") {
  const auto html = renderer().results(lung_results(), page_context("ja", "/search", lung_query()));
  CHECK(html.find("45 件の研究が見つかりました") != std::string::npos);
  CHECK(html.find("<span class=\"status status-recruiting\">募集中</span>") != std::string::npos);
  CHECK(html.find("第Ⅲ相") != std::string::npos);
  CHECK(html.find("非小細胞肺癌") != std::string::npos);
  CHECK(html.find("国立がん研究センター中央病院 (東京都中央区) <strong>約 3.2 km</strong>") != std::string::npos);
  CHECK(html.find(">自宅から参加できる<") != std::string::npos);
  CHECK(html.find(">国際共同<") != std::string::npos);
  CHECK(html.find(">小児<") != std::string::npos);
  // The searcher's snippet is already escaped; its <mark> survives.
  CHECK(html.find("<mark>肺がん</mark>") != std::string::npos);
  // Hit links carry the point, so the trial page lists sites nearest first.
  CHECK(html.find("href=\"/trials/jRCT2031240010?near=35.6895%2C139.6917\"") != std::string::npos);
}

TEST_CASE("Renderer::results offers every facet as a chip with its count and state") {
  const auto html = renderer().results(lung_results(), page_context("ja", "/search", lung_query()));
  CHECK(html.find("name=\"status\" value=\"recruiting\" checked><label for=\"f-status-0\">募集中 <span class=\"n\">30</span>") !=
        std::string::npos);
  CHECK(html.find("name=\"status\" value=\"completed\"><label") != std::string::npos);
  CHECK(html.find("name=\"dct\" value=\"true\" checked>") != std::string::npos);
  CHECK(html.find("name=\"pediatric\" value=\"true\">") != std::string::npos);
  CHECK(html.find("name=\"dct\" value=\"home_visits\">") != std::string::npos);
  CHECK(html.find("name=\"prefecture\" value=\"13\"><label for=\"f-prefecture-0\">東京都") != std::string::npos);
  CHECK(html.find("name=\"condition\" value=\"c_lung_cancer\"><label for=\"f-condition-0\">肺がん") != std::string::npos);
  // Age, sex, place and sort live in the same GET form, so the URL holds the whole search.
  CHECK(html.find("<form id=\"search-form\" class=\"results-form\" action=\"/search\" method=\"get\"") != std::string::npos);
  CHECK(html.find("name=\"age\"") != std::string::npos);
  CHECK(html.find("name=\"sex\"") != std::string::npos);
  CHECK(html.find("<option value=\"35.6895,139.6917\" selected>東京都</option>") != std::string::npos);
  CHECK(html.find("<option value=\"nearest\">近い順</option>") != std::string::npos);
  CHECK(html.find("<details class=\"filters\" data-filters>") != std::string::npos);
}

TEST_CASE("Renderer::results says which query words became filters and how to remove filters") {
  const auto html = renderer().results(lung_results(), page_context("ja", "/search", lung_query()));
  CHECK(html.find("「小児」を「小児」の条件として絞り込みました") != std::string::npos);
  // Removing "recruiting" keeps the rest of the search but goes back to page 1.
  CHECK(html.find("href=\"/search?q=%E8%82%BA%E3%81%8C%E3%82%93%20%E5%B0%8F%E5%85%90&amp;dct=true&amp;near=35.6895%2C139.6917\">"
                  "<span class=\"visually-hidden\">条件を外す: </span>募集中</a>") != std::string::npos);
  // Removing the place also drops the distance and "nearest" sort that need it.
  CHECK(html.find("&amp;dct=true\"><span class=\"visually-hidden\">条件を外す: </span>探す場所: 東京都</a>") !=
        std::string::npos);
}

TEST_CASE("Renderer::results pages through results and keeps the search in each link") {
  auto v = lung_results();
  v.request.offset = 20;
  const auto html = renderer().results(v, page_context("ja", "/search", lung_query()));
  CHECK(html.find("21〜40 件目を表示") != std::string::npos);
  CHECK(html.find("<span class=\"current\" aria-current=\"page\">2</span>") != std::string::npos);
  CHECK(html.find("rel=\"prev\"") != std::string::npos);
  CHECK(html.find("&amp;page=3\" rel=\"next\"") != std::string::npos);
  CHECK(html.find("aria-label=\"3 ページ目\">3</a>") != std::string::npos);
  CHECK(html.find("aria-label=\"4 ページ目\"") == std::string::npos);  // 45 results: 3 pages
}

TEST_CASE("Renderer::results offers a corrected spelling above a few hits") {
  frontend::ResultsView v;
  v.request.q = "レカネマプ";
  v.result.total_estimated = 1;
  v.result.hits.push_back(sample_hit("jRCT2031240010", "レカネマプの誤記がある試験"));
  v.result.suggestion = "レカネマブ";
  const auto html = renderer().results(v, page_context("ja", "/search", {{"q", "レカネマプ"}, {"page", "1"}}));
  const auto at = html.find("<p class=\"suggestion\">もしかして: <a href=\"/search?q=%E3%83%AC%E3%82%AB%E3%83%8D%E3%83%9E%E3%83%96\">レカネマブ</a></p>");
  CHECK(at != std::string::npos);
  CHECK(at < html.find("<ol class=\"hits\">"));
  CHECK(html.find("条件に合う研究が見つかりませんでした") == std::string::npos);
  const auto en = renderer().results(v, page_context("en", "/search", {{"q", "レカネマプ"}}));
  CHECK(en.find("Did you mean: <a href=") != std::string::npos);
  v.result.suggestion.reset();
  CHECK(renderer().results(v, page_context("ja", "/search", {{"q", "レカネマプ"}})).find("もしかして") == std::string::npos);
}

TEST_CASE("Renderer::results says which spelling it searched instead, and links the typed one") {
  frontend::ResultsView v;
  v.request.q = "レカネマプ<b>";
  v.result.total_estimated = 1;
  v.result.hits.push_back(sample_hit("jRCT2031240010", "レカネマブの試験"));
  v.result.corrected_from = "レカネマプ<b>";
  v.result.searched_q = "レカネマブ<b>";
  const auto html = renderer().results(v, page_context("ja", "/search", {{"q", "レカネマプ<b>"}, {"status", "recruiting"}}));
  const auto at = html.find("<p class=\"corrected\" role=\"status\">「<strong>レカネマブ&lt;b&gt;</strong>」の検索結果を表示しています。 "
                            "<a href=\"/search?q=%E3%83%AC%E3%82%AB%E3%83%8D%E3%83%9E%E3%83%97%3Cb%3E&amp;status=recruiting&amp;autocorrect=false\">"
                            "「レカネマプ&lt;b&gt;」で検索し直す</a></p>");
  CHECK(at != std::string::npos);
  CHECK(at < html.find("<ol class=\"hits\">"));
  const auto en = renderer().results(v, page_context("en", "/search", {{"q", "レカネマプ<b>"}}));
  CHECK(en.find("Showing results for “<strong>レカネマブ&lt;b&gt;</strong>”.") != std::string::npos);
  CHECK(en.find("Search instead for “レカネマプ&lt;b&gt;”</a>") != std::string::npos);
  v.result.corrected_from.reset();
  CHECK(renderer().results(v, page_context("ja", "/search", {{"q", "レカネマプ"}})).find("class=\"corrected\"") == std::string::npos);
}

TEST_CASE("Renderer::results suggests what to try when nothing matched") {
  frontend::ResultsView v;
  v.request.q = "はいがん";
  v.request.status = {"recruiting"};
  v.result.suggestion = "肺がん";
  const auto html = renderer().results(v, page_context("ja", "/search", {{"q", "はいがん"}, {"status", "recruiting"}}));
  CHECK(html.find("条件に合う研究が見つかりませんでした") != std::string::npos);
  CHECK(html.find("もしかして: <a href=\"/search?q=%E8%82%BA%E3%81%8C%E3%82%93&amp;status=recruiting\">肺がん</a>") !=
        std::string::npos);
  CHECK(html.find("href=\"/search?q=%E3%81%AF%E3%81%84%E3%81%8C%E3%82%93\"><span class=\"visually-hidden\">条件を外す: </span>募集中") !=
        std::string::npos);
  CHECK(html.find("用語集で言葉を確かめる") != std::string::npos);
  CHECK(html.find("<ol class=\"hits\">") == std::string::npos);
}

TEST_CASE("Renderer::results names a near-me search") {
  frontend::ResultsView v;
  v.request.near = search::GeoPoint{34.6863, 135.52};
  const auto html = renderer().results(v, page_context("ja", "/search", {{"near", "34.6863,135.52"}}));
  CHECK(html.find("<h1 class=\"results-title\">近くの治験・臨床研究</h1>") != std::string::npos);
}

TEST_CASE("Renderer::results in English") {
  const auto html = renderer().results(lung_results(), page_context("en", "/search", lung_query()));
  CHECK(html.find("45 studies found") != std::string::npos);
  CHECK(html.find("Treated \u201c小児\u201d as the filter \u201cChildren\u201d") != std::string::npos);
  CHECK(html.find("<input type=\"hidden\" name=\"lang\" value=\"en\">") != std::string::npos);
  CHECK(html.find(">Take part from home<") != std::string::npos);
  CHECK(html.find("href=\"/trials/jRCT2031240010?near=35.6895%2C139.6917&amp;lang=en\"") != std::string::npos);
}

TEST_CASE("a results page of 20 hits stays small") {
  const auto html = renderer().results(lung_results(), page_context("ja", "/search", lung_query()));
  CHECK(html.size() < 120 * 1024);  // about 10x smaller once gzipped; the 60 KB budget is compressed
}
