#include <doctest/doctest.h>

#include "frontend_fixtures.hpp"

using namespace rinsho;
using namespace rinsho::testing;

namespace {

frontend::ResultsView hostile_results() {
  frontend::ResultsView v;
  v.request.q = kXss;
  v.request.condition = {kXss};
  v.result.total_estimated = 1;
  v.result.hits = {sample_hit("jRCT2031240001", kXss)};
  v.result.hits[0].conditions = {{kXss, kXss}};
  v.result.hits[0].nearest_site->name = {kXss, kXss};
  v.result.facets["condition"] = {{kXss, 4}};
  v.result.applied = {{kXss, "pediatric"}};
  v.condition_labels[kXss] = kXss;
  return v;
}

void check_escaped(const std::string& html, bool echoes) {
  CHECK(html.find(kXss) == std::string::npos);
  CHECK(html.find("<script>alert") == std::string::npos);
  if (echoes) CHECK(html.find(kXssEscaped) != std::string::npos);
  CHECK_FALSE(has_inline_script_or_style(html));
}

std::size_t position(const std::string& html, const std::string& needle) {
  const auto pos = html.find(needle);
  CAPTURE(needle);
  REQUIRE(pos != std::string::npos);
  return pos;
}

}  // namespace

TEST_CASE("every page type escapes user text") {
  const auto& r = renderer();
  const frontend::Query hostile_query = {{"q", kXss}, {kXss, kXss}};
  for (const std::string lang : {"ja", "en"}) {
    CAPTURE(lang);
    check_escaped(r.top({42}, page_context(lang, "/", hostile_query)), false);
    check_escaped(r.results(hostile_results(), page_context(lang, "/search", hostile_query)), true);
    frontend::TrialView tv{hostile_trial(), search::GeoPoint{35.68, 139.76}, {{2, "2026-01-01T00:00:00Z", {kXss}}}};
    check_escaped(r.trial(tv, page_context(lang, "/trials/jRCT2031240001", hostile_query)), true);
    check_escaped(r.glossary(page_context(lang, "/glossary", hostile_query)), false);
    check_escaped(r.about(page_context(lang, "/about", hostile_query)), false);
    check_escaped(r.not_found(page_context(lang, "/" + kXss, hostile_query)), false);
    frontend::ErrorView ev{400, {{"age", kXss, kXss}}};
    check_escaped(r.error(ev, page_context(lang, "/search", hostile_query)), true);
  }
}

TEST_CASE("Renderer::trial never links a contact URL that is not http(s)") {
  const auto html = renderer().trial({hostile_trial(), {}, {}}, page_context("ja", "/trials/jRCT2031240001"));
  CHECK(html.find("javascript:") == std::string::npos);
}

TEST_CASE("Renderer::trial orders sections by what patients need") {
  frontend::TrialView tv{sample_trial(), {}, {{1, "2024-04-12T09:00:00Z", {}}}};
  const auto html = renderer().trial(tv, page_context("ja", "/trials/jRCT2031240001"));
  const char* order[] = {"id=\"sec-what\"", "id=\"sec-who\"", "id=\"sec-where\"", "id=\"sec-involves\"",
                         "id=\"sec-join\"", "id=\"sec-status\"", "id=\"sec-details\""};
  for (std::size_t i = 1; i < std::size(order); ++i) CHECK(position(html, order[i - 1]) < position(html, order[i]));
  // Criteria and researcher details are collapsible; the contact is a tap away.
  CHECK(position(html, "参加できる条件 (選択基準)") < position(html, "id=\"sec-where\""));
  CHECK(html.find("href=\"tel:0120-000-123\"") != std::string::npos);
  CHECK(html.find("href=\"mailto:trials@rinsho-pharma.example.jp\"") != std::string::npos);
  CHECK(html.find("<details class=\"detail\" id=\"d-history\">") != std::string::npos);
  CHECK(html.find("初版") != std::string::npos);
}

TEST_CASE("Renderer::trial lists sites nearest first when near is given") {
  const auto t = sample_trial();
  const auto osaka = search::GeoPoint{34.69, 135.52};
  const auto html = renderer().trial({t, osaka, {}}, page_context("ja", "/trials/jRCT2031240001"));
  CHECK(position(html, "site-name\">大阪国際がんセンター") < position(html, "site-name\">国立がん研究センター中央病院"));
  CHECK(html.find("https://www.google.com/maps/search/?api=1&amp;query=34.6840,135.5214") != std::string::npos);
  const auto plain = renderer().trial({t, {}, {}}, page_context("ja", "/trials/jRCT2031240001"));
  CHECK(position(plain, "site-name\">国立がん研究センター中央病院") < position(plain, "site-name\">大阪国際がんセンター"));
}

TEST_CASE("Renderer::trial warns when the record is more than 12 months old") {
  auto t = sample_trial();
  auto ctx = page_context("ja", "/trials/jRCT2031240001");
  CHECK(renderer().trial({t, {}, {}}, ctx).find("12か月以上更新されていません") == std::string::npos);
  t.dates->last_updated = "2025-11-20";
  CHECK(renderer().trial({t, {}, {}}, ctx).find("12か月以上更新されていません") != std::string::npos);
  t.dates->last_updated = "2025-11-21";
  CHECK(renderer().trial({t, {}, {}}, ctx).find("12か月以上更新されていません") == std::string::npos);
}

TEST_CASE("version history names the fields that changed") {
  frontend::TrialView tv{sample_trial(), {}, {{3, "2026-05-20T10:00:00Z", {"/recruitment_status", "/eligibility/inclusion"}}}};
  const auto ja = renderer().trial(tv, page_context("ja", "/trials/jRCT2031240001"));
  CHECK(ja.find("募集状況、参加できる方") != std::string::npos);
  CHECK(ja.find("2026年5月20日") != std::string::npos);
  const auto en = renderer().trial(tv, page_context("en", "/trials/jRCT2031240001"));
  CHECK(en.find("Recruitment status, Eligibility") != std::string::npos);
}

TEST_CASE("pages switch language with a link and translate their labels") {
  const auto& r = renderer();
  frontend::TrialView tv{sample_trial(), {}, {}};
  const auto ja = r.trial(tv, page_context("ja", "/trials/jRCT2031240001"));
  const auto en = r.trial(tv, page_context("en", "/trials/jRCT2031240001", {{"lang", "en"}}));
  CHECK(ja.find("<html lang=\"ja\">") != std::string::npos);
  CHECK(en.find("<html lang=\"en\">") != std::string::npos);
  CHECK(ja.find("href=\"/trials/jRCT2031240001?lang=en\" lang=\"en\" hreflang=\"en\"") != std::string::npos);
  CHECK(en.find("href=\"/trials/jRCT2031240001\" lang=\"ja\" hreflang=\"ja\"") != std::string::npos);
  CHECK(ja.find(">English<") != std::string::npos);
  CHECK(en.find(">日本語<") != std::string::npos);
  CHECK(ja.find("参加できる方") != std::string::npos);
  CHECK(en.find("Who can take part") != std::string::npos);
  CHECK(en.find("参加できる方") == std::string::npos);
  CHECK(en.find("Recruiting") != std::string::npos);
  CHECK(en.find("A study comparing a new oral drug") != std::string::npos);
  // Links inside the English site stay English.
  CHECK(en.find("href=\"/glossary?lang=en\"") != std::string::npos);
  CHECK(ja.find("href=\"/glossary\"") != std::string::npos);
}

TEST_CASE("the English pages show no Japanese UI text") {
  const auto& r = renderer();
  auto ctx = page_context("en", "/about", {{"lang", "en"}});
  for (const auto& html : {r.about(ctx), r.glossary(ctx), r.top({7}, ctx), r.not_found(ctx)}) {
    // Only the link back to Japanese is written in Japanese.
    auto stripped = html;
    for (const std::string own : {"日本語で表示", "日本語"})
      for (auto pos = stripped.find(own); pos != std::string::npos; pos = stripped.find(own)) stripped.erase(pos, own.size());
    bool has_kana = false;
    for (std::size_t i = 0; i + 2 < stripped.size(); ++i)
      if (static_cast<unsigned char>(stripped[i]) == 0xE3 && (static_cast<unsigned char>(stripped[i + 1]) == 0x81 ||
                                                             static_cast<unsigned char>(stripped[i + 1]) == 0x82))
        has_kana = true;
    CHECK_FALSE(has_kana);
  }
}

TEST_CASE("Renderer::top links common conditions, near me and the glossary") {
  const auto html = renderer().top({123}, page_context("ja"));
  CHECK(html.find("href=\"/search?q=%E8%82%BA%E3%81%8C%E3%82%93\">肺がん<") != std::string::npos);
  CHECK(html.find("アトピー性皮膚炎") != std::string::npos);
  CHECK(html.find("現在 123 件の研究が参加者を募集しています") != std::string::npos);
  CHECK(html.find("<option value=\"35.6895,139.6917\">東京都</option>") != std::string::npos);
  CHECK(html.find("href=\"/glossary\"") != std::string::npos);
  CHECK(html.find("name=\"q\"") != std::string::npos);
  CHECK(renderer().top({}, page_context("ja")).find("件の研究が参加者を募集しています") == std::string::npos);
}

TEST_CASE("the 404 and error pages keep a search box and stay out of the index") {
  const auto& r = renderer();
  for (const auto& html : {r.not_found(page_context("ja", "/nope")), r.error({500, {}}, page_context("ja", "/search"))}) {
    CHECK(html.find("role=\"search\"") != std::string::npos);
    CHECK(html.find("<meta name=\"robots\" content=\"noindex\">") != std::string::npos);
    CHECK(html.find("rel=\"canonical\"") == std::string::npos);
  }
  frontend::ErrorView bad{400, {{"age", "0–150 の数値で指定してください", "must be a number from 0–150"}}};
  const auto html = r.error(bad, page_context("ja", "/search", {{"q", "肺がん"}, {"age", "abc"}}));
  CHECK(html.find("<code>age</code>: 0–150 の数値で指定してください") != std::string::npos);
  CHECK(html.find("value=\"肺がん\"") != std::string::npos);
}

TEST_CASE("Renderer::error says what went wrong for each status, in both languages") {
  const auto& r = renderer();
  struct Case {
    frontend::ErrorView view;
    const char *ja, *en;
  };
  const std::vector<Case> cases = {
      {{429, {}, 17}, "17 秒ほど待ってから", "wait about 17 seconds"},
      {{405, {}}, "このページでは使えない操作です", "This page can only be viewed"},
      {{413, {}}, "送信された内容が大きすぎます", "The request is too large"},
      {{414, {}}, "URL が長すぎる", "the address, is too long"},
      {{400, {}}, "リクエストを読み取れませんでした", "The request could not be read"},
      {{503, {}}, "ただいま準備中です", "Not ready yet"},
      {{500, {}}, "エラーが発生しました", "Something went wrong"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.view.status);
    CHECK(r.error(c.view, page_context("ja", "/search")).find(c.ja) != std::string::npos);
    CHECK(r.error(c.view, page_context("en", "/search")).find(c.en) != std::string::npos);
  }
}

TEST_CASE("Renderer::glossary explains the terms patients meet") {
  const auto html = renderer().glossary(page_context("ja", "/glossary"));
  for (const char* term : {"治験", "臨床研究", "特定臨床研究", "第Ⅰ相試験", "第Ⅱ相試験", "第Ⅲ相試験", "プラセボ", "無作為化", "盲検",
                           "DCT", "インフォームド・コンセント", "適格基準", "一括審査", "国際共同試験", "FIH", "希少疾病",
                           "ドラッグ・ロス", "再生医療"})
    CHECK_MESSAGE(html.find(term) != std::string::npos, term);
  CHECK(html.find("id=\"placebo\"") != std::string::npos);
}

TEST_CASE("version history calls the first version that, not a list of every field") {
  frontend::TrialView tv{sample_trial(), {}, {{1, "2024-04-12T09:00:00Z", {"/public_title", "/conditions", "/sites"}}}};
  const auto html = renderer().trial(tv, page_context("ja", "/trials/jRCT2031240001"));
  CHECK(html.find("<td>初版</td>") != std::string::npos);
  CHECK(html.find("実施医療機関</td>") == std::string::npos);
}

TEST_CASE("links with an aria-label include their visible text (WCAG 2.5.3)") {
  frontend::TrialView tv{sample_trial(), {}, {}};
  for (const std::string lang : {"ja", "en"}) {
    const auto html = renderer().trial(tv, page_context(lang, "/trials/jRCT2031240001"));
    const std::string open = "aria-label=\"";
    std::size_t checked = 0;
    for (auto pos = html.find(open); pos != std::string::npos; pos = html.find(open, pos + 1)) {
      const auto start = pos + open.size();
      const std::string label = html.substr(start, html.find('"', start) - start);
      const auto tag_end = html.find('>', start);
      if (html.compare(html.rfind('<', pos), 2, "<a") != 0) continue;
      const std::string text = html.substr(tag_end + 1, html.find('<', tag_end) - tag_end - 1);
      CAPTURE(label);
      CHECK(label.find(text) != std::string::npos);
      ++checked;
    }
    CHECK(checked >= 3);
  }
}
