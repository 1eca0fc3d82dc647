// Atom feeds (frontend/atom.cpp, frontend/feeds.cpp): well-formed whatever registrants typed, with
// stable entry ids and change descriptions in the reader's language.
#include <doctest/doctest.h>

#include <pugixml.hpp>

#include "frontend/atom.hpp"
#include "frontend/feeds.hpp"
#include "frontend/i18n.hpp"
#include "frontend_fixtures.hpp"

using namespace rinsho;
using namespace rinsho::testing;

namespace {

pugi::xml_document parse_xml(const std::string& xml) {
  pugi::xml_document doc;
  const auto ok = doc.load_string(xml.c_str());
  INFO(ok.description());
  INFO(xml);
  REQUIRE(ok);
  return doc;
}

std::vector<std::string> entry_texts(const pugi::xml_document& doc, const char* child) {
  std::vector<std::string> out;
  for (auto e : doc.child("feed").children("entry")) out.push_back(e.child(child).text().get());
  return out;
}

frontend::TrialFeedView two_versions() {
  frontend::TrialFeedView v{sample_trial(), {}};
  v.versions.push_back({1, "2026-01-10T09:00:00.000Z", {"/public_title", "/eligibility"}, ""});
  v.versions.push_back({2, "2026-02-03T10:30:00.000Z", {"/eligibility/min_age_years", "/recruitment_status"}, ""});
  return v;
}

}  // namespace

TEST_CASE("xml_text: ill-formed UTF-8 becomes U+FFFD and characters XML forbids are dropped") {
  CHECK(frontend::xml_text("肺がん") == "肺がん");
  CHECK(frontend::xml_text("a\xff" "b") == "a\xEF\xBF\xBD" "b");
  CHECK(frontend::xml_text("\xE8\x82") == "\xEF\xBF\xBD\xEF\xBF\xBD");         // cut short
  CHECK(frontend::xml_text("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");         // overlong '/'
  CHECK(frontend::xml_text("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
  CHECK(frontend::xml_text(std::string("a\x01\x1f\tb\n", 7)) == "a\tb\n");
  CHECK(frontend::xml_text("x\xEF\xBF\xBEy") == "xy");                       // U+FFFE
}

TEST_CASE("render_atom: markup, ill-formed UTF-8 and control characters in titles stay well-formed XML") {
  frontend::AtomFeed f;
  f.id = "https://rinsho.example/search.atom?q=%3Cb%3E";
  f.title = "検索 \"<b>&amp;</b>\"";
  f.updated = "2026-02-03T10:30:00.000Z";
  f.self = "https://rinsho.example/search.atom?q=a&b=\"c\"";
  f.alternate = "https://rinsho.example/search?q=a";
  f.lang = "ja";
  f.author = "rinsho";
  f.entries.push_back({"https://rinsho.example/trials/jRCT2031240001#v1", kXss + " & \x01\xff end",
                       "2026-02-03T10:30:00.000Z", "https://rinsho.example/trials/jRCT2031240001", "]]> <![CDATA[ x"});
  const auto xml = frontend::render_atom(f);
  CHECK(xml.find("<script>") == std::string::npos);
  CHECK(xml.find("&#1;") == std::string::npos);
  const auto doc = parse_xml(xml);
  const auto feed = doc.child("feed");
  CHECK(std::string(feed.attribute("xmlns").value()) == "http://www.w3.org/2005/Atom");
  CHECK(std::string(feed.child("title").text().get()) == f.title);
  CHECK(std::string(feed.find_child_by_attribute("link", "rel", "self").attribute("href").value()) == f.self);
  CHECK(std::string(feed.child("author").child("name").text().get()) == "rinsho");
  CHECK(entry_texts(doc, "title") == std::vector<std::string>{kXss + " & \xEF\xBF\xBD end"});
  CHECK(entry_texts(doc, "summary") == std::vector<std::string>{"]]> <![CDATA[ x"});
}

TEST_CASE("trial_feed: one entry per version, newest first, each naming what changed in the reader's language") {
  const auto& m = renderer().messages();
  const auto view = two_versions();
  const auto ja = parse_xml(frontend::render_atom(frontend::trial_feed(view, page_context("ja", "/trials/jRCT2031240001.atom"), m)));
  const auto en = parse_xml(frontend::render_atom(
      frontend::trial_feed(view, page_context("en", "/trials/jRCT2031240001.atom", {{"lang", "en"}}), m)));
  const std::vector<std::string> ids = {"https://rinsho.example/trials/jRCT2031240001#v2",
                                        "https://rinsho.example/trials/jRCT2031240001#v1"};
  // The same ids in both languages and in every request: readers must not see an entry twice.
  CHECK(entry_texts(ja, "id") == ids);
  CHECK(entry_texts(en, "id") == ids);
  CHECK(entry_texts(en, "updated") == std::vector<std::string>{"2026-02-03T10:30:00.000Z", "2026-01-10T09:00:00.000Z"});
  CHECK(std::string(en.child("feed").child("updated").text().get()) == "2026-02-03T10:30:00.000Z");
  const auto en_summaries = entry_texts(en, "summary");
  CHECK(en_summaries[0] == "What changed: Eligibility, Recruitment status");
  CHECK(en_summaries[1] == "Newly registered (version 1)");
  CHECK(entry_texts(ja, "summary")[0] == "変更された項目: 参加できる方、募集状況");
  CHECK(entry_texts(en, "title")[0].starts_with("Version 2: "));
  auto link = en.child("feed").child("entry").find_child_by_attribute("link", "rel", "alternate");
  CHECK(std::string(link.attribute("href").value()) == "https://rinsho.example/trials/jRCT2031240001?lang=en");
  CHECK(std::string(en.child("feed").attribute("xml:lang").value()) == "en");
}

TEST_CASE("search_feed: the search's links without paging, one entry per trial version") {
  const auto& m = renderer().messages();
  frontend::SearchFeedView view;
  view.request.q = "肺がん";
  view.now = "2026-03-01T00:00:00.000Z";
  view.items.push_back({sample_hit("jRCT2031240001", kXss), {3, "2026-02-03T10:30:00.000Z", {"/sites"}, ""}});
  const auto ctx = page_context("en", "/search.atom", {{"q", "肺がん"}, {"status", "recruiting"}, {"page", "2"}, {"lang", "en"}});
  const auto feed = frontend::search_feed(view, ctx, m);
  CHECK(feed.self == "https://rinsho.example/search.atom?q=%E8%82%BA%E3%81%8C%E3%82%93&status=recruiting&lang=en");
  CHECK(feed.alternate == "https://rinsho.example/search?q=%E8%82%BA%E3%81%8C%E3%82%93&status=recruiting&lang=en");
  const auto doc = parse_xml(frontend::render_atom(feed));
  CHECK(entry_texts(doc, "id") == std::vector<std::string>{"https://rinsho.example/trials/jRCT2031240001#v3"});
  CHECK(entry_texts(doc, "title") == std::vector<std::string>{kXss});
  CHECK(entry_texts(doc, "summary")[0].find("What changed: Sites") != std::string::npos);
  // Nothing matched: still a valid feed, dated now.
  view.items.clear();
  CHECK(frontend::search_feed(view, ctx, m).updated == "2026-03-01T00:00:00.000Z");
}

TEST_CASE("results and trial pages link their feeds in <head> and visibly") {
  const auto& r = renderer();
  frontend::TrialView tv{sample_trial(), std::nullopt, {}};
  const auto trial = r.trial(tv, page_context("en", "/trials/jRCT2031240001", {{"lang", "en"}}));
  CHECK(trial.find(R"~(<link rel="alternate" type="application/atom+xml" title="Feed (Atom)" href="/trials/jRCT2031240001.atom?lang=en">)~") !=
        std::string::npos);
  CHECK(trial.find(R"~(<a href="/trials/jRCT2031240001.atom?lang=en" type="application/atom+xml">Follow updates to this study (feed)</a>)~") !=
        std::string::npos);
  frontend::ResultsView rv;
  rv.request.q = "肺がん";
  rv.result.hits.push_back(sample_hit("jRCT2031240001", "t"));
  rv.result.total_estimated = 1;
  const auto results = r.results(rv, page_context("ja", "/search", {{"q", "肺がん"}, {"sort", "newest"}, {"page", "1"}}));
  CHECK(results.find(R"~(<link rel="alternate" type="application/atom+xml" title="フィード (Atom)" href="/search.atom?q=%E8%82%BA%E3%81%8C%E3%82%93">)~") !=
        std::string::npos);
  CHECK(results.find(R"~(<a href="/search.atom?q=%E8%82%BA%E3%81%8C%E3%82%93" type="application/atom+xml">)~") != std::string::npos);
}
