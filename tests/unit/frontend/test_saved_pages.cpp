// /saved, /compare and /saved/print as rendered (frontend/saved.cpp).
#include <doctest/doctest.h>

#include "frontend/saved.hpp"
#include "frontend_fixtures.hpp"

using namespace rinsho;
using namespace rinsho::testing;

namespace {

model::Trial trial_with_id(const std::string& id, const std::string& title) {
  auto t = sample_trial();
  t.id = id;
  t.public_title = {title, title + " (en)"};
  return t;
}

bool has(const std::string& html, const std::string& s) { return html.find(s) != std::string::npos; }

}  // namespace

TEST_CASE("saved_page: without ids it explains saving and bookmarking; with ids it lists, compares and prints") {
  const auto& r = renderer();
  const auto empty = frontend::saved_page(r, {}, page_context("en", "/saved", {{"lang", "en"}}));
  CHECK(has(empty, "You have not saved any studies yet"));
  CHECK(has(empty, "Without JavaScript, or to use another device, bookmark each study"));
  CHECK(has(empty, "https://rinsho.example/saved?ids=jRCT2031240001%2CjRCT1031240002&amp;lang=en"));
  CHECK(has(empty, R"~(data-saved-page data-ids="")~"));
  CHECK(has(empty, R"~(<meta name="robots" content="noindex">)~"));
  CHECK(!has(empty, "action=\"/compare\""));

  frontend::SavedView view;
  view.trials = {trial_with_id("jRCT2031240001", "一つ目"), trial_with_id("jRCT2031240002", "二つ目"),
                 trial_with_id("jRCT2031240003", "三つ目"), trial_with_id("jRCT2031240004", kXss)};
  view.missing = {"jRCT2999999999"};
  const auto html = frontend::saved_page(r, view, page_context("ja", "/saved"));
  CHECK(has(html, "4件の研究"));
  CHECK(has(html, "jRCT2999999999"));
  CHECK(has(html, kXssEscaped));
  CHECK(!has(html, kXss));
  CHECK(!has_inline_script_or_style(html));
  CHECK(has(html, R"~(data-save="jRCT2031240004" aria-pressed="false" hidden>保存</button>)~"));
  // The compare form: checkboxes named ids, the first three checked.
  CHECK(has(html, R"~(<form class="card compare-form" action="/compare" method="get">)~"));
  CHECK(has(html, R"~(name="ids" value="jRCT2031240003" checked>)~"));
  CHECK(has(html, R"~(name="ids" value="jRCT2031240004">)~"));
  CHECK(has(html, R"~(href="/saved/print?ids=jRCT2031240001%2CjRCT2031240002%2CjRCT2031240003%2CjRCT2031240004")~"));
  CHECK(has(html, R"~(value="https://rinsho.example/saved?ids=jRCT2031240001%2CjRCT2031240002%2CjRCT2031240003%2CjRCT2031240004")~"));

  view.trials.resize(1);
  CHECK(has(frontend::saved_page(r, view, page_context("ja", "/saved")), "2件以上保存すると"));
}

TEST_CASE("compare_page: one block per attribute with each trial's value, the nearest site when a place is given") {
  const auto& r = renderer();
  frontend::CompareView view;
  view.trials = {trial_with_id("jRCT2031240001", "一つ目"), trial_with_id("jRCT2031240002", "二つ目")};
  view.trials[1].burden->visits = 4;
  view.trials[1].burden->placebo_possible = true;
  view.trials[1].sites->erase(view.trials[1].sites->begin());  // no Tokyo site: the nearest is Osaka
  view.trials[1].eligibility.min_age_years = 65;
  view.trials[1].eligibility.max_age_years.reset();
  const auto plain = frontend::compare_page(r, view, page_context("en", "/compare", {{"lang", "en"}}));
  CHECK(has(plain, "Choose a place above to see it"));
  view.near = search::GeoPoint{35.6895, 139.6917};  // Tokyo
  const auto en = frontend::compare_page(r, view, page_context("en", "/compare", {{"lang", "en"}}));
  for (const char* h : {"Recruitment status", "Phase", "Nearest site", "Clinic visits (approx.)", "Overnight stays", "Placebo",
                        "Cost to you", "Payment", "Taking part from home", "Age"})
    CHECK(has(en, std::string(">") + h + "</h2>"));
  CHECK(has(en, "National Cancer Center Hospital (Tokyo, Chuo-ku) — about 7.6 km"));
  CHECK(has(en, "Osaka International Cancer Institute"));
  CHECK(has(en, "<dd>30</dd>"));
  CHECK(has(en, "<dd>4</dd>"));
  CHECK(has(en, "65 years and over"));
  // Rows stack the trials' values (no table that scrolls sideways on a phone).
  CHECK(!has(en, "<table"));
  CHECK(has(en, R"~(<dl class="cmp-values">)~"));
  const auto ja = frontend::compare_page(r, view, page_context("ja", "/compare"));
  CHECK(has(ja, ">最寄りの実施医療機関</h2>"));
  CHECK(has(ja, "国立がん研究センター中央病院 (東京都中央区) — 約7.6 km"));
  CHECK(!has_inline_script_or_style(ja));
}

TEST_CASE("print_page: each trial's id, title, status, contact and a QR code of its page") {
  const auto& r = renderer();
  frontend::SavedView view;
  view.trials = {trial_with_id("jRCT2031240001", "一つ目"), trial_with_id("jRCT2031240002", kXss)};
  const auto html = frontend::print_page(r, view, page_context("ja", "/saved/print"));
  CHECK(has(html, "<h2 id=\"p-jRCT2031240001\">一つ目</h2>"));
  CHECK(has(html, "0120-000-123"));
  CHECK(has(html, "trials@rinsho-pharma.example.jp"));
  CHECK(has(html, "https://rinsho.example/trials/jRCT2031240002"));
  CHECK(has(html, R"~(role="img" aria-label="jRCT2031240002 のページを開く QR コード")~"));
  CHECK(has(html, kXssEscaped));
  CHECK(!has(html, kXss));
  std::size_t svgs = 0;
  for (auto p = html.find("<svg"); p != std::string::npos; p = html.find("<svg", p + 1)) ++svgs;
  CHECK(svgs == 2);
}
