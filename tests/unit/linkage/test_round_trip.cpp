// Export to WHO TRDS XML (ICTRP layout) and import back: none of the 24 TRDS items may be lost.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "linkage/exporter.hpp"
#include "support/import_run.hpp"

using namespace rinsho;
using linkage::ExportFormat;
using linkage::ImportFormat;
using Outcome = linkage::ImportedRecord::Outcome;
using nlohmann::json;

namespace {

// The sample trial, completed with the TRDS items it leaves empty (6 secondary sponsor,
// 23 summary results, part of 24) so that every item is exercised.
json full_sample() {
  auto t = json::parse(testing::read_file(testing::source_dir() / "sample_trials/records/jRCT2031240001.json"));
  t["sponsor"]["secondary"] = json::parse(R"J([{"ja":"日本臨床腫瘍研究グループ","en":"Japan Clinical Oncology Group"}])J");
  t["results_summary"] = json::parse(R"J({"ja":"主要評価項目を達成した。","en":"The primary endpoint was met."})J");
  t["ipd_sharing"]["description"] = json::parse(R"J({"ja":"論文公表後に共有する。","en":"Shared after publication."})J");
  t["contacts"]["scientific"]["phone"] = "03-3542-2511";
  return t;
}

json imported(ImportFormat format, const std::string& text) {
  const auto run = testing::run_import(format, text);
  REQUIRE(run.status.has_value());
  REQUIRE(run.records.size() == 1);
  CAPTURE(testing::ImportRun::reasons(run.records[0]));
  REQUIRE(run.records[0].outcome == Outcome::mapped);
  return *run.records[0].record;
}

// Keeps only the listed keys of an object (the parts of a value a TRDS item covers).
json only(json v, std::initializer_list<const char*> keys) {
  json out = json::object();
  for (const char* k : keys)
    if (v.contains(k)) out[k] = v[k];
  return out;
}

struct Item {
  int number;
  const char* name;
  std::function<json(const json&)> part;  // the record's value for this item
};

}  // namespace

TEST_CASE("export_trial(trds_xml) then import_stream(ictrp_xml) keeps all 24 WHO TRDS items") {
  // Completed, so that its completion date is an actual one: TRDS has no item for a planned date.
  auto original = full_sample();
  original["recruitment_status"] = "completed";
  const auto xml = linkage::export_trial(ExportFormat::trds_xml, original);
  const auto back = imported(ImportFormat::ictrp_xml, xml);
  auto at = [](const char* pointer) { return [p = json::json_pointer(pointer)](const json& r) { return r.contains(p) ? r[p] : json(); }; };
  // Contacts: TRDS asks for name, email, telephone and affiliation; url and department are rinsho's own.
  auto contact = [](const char* role) {
    return [role](const json& r) { return only(r["contacts"][role], {"name", "organization", "email", "phone"}); };
  };
  const std::vector<Item> items = {
      {1, "Primary registry and trial identifying number", at("/id")},
      {2, "Date of registration in primary registry", at("/dates/registered")},
      {3, "Secondary identifying numbers", at("/secondary_ids")},
      {4, "Source(s) of monetary or material support", at("/sponsor/funding")},
      {5, "Primary sponsor", at("/sponsor/primary")},
      {6, "Secondary sponsor(s)", at("/sponsor/secondary")},
      {7, "Contact for public queries", contact("public")},
      {8, "Contact for scientific queries", contact("scientific")},
      {9, "Public title", at("/public_title")},
      {10, "Scientific title", at("/scientific_title")},
      {11, "Countries of recruitment", at("/countries")},
      {12, "Health condition(s) or problem(s) studied", at("/conditions")},
      {13, "Intervention(s)", [](const json& r) {
         json out = json::array();  // approval_status is a jRCT item, not TRDS
         for (const auto& i : r["interventions"]) out.push_back(only(i, {"type", "name", "description"}));
         return out;
       }},
      {14, "Key inclusion and exclusion criteria",
       [](const json& r) { return only(r["eligibility"], {"inclusion", "exclusion", "min_age_years", "max_age_years", "sex"}); }},
      {15, "Study type", [](const json& r) { return json{r["study_type"], r["phase"], r["design"]}; }},
      {16, "Date of first enrollment", at("/dates/first_enrollment")},
      {17, "Sample size", at("/target_enrollment")},
      {18, "Recruitment status", at("/recruitment_status")},
      {19, "Primary outcome(s)", at("/outcomes/primary")},
      {20, "Key secondary outcomes", at("/outcomes/secondary")},
      {21, "Ethics review", at("/ethics_review")},
      {22, "Completion date", at("/dates/completion")},
      {23, "Summary results", at("/results_summary")},
      {24, "IPD sharing statement", at("/ipd_sharing")},
  };
  REQUIRE(items.size() == 24);
  for (const auto& item : items) {
    CAPTURE(item.number);
    CAPTURE(item.name);
    const auto before = item.part(original);
    CHECK(!before.is_null());  // the sample exercises every item
    CHECK(item.part(back) == before);
  }
  // A second cycle changes nothing: export and import are each other's inverse on what TRDS carries.
  CHECK(imported(ImportFormat::ictrp_xml, linkage::export_trial(ExportFormat::trds_xml, back)) == back);
}

TEST_CASE("export_trial(trds_xml) writes the ICTRP layout") {
  const auto xml = linkage::export_trial(ExportFormat::trds_xml, full_sample());
  CHECK(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Trials_downloaded_from_ICTRP>\n  <Trial>\n"));
  CHECK(xml.find("<TrialID>JPRN-jRCT2031240001</TrialID>") != std::string::npos);
  CHECK(xml.find("<Source_Register>JPRN</Source_Register>") != std::string::npos);
  CHECK(xml.find("<Date_registration>12/04/2024</Date_registration>") != std::string::npos);
  CHECK(xml.find("<Countries>Japan;Korea, Republic of;Taiwan;United States</Countries>") != std::string::npos);
  CHECK(xml.find("<Condition>Non-small cell lung cancer;C34</Condition>") != std::string::npos);
  CHECK(xml.find("<Public_title_ja>EGFR遺伝子変異のある") != std::string::npos);
  CHECK(xml.find("&lt;br&gt;2) Advanced or recurrent disease") != std::string::npos);  // line breaks as ICTRP's <br>
  CHECK(xml.ends_with("  </Trial>\n</Trials_downloaded_from_ICTRP>\n"));
}

TEST_CASE("export_trial(ctgov_json) then import_stream(ctgov_json) keeps the English record and the sites") {
  const auto original = full_sample();
  const auto back = imported(ImportFormat::ctgov_json, linkage::export_trial(ExportFormat::ctgov_json, original));
  CHECK(!back.contains("id"));  // ClinicalTrials.gov records never set the rinsho id
  CHECK(back["secondary_ids"][0] == json::parse(R"J({"registry":"NCT","id":"NCT06123457"})J"));
  CHECK(back["public_title"]["en"] == original["public_title"]["en"]);
  CHECK(back["phase"] == "3");
  CHECK(back["recruitment_status"] == "recruiting");
  CHECK(back["countries"] == original["countries"]);
  CHECK(back["target_enrollment"] == 600);
  CHECK(back["dates"] == json::parse(R"J({"registered":"2024-04-12","first_enrollment":"2024-06-01","completion":"2028-03-31","last_updated":"2026-05-20"})J"));
  CHECK(back["eligibility"]["inclusion"]["en"] == original["eligibility"]["inclusion"]["en"]);
  CHECK(back["eligibility"]["exclusion"]["en"] == original["eligibility"]["exclusion"]["en"]);
  REQUIRE(back["sites"].size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(back["sites"][i]["prefecture"] == original["sites"][i]["prefecture"]);
    CHECK(back["sites"][i]["lat"] == original["sites"][i]["lat"]);
    CHECK(back["sites"][i]["name"]["en"] == original["sites"][i]["name"]["en"]);
  }
}
