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

TEST_CASE("Store idempotency keys: save once per organisation, find the stored response") {
  testing::TempDir tmp;
  auto s = testing::open_store(tmp.path());
  CHECK_FALSE(s.find_idempotent("org_a", "k1")->has_value());
  REQUIRE(s.save_idempotent("org_a", "k1", "sha-of-body", 201, R"({"id":"jRCT2031240001"})").has_value());
  auto found = s.find_idempotent("org_a", "k1");
  REQUIRE(found->has_value());
  CHECK((*found)->request_hash == "sha-of-body");
  CHECK((*found)->status == 201);
  CHECK((*found)->body == R"({"id":"jRCT2031240001"})");
  CHECK_FALSE((*found)->created_at.empty());

  auto again = s.save_idempotent("org_a", "k1", "other", 200, "{}");
  REQUIRE_FALSE(again.has_value());
  CHECK(again.error().code == ErrorCode::conflict);
  CHECK((*s.find_idempotent("org_a", "k1"))->status == 201);  // the first response stands

  CHECK_FALSE(s.find_idempotent("org_b", "k1")->has_value());  // keys are per organisation
  CHECK(s.save_idempotent("org_b", "k1", "h", 200, "{}").has_value());
}
