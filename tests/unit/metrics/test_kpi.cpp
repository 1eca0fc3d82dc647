#include <doctest/doctest.h>

#include "metrics/kpi.hpp"

using namespace rinsho::metrics;
using std::chrono::days;

namespace {
Day day(const char* iso) { return *parse_iso_date(iso); }
int n(Day d) { return static_cast<int>(d.time_since_epoch().count()); }

// `per_day` person accesses on every day from `from` to `to`, inclusive.
void fill(std::map<int, std::uint64_t>& daily, Day from, Day to, std::uint64_t per_day) {
  for (Day d = from; d <= to; d += days{1}) daily[n(d)] = per_day;
}
}  // namespace

TEST_CASE("compute_kpi: fiscal-year-to-date, 28-day mean and projection") {
  std::map<int, std::uint64_t> daily;
  fill(daily, day("2026-03-01"), day("2026-05-10"), 100);  // March belongs to FY2025
  daily[n(day("2026-05-11"))] = 37;                         // today, partial
  const auto k = compute_kpi(daily, day("2026-05-11"), day("2026-03-01"));
  CHECK(k.fiscal_year == 2026);
  CHECK(k.days_in_year == 365);
  CHECK(k.days_complete == 40);     // 1 April .. 10 May
  CHECK(k.days_remaining == 325);   // 11 May .. 31 March
  CHECK(k.fytd_complete == 4000);
  CHECK(k.today_count == 37);
  CHECK(k.fytd == 4037);
  CHECK(k.window_days == 28);
  CHECK(iso_date(k.window_from) == "2026-04-13");
  CHECK(iso_date(k.window_to) == "2026-05-10");
  CHECK(k.window_sum == 2800);
  CHECK(k.recent_daily_mean == doctest::Approx(100.0));
  CHECK(k.projection == 4000 + 100 * 325);
  CHECK(k.progress == doctest::Approx(4037.0 / 1'200'000));
  CHECK(k.target_daily_rate == doctest::Approx(1'200'000.0 / 365));
  CHECK(k.required_daily_rate == doctest::Approx((1'200'000.0 - 4000) / 325));
  CHECK_FALSE(k.on_track);
}

TEST_CASE("compute_kpi: the mean uses only the days since counting began") {
  std::map<int, std::uint64_t> daily;
  fill(daily, day("2026-05-01"), day("2026-05-10"), 5000);
  const auto k = compute_kpi(daily, day("2026-05-11"), day("2026-05-01"));
  CHECK(k.window_days == 10);
  CHECK(iso_date(k.window_from) == "2026-05-01");
  CHECK(k.recent_daily_mean == doctest::Approx(5000.0));
  CHECK(k.projection == 50'000 + 5000ull * 325);
  CHECK(k.on_track);  // 1,675,000 >= 1,200,000
}

TEST_CASE("compute_kpi: the 28 days reach back into the previous fiscal year") {
  std::map<int, std::uint64_t> daily;
  fill(daily, day("2026-02-01"), day("2026-03-31"), 10);  // FY2025
  fill(daily, day("2026-04-01"), day("2026-04-02"), 38);  // FY2026
  const auto k = compute_kpi(daily, day("2026-04-03"), day("2026-02-01"));
  CHECK(k.fiscal_year == 2026);
  CHECK(k.fytd_complete == 76);  // March does not count toward FY2026
  CHECK(k.window_days == 28);
  CHECK(k.window_sum == 26 * 10 + 2 * 38);
  CHECK(k.recent_daily_mean == doctest::Approx(12.0));  // 336 / 28
  CHECK(k.projection == 76 + 12 * 363);
  CHECK(k.days_remaining == 363);
}

TEST_CASE("compute_kpi: with no complete day yet the projection is what has been counted") {
  std::map<int, std::uint64_t> daily{{n(day("2026-05-11")), 12}};
  const auto first = compute_kpi(daily, day("2026-05-11"), day("2026-05-11"));
  CHECK(first.window_days == 0);
  CHECK(first.recent_daily_mean == 0);
  CHECK(first.projection == 0);
  CHECK(first.fytd == 12);
  const auto nothing = compute_kpi({}, day("2026-05-11"), std::nullopt);
  CHECK(nothing.window_days == 0);
  CHECK(nothing.fytd == 0);
}

TEST_CASE("compute_kpi: on 1 April the whole year remains and 31 March is the last day") {
  const auto first_day = compute_kpi({}, day("2026-04-01"), std::nullopt);
  CHECK(first_day.days_complete == 0);
  CHECK(first_day.days_remaining == 365);
  const auto last_day = compute_kpi({}, day("2027-03-31"), std::nullopt);
  CHECK(last_day.fiscal_year == 2026);
  CHECK(last_day.days_remaining == 1);
  CHECK(last_day.days_complete == 364);
}
