// ClinicalTrials.gov JSON (tests/data/ctgov_aact_fixtures): 10 API v2 studies (none in Japan) and a
// 9-study subset of a classic-API FullStudiesResponse page (3 with Japanese sites).
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

std::vector<json> v2_studies() {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(testing::test_data("ctgov_aact_fixtures/v2_json"))) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<json> studies;
  for (const auto& f : files) studies.push_back(json::parse(testing::read_file(f)));
  return studies;
}

const ImportedRecord& only(const testing::ImportRun& run) {
  REQUIRE(run.status.has_value());
  REQUIRE(run.records.size() == 1);
  return run.records.front();
}

}  // namespace

TEST_CASE("import_stream(ctgov_json) skips the 10 v2 studies, none of which has a site in Japan") {
  const auto studies = v2_studies();
  REQUIRE(studies.size() == 10);
  for (const auto& s : studies) {
    const auto run = testing::run_import(ImportFormat::ctgov_json, s.dump(2));
    const auto& r = only(run);
    CAPTURE(r.source_id);
    CHECK(r.outcome == Outcome::skipped);
    CHECK(r.reasons.front().starts_with("no Japanese site and Japan is not among the countries (sites in "));
  }
}

TEST_CASE("import_stream(ctgov_json) reads a v2 page, NDJSON and a JSON array alike") {
  const auto studies = v2_studies();
  json page = {{"studies", studies}, {"nextPageToken", "abc"}};
  std::string ndjson;
  for (const auto& s : studies) ndjson += s.dump() + "\n";
  const auto as_page = testing::run_import(ImportFormat::ctgov_json, page.dump(1), {.all_countries = true});
  const auto as_lines = testing::run_import(ImportFormat::ctgov_json, ndjson, {.all_countries = true});
  const auto as_array = testing::run_import(ImportFormat::ctgov_json, json(studies).dump(), {.all_countries = true});
  for (const auto* run : {&as_page, &as_lines, &as_array}) {
    REQUIRE(run->status.has_value());
    CHECK(run->records.size() == 10);
    // Two v2 studies have status UNKNOWN; the other eight are valid apart from the missing JP.
    CHECK(run->count(Outcome::failed) == 2);
    CHECK(run->count(Outcome::skipped) == 8);
    CHECK(run->records[0].record == as_page.records[0].record);
  }
  const auto* unknown = as_lines.find("NCT03475563");
  REQUIRE(unknown != nullptr);
  CHECK(unknown->reasons.front().starts_with("overallStatus: ClinicalTrials.gov marks the status unknown"));
  CHECK(unknown->reasons.front().ends_with("(last known status: RECRUITING)"));
}

TEST_CASE("import_stream(ctgov_json) maps v2 study NCT02210780 field by field (all countries)") {
  const auto run = testing::run_import_file(ImportFormat::ctgov_json, "ctgov_aact_fixtures/v2_json/NCT02210780.json", {.all_countries = true});
  const auto& r = only(run);
  REQUIRE(r.record);
  const auto& t = *r.record;
  CHECK(t["secondary_ids"][0] == json::parse(R"J({"registry":"NCT","id":"NCT02210780"})J"));
  CHECK(t["phase"] == "2");
  CHECK(t["study_type"] == "interventional");
  CHECK(t["recruitment_status"] == "completed");
  CHECK(t["dates"]["first_enrollment"] == "2014-08-05");
  CHECK(t["eligibility"]["min_age_years"] == 18);
  CHECK(t["eligibility"]["max_age_years"] == 64);
  CHECK(t["eligibility"]["sex"] == "all");
  CHECK(t["countries"] == json::array({"US"}));
  CHECK(!t.contains("sites"));  // sites outside Japan have no prefecture; the schema keeps Japanese sites only
  CHECK(t["category"] == "other");
}

TEST_CASE("import_stream(ctgov_json) maps the classic-API page: the three studies with Japanese sites") {
  const auto run = testing::run_import_file(ImportFormat::ctgov_json, "ctgov_aact_fixtures/classic_api_json/covid-19-search-subset.json");
  REQUIRE(run.status.has_value());
  CHECK(run.records.size() == 9);
  CHECK(run.count(Outcome::mapped) == 3);
  CHECK(run.count(Outcome::skipped) == 6);
  const auto every = testing::run_import_file(ImportFormat::ctgov_json, "ctgov_aact_fixtures/classic_api_json/covid-19-search-subset.json",
                                              {.all_countries = true});
  CHECK(every.count(Outcome::mapped) == 3);
  CHECK(every.count(Outcome::failed) == 1);  // NCT04367805 (France): "Unknown status"
  CHECK(every.find("NCT04367805")->outcome == Outcome::failed);
  const auto* liver = run.find("NCT05470894");
  REQUIRE(liver != nullptr);
  REQUIRE(liver->outcome == Outcome::mapped);
  const auto& t = *liver->record;
  CHECK(t["public_title"]["en"] == "Liver Injury After COVID-19 Vaccination");
  CHECK(t["scientific_title"]["en"] == "APASL Post-COVID-19 Vaccination Liver Injury (APCOVLI Study)");
  CHECK(t["recruitment_status"] == "recruiting");
  CHECK(t["study_type"] == "observational");
  CHECK(t["phase"] == "na");
  CHECK(t["target_enrollment"] == 5000);
  CHECK(t["countries"] == json::array({"HK", "JP"}));
  CHECK(t["sites"] == json::parse(R"J([
    {"name":{"en":"Nihon University School of Medicine"},"prefecture":"13","city":{"en":"Tokyo"},"status":"recruiting"},
    {"name":{"en":"Tokyo University"},"prefecture":"13","city":{"en":"Tokyo"},"status":"recruiting"}])J"));
  CHECK(t["sponsor"]["primary"]["en"] == "Humanity & Health Medical Group Limited");
  CHECK(t["sponsor"]["secondary"].size() == 2);
  CHECK(t["secondary_ids"][1] == json::parse(R"J({"registry":"Humanity & Health Medical Group Limited","id":"APCOVLI-2022-01"})J"));
  CHECK(t["eligibility"]["min_age_years"] == 5);
  CHECK(t["eligibility"]["healthy_volunteers"] == true);
  CHECK(t["dates"]["completion"] == "2024-12-31");
  const auto* withdrawn = run.find("NCT04892888");
  REQUIRE(withdrawn != nullptr);
  CHECK((*withdrawn->record)["recruitment_status"] == "withdrawn");
  CHECK((*withdrawn->record)["sites"][0]["prefecture"] == "13");
}
