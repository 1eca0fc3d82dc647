#include "metrics/calendar.hpp"

#include <charconv>
#include <cstdio>

namespace rinsho::metrics {

using namespace std::chrono;

Clock system_clock() {
  return [] { return std::chrono::system_clock::now(); };
}

Day japan_day(std::chrono::system_clock::time_point t) { return floor<days>(t + kJapanOffset); }

std::string iso_date(Day d) {
  const year_month_day ymd{d};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day()));
  return buf;
}

std::string iso_month(Day d) { return iso_date(d).substr(0, 7); }

std::optional<Day> parse_iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto number = [&](std::size_t at, std::size_t len) -> std::optional<int> {
    int v = 0;
    auto [ptr, ec] = std::from_chars(s.data() + at, s.data() + at + len, v);
    if (ec != std::errc() || ptr != s.data() + at + len) return std::nullopt;
    return v;
  };
  auto y = number(0, 4), m = number(5, 2), d = number(8, 2);
  if (!y || !m || !d) return std::nullopt;
  const year_month_day ymd{year{*y}, month{unsigned(*m)}, day{unsigned(*d)}};
  if (!ymd.ok()) return std::nullopt;
  return Day{ymd};
}

int fiscal_year(Day d) {
  const year_month_day ymd{d};
  return unsigned(ymd.month()) >= 4 ? int(ymd.year()) : int(ymd.year()) - 1;
}

Day fiscal_year_start(int fy) { return Day{year{fy} / April / 1}; }
Day fiscal_year_end(int fy) { return Day{year{fy + 1} / March / 31}; }
int days_in_fiscal_year(int fy) { return int((fiscal_year_end(fy) - fiscal_year_start(fy)).count()) + 1; }

}  // namespace rinsho::metrics
