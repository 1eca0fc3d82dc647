#include <doctest/doctest.h>

#include "metrics/calendar.hpp"

using namespace rinsho::metrics;
using std::chrono::sys_days; using std::chrono::year; using std::chrono::month; using std::chrono::hours; using std::chrono::minutes; using std::chrono::seconds; using std::chrono::system_clock;

namespace {
Day jday(const char* iso) {
  auto d = parse_iso_date(iso);
  REQUIRE(d.has_value());
  return *d;
}
system_clock::time_point utc(int y, unsigned m, unsigned d, int hh, int mm, int ss) {
  return sys_days{year{y} / month{m} / d} + hours{hh} + minutes{mm} + seconds{ss};
}
}  // namespace

TEST_CASE("fiscal_year: the Japanese fiscal year starts on 1 April") {
  CHECK(fiscal_year(jday("2026-03-31")) == 2025);
  CHECK(fiscal_year(jday("2026-04-01")) == 2026);
  CHECK(fiscal_year(jday("2026-01-01")) == 2025);
  CHECK(fiscal_year(jday("2026-12-31")) == 2026);
  CHECK(fiscal_year(jday("2024-02-29")) == 2023);
}

TEST_CASE("fiscal_year_start, fiscal_year_end and days_in_fiscal_year") {
  CHECK(iso_date(fiscal_year_start(2026)) == "2026-04-01");
  CHECK(iso_date(fiscal_year_end(2026)) == "2027-03-31");
  CHECK(days_in_fiscal_year(2023) == 366);  // February 2024 has 29 days
  CHECK(days_in_fiscal_year(2025) == 365);
  CHECK(days_in_fiscal_year(2027) == 366);  // February 2028
  CHECK(days_in_fiscal_year(2028) == 365);
}

TEST_CASE("japan_day: days turn at midnight Japan time, 15:00 UTC") {
  CHECK(iso_date(japan_day(utc(2026, 3, 31, 14, 59, 59))) == "2026-03-31");
  CHECK(iso_date(japan_day(utc(2026, 3, 31, 15, 0, 0))) == "2026-04-01");
  CHECK(fiscal_year(japan_day(utc(2026, 3, 31, 15, 0, 0))) == 2026);
  CHECK(iso_date(japan_day(utc(2025, 12, 31, 20, 0, 0))) == "2026-01-01");
}

TEST_CASE("parse_iso_date accepts only real YYYY-MM-DD dates") {
  CHECK(parse_iso_date("2024-02-29").has_value());
  CHECK_FALSE(parse_iso_date("2026-02-29").has_value());
  CHECK_FALSE(parse_iso_date("2026-4-01").has_value());
  CHECK_FALSE(parse_iso_date("2026-04-01T00").has_value());
  CHECK_FALSE(parse_iso_date("2026/04/01").has_value());
  CHECK_FALSE(parse_iso_date("").has_value());
  CHECK(iso_month(jday("2026-04-30")) == "2026-04");
}
