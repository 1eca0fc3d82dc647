#include <doctest/doctest.h>

#include "store/store.hpp"
#include "store_fixture.hpp"

using namespace rinsho;
using nlohmann::json;

TEST_CASE("Store::put_trials writes a batch, reporting each record's outcome in its slot") {
  testing::TempDir tmp;
  auto s = testing::open_store(tmp.path());
  REQUIRE(s.put_trial(testing::small_record("jRCT2031240001"), testing::org_ctx("org_a")).has_value());

  json invalid = testing::small_record("jRCT2031240003");
  invalid.erase("phase");
  std::vector<json> batch = {
      testing::small_record("jRCT2031240002"),
      invalid,
      testing::small_record("jRCT2031240001", "運営者の訂正"),  // owned by org_a; the operator may edit
      testing::small_record(),                                   // id assigned
      testing::small_record("jRCT2031240002", "同じバッチで二版"),  // sees the first slot's write
      testing::small_record("jRCT2031240004"),
  };
  auto results = s.put_trials(batch, testing::ingest_ctx());
  REQUIRE(results.has_value());
  REQUIRE(results->size() == 6);
  CHECK((*results)[0]->created);
  REQUIRE_FALSE((*results)[1].has_value());
  CHECK((*results)[1].error().code == ErrorCode::validation);
  CHECK((*results)[2]->version == 2);
  CHECK((*results)[3]->id.rfind("jRCT2099", 0) == 0);
  CHECK((*results)[4]->version == 2);
  CHECK((*results)[5]->created);

  CHECK(s.count_trials().value() == 4);  // 001, 002, 004 and the assigned one
  CHECK_FALSE(s.get_trial("jRCT2031240003").value().has_value());
  auto changes = s.changes_since(0, 100).value();
  CHECK(changes.size() == 6);  // 1 earlier + 5 accepted in the batch
  for (std::size_t i = 1; i < changes.size(); ++i) CHECK(changes[i].seq > changes[i - 1].seq);
  CHECK(s.recent_audit(100)->size() == 7);
  CHECK(s.verify_integrity()->empty());

  // Re-running the same batch is idempotent: nothing new is written.
  const auto seq = s.last_seq().value();
  auto rerun = s.put_trials({testing::small_record("jRCT2031240004")}, testing::ingest_ctx());
  CHECK((*rerun)[0]->unchanged);
  CHECK(s.last_seq().value() == seq);
  CHECK(s.put_trials({}, testing::ingest_ctx())->empty());
}
