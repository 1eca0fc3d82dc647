#include "metrics/kpi.hpp"

#include <algorithm>
#include <cmath>

namespace rinsho::metrics {
namespace {

int as_int(Day d) { return static_cast<int>(d.time_since_epoch().count()); }

std::uint64_t sum_between(const std::map<int, std::uint64_t>& daily, int from, int to) {
  std::uint64_t n = 0;
  for (auto it = daily.lower_bound(from); it != daily.end() && it->first <= to; ++it) n += it->second;
  return n;
}

}  // namespace

Kpi compute_kpi(const std::map<int, std::uint64_t>& daily, Day today, std::optional<Day> first_day,
                const KpiTargets& targets) {
  Kpi k;
  k.today = today;
  k.fiscal_year = fiscal_year(today);
  k.fy_start = fiscal_year_start(k.fiscal_year);
  k.fy_end = fiscal_year_end(k.fiscal_year);
  k.days_in_year = days_in_fiscal_year(k.fiscal_year);
  k.days_complete = as_int(today) - as_int(k.fy_start);
  k.days_remaining = as_int(k.fy_end) - as_int(today) + 1;

  const int t = as_int(today);
  k.fytd_complete = sum_between(daily, as_int(k.fy_start), t - 1);
  k.today_count = sum_between(daily, t, t);
  k.fytd = k.fytd_complete + k.today_count;

  k.window_to = today - std::chrono::days{1};
  k.window_from = today - std::chrono::days{targets.window_days};
  if (first_day && *first_day > k.window_from) k.window_from = *first_day;
  k.window_days = first_day ? std::max(0, as_int(k.window_to) - as_int(k.window_from) + 1) : 0;
  if (k.window_days > 0) {
    k.window_sum = sum_between(daily, as_int(k.window_from), as_int(k.window_to));
    k.recent_daily_mean = static_cast<double>(k.window_sum) / k.window_days;
  }
  k.projection = k.fytd_complete + static_cast<std::uint64_t>(std::llround(k.recent_daily_mean * k.days_remaining));
  k.progress = static_cast<double>(k.fytd) / static_cast<double>(targets.target);
  k.target_daily_rate = static_cast<double>(targets.target) / 365.0;
  const auto left = targets.target > k.fytd_complete ? targets.target - k.fytd_complete : 0;
  k.required_daily_rate = static_cast<double>(left) / k.days_remaining;
  k.on_track = k.projection >= targets.target;
  return k;
}

}  // namespace rinsho::metrics
