// ClinicalTrials.gov legacy XML (tests/data/ctgov_aact_fixtures/legacy_xml, 8 of the 62 records).
#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "support/import_run.hpp"

using namespace rinsho;
using linkage::ImportedRecord;
using linkage::ImportFormat;
using Outcome = ImportedRecord::Outcome;
using nlohmann::json;

namespace {

const json& mapped_only(const testing::ImportRun& run) {
  REQUIRE(run.status.has_value());
  REQUIRE(run.records.size() == 1);
  CAPTURE(testing::ImportRun::reasons(run.records[0]));
  REQUIRE(run.records[0].outcome == Outcome::mapped);
  return *run.records[0].record;
}

}  // namespace

TEST_CASE("import_stream(ctgov_xml) maps CheckMate-331 with its 20 Japanese sites and their prefectures") {
  const auto run = testing::run_import_file(ImportFormat::ctgov_xml, "ctgov_aact_fixtures/legacy_xml/NCT02481830.xml");
  const auto& t = mapped_only(run);
  CHECK(t["public_title"]["en"] ==
        "Effectiveness Study of Nivolumab Compared to Chemotherapy in Patients With Relapsed Small-cell Lung Cancer");
  CHECK(t["secondary_ids"] == json::parse(R"J([{"registry":"NCT","id":"NCT02481830"},
    {"registry":"Bristol-Myers Squibb","id":"CA209-331"},{"registry":"EudraCT","id":"2015-001097-18"}])J"));
  CHECK(t["keywords"] == json::array({"CheckMate331"}));
  CHECK(t["recruitment_status"] == "active_not_recruiting");
  CHECK(t["phase"] == "3");
  CHECK(t["target_enrollment"] == 803);
  CHECK(t["design"] == json::parse(R"J({"allocation":"randomized","masking":"open","purpose":"treatment","control":"active","arms":3})J"));
  CHECK(t["dates"]["first_enrollment"] == "2015-08-28");
  CHECK(t["dates"]["completion"] == "2019-11-30");
  CHECK(t["sponsor"]["primary"]["en"] == "Bristol-Myers Squibb");
  CHECK(t["sponsor"]["secondary"] == json::parse(R"J([{"en":"Ono Pharmaceutical Co. Ltd"}])J"));
  CHECK(t["conditions"] == json::parse(R"J([{"name":{"en":"Lung Cancer"}}])J"));
  CHECK(t["interventions"].size() == 3);
  CHECK(t["outcomes"]["primary"][0]["measure"]["en"] == "Overall survival (OS) in subjects with relapsed SCLC");
  REQUIRE(t["sites"].size() == 20);
  std::map<std::string, int> by_prefecture;
  for (const auto& s : t["sites"]) ++by_prefecture[s["prefecture"].get<std::string>()];
  // Aichi 2, Chiba 1, Ehime 1, Fukuoka 1, Hyogo 2, Miyagi 1, Niigata 1, Osaka 6, Saitama 1, Tokyo 3, Wakayama 1.
  CHECK(by_prefecture == std::map<std::string, int>{{"23", 2}, {"12", 1}, {"38", 1}, {"40", 1}, {"28", 2}, {"04", 1},
                                                    {"15", 1}, {"27", 6}, {"11", 1}, {"13", 3}, {"30", 1}});
  CHECK(t["sites"][0] == json::parse(R"J({"name":{"en":"Local Institution"},"prefecture":"23","city":{"en":"Nagoya-shi"}})J"));
  CHECK(std::find(t["countries"].begin(), t["countries"].end(), "JP") != t["countries"].end());
}

TEST_CASE("import_stream(ctgov_xml) maps NCT01029262's 11 Japanese sites from city names alone") {
  const auto run = testing::run_import_file(ImportFormat::ctgov_xml, "ctgov_aact_fixtures/legacy_xml/NCT01029262.xml");
  const auto& t = mapped_only(run);
  REQUIRE(t["sites"].size() == 11);
  std::vector<std::string> prefectures;
  for (const auto& s : t["sites"]) prefectures.push_back(s["prefecture"]);
  // Hiroshima, Isehara (Kanagawa), Kamogawa (Chiba), Kanazawa (Ishikawa), Nagasaki, Nagoya (Aichi),
  // Osaka, Sendai (Miyagi), Shibuya (Tokyo), Shimotsuke (Tochigi), Shinagawa (Tokyo).
  CHECK(prefectures == std::vector<std::string>{"34", "14", "12", "17", "42", "23", "27", "04", "13", "09", "13"});
  CHECK(t["design"]["masking"] == "quadruple");
  CHECK(t["design"]["control"] == "placebo");
  CHECK(t["contacts"]["scientific"] == json::parse(R"J({"name":{"en":"Albert Hoenekopp, MD"},"organization":{"en":"Celgene Corporation"}})J"));
  CHECK(t["eligibility"]["min_age_years"] == 18);
  CHECK(t["eligibility"].contains("inclusion"));
  CHECK(t["eligibility"].contains("exclusion"));
}

TEST_CASE("import_stream(ctgov_xml) reads many <clinical_study> documents from one stream") {
  std::string all;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(testing::test_data("ctgov_aact_fixtures/legacy_xml"))) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) all += testing::read_file(f);
  REQUIRE(files.size() == 8);
  const auto run = testing::run_import(ImportFormat::ctgov_xml, all);
  REQUIRE(run.status.has_value());
  CHECK(run.records.size() == 8);
  CHECK(run.count(Outcome::mapped) == 2);
  CHECK(run.count(Outcome::skipped) == 6);
  const auto every = testing::run_import(ImportFormat::ctgov_xml, all, {.all_countries = true});
  CHECK(every.count(Outcome::failed) == 2);
  const auto* withheld = every.find("NCT03182660");
  REQUIRE(withheld != nullptr);
  CHECK(withheld->reasons == std::vector<std::string>{"studyType: 'N/A' is neither interventional nor observational",
                                                      "conditions: missing; the schema requires at least one condition",
                                                      "overallStatus: 'Withheld' is not a recruitment status rinsho knows"});
}
