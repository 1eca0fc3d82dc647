#include <doctest/doctest.h>

#include "store_fixture.hpp"

using namespace rinsho;

namespace {
store::AccessCell cell(const char* day, const char* audience, const char* kind, const char* device, std::int64_t n) {
  return store::AccessCell{day, audience, kind, "api", device, "ja", n};
}
std::int64_t sum(const std::vector<store::DailyAudienceCount>& rows, const std::string& day, const std::string& audience) {
  std::int64_t n = 0;
  for (const auto& r : rows)
    if (r.day == day && r.audience == audience) n += r.count;
  return n;
}
}  // namespace

TEST_CASE("Store::add_access_counts adds to what is stored, day by day") {
  testing::TempDir tmp;
  auto s = testing::open_store(tmp.path());
  store::AccessBatch batch;
  batch.cells = {cell("2026-05-10", "person", "detail", "phone", 3), cell("2026-05-10", "bot", "detail", "other", 2),
                 cell("2026-05-11", "person", "search", "desktop", 4)};
  REQUIRE(s.add_access_counts(batch).has_value());
  REQUIRE(s.add_access_counts(batch).has_value());
  auto rows = s.daily_access("2026-05-01", "2026-05-31");
  REQUIRE(rows.has_value());
  CHECK(sum(*rows, "2026-05-10", "person") == 6);
  CHECK(sum(*rows, "2026-05-10", "bot") == 4);
  CHECK(sum(*rows, "2026-05-11", "person") == 8);
  auto only_11 = s.daily_access("2026-05-11", "2026-05-11");
  REQUIRE(only_11.has_value());
  CHECK(only_11->size() == 1);
  auto first = s.first_access_day();
  REQUIRE(first.has_value());
  CHECK(first->value_or("") == "2026-05-10");

  auto split = s.access_breakdown("2026-05-01", "2026-05-31");
  REQUIRE(split.has_value());
  CHECK(split->size() == 3);
  store::AccessBatch negative;
  negative.cells = {cell("2026-05-10", "person", "detail", "phone", -1)};
  CHECK_FALSE(s.add_access_counts(negative).has_value());
}

TEST_CASE("Store::top_search_concepts shows only concepts searched at least min_count times") {
  testing::TempDir tmp;
  auto s = testing::open_store(tmp.path());
  store::AccessBatch batch;
  batch.concepts = {{"2026-05-10", "lung_cancer", 6}, {"2026-05-11", "lung_cancer", 4}, {"2026-05-11", "gastric_cancer", 9},
                    {"2026-05-11", "asthma", 30}};
  REQUIRE(s.add_access_counts(batch).has_value());
  auto top = s.top_search_concepts("2026-05-01", "2026-05-31", 10, 20);
  REQUIRE(top.has_value());
  REQUIRE(top->size() == 2);
  CHECK((*top)[0].concept_id == "asthma");
  CHECK((*top)[1].concept_id == "lung_cancer");
  CHECK((*top)[1].count == 10);
  auto one_day = s.top_search_concepts("2026-05-11", "2026-05-11", 10, 20);
  REQUIRE(one_day.has_value());
  CHECK(one_day->size() == 1);  // lung_cancer had only 4 searches on the 11th
}

TEST_CASE("Store::trial_views_for_org lists the organisation's own trials only, zeros included") {
  testing::TempDir tmp;
  auto s = testing::open_store(tmp.path());
  auto mine = s.create_org("自社");
  auto theirs = s.create_org("他社");
  REQUIRE(mine.has_value());
  REQUIRE(theirs.has_value());
  REQUIRE(s.put_trial(testing::small_record("jRCT2031240001"), testing::org_ctx(mine->id)).has_value());
  REQUIRE(s.put_trial(testing::small_record("jRCT2031240002"), testing::org_ctx(mine->id)).has_value());
  REQUIRE(s.put_trial(testing::small_record("jRCT2031240003"), testing::org_ctx(theirs->id)).has_value());
  store::AccessBatch batch;
  batch.trials = {{"2026-05-10", "jRCT2031240001", "person", 5}, {"2026-05-10", "jRCT2031240001", "bot", 2},
                  {"2026-04-01", "jRCT2031240001", "person", 100}, {"2026-05-10", "jRCT2031240003", "person", 7}};
  batch.orgs = {{"2026-05-10", mine->id, "detail", 3}};
  REQUIRE(s.add_access_counts(batch).has_value());
  auto views = s.trial_views_for_org(mine->id, "2026-05-01", "2026-05-31");
  REQUIRE(views.has_value());
  REQUIRE(views->size() == 2);
  CHECK((*views)[0].trial_id == "jRCT2031240001");
  CHECK((*views)[0].person == 5);
  CHECK((*views)[0].bot == 2);
  CHECK((*views)[1].trial_id == "jRCT2031240002");
  CHECK((*views)[1].person == 0);
  auto reads = s.org_access(mine->id, "2026-05-01", "2026-05-31");
  REQUIRE(reads.has_value());
  REQUIRE(reads->size() == 1);
  CHECK((*reads)[0].count == 3);
  auto all_reads = s.org_access_total("2026-05-01", "2026-05-31");
  REQUIRE(all_reads.has_value());
  CHECK(*all_reads == 3);
}

TEST_CASE("Store::monthly_activity counts first versions as registrations and later ones as updates") {
  testing::TempDir tmp;
  auto s = testing::open_store(tmp.path());
  REQUIRE(s.put_trial(testing::small_record("jRCT2031240001"), testing::ingest_ctx()).has_value());
  REQUIRE(s.put_trial(testing::small_record("jRCT2031240002"), testing::ingest_ctx()).has_value());
  REQUIRE(s.put_trial(testing::small_record("jRCT2031240001", "改訂版"), testing::ingest_ctx()).has_value());
  auto months = s.monthly_activity(24);
  REQUIRE(months.has_value());
  REQUIRE(months->size() == 1);
  CHECK((*months)[0].month.size() == 7);
  CHECK((*months)[0].registrations == 2);
  CHECK((*months)[0].updates == 1);
  auto statuses = s.count_trials_by_status();
  REQUIRE(statuses.has_value());
  REQUIRE(statuses->size() == 1);
  CHECK((*statuses)[0] == std::make_pair(std::string("recruiting"), std::int64_t{2}));
}
