#pragma once
// Progress toward the yearly access KPI, and a projection for the whole fiscal year.
//
//   projection = A + r × R
//     A = person accesses from 1 April through yesterday (complete days of this fiscal year)
//     r = mean person accesses a day over the last 28 complete days (yesterday and the 27 before),
//         or over fewer days when counting began less than 28 days ago; 0 with no complete day yet
//     R = days from today to 31 March, both included (today is not complete, so it is projected)
//
// Today's partial count is shown in the fiscal-year-to-date total but not used for the projection.
#include <cstdint>
#include <map>
#include <optional>

#include "metrics/calendar.hpp"

namespace rinsho::metrics {

struct KpiTargets {
  std::uint64_t target = 1'200'000;   // accesses a year by FY2028
  std::uint64_t baseline = 600'000;   // FY2023
  int baseline_year = 2023;
  int window_days = 28;
};

struct Kpi {
  int fiscal_year = 0;
  Day today, fy_start, fy_end;
  int days_in_year = 0;
  int days_complete = 0;   // days of this fiscal year before today
  int days_remaining = 0;  // today through 31 March
  std::uint64_t fytd = 0;            // 1 April through today (today partial)
  std::uint64_t fytd_complete = 0;   // A
  std::uint64_t today_count = 0;
  Day window_from, window_to;
  int window_days = 0;               // days the mean is taken over (0: no complete day yet)
  std::uint64_t window_sum = 0;
  double recent_daily_mean = 0;      // r
  std::uint64_t projection = 0;      // A + r × R, rounded to the nearest access
  double progress = 0;               // fytd / target
  double target_daily_rate = 0;      // target / 365
  double required_daily_rate = 0;    // (target - A) / R: what the rest of the year needs
  bool on_track = false;             // projection >= target
};

// `daily` maps Japan days (days since epoch) to person accesses; missing days are zero.
// `first_day` is the first day anything was counted (nullopt: nothing yet).
Kpi compute_kpi(const std::map<int, std::uint64_t>& daily, Day today, std::optional<Day> first_day,
                const KpiTargets& targets = {});

}  // namespace rinsho::metrics
