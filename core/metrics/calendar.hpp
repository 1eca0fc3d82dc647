#pragma once
// Japan-time calendar days and the Japanese fiscal year (1 April to 31 March), for daily access
// buckets and progress against the yearly KPI. Japan has no daylight saving: it is UTC+9 all year.
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace rinsho::metrics {

// Days since 1970-01-01 on the Japanese calendar: the bucket an access is counted in.
using Day = std::chrono::sys_days;

// Where "now" comes from: tests inject a fixed or hand-advanced clock.
using Clock = std::function<std::chrono::system_clock::time_point()>;
Clock system_clock();

inline constexpr std::chrono::hours kJapanOffset{9};

// The Japanese calendar day of an instant.
Day japan_day(std::chrono::system_clock::time_point t);

std::string iso_date(Day d);                           // "2026-04-01"
std::optional<Day> parse_iso_date(std::string_view s); // strict YYYY-MM-DD, a real date
std::string iso_month(Day d);                          // "2026-04"

// FY2025 runs from 2025-04-01 to 2026-03-31: 2026-03-31 is FY2025 and 2026-04-01 is FY2026.
int fiscal_year(Day d);
Day fiscal_year_start(int fy);
Day fiscal_year_end(int fy);  // inclusive: 31 March of the next calendar year
int days_in_fiscal_year(int fy);  // 366 when the February inside it (of fy + 1) has 29 days

}  // namespace rinsho::metrics
