// What a FHIR consumer relies on in an exported ResearchStudy: identifier systems, real code
// systems, a narrative, reasonStopped, and keywords tagged with their own language.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "linkage/exporter.hpp"
#include "support/import_run.hpp"

using namespace rinsho;
using linkage::ExportFormat;
using nlohmann::json;

namespace {

json record(const char* id) { return json::parse(testing::sample_record_text(id)); }

json fhir(const json& r) { return json::parse(linkage::export_trial(ExportFormat::fhir, r)); }

const char* kLanguage = "http://hl7.org/fhir/StructureDefinition/language";

}  // namespace

TEST_CASE("fhir_research_study gives every identifier the system of its registry") {
  auto r = record("jRCT2042190012");  // NCT and JapicCTI
  r["secondary_ids"].push_back({{"registry", "UMIN"}, {"id", "UMIN000012345"}});
  r["secondary_ids"].push_back({{"registry", "Some Registry"}, {"id", "SR-1"}});
  const auto ids = fhir(r)["identifier"];
  REQUIRE(ids.size() == 5);
  CHECK(ids[0] == json::parse(R"J({"use":"official","system":"https://jrct.niph.go.jp","value":"jRCT2042190012"})J"));
  CHECK(ids[1]["system"] == "https://clinicaltrials.gov");
  CHECK(ids[2] == json::parse(R"J({"use":"secondary","system":"https://www.clinicaltrials.jp","value":")J" +
                              r["secondary_ids"][1]["id"].get<std::string>() + R"J(","assigner":{"display":"JapicCTI"}})J"));
  CHECK(ids[3] == json::parse(R"J({"use":"secondary","system":"https://www.umin.ac.jp/ctr","value":"UMIN000012345","assigner":{"display":"UMIN"}})J"));
  // A registry without a known namespace: rinsho's documented fallback system, the registry named in type.
  CHECK(ids[4] == json::parse(R"J({"use":"secondary","type":{"text":"Some Registry"},
      "system":"urn:uuid:660f5478-5f63-4673-bdac-00688d49ed6f","value":"SR-1","assigner":{"display":"Some Registry"}})J"));
}

TEST_CASE("fhir_research_study codes study type in NCI Thesaurus and category and arms in rinsho's documented systems") {
  const auto r = fhir(record("jRCT2031240001"));
  CHECK(r["category"] == json::parse(R"J([
      {"coding":[{"system":"http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl","code":"C98388","display":"Interventional Study"}]},
      {"coding":[{"system":"urn:uuid:4e05a204-6b7b-4fb1-8437-8520e0b95dd0","code":"corporate_trial","display":"Corporate clinical trial (chiken)"}]}])J"));
  CHECK(r["arm"][0]["type"] == json::parse(R"J({"coding":[{"system":"urn:uuid:3b42d0df-a042-4df8-a279-46d8166c8e4a","code":"drug"}]})J"));
  CHECK(fhir(record("jRCT1032190004"))["category"][0]["coding"][0]["code"] == "C16084");  // observational
  // No placeholder domain anywhere in the resource.
  CHECK(r.dump().find(".example/fhir") == std::string::npos);
}

TEST_CASE("fhir_research_study carries a generated XHTML narrative") {
  const auto text = fhir(record("jRCT2031240001"))["text"];
  CHECK(text["status"] == "generated");
  CHECK(text["div"] ==
        "<div xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\" xml:lang=\"en\"><p><b>A study comparing a new oral drug with "
        "standard treatment in advanced non-small cell lung cancer with an EGFR mutation</b></p><table><tbody>"
        "<tr><th>Identifier</th><td>jRCT2031240001</td></tr><tr><th>Study type</th><td>Interventional</td></tr>"
        "<tr><th>Phase</th><td>Phase 3</td></tr><tr><th>Status</th><td>Recruiting</td></tr>"
        "<tr><th>Conditions</th><td>Non-small cell lung cancer</td></tr>"
        "<tr><th>Sponsor</th><td>Rinsho Pharmaceutical Co., Ltd.</td></tr>"
        "<tr><th>Period</th><td>2024-06-01 \u2013 2028-03-31</td></tr><tr><th>Target enrolment</th><td>600</td></tr>"
        "</tbody></table></div>");
  auto hostile = record("jRCT2031240001");
  hostile["public_title"]["en"] = "<script>&\"";
  CHECK(fhir(hostile)["text"]["div"].get<std::string>().find("<b>&lt;script&gt;&amp;&quot;</b>") != std::string::npos);
}

TEST_CASE("fhir_research_study says why a stopped study stopped") {
  const auto terminated = fhir(record("jRCT2032210070"));
  CHECK(terminated["status"] == "administratively-completed");
  const auto reason = terminated["reasonStopped"]["text"].get<std::string>();
  CHECK(reason.starts_with("Terminated before its planned end. The trial was stopped in March 2025"));
  CHECK(terminated["reasonStopped"]["_text"]["extension"][0]["extension"][1]["valueString"].get<std::string>().starts_with(
      "予定より早く中止。独立データモニタリング委員会"));
  CHECK(fhir(record("jRCT2042240017"))["reasonStopped"]["text"] == "Withdrawn before enrolling participants");
  CHECK(fhir(record("jRCT2032230010"))["reasonStopped"]["text"] == "Suspended");
  CHECK(!fhir(record("jRCT2031240001")).contains("reasonStopped"));
}

TEST_CASE("fhir_research_study tags Japanese keywords as Japanese in an English resource") {
  const auto r = fhir(record("jRCT1032190004"));  // デュルバルマブ, durvalumab, 化学放射線療法, 放射線肺臓炎, real-world
  REQUIRE(r["language"] == "en");
  REQUIRE(r["keyword"].size() == 5);
  const json ja = {{"extension", {{{"url", kLanguage}, {"valueCode", "ja"}}}}};
  CHECK(r["keyword"][0] == json{{"text", "デュルバルマブ"}, {"_text", ja}});
  CHECK(r["keyword"][1] == json{{"text", "durvalumab"}});
  CHECK(r["keyword"][2]["_text"] == ja);
  CHECK(r["keyword"][4] == json{{"text", "real-world"}});
  // In a Japanese resource it is the English text that says so.
  auto t = record("jRCT1032190004");
  t["public_title"].erase("en");
  const auto j = fhir(t);
  CHECK(j["language"] == "ja");
  CHECK(j["keyword"][0] == json{{"text", "デュルバルマブ"}});
  CHECK(j["keyword"][1]["_text"]["extension"][0]["valueCode"] == "en");
  CHECK(!j.contains("_title"));
  CHECK(j["_description"]["extension"][0] == json{{"url", kLanguage}, {"valueCode", "en"}});
}

TEST_CASE("export_trial_media_type: one resource is FHIR JSON, a stream is NDJSON") {
  CHECK(linkage::export_trial_media_type(ExportFormat::fhir) == "application/fhir+json");
  CHECK(linkage::export_media_type(ExportFormat::fhir) == "application/fhir+ndjson");
  CHECK(linkage::export_trial_media_type(ExportFormat::trds_xml) == "application/xml; charset=utf-8");
  CHECK(linkage::export_trial_media_type(ExportFormat::ctgov_json) == "application/json");
}
