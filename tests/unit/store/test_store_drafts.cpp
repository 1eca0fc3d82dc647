// Portal drafts in the store (store_drafts.cpp), on both back ends: created, saved, listed and
// deleted only within their organisation, and invisible to everything that reads trials.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "store/store.hpp"
#include "store/trial_draft.hpp"
#include "store_fixture.hpp"

using namespace rinsho;

namespace {

struct TwoOrgs {
  store::Organization a, b;
  store::Person alice, bob;
};

TwoOrgs two_orgs(store::Store& s) {
  TwoOrgs t{s.create_org("臨床大学病院").value(), s.create_org("別の病院").value(), {}, {}};
  t.alice = s.create_person(t.a.id, "alice@example.jp", "editor").value();
  t.bob = s.create_person(t.b.id, "bob@example.jp", "editor").value();
  return t;
}

store::TrialDraft new_draft(const store::Organization& org, const store::Person& person, nlohmann::json record) {
  store::TrialDraft d;
  d.org_id = org.id;
  d.created_by = person.id;
  d.record = std::move(record);
  return d;
}

}  // namespace

TEST_CASE("Store::create_draft assigns id and times and keeps the record as it is, invalid or not") {
  testing::TempDir tmp;
  auto s = testing::open_store(tmp.path());
  auto t = two_orgs(s);
  // A first step of a new trial: far from a valid record, which a draft may be.
  auto d = s.create_draft(new_draft(t.a, t.alice, {{"public_title", {{"ja", "<b>肺がん</b>の試験"}}}, {"phase", 7}}));
  REQUIRE(d.has_value());
  CHECK(d->id.rfind("drf_", 0) == 0);
  CHECK(d->id.size() == 4 + 16);
  CHECK(d->updated_by == t.alice.id);
  CHECK_FALSE(d->created_at.empty());
  auto found = s.find_draft(t.a.id, d->id);
  REQUIRE(found.has_value());
  REQUIRE(found->has_value());
  const store::TrialDraft& got = **found;
  CHECK(got.record["public_title"]["ja"] == "<b>肺がん</b>の試験");
  CHECK(got.record["phase"] == 7);
  CHECK_FALSE(got.trial_id.has_value());
  CHECK(got.base_version == 0);
  CHECK(got.step == 1);
}

TEST_CASE("Store::create_draft refuses a person of another organisation or an unknown one") {
  testing::TempDir tmp;
  auto s = testing::open_store(tmp.path());
  auto t = two_orgs(s);
  CHECK(s.create_draft(new_draft(t.a, t.bob, nlohmann::json::object())).error().code == ErrorCode::not_found);
  store::Person ghost = t.alice;
  ghost.id = "usr_0000000000000000";
  CHECK(s.create_draft(new_draft(t.a, ghost, nlohmann::json::object())).error().code == ErrorCode::not_found);
  CHECK(s.list_drafts(t.a.id)->empty());
}

TEST_CASE("Drafts of another organisation are not found, saved, listed or deleted") {
  testing::TempDir tmp;
  auto s = testing::open_store(tmp.path());
  auto t = two_orgs(s);
  auto d = s.create_draft(new_draft(t.a, t.alice, {{"keywords", {"EGFR"}}})).value();
  CHECK_FALSE(s.find_draft(t.b.id, d.id)->has_value());
  CHECK(s.list_drafts(t.b.id)->empty());

  store::TrialDraft hijack = d;
  hijack.org_id = t.b.id;
  hijack.updated_by = t.bob.id;
  hijack.record = {{"keywords", {"stolen"}}};
  CHECK(s.save_draft(hijack).value() == false);
  // Bob cannot save A's draft under A's organisation either: he is not one of its people.
  hijack.org_id = t.a.id;
  CHECK(s.save_draft(hijack).value() == false);
  CHECK(s.delete_draft(t.b.id, d.id).value() == false);
  CHECK((*s.find_draft(t.a.id, d.id).value()).record["keywords"][0] == "EGFR");
}

TEST_CASE("Store::save_draft replaces record, step and updater; list_drafts shows the newest change first") {
  testing::TempDir tmp;
  auto s = testing::open_store(tmp.path());
  auto t = two_orgs(s);
  auto carol = s.create_person(t.a.id, "carol@example.jp", "admin").value();
  auto first = s.create_draft(new_draft(t.a, t.alice, {{"phase", "2"}})).value();
  auto second = s.create_draft(new_draft(t.a, t.alice, {{"phase", "3"}})).value();
  first.record = {{"phase", "1/2"}, {"keywords", {"KRAS"}}};
  first.step = 4;
  first.updated_by = carol.id;
  // Times have milliseconds: make sure the save is later than the second draft.
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  REQUIRE(s.save_draft(first).value());
  auto got = s.find_draft(t.a.id, first.id).value().value();
  CHECK(got.record == nlohmann::json({{"phase", "1/2"}, {"keywords", {"KRAS"}}}));
  CHECK(got.step == 4);
  CHECK(got.created_by == t.alice.id);
  CHECK(got.updated_by == carol.id);
  auto list = s.list_drafts(t.a.id).value();
  REQUIRE(list.size() == 2);
  CHECK(list[0].id == first.id);
  CHECK(list[1].id == second.id);

  CHECK(s.delete_draft(t.a.id, first.id).value());
  CHECK(s.delete_draft(t.a.id, first.id).value() == false);
  CHECK(s.list_drafts(t.a.id)->size() == 1);
}

TEST_CASE("A draft that edits a trial keeps the trial's id and version; drafts never reach trial reads") {
  testing::TempDir tmp;
  auto s = testing::open_store(tmp.path());
  auto t = two_orgs(s);
  auto w = s.put_trial(testing::small_record(), testing::org_ctx(t.a.id)).value();
  const auto seq_before = s.last_seq().value();
  auto d = new_draft(t.a, t.alice, s.get_trial(w.id).value()->record);
  d.trial_id = w.id;
  d.base_version = w.version;
  d.record["public_title"]["ja"] = "下書きだけの題名";
  auto made = s.create_draft(d).value();
  auto got = s.find_draft(t.a.id, made.id).value().value();
  REQUIRE(got.trial_id.has_value());
  CHECK(*got.trial_id == w.id);
  CHECK(got.base_version == 1);
  // Trials, versions and the change feed (which the index and exports read) know nothing of it.
  CHECK(s.count_trials().value() == 1);
  CHECK(s.last_seq().value() == seq_before);
  CHECK(s.list_versions(w.id)->size() == 1);
  CHECK(s.get_trial(w.id).value()->record["public_title"]["ja"] == "肺がんの試験");
  int seen = 0;
  REQUIRE(s.for_each_trial([&](const store::StoredTrial& trial) {
    ++seen;
    CHECK(trial.record["public_title"]["ja"] != "下書きだけの題名");
    return true;
  }));
  CHECK(seen == 1);
}
