#include <doctest/doctest.h>

#include "store/store.hpp"
#include "store_fixture.hpp"

using namespace rinsho;
using nlohmann::json;

TEST_CASE("Store::list_versions and get_version show who changed which fields") {
  testing::TempDir tmp;
  auto s = testing::open_store(tmp.path());
  const std::string id = "jRCT2031240001";
  REQUIRE(s.put_trial(testing::small_record(id), testing::org_ctx("org_a")).has_value());
  json r = testing::small_record(id, "改訂された題名");
  r["eligibility"]["min_age_years"] = 18;
  auto ctx = testing::org_ctx("org_a");
  ctx.actor = "bob";
  auto w = s.put_trial(r, ctx);
  REQUIRE(w.has_value());
  CHECK(w->changed_fields == std::vector<std::string>{"/eligibility/min_age_years", "/public_title/ja"});

  auto versions = s.list_versions(id);
  REQUIRE(versions.has_value());
  REQUIRE(versions->size() == 2);
  CHECK((*versions)[0].version == 1);
  CHECK((*versions)[1].version == 2);
  CHECK((*versions)[1].seq == w->seq);
  CHECK((*versions)[1].actor_org == "org_a");
  CHECK((*versions)[1].actor == "bob");
  CHECK((*versions)[1].source == "api");
  CHECK((*versions)[1].changed_fields == w->changed_fields);

  auto v2 = s.get_version(id, 2);
  REQUIRE(v2.has_value());
  REQUIRE(v2->has_value());
  const auto& diff = (*v2)->diff;
  REQUIRE(diff.size() == 2);
  CHECK(diff[0] == model::FieldChange{"/eligibility/min_age_years", 20, 18});
  CHECK(diff[1] == model::FieldChange{"/public_title/ja", "肺がんの試験", "改訂された題名"});
  CHECK((*v2)->record["version"] == 2);
  CHECK((*v2)->summary.version == 2);

  auto v1 = s.get_version(id, 1);
  REQUIRE(v1->has_value());
  CHECK((*v1)->record["public_title"]["ja"] == "肺がんの試験");
  CHECK((*v1)->record["eligibility"]["min_age_years"] == 20);
  CHECK((*v1)->diff.size() == testing::small_record(id).size());  // every top-level field is new
  CHECK((*versions)[0].changed_fields.size() == testing::small_record(id).size());

  CHECK_FALSE(s.get_version(id, 3)->has_value());
  CHECK_FALSE(s.get_version(id, 0)->has_value());
  CHECK(s.list_versions("jRCT2031249999")->empty());
}

TEST_CASE("Store::changes_since returns accepted writes in seq order, up to the limit") {
  testing::TempDir tmp;
  auto s = testing::open_store(tmp.path());
  CHECK(s.last_seq().value() == 0);
  auto a1 = s.put_trial(testing::small_record("jRCT2031240002"), testing::ingest_ctx());
  auto b1 = s.put_trial(testing::small_record("jRCT2031240001"), testing::ingest_ctx());
  auto same = s.put_trial(testing::small_record("jRCT2031240001"), testing::ingest_ctx());  // unchanged
  auto a2 = s.put_trial(testing::small_record("jRCT2031240002", "二版"), testing::ingest_ctx());
  REQUIRE((a1 && b1 && same && a2));

  auto all = s.changes_since(0, 100);
  REQUIRE(all.has_value());
  REQUIRE(all->size() == 3);
  CHECK((*all)[0].seq == a1->seq);
  CHECK((*all)[1].seq == b1->seq);
  CHECK((*all)[2].seq == a2->seq);
  CHECK((*all)[0].seq < (*all)[1].seq);
  CHECK((*all)[1].seq < (*all)[2].seq);
  CHECK((*all)[2].id == "jRCT2031240002");
  CHECK((*all)[2].version == 2);
  CHECK((*all)[2].record["public_title"]["ja"] == "二版");
  CHECK((*all)[0].record["public_title"]["ja"] == "肺がんの試験");  // the version as it was then

  auto first_two = s.changes_since(0, 2);
  REQUIRE(first_two->size() == 2);
  CHECK((*first_two)[1].seq == b1->seq);
  auto rest = s.changes_since((*first_two)[1].seq, 2);
  REQUIRE(rest->size() == 1);
  CHECK((*rest)[0].seq == a2->seq);
  CHECK(s.changes_since(a2->seq, 10)->empty());
  CHECK(s.last_seq().value() == a2->seq);
}

TEST_CASE("Store::for_each_trial streams current trials in id order and can stop early") {
  testing::TempDir tmp;
  auto s = testing::open_store(tmp.path());
  for (const char* id : {"jRCT2031240003", "jRCT2031240001", "jRCT2031240002"})
    REQUIRE(s.put_trial(testing::small_record(id), testing::ingest_ctx()).has_value());
  REQUIRE(s.put_trial(testing::small_record("jRCT2031240002", "二版"), testing::ingest_ctx()).has_value());

  std::vector<std::string> seen;
  std::int64_t version_of_2 = 0;
  auto done = s.for_each_trial([&](const store::StoredTrial& t) {
    seen.push_back(t.id);
    if (t.id == "jRCT2031240002") version_of_2 = t.record["version"].get<std::int64_t>();
    return true;
  });
  REQUIRE(done.has_value());
  CHECK(seen == std::vector<std::string>{"jRCT2031240001", "jRCT2031240002", "jRCT2031240003"});
  CHECK(version_of_2 == 2);
  CHECK(s.count_trials().value() == 3);

  seen.clear();
  REQUIRE(s.for_each_trial([&](const store::StoredTrial& t) {
    seen.push_back(t.id);
    // The callback may use the store while the scan is open.
    CHECK(s.get_trial(t.id).value().has_value());
    return seen.size() < 2;
  }).has_value());
  CHECK(seen.size() == 2);

  auto thrown = s.for_each_trial([](const store::StoredTrial&) -> bool { throw std::runtime_error("boom"); });
  REQUIRE_FALSE(thrown.has_value());
  CHECK(thrown.error().code == ErrorCode::internal);
  CHECK(thrown.error().message.find("boom") != std::string::npos);
}
