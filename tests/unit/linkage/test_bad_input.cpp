// Damaged, hostile and spreadsheet-mangled input: a bad record fails alone with a reason that names
// the field; only a stream that cannot be read as the format at all is an error.
#include <doctest/doctest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "support/import_run.hpp"

using namespace rinsho;
using linkage::ImportedRecord;
using linkage::ImportFormat;
using Outcome = ImportedRecord::Outcome;
using nlohmann::json;

namespace {

constexpr std::size_t kMaxHugeField = (1u << 20) + 10;

// A minimal ICTRP <Trial> linked to Japan; `fields` replaces or adds elements (raw XML text).
std::string ictrp_trial(const std::string& id, std::map<std::string, std::string> fields = {}) {
  std::map<std::string, std::string> f = {
      {"TrialID", id}, {"Public_title", "Inhaled steroid for asthma"}, {"Scientific_title", "A study of X"},
      {"Primary_sponsor", "Example University"}, {"Recruitment_Status", "Recruiting"}, {"Study_type", "Interventional"},
      {"Phase", "2"}, {"Countries", "Japan"}, {"Condition", "Asthma"}, {"Inclusion_gender", "Both"}};
  for (auto& [k, v] : fields) f[k] = v;
  std::string xml = "  <Trial>";
  for (const auto& [k, v] : f) xml += "<" + k + ">" + v + "</" + k + ">\n    ";
  return xml + "</Trial>\n";
}

std::string ictrp_file(const std::string& trials) {
  return "<?xml version='1.0' encoding='UTF-8' ?>\n<Trials_downloaded_from_ICTRP>\n" + trials + "</Trials_downloaded_from_ICTRP>\n";
}

const ImportedRecord& record(const testing::ImportRun& run, const char* id) {
  const auto* r = run.find(id);
  REQUIRE(r != nullptr);
  return *r;
}

json v2_study(const std::string& nct) {
  return json::parse(R"J({"protocolSection":{
    "identificationModule":{"nctId":"NCT","briefTitle":"Asthma study","officialTitle":"A study of X"},
    "statusModule":{"overallStatus":"RECRUITING","startDateStruct":{"date":"2024-01-15"}},
    "sponsorCollaboratorsModule":{"leadSponsor":{"name":"Example University"}},
    "conditionsModule":{"conditions":["Asthma"]},
    "designModule":{"studyType":"INTERVENTIONAL","phases":["PHASE2"]},
    "eligibilityModule":{"sex":"ALL","minimumAge":"20 Years"},
    "contactsLocationsModule":{"locations":[{"facility":"Example Hospital","city":"Tokyo","country":"Japan"}]}}})J")
      .patch(json::parse(R"J([{"op":"replace","path":"/protocolSection/identificationModule/nctId","value":")J" + nct + "\"}]"));
}

const std::string kCsvHeader = "TrialID,Public title,Scientific title,Primary sponsor,Recruitment Status,Study type,Phase,"
                               "Countries,Condition,Inclusion gender,Inclusion Criteria,Date enrollement\r\n";

}  // namespace

TEST_CASE("ictrp-xml: a file cut inside a <Trial> keeps the trials before it and fails the cut one") {
  const auto full = ictrp_file(ictrp_trial("JPRN-jRCT2031200001") + ictrp_trial("JPRN-jRCT2031200002") + ictrp_trial("JPRN-jRCT2031200003"));
  const auto cut = full.substr(0, full.find("JPRN-jRCT2031200003") + 40);
  const auto run = testing::run_import(ImportFormat::ictrp_xml, cut);
  REQUIRE(run.records.size() == 3);
  CHECK(run.count(Outcome::mapped) == 2);
  CHECK(record(run, "JPRN-jRCT2031200003").reasons == std::vector<std::string>{"the file ends inside this <Trial>: it is truncated"});
  REQUIRE(!run.status.has_value());
  CHECK(run.status.error().message == "the file ends before </Trials_downloaded_from_ICTRP>: it looks truncated");

  // Cut between two trials: nothing to fail, but the stream is reported as truncated.
  const auto between = testing::run_import(ImportFormat::ictrp_xml, full.substr(0, full.find("  <Trial>", 100)));
  CHECK(between.count(Outcome::mapped) == 1);
  CHECK(!between.status.has_value());

  // The real export cut in half: every complete trial before the cut is still reported.
  const auto real = testing::read_file(testing::test_data("who_ictrp_xml_machado/ICTRP-Results-1.xml"));
  const auto half = testing::run_import(ImportFormat::ictrp_xml, real.substr(0, real.size() / 2));
  CHECK(!half.status.has_value());
  CHECK(half.records.size() > 40);
  CHECK(half.records.back().reasons.back().find("truncated") != std::string::npos);
}

TEST_CASE("ictrp-xml: a DOCTYPE is refused and entities are never resolved") {
  const auto xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE Trials_downloaded_from_ICTRP [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
                   "<Trials_downloaded_from_ICTRP>" + ictrp_trial("JPRN-jRCT2031200001", {{"Public_title", "&xxe;"}}) +
                   "</Trials_downloaded_from_ICTRP>";
  const auto run = testing::run_import(ImportFormat::ictrp_xml, xxe);
  CHECK(run.records.empty());
  REQUIRE(!run.status.has_value());
  CHECK(run.status.error().message.starts_with("the file declares a DOCTYPE"));
  // Without a DOCTYPE an entity reference is text, never a file's content.
  const auto plain = testing::run_import(ImportFormat::ictrp_xml, ictrp_file(ictrp_trial("JPRN-jRCT2031200001", {{"Public_title", "&xxe;"}})));
  REQUIRE(plain.records.size() == 1);
  CHECK((*plain.records[0].record)["public_title"]["en"] == "&xxe;");
}

TEST_CASE("ictrp-xml: encodings other than UTF-8 are refused; a UTF-8 BOM is fine") {
  const auto latin1 = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<Trials_downloaded_from_ICTRP></Trials_downloaded_from_ICTRP>";
  const auto run = testing::run_import(ImportFormat::ictrp_xml, latin1);
  REQUIRE(!run.status.has_value());
  CHECK(run.status.error().message == "the file declares encoding 'iso-8859-1'; only UTF-8 is read (convert it with iconv)");
  CHECK(!testing::run_import(ImportFormat::ictrp_xml, std::string("\xFF\xFE<\0T\0", 6)).status.has_value());
  const auto bom = testing::run_import(ImportFormat::ictrp_xml, "\xEF\xBB\xBF" + ictrp_file(ictrp_trial("JPRN-jRCT2031200001")));
  REQUIRE(bom.status.has_value());
  CHECK(bom.count(Outcome::mapped) == 1);
}

TEST_CASE("ictrp-xml: invalid UTF-8, over-long fields and broken markup fail their record only") {
  const std::string huge(kMaxHugeField, 'a');
  const auto run = testing::run_import(ImportFormat::ictrp_xml, ictrp_file(
      ictrp_trial("JPRN-jRCT2031200001", {{"Public_title", "Caf\xE9 au lait"}}) +
      ictrp_trial("JPRN-jRCT2031200002", {{"Scientific_title", huge}}) +
      "  <Trial><TrialID>JPRN-jRCT2031200003</TrialID><Public_title>x</Scientific_title></Trial>\n" +
      ictrp_trial("JPRN-jRCT2031200004")));
  REQUIRE(run.status.has_value());
  CHECK(record(run, "JPRN-jRCT2031200001").reasons ==
        std::vector<std::string>{"Public_title: is not valid UTF-8 (byte 3 of the value); re-save the file as UTF-8"});
  CHECK(record(run, "JPRN-jRCT2031200002").reasons ==
        std::vector<std::string>{"Scientific_title: is longer than the 1 MiB a field may hold"});
  CHECK(record(run, "JPRN-jRCT2031200003").reasons.front().starts_with("not well-formed XML: "));
  CHECK(record(run, "JPRN-jRCT2031200004").outcome == Outcome::mapped);
  CHECK(run.count(Outcome::failed) == 3);
}

TEST_CASE("ictrp-xml: unknown enum values fail the record, damaged optional values are left out with a note") {
  const auto run = testing::run_import(ImportFormat::ictrp_xml, ictrp_file(
      ictrp_trial("JPRN-jRCT2031200001", {{"Recruitment_Status", "Sort of"}}) +
      ictrp_trial("JPRN-jRCT2031200002", {{"Phase", "43862"}}) +
      ictrp_trial("JPRN-jRCT2031200003", {{"Inclusion_gender", "Unspecified humans"}, {"Study_type", "Basic Science"}}) +
      ictrp_trial("JPRN-jRCT2031200004", {{"Date_enrollement", "43862"}, {"Inclusion_agemin", "adult"}})));
  REQUIRE(run.status.has_value());
  CHECK(record(run, "JPRN-jRCT2031200001").reasons ==
        std::vector<std::string>{"Recruitment_Status: 'Sort of' is not a recruitment status rinsho knows"});
  CHECK(record(run, "JPRN-jRCT2031200002").reasons.front().starts_with("Phase: '43862' looks like a spreadsheet date serial (2020-02-01"));
  CHECK(record(run, "JPRN-jRCT2031200003").reasons ==
        std::vector<std::string>{"Study_type: 'Basic Science' is neither interventional nor observational",
                                 "Inclusion_gender: 'Unspecified humans' is not a sex rinsho knows"});
  const auto& kept = record(run, "JPRN-jRCT2031200004");
  REQUIRE(kept.outcome == Outcome::mapped);
  CHECK(!(*kept.record).contains("dates"));
  CHECK(kept.reasons == std::vector<std::string>{
      "Inclusion_agemin: 'adult' is not an age rinsho can read; left out",
      "Date_enrollement: '43862' looks like a spreadsheet date serial (2020-02-01 in Excel's 1900 system); it is refused "
      "because the workbook's date system cannot be known; left out"});
}

TEST_CASE("ictrp-csv: Excel's BOM, CRLF, quoted line breaks and doubled quotes") {
  const std::string csv = "\xEF\xBB\xBF" + kCsvHeader +
      "JPRN-jRCT2031200001,\"The \"\"BIG\"\" asthma study, phase 2\",Sci,Example University,Recruiting,Interventional,2,"
      "Japan,Asthma,Both,\"Inclusion criteria: adults\r\nwith asthma\",15/03/2020\r\n";
  const auto run = testing::run_import(ImportFormat::ictrp_csv, csv);
  REQUIRE(run.status.has_value());
  REQUIRE(run.records.size() == 1);
  CAPTURE(testing::ImportRun::reasons(run.records[0]));
  REQUIRE(run.records[0].outcome == Outcome::mapped);
  const auto& t = *run.records[0].record;
  CHECK(t["id"] == "jRCT2031200001");
  CHECK(t["public_title"]["en"] == "The \"BIG\" asthma study, phase 2");
  CHECK(t["eligibility"]["inclusion"]["en"] == "adults\nwith asthma");
  CHECK(t["dates"]["first_enrollment"] == "2020-03-15");
}

TEST_CASE("ictrp-csv: truncation, ragged rows, bad UTF-8 and huge cells fail their row; a wrong file is an error") {
  const std::string good = "JPRN-jRCT2031200001,T,S,Sponsor,Recruiting,Interventional,2,Japan,Asthma,Both,,\r\n";
  const auto truncated = testing::run_import(ImportFormat::ictrp_csv, kCsvHeader + good + "JPRN-jRCT2031200002,\"cut off");
  REQUIRE(truncated.status.has_value());
  CHECK(truncated.count(Outcome::mapped) == 1);
  CHECK(record(truncated, "JPRN-jRCT2031200002").reasons ==
        std::vector<std::string>{"the file ends inside a quoted cell: it is truncated or a quote is unbalanced"});

  const auto ragged = testing::run_import(ImportFormat::ictrp_csv, kCsvHeader + "JPRN-jRCT2031200003,only,four,cells\r\n" + good);
  CHECK(record(ragged, "JPRN-jRCT2031200003").reasons == std::vector<std::string>{"row 2 has 4 cells but the header has 12"});
  CHECK(ragged.count(Outcome::mapped) == 1);

  const auto bad_utf8 = testing::run_import(ImportFormat::ictrp_csv,
      kCsvHeader + "JPRN-jRCT2031200004,Caf\xE9,S,Sponsor,Recruiting,Interventional,2,Japan,Asthma,Both,,\r\n");
  CHECK(record(bad_utf8, "JPRN-jRCT2031200004").reasons ==
        std::vector<std::string>{"Public title: is not valid UTF-8 (byte 3 of the value); re-save the file as UTF-8"});

  const auto huge = testing::run_import(ImportFormat::ictrp_csv,
      kCsvHeader + "JPRN-jRCT2031200005,T,S,Sponsor,Recruiting,Interventional,2,Japan,Asthma,Both,\"" + std::string(kMaxHugeField, 'x') + "\",\r\n");
  CHECK(record(huge, "JPRN-jRCT2031200005").reasons == std::vector<std::string>{"Inclusion Criteria: is longer than the 1 MiB a field may hold"});

  const auto not_ictrp = testing::run_import(ImportFormat::ictrp_csv, "id,title\r\n1,x\r\n");
  REQUIRE(!not_ictrp.status.has_value());
  CHECK(not_ictrp.status.error().message == "the first row has no TrialID column; this is not an ICTRP CSV export");
  CHECK(!testing::run_import(ImportFormat::ictrp_csv, "").status.has_value());
  CHECK(!testing::run_import(ImportFormat::ictrp_csv, std::string("\xFF\xFET\0r\0", 6)).status.has_value());
}

TEST_CASE("ctgov-json: a bad NDJSON line fails alone; a document that does not parse is an error") {
  const auto lines = v2_study("NCT00000001").dump() + "\n{\"protocolSection\": \n" + v2_study("NCT00000003").dump() +
                     "\n{\"foo\": 1}\n\"Caf\xE9\"\n";
  const auto run = testing::run_import(ImportFormat::ctgov_json, lines);
  REQUIRE(run.status.has_value());
  CHECK(run.count(Outcome::mapped) == 2);
  CHECK(record(run, "line 2").reasons.front().starts_with("line 2: malformed JSON"));
  CHECK(record(run, "#4").reasons == std::vector<std::string>{"not a ClinicalTrials.gov study: no protocolSection, studies or FullStudiesResponse"});
  CHECK(record(run, "line 5").reasons.front().starts_with("line 5: invalid UTF-8"));

  const auto doc = v2_study("NCT00000001").dump(2);
  const auto cut = testing::run_import(ImportFormat::ctgov_json, doc.substr(0, doc.size() / 2));
  REQUIRE(!cut.status.has_value());
  CHECK(cut.status.error().message.starts_with("the file is not JSON rinsho can read: malformed JSON"));
  CHECK(!testing::run_import(ImportFormat::ctgov_json, "{\n\"studies\": [\"Caf\xE9\"]\n}").status.has_value());
  CHECK(testing::run_import(ImportFormat::ctgov_json, "\xEF\xBB\xBF" + doc).count(Outcome::mapped) == 1);
}

TEST_CASE("ctgov-json: a string over 1 MiB fails its study, naming the field") {
  auto study = v2_study("NCT00000001");
  study["protocolSection"]["descriptionModule"]["briefSummary"] = std::string(kMaxHugeField, 's');
  const auto run = testing::run_import(ImportFormat::ctgov_json, study.dump());
  REQUIRE(run.records.size() == 1);
  CHECK(run.records[0].reasons ==
        std::vector<std::string>{"protocolSection.descriptionModule.briefSummary: is longer than the 1 MiB a field may hold"});
}

TEST_CASE("ctgov-xml: a truncated <clinical_study> fails; a DOCTYPE is refused") {
  const auto text = testing::read_file(testing::test_data("ctgov_aact_fixtures/legacy_xml/NCT02481830.xml"));
  const auto cut = testing::run_import(ImportFormat::ctgov_xml, text.substr(0, text.size() - 200));
  REQUIRE(cut.records.size() == 1);
  CHECK(cut.records[0].source_id == "NCT02481830");
  CHECK(cut.records[0].reasons == std::vector<std::string>{"the file ends inside this <clinical_study>: it is truncated"});
  const auto doctype = testing::run_import(ImportFormat::ctgov_xml, "<!DOCTYPE clinical_study SYSTEM \"http://example.com/x.dtd\">\n" + text);
  CHECK(!doctype.status.has_value());
  CHECK(doctype.records.empty());
}

TEST_CASE("ictrp-xml: a sentence pasted into Secondary_ID is left out, the real ids stay") {
  const auto run = testing::run_import(ImportFormat::ictrp_xml, ictrp_file(ictrp_trial(
      "JPRN-UMIN000012345", {{"Secondary_ID", std::string(120, 'x') + ";NCT01234567;JPRN-UMIN000012345"}})));
  REQUIRE(run.records.size() == 1);
  const auto& r = run.records[0];
  REQUIRE(r.outcome == Outcome::mapped);
  CHECK((*r.record)["secondary_ids"] == json::parse(R"J([{"registry":"UMIN","id":"UMIN000012345"},{"registry":"NCT","id":"NCT01234567"}])J"));
  CHECK(r.reasons == std::vector<std::string>{"Secondary_ID: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...' is longer than 100 characters; left out"});
}
