// WHO ICTRP COVID-19 CSV exports (tests/data/who_ictrp_covid19_ebmdatalab): the 50 JPRN rows of the
// July 2020 list and a 20-row subset of the April 2020 list.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "support/import_run.hpp"

using namespace rinsho;
using linkage::ImportedRecord;
using linkage::ImportFormat;
using Outcome = ImportedRecord::Outcome;
using nlohmann::json;

namespace {

const testing::ImportRun& jprn_run() {
  static const auto run = testing::run_import_file(ImportFormat::ictrp_csv, "who_ictrp_covid19_ebmdatalab/COVID19-web_7Jul2020_JPRN-only.csv");
  return run;
}

const ImportedRecord& outcome_of(const testing::ImportRun& run, const char* id) {
  const auto* r = run.find(id);
  REQUIRE(r != nullptr);
  return *r;
}

const json& mapped(const testing::ImportRun& run, const char* id) {
  const auto& r = outcome_of(run, id);
  CAPTURE(testing::ImportRun::reasons(r));
  REQUIRE(r.outcome == Outcome::mapped);
  return *r.record;
}

}  // namespace

TEST_CASE("import_stream(ictrp_csv) maps 48 of the 50 JPRN COVID-19 rows and says why not the other two") {
  const auto& run = jprn_run();
  REQUIRE(run.status.has_value());
  CHECK(run.records.size() == 50);
  CHECK(run.count(Outcome::mapped) == 48);
  CHECK(run.count(Outcome::failed) == 1);
  CHECK(run.count(Outcome::skipped) == 1);
  // The Phase cell Excel turned into a date serial: the phase is lost, so the record fails.
  const auto& damaged = outcome_of(run, "JPRN-jRCTs032200044");
  CHECK(damaged.outcome == Outcome::failed);
  CHECK(damaged.reasons.front() ==
        "Phase: '43862' looks like a spreadsheet date serial (2020-02-01 in Excel's 1900 system): the cell was damaged by "
        "a spreadsheet and the original value is lost");
  // A UMIN registration of a trial run in Brazil: JPRN registration alone is no link to Japan.
  const auto& brazil = outcome_of(run, "JPRN-UMIN000040602");
  CHECK(brazil.outcome == Outcome::skipped);
  CHECK(brazil.reasons.front().starts_with("no Japanese site and Japan is not among the countries (Countries: 'South America')"));
}

TEST_CASE("import_stream(ictrp_csv) maps JPRN-jRCTs031190226 (favipiravir) field by field") {
  const auto& r = mapped(jprn_run(), "JPRN-jRCTs031190226");
  CHECK(r["id"] == "jRCTs031190226");
  CHECK(r["category"] == "specified_clinical_research");
  CHECK(r["public_title"] == json::parse(R"J({"en":"Favipiravir in patients infected with COVID-19"})J"));
  CHECK(r["scientific_title"]["en"] ==
        "A prospective multi-center open trial to evaluate the safety and efficacy of favipiravir in patients infected with COVID-19.");
  CHECK(r["sponsor"]["primary"]["en"] == "Tokue Yutaka");
  CHECK(r["recruitment_status"] == "recruiting");
  CHECK(r["phase"] == "2");
  CHECK(r["study_type"] == "interventional");
  CHECK(r["target_enrollment"] == 50);
  CHECK(r["dates"] == json::parse(R"J({"registered":"2020-02-27","first_enrollment":"2020-03-14"})J"));
  CHECK(r["design"] == json::parse(R"J({"allocation":"single_arm","masking":"open","control":"none","purpose":"treatment"})J"));
  CHECK(r["eligibility"] == json::parse(R"J({"sex":"all","min_age_years":20,
    "inclusion":{"en":"positive result for COVID-19 detection test\nfever above 37.5 degree Celsius, or pneumonia shadow on chest X-ray or CT-scan\nhospital admission"},
    "exclusion":{"en":"pregnancy\nlactation"},
    "criteria":[{"kind":"pregnancy_breastfeeding","type":"exclusion","text":{"en":"pregnancy / lactation"}}]})J"));
  CHECK(r["conditions"] == json::parse(R"J([{"name":{"en":"patients infected with COVID-19"}},{"name":{"en":"Coronavirus"}}])J"));
  CHECK(r["interventions"] == json::parse(R"J([{"type":"other","name":{"en":"oral administration of favipiravir"}}])J"));
  CHECK(r["countries"] == json::array({"JP"}));
  // Contact Tel "-8906" is no telephone number; the rest of the contact stays.
  CHECK(r["contacts"]["public"] == json::parse(R"J({"name":{"en":"Tetsuya Nakamura"},"organization":{"en":"Gunma Universty Hospital"},
    "email":"nakamurt@gunma-u.ac.jp"})J"));
  CHECK(outcome_of(jprn_run(), "JPRN-jRCTs031190226").reasons ==
        std::vector<std::string>{"Contact_Tel: '-8906' is not a telephone number the schema accepts; left out"});
}

TEST_CASE("import_stream(ictrp_csv) maps JapicCTI, UMIN and multi-country jRCT rows") {
  const auto& japic = mapped(jprn_run(), "JPRN-JapicCTI-205238");
  CHECK(!japic.contains("id"));
  CHECK(japic["secondary_ids"] == json::parse(R"J([{"registry":"JapicCTI","id":"JapicCTI-205238"}])J"));
  CHECK(japic["sponsor"]["primary"]["en"] == "FUJIFILM Toyama Chemical Co., Ltd.");
  CHECK(japic["phase"] == "3");
  CHECK(japic["target_enrollment"] == 96);
  CHECK(japic["eligibility"]["max_age_years"] == 74);

  const auto& umin = mapped(jprn_run(), "JPRN-UMIN000040185");
  CHECK(umin["study_type"] == "observational");
  CHECK(umin["phase"] == "na");  // "Not applicable"
  CHECK(umin["target_enrollment"] == 600);
  CHECK(umin["conditions"] == json::parse(R"J([{"name":{"en":"COVID-19"}},{"name":{"en":"Hepatobiliary-pancreatic disease"}}])J"));
  CHECK(!umin["dates"].contains("completion"));  // results date completed holds an Excel serial
  CHECK(outcome_of(jprn_run(), "JPRN-UMIN000040185").reasons.front() ==
        "results_date_completed: '45016' looks like a spreadsheet date serial (2023-03-31 in Excel's 1900 system); it is "
        "refused because the workbook's date system cannot be known; left out");

  const auto& actt = mapped(jprn_run(), "JPRN-jRCT2031200035");  // Countries "USA;EUROPE;ASIA;Japan"
  CHECK(actt["countries"] == json::array({"US", "JP"}));
  CHECK(actt["sponsor"]["primary"]["en"] == "Ohmagari Norio");
  CHECK(actt["contacts"]["public"]["organization"]["en"] == "National Center for Global Health and Medicine");
  CHECK(actt["phase"] == "3");
  CHECK(actt["design"]["masking"] == "double");

  const auto& meta = outcome_of(jprn_run(), "JPRN-UMIN000040451");  // "Others,meta-analysis etc"
  CHECK(meta.outcome == Outcome::mapped);
  CHECK((*meta.record)["study_type"] == "observational");
}

TEST_CASE("import_stream(ictrp_csv) reads a subset of the 1135-trial list: Japan linked rows only, unless all countries") {
  const char* file = "who_ictrp_covid19_ebmdatalab/COVID19-1135-trials-subset.csv";
  const auto run = testing::run_import_file(ImportFormat::ictrp_csv, file);
  REQUIRE(run.status.has_value());
  CHECK(run.records.size() == 20);
  CHECK(run.count(Outcome::mapped) == 7);
  CHECK(run.count(Outcome::failed) == 1);  // EUCTR2020-001162-12-FR: "Authorised"
  CHECK(run.count(Outcome::skipped) == 12);
  const auto& anz = mapped(run, "ACTRN12620000421932");  // 12 countries, "United States of America" among them
  CHECK(anz["countries"].size() == 12);
  CHECK(anz["secondary_ids"][0] == json::parse(R"J({"registry":"ANZCTR","id":"ACTRN12620000421932"})J"));
  const auto& umin = mapped(run, "JPRN-UMIN000039686");
  CHECK(umin["dates"]["registered"] == "2020-03-06");  // "06/03/2020", day first as ICTRP writes
  CHECK(umin["dates"]["first_enrollment"] == "2020-02-01");
  CHECK(umin["eligibility"]["min_age_years"] == 1);

  const auto all = testing::run_import_file(ImportFormat::ictrp_csv, file, {.all_countries = true});
  CHECK(all.count(Outcome::mapped) == 7);
  CHECK(all.count(Outcome::failed) == 2);  // and ChiCTR2000029810: "Diagnostic test" is no study type the schema has
  const auto& irct = outcome_of(all, "IRCT20200316046792N1");
  REQUIRE(irct.record);
  // IRCT puts an ICD-10 code right after its condition: "COVID-19. <br>COVID-19;U07.1".
  CHECK((*irct.record)["conditions"][1] == json::parse(R"J({"name":{"en":"COVID-19"},"icd10":"U07.1"})J"));
  CHECK((*outcome_of(all, "ChiCTR2000029953").record)["target_enrollment"].is_number());
}
