// WHO ICTRP XML export (tests/data/who_ictrp_xml_machado, 95 real trials, 9 from JPRN).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "support/import_run.hpp"

using namespace rinsho;
using linkage::ImportedRecord;
using linkage::ImportFormat;
using Outcome = ImportedRecord::Outcome;
using nlohmann::json;

namespace {

const char* kFile = "who_ictrp_xml_machado/ICTRP-Results-1.xml";

const testing::ImportRun& ictrp_run() {
  static const auto run = testing::run_import_file(ImportFormat::ictrp_xml, kFile);
  return run;
}

const json& record_of(const char* source_id) {
  const auto* r = ictrp_run().find(source_id);
  REQUIRE(r != nullptr);
  CAPTURE(testing::ImportRun::reasons(*r));
  REQUIRE(r->outcome == Outcome::mapped);
  return *r->record;
}

}  // namespace

TEST_CASE("import_stream(ictrp_xml) reports every one of the 95 trials, mapping the Japanese ones") {
  const auto& run = ictrp_run();
  REQUIRE(run.status.has_value());
  CHECK(run.records.size() == 95);
  CHECK(run.count(Outcome::mapped) == 14);
  CHECK(run.count(Outcome::failed) == 4);
  CHECK(run.count(Outcome::skipped) == 77);
  std::size_t jprn = 0, jprn_mapped = 0;
  for (const auto& r : run.records) {
    if (!r.source_id.starts_with("JPRN-")) continue;
    ++jprn;
    jprn_mapped += r.outcome == Outcome::mapped;
  }
  CHECK(jprn == 9);
  CHECK(jprn_mapped == 8);
  // The one JPRN failure: the export has no Recruitment_Status for it, and the schema needs one.
  const auto* missing = run.find("JPRN-jRCT2080221636");
  REQUIRE(missing != nullptr);
  CHECK(missing->outcome == Outcome::failed);
  CHECK(missing->reasons.front() == "Recruitment_Status: missing; the schema requires a recruitment status");
  // EU CTR's "Authorised" says nothing about recruitment: failed, not guessed.
  const auto* eu = run.find("EUCTR2021-000037-14-PL");
  REQUIRE(eu != nullptr);
  CHECK(eu->outcome == Outcome::failed);
  const auto* skipped = run.find("NCT06360289");
  REQUIRE(skipped != nullptr);
  CHECK(skipped->outcome == Outcome::skipped);
  CHECK(skipped->reasons.front().starts_with("no Japanese site and Japan is not among the countries (Countries: 'France')"));
  CHECK(!skipped->record);
}

TEST_CASE("import_stream(ictrp_xml) maps JPRN-jRCT2080224769 (HELIOS-A) field by field") {
  const auto& r = record_of("JPRN-jRCT2080224769");
  CHECK(r["id"] == "jRCT2080224769");  // a jRCT number is kept as the rinsho id
  CHECK(r["secondary_ids"] == json::parse(R"J([{"registry":"NCT","id":"NCT03759379"},{"registry":"JapicCTI","id":"JapicCTI-194846"}])J"));
  CHECK(r["category"] == "other");  // jRCT2: a PMD Act trial, corporate or investigator-initiated unknown
  CHECK(r["public_title"]["en"] ==
        "HELIOS-A: A Phase 3 Study to Evaluate the Efficacy and Safety of ALN-TTRSC02 in Patients with Hereditary "
        "Transthyretin Amyloidosis (hATTR Amyloidosis)");
  CHECK(!r["public_title"].contains("ja"));
  CHECK(r["scientific_title"]["en"].get<std::string>().starts_with("HELIOS-A: A Phase 3 Global, Randomized, Open-label Study"));
  CHECK(r["sponsor"]["primary"]["en"] == "CMIC Co., Ltd.");
  CHECK(!r["sponsor"].contains("funding"));  // Source_Support is "-"
  CHECK(r["recruitment_status"] == "active_not_recruiting");  // "Not Recruiting"
  CHECK(r["phase"] == "3");
  CHECK(r["study_type"] == "interventional");
  CHECK(r["target_enrollment"] == 16);
  CHECK(r["dates"] == json::parse(R"J({"registered":"2019-07-05","first_enrollment":"2019-07-31"})J"));
  CHECK(r["eligibility"]["min_age_years"] == 18);  // ">= 18age old"
  CHECK(r["eligibility"]["max_age_years"] == 85);  // "<= 85age old"
  CHECK(r["eligibility"]["sex"] == "all");          // "Both"
  CHECK(r["eligibility"]["inclusion"]["en"].get<std::string>().starts_with("-Male or female of 18 to 85 years of age (inclusive)\n-Has a diagnosis"));
  CHECK(r["eligibility"]["exclusion"]["en"].get<std::string>().starts_with("-Had a prior liver transplant"));
  CHECK(r["conditions"] == json::parse(R"J([{"name":{"en":"Hereditary Transthyretin Amyloidosis with polyneuropathy"}}])J"));
  CHECK(r["interventions"][0]["name"]["en"] == "investigational material(s)");
  CHECK(r["interventions"][0]["description"]["en"].get<std::string>().starts_with("Generic name etc : ALN-TTRSC02\nINN of investigational material : vutrisiran"));
  CHECK(r["countries"] == json::array({"JP"}));  // the other entries are regions
  CHECK(r["contacts"]["public"] == json::parse(R"J({"email":"TTR02-006_SC02-002@cmic.co.jp","organization":{"en":"CMIC Co., Ltd. (ICCC)"}})J"));
  CHECK(r["ethics_review"] == json::parse(R"J({"status":"approved","approval_date":"2019-04-24","committee":{"en":
    "Shinshu University Hospital Institutional Review Board; Kumamoto University Hospital Institutional Review Board"}})J"));
  CHECK(r["outcomes"]["primary"][0]["measure"]["en"].get<std::string>().starts_with("efficacy\n-Change from Baseline in the Modified Neurologic"));
  const auto* rec = ictrp_run().find("JPRN-jRCT2080224769");
  CHECK(rec->reasons == std::vector<std::string>{
      "Countries: 'Asia except Japan', 'North America', 'South America', 'Europe', 'Oceania' are regions, not countries; left out"});
}

TEST_CASE("import_stream(ictrp_xml) maps a jRCTs record with no Countries, inferring JP from the registration") {
  const auto& r = record_of("JPRN-jRCTs031210288");
  CHECK(r["id"] == "jRCTs031210288");
  CHECK(!r.contains("secondary_ids"));
  CHECK(r["category"] == "specified_clinical_research");
  CHECK(r["public_title"]["en"] == "SD-BATON");
  CHECK(r["sponsor"]["primary"]["en"] == "Nakamura Akinori");
  CHECK(r["recruitment_status"] == "recruiting");
  CHECK(r["phase"] == "na");
  CHECK(r["target_enrollment"] == 450);
  CHECK(!r["eligibility"].contains("min_age_years"));  // "Not applicable"
  CHECK(r["eligibility"]["max_age_years"] == 90);
  CHECK(r["design"] == json::parse(R"J({"allocation":"single_arm","masking":"open","control":"none","purpose":"diagnosis"})J"));
  CHECK(r["countries"] == json::array({"JP"}));
  CHECK(r["contacts"]["public"]["name"]["en"] == "Akinori Nakamura");
  CHECK(r["contacts"]["public"]["phone"] == "+81-562-46-2311");
  CHECK(r["ethics_review"]["committee"]["en"] == "National Institutes for Quantum Science and  Technology Certified Review Board");
  CHECK(r["ethics_review"]["approval_date"] == "2021-07-30");
  CHECK(ictrp_run().find("JPRN-jRCTs031210288")->reasons ==
        std::vector<std::string>{"Countries: JP added: a jRCT registration means the study runs in Japan"});
}

TEST_CASE("import_stream(ictrp_xml) keeps a UMIN id as a secondary id and leaves the rinsho id to the store") {
  const auto& r = record_of("JPRN-UMIN000008396");
  CHECK(!r.contains("id"));
  CHECK(r["secondary_ids"] == json::parse(R"J([{"registry":"UMIN","id":"UMIN000008396"}])J"));
  CHECK(r["public_title"]["en"] == "A randomized, double-blind, placebo-controlled trial of diflunisal on familial amyloid polyneuropathy");
  CHECK(r["phase"] == "3");  // "Phase III"
  CHECK(r["eligibility"]["min_age_years"] == 18);  // "18years-old"
  CHECK(r["eligibility"]["max_age_years"] == 65);
  CHECK(r["dates"]["first_enrollment"] == "2012-08-01");  // "2012/08/01"
  CHECK(r["dates"]["completion"] == "2012-12-31");        // results_date_completed
  CHECK(r["design"]["allocation"] == "randomized");       // "Parallel Randomized"
  // An item's first line names the intervention; later lines describe it.
  CHECK(r["interventions"] == json::parse(R"J([{"type":"other","name":{"en":"Diflunisal, 500mg / day, PO, 1 year"},
    "description":{"en":"Parse, 500mg / day, PO, 1 year"}}])J"));
  CHECK(r["sponsor"]["funding"][0]["en"] == "Department of Neurology, Faculty of Life Sciences, Kumamoto University");
  CHECK(r["ethics_review"] == json::parse(R"J({"status":"approved"})J"));  // "YES", date 01/01/1900 means none
  CHECK(r["contacts"]["public"]["phone"] == "096-373-5893");
}

TEST_CASE("import_stream(ictrp_xml) maps a ClinicalTrials.gov row that lists Japan among its countries") {
  const auto& r = record_of("NCT03759379");
  CHECK(!r.contains("id"));
  CHECK(r["secondary_ids"][0] == json::parse(R"J({"registry":"NCT","id":"NCT03759379"})J"));
  CHECK(r["countries"].size() == 22);
  CHECK(r["countries"][12] == "JP");
  CHECK(r["conditions"] == json::parse(R"J([{"name":{"en":"Amyloidosis, Hereditary"}},{"name":{"en":"Transthyretin Amyloidosis"}}])J"));
  CHECK(!r["sponsor"].contains("funding"));  // "Please refer to primary and secondary sponsors" names no funder
  // ClinicalTrials.gov rows hold both criteria lists in Inclusion_Criteria; they are split at the heading.
  CHECK(r["eligibility"]["inclusion"]["en"].get<std::string>().find("Exclusion Criteria") == std::string::npos);
  CHECK(r["eligibility"].contains("exclusion"));
}

TEST_CASE("import_stream(ictrp_xml) is deterministic and maps every trial under all_countries") {
  const auto again = testing::run_import_file(ImportFormat::ictrp_xml, kFile);
  REQUIRE(again.records.size() == ictrp_run().records.size());
  for (std::size_t i = 0; i < again.records.size(); ++i) CHECK(again.records[i].record == ictrp_run().records[i].record);

  const auto all = testing::run_import_file(ImportFormat::ictrp_xml, kFile, {.all_countries = true});
  REQUIRE(all.status.has_value());
  CHECK(all.records.size() == 95);
  CHECK(all.count(Outcome::mapped) == 14);
  std::size_t reference_only = 0;
  for (const auto& r : all.records) {
    if (r.outcome != Outcome::skipped) continue;
    if (r.source_id == "NCT02939820") {  // expanded access: skipped whatever the countries
      CHECK(r.reasons.front().starts_with("Study_type: an expanded-access programme"));
      continue;
    }
    // Valid in every other respect; held back only because the schema requires JP.
    CHECK(r.record.has_value());
    CHECK(r.reasons.front().starts_with("countries: the schema requires JP"));
    ++reference_only;
  }
  CHECK(reference_only == 68);
  // 8 x EU CTR "Authorised", 1 x "Not Available", 2 without a status, 1 without a condition.
  CHECK(all.count(Outcome::failed) == 12);
}
