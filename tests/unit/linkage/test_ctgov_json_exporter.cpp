// What ClinicalTrials.gov's data structure asks of an exported study: typed dates, enrolment that
// does not call a finished trial's target an estimate, the observational design fields, arm groups.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "linkage/exporter.hpp"
#include "support/import_run.hpp"

using namespace rinsho;
using linkage::ExportFormat;
using nlohmann::json;

namespace {

json record(const char* id) { return json::parse(testing::sample_record_text(id)); }

json protocol(const json& r) { return json::parse(linkage::export_trial(ExportFormat::ctgov_json, r))["protocolSection"]; }

}  // namespace

TEST_CASE("ctgov_v2_study types dates ACTUAL once they have happened and ESTIMATED while planned") {
  const auto recruiting = protocol(record("jRCT2031240001"))["statusModule"];
  CHECK(recruiting["startDateStruct"] == json::parse(R"J({"date":"2024-06-01","type":"ACTUAL"})J"));
  CHECK(recruiting["completionDateStruct"] == json::parse(R"J({"date":"2028-03-31","type":"ESTIMATED"})J"));
  const auto completed = protocol(record("jRCT1032190004"))["statusModule"];
  CHECK(completed["startDateStruct"] == json::parse(R"J({"date":"2019-07-01","type":"ACTUAL"})J"));
  CHECK(completed["completionDateStruct"] == json::parse(R"J({"date":"2023-12-31","type":"ACTUAL"})J"));
  auto pending = record("jRCT2031240001");
  pending["recruitment_status"] = "pending";
  CHECK(protocol(pending)["statusModule"]["startDateStruct"]["type"] == "ESTIMATED");
}

TEST_CASE("ctgov_v2_study gives enrolment as an estimate only while the trial runs") {
  CHECK(protocol(record("jRCT2031240001"))["designModule"]["enrollmentInfo"] == json::parse(R"J({"count":600,"type":"ESTIMATED"})J"));
  CHECK(!protocol(record("jRCT1032190004"))["designModule"].contains("enrollmentInfo"));  // completed: actual count unknown
  CHECK(protocol(record("jRCT2042240017"))["designModule"]["enrollmentInfo"] == json::parse(R"J({"count":0,"type":"ACTUAL"})J"));
}

TEST_CASE("ctgov_v2_study describes an observational design with model and time perspective") {
  const auto p = protocol(record("jRCT1032190004"));  // natural history, "prospective observational study"
  CHECK(p["designModule"]["studyType"] == "OBSERVATIONAL");
  CHECK(p["designModule"]["designInfo"] == json::parse(R"J({"observationalModel":"NATURAL_HISTORY","timePerspective":"PROSPECTIVE"})J"));
  CHECK(p["armsInterventionsModule"] == json::parse(R"J({"armGroups":[{"label":"Study population"}]})J"));
  auto cohort = record("jRCT1032190004");
  cohort["design"]["purpose"] = "other";
  cohort["scientific_title"]["en"] = "A retrospective cohort study";
  CHECK(protocol(cohort)["designModule"]["designInfo"] == json::parse(R"J({"observationalModel":"COHORT","timePerspective":"RETROSPECTIVE"})J"));
}

TEST_CASE("ctgov_v2_study lists arm groups from the design and names each intervention's arms") {
  CHECK(protocol(record("jRCT2031240001"))["armsInterventionsModule"] == json::parse(R"J({
    "armGroups":[{"label":"Arm 1","type":"EXPERIMENTAL","interventionNames":["Drug: RN-4521"]},
                 {"label":"Control","type":"ACTIVE_COMPARATOR","interventionNames":["Drug: Osimertinib"]}],
    "interventions":[
      {"type":"DRUG","name":"RN-4521","description":"RN-4521 160 mg orally once daily","armGroupLabels":["Arm 1"]},
      {"type":"DRUG","name":"Osimertinib","description":"Osimertinib 80 mg orally once daily","armGroupLabels":["Control"]}]})J"));
  // Three interventions for two arms: the placebo goes to the placebo arm, the rest to the other.
  auto t = record("jRCT2042240017");
  t["interventions"].push_back({{"type", "dietary_supplement"}, {"name", {{"en", "Vitamin D"}}}});
  const auto arms = protocol(t)["armsInterventionsModule"]["armGroups"];
  CHECK(arms == json::parse(R"J([
    {"label":"Arm 1","type":"EXPERIMENTAL","interventionNames":["Biological: HSX-560","Dietary Supplement: Vitamin D"]},
    {"label":"Control","type":"PLACEBO_COMPARATOR","interventionNames":["Drug: Placebo"]}])J"));
}

TEST_CASE("export_trial(ctgov_json) then import_stream(ctgov_json) keeps arms and control") {
  const auto original = record("jRCT2031240001");
  const auto run = testing::run_import(linkage::ImportFormat::ctgov_json, linkage::export_trial(ExportFormat::ctgov_json, original));
  REQUIRE(run.records.size() == 1);
  REQUIRE(run.records[0].record);
  const auto& back = *run.records[0].record;
  CHECK(back["design"]["arms"] == 2);
  CHECK(back["design"]["control"] == "active");
}
