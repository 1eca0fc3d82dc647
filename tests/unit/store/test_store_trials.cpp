#include <doctest/doctest.h>

#include <cstdio>
#include <ctime>
#include <regex>
#include <set>

#include "store/store.hpp"
#include "store_fixture.hpp"

using namespace rinsho;
using nlohmann::json;

namespace {

json without_system_fields(json r) {
  for (const char* f : {"version", "created_at", "updated_at", "owner_org"}) r.erase(f);
  return r;
}

std::string two_digit_year() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", (tm.tm_year + 1900) % 100);
  return buf;
}

}  // namespace

TEST_CASE("Store::put_trial and get_trial round-trip a record and set the system fields") {
  testing::TempDir tmp;
  auto s = testing::open_store(tmp.path());
  const json input = testing::small_record("jRCT2031240001");
  auto w = s.put_trial(input, testing::org_ctx("org_a"));
  REQUIRE(w.has_value());
  CHECK(w->id == "jRCT2031240001");
  CHECK(w->created);
  CHECK_FALSE(w->unchanged);
  CHECK(w->version == 1);
  CHECK(w->etag == "\"jRCT2031240001-v1\"");

  auto got = s.get_trial("jRCT2031240001");
  REQUIRE(got.has_value());
  REQUIRE(got->has_value());
  const auto& t = **got;
  CHECK(without_system_fields(t.record) == input);
  CHECK(t.record["version"] == 1);
  CHECK(t.record["owner_org"] == "org_a");
  CHECK(t.record["created_at"] == t.created_at);
  CHECK(t.created_at == t.updated_at);
  CHECK(std::regex_match(t.created_at, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")));
  CHECK(t.seq == w->seq);
  CHECK(t.etag == w->etag);
  CHECK(s.get_trial("jRCT2031249999")->has_value() == false);
}

TEST_CASE("Store::put_trial assigns unique ids in the reserved block of the record's category") {
  testing::TempDir tmp;
  auto s = testing::open_store(tmp.path());
  const std::string yy = two_digit_year();
  // An imported record that already sits in the reserved block is skipped, not overwritten.
  REQUIRE(s.put_trial(testing::small_record("jRCT2099" + yy + "0001"), testing::ingest_ctx()).has_value());

  std::set<std::string> ids;
  const std::regex shape("^jRCT[0-9a-z][0-9]{9}$");
  for (int i = 0; i < 200; ++i) {
    auto w = s.put_trial(testing::small_record("", "試験 " + std::to_string(i)), testing::ingest_ctx());
    REQUIRE(w.has_value());
    CHECK(w->created);
    CHECK(std::regex_match(w->id, shape));
    CHECK(w->id.substr(0, 10) == "jRCT2099" + yy);
    ids.insert(w->id);
  }
  CHECK(ids.size() == 200);
  CHECK(ids.count("jRCT2099" + yy + "0001") == 0);
  CHECK(*ids.begin() == "jRCT2099" + yy + "0002");
  CHECK(*ids.rbegin() == "jRCT2099" + yy + "0201");
  CHECK(s.count_trials().value() == 201);

  const std::pair<const char*, char> categories[] = {
      {"investigator_initiated_trial", '2'}, {"specified_clinical_research", 's'},
      {"regenerative_medicine", 'b'}, {"non_specified_clinical_research", '1'}, {"other", '1'}};
  for (const auto& entry : categories) {  // named, not bound: CAPTURE's lambda cannot take bindings in clang 14
    const auto& category = entry.first;
    const auto& code = entry.second;
    CAPTURE(category);
    json r = testing::small_record();
    r["category"] = category;
    auto w = s.put_trial(r, testing::ingest_ctx());
    REQUIRE(w.has_value());
    CHECK(w->id[4] == code);
    CHECK(w->id.substr(5, 5) == "099" + yy);
    auto stored = s.get_trial(w->id);
    CHECK((*stored)->record["id"] == w->id);
  }
}

TEST_CASE("Store::put_trial writes a new version when the record changes") {
  testing::TempDir tmp;
  auto s = testing::open_store(tmp.path());
  auto v1 = s.put_trial(testing::small_record("jRCT2031240001"), testing::ingest_ctx());
  REQUIRE(v1.has_value());
  auto v2 = s.put_trial(testing::small_record("jRCT2031240001", "新しい題名"), testing::ingest_ctx());
  REQUIRE(v2.has_value());
  CHECK_FALSE(v2->created);
  CHECK(v2->version == 2);
  CHECK(v2->seq > v1->seq);
  CHECK(v2->etag == "\"jRCT2031240001-v2\"");
  CHECK(v2->changed_fields == std::vector<std::string>{"/public_title/ja"});
  auto t = s.get_trial("jRCT2031240001").value().value();
  CHECK(t.version == 2);
  CHECK(t.record["version"] == 2);
  CHECK(t.record["public_title"]["ja"] == "新しい題名");
  CHECK(t.created_at == s.get_version("jRCT2031240001", 1).value()->record["created_at"]);
  CHECK(t.updated_at >= t.created_at);
}

TEST_CASE("Store::put_trial of an unchanged record writes no version and keeps seq") {
  testing::TempDir tmp;
  auto s = testing::open_store(tmp.path());
  auto first = s.put_trial(testing::small_record("jRCT2031240001"), testing::ingest_ctx());
  REQUIRE(first.has_value());
  // A re-import of an export carries the system fields; they are not changes.
  json exported = s.get_trial("jRCT2031240001").value().value().record;
  exported["updated_at"] = "2001-01-01T00:00:00.000Z";
  for (const json& again : {testing::small_record("jRCT2031240001"), exported}) {
    auto w = s.put_trial(again, testing::ingest_ctx());
    REQUIRE(w.has_value());
    CHECK(w->unchanged);
    CHECK_FALSE(w->created);
    CHECK(w->version == 1);
    CHECK(w->seq == first->seq);
    CHECK(w->etag == first->etag);
    CHECK(w->changed_fields.empty());
  }
  CHECK(s.last_seq().value() == first->seq);
  CHECK(s.list_versions("jRCT2031240001")->size() == 1);
  CHECK(s.get_trial("jRCT2031240001").value()->updated_at == s.get_trial("jRCT2031240001").value()->created_at);
}

TEST_CASE("Store::put_trial with a stale expected_version is precondition_failed and changes nothing") {
  testing::TempDir tmp;
  auto s = testing::open_store(tmp.path());
  REQUIRE(s.put_trial(testing::small_record("jRCT2031240001"), testing::ingest_ctx()).has_value());
  REQUIRE(s.put_trial(testing::small_record("jRCT2031240001", "二版"), testing::ingest_ctx()).has_value());
  const auto seq_before = s.last_seq().value();

  auto ctx = testing::ingest_ctx();
  ctx.expected_version = 1;
  auto w = s.put_trial(testing::small_record("jRCT2031240001", "古い版からの更新"), ctx);
  REQUIRE_FALSE(w.has_value());
  CHECK(w.error().code == ErrorCode::precondition_failed);
  CHECK(w.error().message.find("version 2") != std::string::npos);
  auto t = s.get_trial("jRCT2031240001").value().value();
  CHECK(t.version == 2);
  CHECK(t.record["public_title"]["ja"] == "二版");
  CHECK(s.last_seq().value() == seq_before);

  ctx.expected_version = 2;
  auto ok = s.put_trial(testing::small_record("jRCT2031240001", "三版"), ctx);
  REQUIRE(ok.has_value());
  CHECK(ok->version == 3);

  ctx.expected_version = 1;  // If-Match on a trial that does not exist
  auto missing = s.put_trial(testing::small_record("jRCT2031249999"), ctx);
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().code == ErrorCode::conflict);
  CHECK_FALSE(s.get_trial("jRCT2031249999").value().has_value());
}

TEST_CASE("Store::put_trial with create_only on an existing id is a conflict") {
  testing::TempDir tmp;
  auto s = testing::open_store(tmp.path());
  auto ctx = testing::org_ctx("org_a");
  ctx.create_only = true;
  REQUIRE(s.put_trial(testing::small_record("jRCT2031240001"), ctx).has_value());
  auto again = s.put_trial(testing::small_record("jRCT2031240001", "別の題名"), ctx);
  REQUIRE_FALSE(again.has_value());
  CHECK(again.error().code == ErrorCode::conflict);
  CHECK(s.get_trial("jRCT2031240001").value()->record["public_title"]["ja"] == "肺がんの試験");
  CHECK(s.put_trial(testing::small_record(), ctx).has_value());  // a new, assigned id is fine
}

TEST_CASE("Store::put_trial lets only the owning organisation (or the operator) change a trial") {
  testing::TempDir tmp;
  auto s = testing::open_store(tmp.path());
  REQUIRE(s.put_trial(testing::small_record("jRCT2031240001"), testing::org_ctx("org_a")).has_value());

  auto other = s.put_trial(testing::small_record("jRCT2031240001", "乗っ取り"), testing::org_ctx("org_b"));
  REQUIRE_FALSE(other.has_value());
  CHECK(other.error().code == ErrorCode::forbidden);
  CHECK(s.get_trial("jRCT2031240001").value()->version == 1);

  auto owner = s.put_trial(testing::small_record("jRCT2031240001", "所有者の更新"), testing::org_ctx("org_a"));
  REQUIRE(owner.has_value());
  CHECK(owner->version == 2);
  auto op = s.put_trial(testing::small_record("jRCT2031240001", "運営者の訂正"), testing::ingest_ctx());
  REQUIRE(op.has_value());
  auto t = s.get_trial("jRCT2031240001").value().value();
  CHECK(t.owner_org == "org_a");  // an operator correction does not change the owner
  CHECK(t.record["owner_org"] == "org_a");

  // A trial the operator ingested has no owner; an organisation cannot take it over.
  REQUIRE(s.put_trial(testing::small_record("jRCT2031240002"), testing::ingest_ctx()).has_value());
  auto takeover = s.put_trial(testing::small_record("jRCT2031240002", "乗っ取り"), testing::org_ctx("org_a"));
  REQUIRE_FALSE(takeover.has_value());
  CHECK(takeover.error().code == ErrorCode::forbidden);
  CHECK_FALSE(s.get_trial("jRCT2031240002").value()->record.contains("owner_org"));
}

TEST_CASE("Store::put_trial rejects a record that breaks the schema, with field errors") {
  testing::TempDir tmp;
  auto s = testing::open_store(tmp.path());
  json r = testing::small_record("jRCT2031240001");
  r.erase("category");
  r["phase"] = "III";
  auto w = s.put_trial(r, testing::ingest_ctx());
  REQUIRE_FALSE(w.has_value());
  CHECK(w.error().code == ErrorCode::validation);
  std::set<std::string> pointers;
  for (const auto& f : w.error().fields) pointers.insert(f.pointer);
  CHECK(pointers == std::set<std::string>{"/category", "/phase"});
  CHECK(s.count_trials().value() == 0);
  CHECK(s.last_seq().value() == 0);

  auto not_object = s.put_trial(json::array(), testing::ingest_ctx());
  REQUIRE_FALSE(not_object.has_value());
  CHECK(not_object.error().code == ErrorCode::validation);
}
