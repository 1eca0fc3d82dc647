// Bridging: one trial, however many registries list it (core/linkage/bridging.hpp,
// import_to_store.hpp). Real records from tests/data and crafted cross-references.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "linkage/bridging.hpp"
#include "linkage/duplicates.hpp"
#include "linkage/import_to_store.hpp"
#include "text/registry_id.hpp"
#include "support/sample_trials.hpp"
#include "unit/store/store_fixture.hpp"

namespace rinsho {
namespace {

using linkage::ImportFormat;
using nlohmann::json;

struct Imported {
  linkage::ImportCounts counts;
  std::vector<linkage::ImportOutcome> outcomes;
};

Imported import_text(store::Store& s, ImportFormat format, const std::string& text, const std::string& at = "2026-05-01T00:00:00Z") {
  std::istringstream in(text);
  store::WriteContext ctx{"", "test import", "import", std::nullopt, false};
  Imported out;
  linkage::ImportRun run;
  run.imported_at = at;
  auto r = linkage::import_into_store(s, format, in, {}, ctx, [&](const auto& o) { out.outcomes.push_back(o); }, run);
  REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().message));
  out.counts = r->counts;
  return out;
}

// A jRCT registration as ICTRP exports it.
std::string ictrp_trial(const std::string& id, const std::string& secondary, const std::string& title = "Drug A for lung cancer",
                        const std::string& target = "120") {
  return "<Trial><TrialID>JPRN-" + id + "</TrialID><Public_title>" + title +
         "</Public_title><Scientific_title>A phase 3 study of drug A</Scientific_title>"
         "<Primary_sponsor>Example Pharma</Primary_sponsor><Recruitment_Status>Recruiting</Recruitment_Status>"
         "<Study_type>Interventional</Study_type><Phase>Phase 3</Phase><Countries>Japan</Countries>"
         "<Target_size>" + target + "</Target_size><Condition>Lung cancer</Condition>"
         "<Secondary_ID>" + secondary + "</Secondary_ID></Trial>";
}
std::string ictrp_file(const std::string& trials) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Trials_downloaded_from_ICTRP>" + trials + "</Trials_downloaded_from_ICTRP>";
}

// A ClinicalTrials.gov v2 study with a Tokyo site and the given secondary ids.
std::string ctgov_study(const std::string& nct, const std::vector<std::string>& secondary, int enrollment = 150,
                        const std::string& title = "Drug A in Lung Cancer") {
  json ids = json::array();
  for (const auto& s : secondary) ids.push_back({{"id", s}, {"type", "REGISTRY"}});
  json study = {{"protocolSection", {
      {"identificationModule", {{"nctId", nct}, {"briefTitle", title}, {"secondaryIdInfos", ids}}},
      {"statusModule", {{"overallStatus", "RECRUITING"}}},
      {"sponsorCollaboratorsModule", {{"leadSponsor", {{"name", "Example Pharma"}}}}},
      {"conditionsModule", {{"conditions", {"Lung Cancer"}}}},
      {"designModule", {{"studyType", "INTERVENTIONAL"}, {"phases", {"PHASE3"}}, {"enrollmentInfo", {{"count", enrollment}}}}},
      {"eligibilityModule", {{"sex", "ALL"}, {"minimumAge", "20 Years"}}},
      {"contactsLocationsModule", {{"locations", {{{"facility", "Tokyo Hospital"}, {"city", "Tokyo"}, {"country", "Japan"}}}}}}}}};
  return study.dump();
}

std::vector<std::string> source_ids(const json& record) {
  std::vector<std::string> out;
  for (const auto& s : record.value("sources", json::array())) out.push_back(s["id"].get<std::string>());
  return out;
}

const json* conflict(const json& record, const std::string& field) {
  if (!record.contains("source_conflicts")) return nullptr;
  for (const auto& c : record["source_conflicts"])
    if (c["field"] == field) return &c;
  return nullptr;
}

json only_trial(store::Store& s) {
  REQUIRE(*s.count_trials() == 1);
  json out;
  REQUIRE(s.for_each_trial([&](const store::StoredTrial& t) { out = t.record; return true; }));
  return out;
}

json without_system_fields(json r) {
  for (const char* f : {"version", "created_at", "updated_at", "owner_org"}) r.erase(f);
  return r;
}

}  // namespace

TEST_CASE("link_keys: own and registry ids in any width, case or hyphenation; protocol numbers are no key") {
  const json r = {{"secondary_ids", {{{"registry", "NCT"}, {"id", "NCT03759379"}},
                                     {{"registry", "JapicCTI"}, {"id", "ｊａｐｉｃｃｔｉ－１９４８４６"}},
                                     {{"registry", "Alnylam"}, {"id", "ALN-TTRSC02-003"}}}}};
  CHECK(linkage::link_keys(r) == std::vector<std::string>{"nct03759379", "japiccti194846"});
  CHECK(linkage::link_keys({{"id", "jRCT2080224769"}}) == std::vector<std::string>{"jrct2080224769"});
  CHECK(linkage::is_registry_key("2019001698"+std::string("10")));  // EudraCT digits
  CHECK_FALSE(linkage::is_registry_key("cr108579x"));
}

TEST_CASE("import_into_store: the real ICTRP export's jRCT2080224769 and NCT03759379 become one trial") {
  testing::TempDir dir;
  auto s = testing::open_store(dir.path());
  const std::string text = testing::read_file(testing::source_dir() / "tests/data/who_ictrp_xml_machado/ICTRP-Results-1.xml");
  const auto first = import_text(s, ImportFormat::ictrp_xml, text);
  CHECK(first.counts.linked == 1);
  auto trial = s.get_trial("jRCT2080224769");
  REQUIRE(trial);
  REQUIRE(*trial);
  const json& r = (*trial)->record;
  CHECK(source_ids(r) == std::vector<std::string>{"jRCT2080224769", "NCT03759379"});
  CHECK(r["sources"][1]["url"] == "https://clinicaltrials.gov/study/NCT03759379");
  // Search by any of the ids finds the one trial: every id is a registry key of it.
  for (const char* id : {"NCT03759379", "jrct2080224769", "JapicCTI-194846"}) {
    auto found = s.find_trials_by_registry_keys({text::registry_id_key(id)});
    REQUIRE(found);
    CHECK(*found == std::vector<std::string>{"jRCT2080224769"});
  }
  // Where the two registrations disagree, both values are kept, each with its registration.
  REQUIRE(r.contains("source_conflicts"));
  for (const auto& c : r["source_conflicts"]) CHECK(c["values"].size() >= 2);
  // Re-importing the same file changes nothing.
  const auto again = import_text(s, ImportFormat::ictrp_xml, text, "2026-06-01T00:00:00Z");
  CHECK(again.counts.imported == 0);
  CHECK(again.counts.updated == 0);
  CHECK(again.counts.unchanged == first.counts.imported + first.counts.updated);
}

TEST_CASE("import_into_store: an NCT record listing a jRCT id joins that trial, imported before or after it") {
  const std::string jrct = ictrp_file(ictrp_trial("jRCT2031200001", "", "Drug A for lung cancer", "120"));
  // The CT.gov record writes the jRCT id in full width and lower case: still the same trial.
  const std::string nct = ctgov_study("NCT04000001", {"ｊrct-2031200001"}, 150);
  json after, before;
  {
    testing::TempDir dir;
    auto s = testing::open_store(dir.path());
    CHECK(import_text(s, ImportFormat::ictrp_xml, jrct).counts.imported == 1);
    const auto linked = import_text(s, ImportFormat::ctgov_json, nct);
    CHECK(linked.counts.linked == 1);
    CHECK(linked.outcomes[0].outcome == "linked");
    CHECK(linked.outcomes[0].trial_id == "jRCT2031200001");
    after = only_trial(s);
  }
  {
    testing::TempDir dir;
    auto s = testing::open_store(dir.path());
    CHECK(import_text(s, ImportFormat::ctgov_json, nct).counts.imported == 1);
    const auto linked = import_text(s, ImportFormat::ictrp_xml, jrct);
    CHECK(linked.counts.linked == 1);
    before = only_trial(s);
  }
  // jRCT is the primary registry: its values win in either order, and the NCT value is kept.
  CHECK(after["target_enrollment"] == 120);
  CHECK(before["target_enrollment"] == 120);
  const json* c = conflict(after, "/target_enrollment");
  REQUIRE(c);
  CHECK((*c)["values"][0] == json{{"registry", "jRCT"}, {"id", "jRCT2031200001"}, {"value", 120}});
  CHECK((*c)["values"][1] == json{{"registry", "NCT"}, {"id", "NCT04000001"}, {"value", 150}});
  CHECK(source_ids(after) == std::vector<std::string>{"jRCT2031200001", "NCT04000001"});
  // The same record whichever file came first, apart from the id the trial was first stored under.
  json a = without_system_fields(after), b = without_system_fields(before);
  CHECK(a["id"] == "jRCT2031200001");
  a.erase("id");
  b.erase("id");
  json b_ids = json::array();
  for (const auto& sid : b["secondary_ids"])
    if (sid["id"] != "jRCT2031200001") b_ids.push_back(sid);
  b.erase("secondary_ids");
  json a_ids = a["secondary_ids"];
  a.erase("secondary_ids");
  CHECK(a == b);
  CHECK(a_ids.size() == 1);
  CHECK(a_ids[0]["id"] == "NCT04000001");
  CHECK(b_ids == json::array({{{"registry", "NCT"}, {"id", "NCT04000001"}}}));
}

TEST_CASE("import_into_store: re-imports keep conflicts current and never let the lower registry win") {
  testing::TempDir dir;
  auto s = testing::open_store(dir.path());
  import_text(s, ImportFormat::ictrp_xml, ictrp_file(ictrp_trial("jRCT2031200002", "NCT04000002")));
  import_text(s, ImportFormat::ctgov_json, ctgov_study("NCT04000002", {}, 120));
  json r = only_trial(s);
  CHECK(conflict(r, "/target_enrollment") == nullptr);  // they agree
  const auto v = r["version"];
  // The same NCT record again: nothing written.
  CHECK(import_text(s, ImportFormat::ctgov_json, ctgov_study("NCT04000002", {}, 120)).counts.unchanged == 1);
  CHECK(only_trial(s)["version"] == v);
  // ClinicalTrials.gov changes its number: kept as a conflict, jRCT's value stays.
  const auto changed = import_text(s, ImportFormat::ctgov_json, ctgov_study("NCT04000002", {}, 300), "2026-07-01T00:00:00Z");
  CHECK(changed.counts.updated == 1);
  r = only_trial(s);
  CHECK(r["target_enrollment"] == 120);
  REQUIRE(conflict(r, "/target_enrollment"));
  CHECK((*conflict(r, "/target_enrollment"))["values"][1]["value"] == 300);
  CHECK(r["sources"][1]["last_imported"] == "2026-07-01T00:00:00Z");
  CHECK(r["sources"][0]["last_imported"] == "2026-05-01T00:00:00Z");
  // jRCT changes its own: the trial follows, and the conflict shows both new values.
  import_text(s, ImportFormat::ictrp_xml, ictrp_file(ictrp_trial("jRCT2031200002", "NCT04000002", "Drug A for lung cancer", "200")));
  r = only_trial(s);
  CHECK(r["target_enrollment"] == 200);
  CHECK((*conflict(r, "/target_enrollment"))["values"][0]["value"] == 200);
}

TEST_CASE("import_into_store: a chain UMIN <-> jRCT <-> NCT is one trial in either order") {
  const std::string umin = ictrp_file(
      "<Trial><TrialID>JPRN-UMIN000012345</TrialID><Public_title>Drug A for lung cancer</Public_title>"
      "<Primary_sponsor>Example Pharma</Primary_sponsor><Recruitment_Status>Recruiting</Recruitment_Status>"
      "<Study_type>Interventional</Study_type><Phase>Phase 3</Phase><Countries>Japan</Countries>"
      "<Condition>Lung cancer</Condition><Secondary_ID>jRCT2031200003</Secondary_ID></Trial>");
  const std::string jrct = ictrp_file(ictrp_trial("jRCT2031200003", "NCT04000003"));
  const std::string nct = ctgov_study("NCT04000003", {});
  for (const auto& order : std::vector<std::vector<int>>{{0, 1, 2}, {2, 1, 0}, {1, 2, 0}}) {
    CAPTURE(order[0]);
    testing::TempDir dir;
    auto s = testing::open_store(dir.path());
    for (int i : order) {
      if (i == 0) import_text(s, ImportFormat::ictrp_xml, umin);
      if (i == 1) import_text(s, ImportFormat::ictrp_xml, jrct);
      if (i == 2) import_text(s, ImportFormat::ctgov_json, nct);
    }
    const json r = only_trial(s);
    CHECK(source_ids(r) == std::vector<std::string>{"jRCT2031200003", "UMIN000012345", "NCT04000003"});
    for (const char* id : {"UMIN000012345", "NCT04000003", "jRCT2031200003"}) {
      auto found = s.find_trials_by_registry_keys({text::registry_id_key(id)});
      REQUIRE(found);
      CHECK(found->size() == 1);
    }
  }
}

TEST_CASE("import_into_store: a registrant's record keeps its values and the import's version says so") {
  testing::TempDir dir;
  auto s = testing::open_store(dir.path());
  auto org = s.create_org("Example Pharma");
  REQUIRE(org);
  json mine = testing::small_record("jRCT2031200004");
  mine["target_enrollment"] = 80;
  REQUIRE(s.put_trial(mine, testing::org_ctx(org->id)));
  const auto linked = import_text(s, ImportFormat::ctgov_json, ctgov_study("NCT04000004", {"jRCT2031200004"}, 150));
  CHECK(linked.counts.linked == 1);
  auto trial = s.get_trial("jRCT2031200004");
  REQUIRE(trial);
  const json& r = (*trial)->record;
  CHECK(r["target_enrollment"] == 80);
  CHECK(r["public_title"] == mine["public_title"]);
  CHECK(r["phase"] == "3");
  CHECK(source_ids(r) == std::vector<std::string>{"NCT04000004"});
  const json* c = conflict(r, "/target_enrollment");
  REQUIRE(c);
  CHECK((*c)["values"][0] == json{{"registry", "rinsho"}, {"id", "jRCT2031200004"}, {"value", 80}});
  auto versions = s.list_versions("jRCT2031200004");
  REQUIRE(versions);
  REQUIRE(versions->size() == 2);
  CHECK(versions->back().source == "import");
  CHECK(versions->back().note.find("the registrant's values were kept") != std::string::npos);
  CHECK(versions->back().note.find("/target_enrollment") != std::string::npos);
  // The registrant edits without sending the linkage: it stays.
  mine["target_enrollment"] = 90;
  REQUIRE(s.put_trial(mine, testing::org_ctx(org->id)));
  trial = s.get_trial("jRCT2031200004");
  CHECK(source_ids((*trial)->record) == std::vector<std::string>{"NCT04000004"});
  CHECK((*trial)->record["target_enrollment"] == 90);
}

TEST_CASE("find_probable_duplicates: same English title and sponsor, no shared id, listed and not merged") {
  testing::TempDir dir;
  auto s = testing::open_store(dir.path());
  import_text(s, ImportFormat::ictrp_xml, ictrp_file(ictrp_trial("jRCT2031200005", "")));
  import_text(s, ImportFormat::ctgov_json, ctgov_study("NCT04000005", {}, 120, "Drug A for Lung Cancer."));
  import_text(s, ImportFormat::ctgov_json, ctgov_study("NCT04000006", {}, 120, "Something else"));
  CHECK(*s.count_trials() == 3);
  auto groups = linkage::find_probable_duplicates(s);
  REQUIRE(groups);
  REQUIRE(groups->size() == 1);
  CHECK((*groups)[0].trials.size() == 2);
  std::vector<std::string> ids;
  for (const auto& t : (*groups)[0].trials) ids.push_back(t.id);
  CHECK(std::count(ids.begin(), ids.end(), "jRCT2031200005") == 1);
  CHECK_FALSE((*groups)[0].cross_referenced);
}

}  // namespace rinsho
