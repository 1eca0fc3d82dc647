// The store's part of bridging, on both back ends: the registry id table, source snapshots saved
// with their trial, version notes, and registrant detection.
#include <doctest/doctest.h>

#include "store_fixture.hpp"

namespace rinsho {
namespace {

store::WriteContext import_ctx() {
  auto ctx = testing::ingest_ctx();
  ctx.source = "import";
  ctx.actor = "importer";
  return ctx;
}

}  // namespace

TEST_CASE("find_trials_by_registry_keys: every id a trial carries, kept in step with each write") {
  testing::TempDir dir;
  auto s = testing::open_store(dir.path());
  auto r = testing::small_record("jRCT2031240001");
  r["secondary_ids"] = {{{"registry", "NCT"}, {"id", "NCT01234567"}}, {{"registry", "JapicCTI"}, {"id", "JapicCTI-194987"}}};
  REQUIRE(s.put_trial(r, testing::ingest_ctx()));
  CHECK(*s.find_trials_by_registry_keys({"nct01234567"}) == std::vector<std::string>{"jRCT2031240001"});
  CHECK(*s.find_trials_by_registry_keys({"japiccti194987", "jrct2031240001"}) == std::vector<std::string>{"jRCT2031240001"});
  CHECK(s.find_trials_by_registry_keys({"nct99999999"})->empty());
  // A new version without the NCT id: that key no longer finds the trial.
  r["secondary_ids"] = {{{"registry", "JapicCTI"}, {"id", "JapicCTI-194987"}}};
  REQUIRE(s.put_trial(r, testing::ingest_ctx()));
  CHECK(s.find_trials_by_registry_keys({"nct01234567"})->empty());
  CHECK(s.find_trials_by_registry_keys({})->empty());
}

TEST_CASE("put_imported: the snapshot is saved with the trial, the note with the version") {
  testing::TempDir dir;
  auto s = testing::open_store(dir.path());
  auto record = testing::small_record();
  record["secondary_ids"] = {{{"registry", "NCT"}, {"id", "NCT01234567"}}};
  store::SourceSnapshot snap{"nct01234567", "NCT", "NCT01234567", "https://clinicaltrials.gov/study/NCT01234567",
                             "2026-05-10T00:00:00Z", record};
  auto results = s.put_imported({{record, snap, "import of NCT NCT01234567", {}}}, import_ctx());
  REQUIRE(results);
  REQUIRE((*results)[0]);
  const std::string id = (*results)[0]->id;
  auto snaps = s.source_snapshots(id);
  REQUIRE(snaps);
  REQUIRE(snaps->size() == 1);
  CHECK((*snaps)[0].registry == "NCT");
  CHECK((*snaps)[0].url == "https://clinicaltrials.gov/study/NCT01234567");
  CHECK((*snaps)[0].record == record);
  auto versions = s.list_versions(id);
  REQUIRE(versions);
  CHECK(versions->at(0).note == "import of NCT NCT01234567");
  CHECK_FALSE(*s.has_registrant_version(id));
  // A write from the API is a registrant's; its version has no note.
  auto org = s.create_org("Org");
  REQUIRE(org);
  REQUIRE(s.put_trial(testing::small_record("jRCT2031240009"), testing::org_ctx(org->id)));
  CHECK(*s.has_registrant_version("jRCT2031240009"));
  CHECK(s.list_versions("jRCT2031240009")->at(0).note.empty());
  // The version the merge was computed from has moved on: that record alone is refused.
  auto stale = s.put_imported({{testing::small_record("jRCT2031240009", "別の題"), std::nullopt, "import", 0}}, import_ctx());
  REQUIRE(stale);
  CHECK_FALSE((*stale)[0].has_value());
  CHECK(s.get_trial("jRCT2031240009")->value().record["public_title"]["ja"] == "肺がんの試験");
}


TEST_CASE("put_imported: a record without an id is numbered in the year it was registered elsewhere") {
  testing::TempDir dir;
  auto s = testing::open_store(dir.path());
  auto record = testing::small_record();
  record["category"] = "other";
  record["dates"] = {{"registered", "2019-04-01"}};
  auto imported = s.put_imported({{record, std::nullopt, "import", {}}}, import_ctx());
  REQUIRE(imported);
  REQUIRE((*imported)[0]);
  CHECK((*imported)[0]->id == "jRCT1099190001");
  // Through the API, the year of registration here, as before.
  auto api = s.put_trial(record, testing::ingest_ctx());
  REQUIRE(api);
  CHECK(api->id.substr(0, 10) != "jRCT109919");
}

}  // namespace rinsho
