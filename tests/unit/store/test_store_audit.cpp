#include <doctest/doctest.h>

#include "store/store.hpp"
#include "store_fixture.hpp"

using namespace rinsho;
using nlohmann::json;

TEST_CASE("Store::put_trial audits accepted and rejected writes") {
  testing::TempDir tmp;
  auto s = testing::open_store(tmp.path());
  const std::string id = "jRCT2031240001";
  REQUIRE(s.put_trial(testing::small_record(id), testing::org_ctx("org_a")).has_value());
  REQUIRE(s.put_trial(testing::small_record(id), testing::org_ctx("org_a")).has_value());  // unchanged
  REQUIRE_FALSE(s.put_trial(testing::small_record(id, "x"), testing::org_ctx("org_b")).has_value());
  json invalid = testing::small_record(id);
  invalid["phase"] = "III";
  REQUIRE_FALSE(s.put_trial(invalid, testing::org_ctx("org_a")).has_value());

  auto log = s.recent_audit(10);
  REQUIRE(log.has_value());
  REQUIRE(log->size() == 4);
  // Newest first.
  const auto& validation = (*log)[0];
  const auto& forbidden = (*log)[1];
  const auto& unchanged = (*log)[2];
  const auto& created = (*log)[3];
  CHECK(created.action == "put_trial");
  CHECK(created.outcome == "created");
  CHECK(created.org_id == "org_a");
  CHECK(created.actor == "alice@org_a");
  CHECK(created.target == id);
  CHECK(json::parse(created.detail)["version"] == 1);
  CHECK(unchanged.outcome == "unchanged");
  CHECK(forbidden.outcome == "rejected");
  CHECK(forbidden.org_id == "org_b");
  CHECK(json::parse(forbidden.detail)["code"] == "forbidden");
  CHECK(validation.outcome == "rejected");
  CHECK(json::parse(validation.detail)["code"] == "validation");
  CHECK(validation.target == id);
  CHECK(created.id < unchanged.id);
  CHECK(s.recent_audit(1)->size() == 1);
}

TEST_CASE("Store::audit records attempts the caller rejected before reaching the store") {
  testing::TempDir tmp;
  auto s = testing::open_store(tmp.path());
  REQUIRE(s.audit({0, "", "", "", "put_trial", "jRCT2031240001", "rejected", R"({"code":"unauthorized"})"}).has_value());
  REQUIRE(s.audit({0, "2026-01-02T03:04:05.000Z", "org_a", "alice", "revoke_token", "tok_1", "ok", ""}).has_value());
  auto log = s.recent_audit(10).value();
  REQUIRE(log.size() == 2);
  CHECK(log[0].action == "revoke_token");
  CHECK(log[0].at == "2026-01-02T03:04:05.000Z");
  CHECK(log[0].org_id == "org_a");
  CHECK(log[1].outcome == "rejected");
  CHECK(log[1].org_id.empty());
  CHECK_FALSE(log[1].at.empty());  // the store stamps the time when the caller did not
}

namespace {

store::WriteContext keyed_ctx(const std::string& org, const std::string& key, const std::string& hash) {
  auto ctx = testing::org_ctx(org);
  ctx.create_only = true;
  ctx.idempotency = store::IdempotencyClaim{key, hash, 201, [](const store::WriteResult& w) {
                                              return json{{"id", w.id}, {"version", w.version}}.dump();
                                            }};
  return ctx;
}

}  // namespace

TEST_CASE("Store::put_trial saves an Idempotency-Key with the trial and replays it instead of writing again") {
  testing::TempDir tmp;
  auto s = testing::open_store(tmp.path());
  CHECK_FALSE(s.find_idempotent("org_a", "k1")->has_value());
  auto first = s.put_trial(testing::small_record(), keyed_ctx("org_a", "k1", "sha-of-body"));
  REQUIRE(first.has_value());
  CHECK_FALSE(first->earlier.has_value());
  const auto seq = first->seq;

  auto found = s.find_idempotent("org_a", "k1");
  REQUIRE(found->has_value());
  CHECK((*found)->request_hash == "sha-of-body");
  CHECK((*found)->status == 201);
  CHECK((*found)->body == json{{"id", first->id}, {"version", 1}}.dump());
  CHECK_FALSE((*found)->created_at.empty());

  // The retry finds the key inside its own transaction and writes nothing: no second trial.
  auto again = s.put_trial(testing::small_record(), keyed_ctx("org_a", "k1", "sha-of-body"));
  REQUIRE(again.has_value());
  REQUIRE(again->earlier.has_value());
  CHECK(again->earlier->body == (*found)->body);
  CHECK(s.last_seq().value() == seq);
  CHECK(s.count_trials().value() == 1);

  // Keys are per organisation.
  auto other = s.put_trial(testing::small_record(), keyed_ctx("org_b", "k1", "h"));
  REQUIRE(other.has_value());
  CHECK_FALSE(other->earlier.has_value());
  CHECK(s.count_trials().value() == 2);
}

TEST_CASE("Store::put_trial saves no Idempotency-Key for a rejected registration") {
  testing::TempDir tmp;
  auto s = testing::open_store(tmp.path());
  json invalid = testing::small_record();
  invalid["phase"] = "III";
  REQUIRE_FALSE(s.put_trial(invalid, keyed_ctx("org_a", "k1", "h1")).has_value());
  CHECK_FALSE(s.find_idempotent("org_a", "k1")->has_value());
  // Corrected and sent again with the same key, it registers.
  auto fixed = s.put_trial(testing::small_record(), keyed_ctx("org_a", "k1", "h2"));
  REQUIRE(fixed.has_value());
  CHECK_FALSE(fixed->earlier.has_value());
  CHECK(s.count_trials().value() == 1);
}
