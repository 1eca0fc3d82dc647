#include <doctest/doctest.h>

#include <pugixml.hpp>

#include "frontend/sitemap.hpp"
#include "frontend_fixtures.hpp"

using namespace rinsho;
using namespace rinsho::testing;

namespace {

std::vector<nlohmann::json> json_ld_blocks(const std::string& html) {
  std::vector<nlohmann::json> out;
  const std::string open = "<script type=\"application/ld+json\">";
  for (auto pos = html.find(open); pos != std::string::npos; pos = html.find(open, pos + 1)) {
    const auto start = pos + open.size();
    const auto end = html.find("</script>", start);
    out.push_back(nlohmann::json::parse(html.substr(start, end - start)));
  }
  return out;
}

}  // namespace

TEST_CASE("trial pages carry MedicalTrial JSON-LD that parses") {
  frontend::TrialView tv{sample_trial(), {}, {}};
  const auto html = renderer().trial(tv, page_context("ja", "/trials/jRCT2031240001"));
  const auto blocks = json_ld_blocks(html);
  REQUIRE(blocks.size() == 1);
  const auto& j = blocks[0];
  CHECK(j["@context"] == "https://schema.org");
  CHECK(j["@type"] == "MedicalTrial");
  CHECK(j["identifier"] == "jRCT2031240001");
  CHECK(j["url"] == "https://rinsho.example/trials/jRCT2031240001");
  CHECK(j["status"] == "https://schema.org/Recruiting");
  CHECK(j["healthCondition"][0]["code"]["codeValue"] == "C34");
  CHECK(j["trialDesign"].size() >= 2);
}

TEST_CASE("json_ld puts hospitals inside the prefectures that are the study's locations") {
  frontend::TrialView tv{sample_trial(), {}, {}};
  const auto j = json_ld_blocks(renderer().trial(tv, page_context("en", "/trials/jRCT2031240001", {{"lang", "en"}})))[0];
  // schema.org's studyLocation takes an AdministrativeArea; a Hospital is a Place an area contains.
  REQUIRE(j["studyLocation"].size() == 6);  // Tokyo, Osaka, Fukuoka, then KR, TW, US
  const auto& tokyo = j["studyLocation"][0];
  CHECK(tokyo["@type"] == "AdministrativeArea");
  CHECK(tokyo["name"] == "Tokyo");
  CHECK(tokyo["containedInPlace"] == nlohmann::json::parse(R"J({"@type":"Country","identifier":"JP"})J"));
  REQUIRE(tokyo["containsPlace"].size() == 1);
  CHECK(tokyo["containsPlace"][0]["@type"] == "Hospital");
  CHECK(tokyo["containsPlace"][0]["name"] == "National Cancer Center Hospital");
  CHECK(j["studyLocation"][3] == nlohmann::json::parse(R"J({"@type":"Country","identifier":"KR"})J"));
  // Page facts belong to the page about the study, not to the study.
  CHECK(!j.contains("inLanguage"));
  CHECK(!j.contains("datePublished"));
  CHECK(!j.contains("phase"));  // in schema.org's attic
  CHECK(j["subjectOf"]["@type"] == "WebPage");
  CHECK(j["subjectOf"]["inLanguage"] == "en");
  CHECK(j["subjectOf"]["datePublished"] == "2024-04-12");
}

TEST_CASE("json_ld types an observational study MedicalObservationalStudy") {
  auto t = sample_trial();
  t.study_type = "observational";
  const auto j = json_ld_blocks(renderer().trial({t, {}, {}}, page_context("ja", "/trials/jRCT2031240001")))[0];
  CHECK(j["@type"] == "MedicalObservationalStudy");
  CHECK(j["studyDesign"] == "https://schema.org/Observational");
  CHECK(!j.contains("trialDesign"));  // a MedicalTrial property
}

TEST_CASE("trial pages give each kind of outcome one <dt> and a <dd> per outcome") {
  frontend::TrialView tv{sample_trial(), {}, {}};
  const auto html = renderer().trial(tv, page_context("en", "/trials/jRCT2031240001", {{"lang", "en"}}));
  const auto start = html.find("<details class=\"detail\" id=\"d-outcomes\">");
  REQUIRE(start != std::string::npos);
  const auto block = html.substr(start, html.find("</details>", start) - start);
  CHECK(block.find("<div><dt>Secondary outcomes</dt><dd class=\"pre\">Overall survival (Time frame: Up to 5 years)</dd>"
                   "<dd class=\"pre\">Objective response rate</dd></div>") != std::string::npos);
  // One <dt> per kind: the Nu HTML checker warns on a duplicate <dt> name in one <dl>.
  std::size_t dts = 0;
  for (auto p = block.find("<dt>"); p != std::string::npos; p = block.find("<dt>", p + 1)) ++dts;
  CHECK(dts == 2);
}

TEST_CASE("JSON-LD cannot be closed early by text in the record") {
  auto t = sample_trial();
  t.public_title = {"</script><script>alert(1)</script>", "x"};
  const auto html = renderer().trial({t, {}, {}}, page_context("ja", "/trials/jRCT2031240001"));
  const auto blocks = json_ld_blocks(html);
  REQUIRE(blocks.size() == 1);
  CHECK(blocks[0]["name"] == "</script><script>alert(1)</script>");
  CHECK(html.find("</script><script>alert") == std::string::npos);
}

TEST_CASE("pages name their canonical URL and both language versions") {
  frontend::TrialView tv{sample_trial(), {}, {}};
  const auto en = renderer().trial(tv, page_context("en", "/trials/jRCT2031240001", {{"lang", "en"}}));
  CHECK(en.find("<link rel=\"canonical\" href=\"https://rinsho.example/trials/jRCT2031240001?lang=en\">") != std::string::npos);
  CHECK(en.find("<link rel=\"alternate\" hreflang=\"ja\" href=\"https://rinsho.example/trials/jRCT2031240001\">") != std::string::npos);
  CHECK(en.find("<link rel=\"alternate\" hreflang=\"en\" href=\"https://rinsho.example/trials/jRCT2031240001?lang=en\">") !=
        std::string::npos);
  CHECK(en.find("hreflang=\"x-default\"") != std::string::npos);
  CHECK(en.find("<meta property=\"og:type\" content=\"article\">") != std::string::npos);
  CHECK(en.find("<meta property=\"og:locale\" content=\"en_US\">") != std::string::npos);
  CHECK(en.find("<meta name=\"description\" content=\"Some lung cancers have a change") != std::string::npos);
  CHECK(en.find("<title>A study comparing a new oral drug with standard treatment in… | rinsho</title>") != std::string::npos);
  const auto top = renderer().top({1}, page_context("ja"));
  CHECK(top.find("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">") != std::string::npos);
  CHECK(top.find("<link rel=\"canonical\" href=\"https://rinsho.example/\">") != std::string::npos);
}

TEST_CASE("sitemap is well-formed XML with one <url> per page") {
  std::string xml = frontend::sitemap_begin();
  std::size_t urls = 0;
  for (const auto& p : frontend::static_page_paths()) {
    xml += frontend::sitemap_url("https://rinsho.example" + p);
    ++urls;
  }
  for (const char* id : {"jRCT2031240001", "jRCT1031240002", "jRCTs031240003"})
    for (const auto& p : frontend::trial_page_paths(id)) {
      xml += frontend::sitemap_url("https://rinsho.example" + p, "2026-05-20");
      ++urls;
    }
  xml += frontend::sitemap_end();
  pugi::xml_document doc;
  const auto parsed = doc.load_string(xml.c_str());
  CHECK_MESSAGE(parsed, parsed.description());
  const auto set = doc.child("urlset");
  CHECK(std::string(set.attribute("xmlns").value()) == "http://www.sitemaps.org/schemas/sitemap/0.9");
  std::size_t count = 0;
  for (auto u = set.child("url"); u; u = u.next_sibling("url")) ++count;
  CHECK(count == urls);
  CHECK(count == 6 + 3 * 2);
  CHECK(xml.find("<loc>https://rinsho.example/trials/jRCT2031240001?lang=en</loc><lastmod>2026-05-20</lastmod>") !=
        std::string::npos);
}

TEST_CASE("sitemap_url escapes XML and sitemap_index lists each part") {
  pugi::xml_document doc;
  const std::string one = frontend::sitemap_begin() + frontend::sitemap_url("https://x.example/?a=1&b=<2>") +
                          frontend::sitemap_end();
  REQUIRE(doc.load_string(one.c_str()));
  CHECK(std::string(doc.child("urlset").child("url").child_value("loc")) == "https://x.example/?a=1&b=<2>");
  const auto index = frontend::sitemap_index({"https://x.example/sitemap-1.xml", "https://x.example/sitemap-2.xml"});
  pugi::xml_document idx;
  REQUIRE(idx.load_string(index.c_str()));
  std::size_t count = 0;
  for (auto s = idx.child("sitemapindex").child("sitemap"); s; s = s.next_sibling("sitemap")) ++count;
  CHECK(count == 2);
}

TEST_CASE("robots_txt allows pages, keeps crawlers off the API and names the sitemap") {
  const auto robots = frontend::robots_txt("https://rinsho.example");
  CHECK(robots.find("User-agent: *") != std::string::npos);
  CHECK(robots.find("Disallow: /api/") != std::string::npos);
  CHECK(robots.find("Disallow: /\n") == std::string::npos);
  CHECK(robots.find("Sitemap: https://rinsho.example/sitemap.xml") != std::string::npos);
}

TEST_CASE("canonical URLs keep the query only on search pages") {
  frontend::TrialView tv{sample_trial(), search::GeoPoint{34.69, 135.52}, {}};
  const auto trial = renderer().trial(tv, page_context("ja", "/trials/jRCT2031240001", {{"near", "34.69,135.52"}}));
  CHECK(trial.find("<link rel=\"canonical\" href=\"https://rinsho.example/trials/jRCT2031240001\">") != std::string::npos);
  // The language switch keeps the place, so the English page lists the same sites first.
  CHECK(trial.find("href=\"/trials/jRCT2031240001?near=34.69%2C135.52&amp;lang=en\" lang=\"en\"") != std::string::npos);
  frontend::ResultsView rv;
  rv.request.q = "肺がん";
  const auto results = renderer().results(rv, page_context("en", "/search", {{"q", "肺がん"}, {"lang", "en"}}));
  CHECK(results.find("<link rel=\"canonical\" href=\"https://rinsho.example/search?q=%E8%82%BA%E3%81%8C%E3%82%93&amp;lang=en\">") !=
        std::string::npos);
}
