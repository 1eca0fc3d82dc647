// What ICTRP readers take from an exported <Trial>: results_date_completed as the actual end, and
// contact names as first and last name.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "linkage/exporter.hpp"
#include "support/import_run.hpp"

using namespace rinsho;
using linkage::ExportFormat;
using nlohmann::json;

namespace {

json record(const char* id) { return json::parse(testing::sample_record_text(id)); }

// The text of each child of the exported <Trial>, by element name ("" when absent).
struct Trial {
  pugi::xml_document doc;
  explicit Trial(const json& r) { REQUIRE(doc.load_string(linkage::export_trial(ExportFormat::trds_xml, r).c_str())); }
  std::string operator[](const char* name) const {
    return doc.child("Trials_downloaded_from_ICTRP").child("Trial").child(name).text().as_string();
  }
};

}  // namespace

TEST_CASE("trds_trial_xml writes results_date_completed only for a trial that has ended") {
  CHECK(Trial(record("jRCT1032190004"))["results_date_completed"] == "31/12/2023");  // completed
  CHECK(Trial(record("jRCT2032210070"))["results_date_completed"] == "31/07/2025");  // terminated
  CHECK(Trial(record("jRCT2031240001"))["results_date_completed"].empty());          // recruiting: 2028 is a plan
  CHECK(Trial(record("jRCT2032230010"))["results_date_completed"].empty());          // suspended
}

TEST_CASE("trds_trial_xml splits personal contact names into first and last name") {
  const Trial t(record("jRCT1032190004"));  // "Study Office" (public), "Naoki Horiuchi" (scientific)
  CHECK(t["Contact_Firstname"] == "-;Naoki");
  CHECK(t["Contact_Lastname"] == "Study Office;Horiuchi");
  CHECK(t["Contact_Lastname_ja"] == "研究事務局;堀内 直樹");  // rinsho's sibling keeps the whole Japanese name
  auto r = record("jRCT1032190004");
  r["contacts"]["public"]["name"] = json{{"en", "Mary Ann Smith"}};
  r["contacts"]["scientific"]["name"] = json{{"ja", "堀内 直樹"}};
  const Trial u(r);
  CHECK(u["Contact_Firstname"] == "Mary Ann;-");
  CHECK(u["Contact_Lastname"] == "Smith;堀内 直樹");  // Japanese order cannot be split in an English layout
  r["contacts"]["public"]["name"] = json{{"en", "Clinical Research Support Center, Study Office"}};
  r["contacts"]["scientific"].erase("name");
  const Trial v(r);
  CHECK(v["Contact_Firstname"].empty());
  CHECK(v["Contact_Lastname"] == "Clinical Research Support Center, Study Office;-");
}

TEST_CASE("export_trial(trds_xml) then import_stream(ictrp_xml) joins first and last name again") {
  const auto original = record("jRCT1032190004");
  const auto run = testing::run_import(linkage::ImportFormat::ictrp_xml, linkage::export_trial(ExportFormat::trds_xml, original));
  REQUIRE(run.records.size() == 1);
  REQUIRE(run.records[0].record);
  const auto& back = *run.records[0].record;
  CHECK(back["contacts"]["scientific"]["name"] == original["contacts"]["scientific"]["name"]);
  CHECK(back["contacts"]["public"]["name"] == original["contacts"]["public"]["name"]);
  CHECK(back["dates"]["completion"] == "2023-12-31");
}
