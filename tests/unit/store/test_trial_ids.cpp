#include <doctest/doctest.h>

#include "store/raw_connection.hpp"
#include "store/store.hpp"
#include "store/trial_ids.hpp"
#include "store_fixture.hpp"

using namespace rinsho;

namespace {

// Marks blocks as used up to `next` directly in the table, as 9,999 registrations each would.
void fill_blocks(const std::filesystem::path& dir, const std::string& category, int year, int from_block, int to_block) {
  auto conn = store::detail::open_raw_connection(testing::store_options(dir));
  REQUIRE(conn.has_value());
  for (int b = from_block; b <= to_block; ++b) {
    auto stmt = (*conn)->prepare("INSERT INTO id_blocks(prefix, next) VALUES (?1, 10000) "
                                 "ON CONFLICT(prefix) DO UPDATE SET next = 10000", "fill a block");
    REQUIRE(stmt.has_value());
    stmt->bind(1, store::detail::assigned_id_block(category, year, b));
    REQUIRE(stmt->run().has_value());
  }
}

int this_year() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return tm.tm_year + 1900;
}

}  // namespace

TEST_CASE("assigned_id_block and is_server_assigned_id describe the reserved jRCT?09 range") {
  CHECK(store::detail::assigned_id_block("corporate_trial", 2026) == "jRCT209926");
  CHECK(store::detail::assigned_id_block("specified_clinical_research", 2026, 0) == "jRCTs09026");
  CHECK(store::detail::is_server_assigned_id("jRCT2099260001"));
  CHECK(store::detail::is_server_assigned_id("jRCTs090260017"));
  CHECK_FALSE(store::detail::is_server_assigned_id("jRCT2031240001"));  // jRCT's own, region 03
  CHECK_FALSE(store::detail::is_server_assigned_id("jRCT20926000"));    // too short to be an id
}

TEST_CASE("next_assigned_id moves to the next block when one is full, and a full year is a conflict") {
  testing::TempDir tmp;
  auto s = testing::open_store(tmp.path());
  const int year = this_year();
  fill_blocks(tmp.path(), "corporate_trial", year, 9, 9);
  auto w = s.put_trial(testing::small_record(), testing::org_ctx("org_a"));
  REQUIRE(w.has_value());
  CHECK(w->id == store::detail::assigned_id_block("corporate_trial", year, 8) + "0001");

  fill_blocks(tmp.path(), "corporate_trial", year, 0, 9);
  auto full = s.put_trial(testing::small_record(), testing::org_ctx("org_a"));
  REQUIRE_FALSE(full.has_value());
  CHECK(full.error().code == ErrorCode::conflict);  // never an internal error (500)
  REQUIRE(full.error().fields.size() == 1);
  CHECK(full.error().fields[0].pointer == "/id");
  // A registration that brings its own id still works.
  CHECK(s.put_trial(testing::small_record("jRCT2031240001"), testing::org_ctx("org_a")).has_value());
}

TEST_CASE("an organisation cannot register a new trial under an id from the reserved range") {
  testing::TempDir tmp;
  auto s = testing::open_store(tmp.path());
  auto w = s.put_trial(testing::small_record("jRCT2099269999"), testing::org_ctx("org_a"));
  REQUIRE_FALSE(w.has_value());
  CHECK(w.error().code == ErrorCode::validation);
  REQUIRE(w.error().fields.size() == 1);
  CHECK(w.error().fields[0].pointer == "/id");
  // The operator's ingest (no organisation) may: it restores exports that carry assigned ids.
  store::WriteContext ingest;
  ingest.source = "ingest";
  CHECK(s.put_trial(testing::small_record("jRCT2099269999"), ingest).has_value());
  // And an organisation keeps the id it was given: updates of its own assigned trial work.
  auto mine = s.put_trial(testing::small_record(), testing::org_ctx("org_a"));
  REQUIRE(mine.has_value());
  auto update = testing::small_record(mine->id, "改訂");
  auto ctx = testing::org_ctx("org_a");
  ctx.expected_version = 1;
  CHECK(s.put_trial(update, ctx).has_value());
}
