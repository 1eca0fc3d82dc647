// Dates as registries write them -> YYYY-MM-DD (see parse_date in mapping.hpp).
#include <array>
#include <cctype>
#include <cstdio>
#include <regex>

#include "linkage/mapping.hpp"
#include "linkage/text.hpp"

namespace rinsho::linkage {
namespace {

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool real_date(int y, int m, int d) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return y >= 1800 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= days[m - 1] + (m == 2 && leap(y) ? 1 : 0);
}

std::string iso(int y, int m, int d) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

// Days since 1970-01-01 -> civil date (Howard Hinnant's algorithm).
std::array<int, 3> civil_from_days(long z) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const long doe = z - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {static_cast<int>(yoe + era * 400 + (m <= 2)), m, d};
}

int month_number(const std::string& word) {
  static const char* names[] = {"january", "february", "march", "april", "may", "june", "july",
                                "august", "september", "october", "november", "december"};
  for (int i = 0; i < 12; ++i) {
    const std::string full = names[i];
    if (word == full || (word.size() >= 3 && full.starts_with(word) && word.size() <= full.size())) return i + 1;
  }
  if (word == "sept") return 9;
  return 0;
}

Parsed<std::string> make(int y, int m, int d, std::string_view raw, bool month_only = false) {
  if (y < 1901) return {};  // ICTRP writes 01/01/1900 for "no date"
  if (!real_date(y, m, d)) return {std::nullopt, "'" + std::string(trim(raw)) + "' is not a date that exists", {}};
  if (month_only)
    return {iso(y, m, d), {}, "the source gives only the month (" + std::string(trim(raw)) + "); the 1st of that month is stored"};
  return {iso(y, m, d), {}, {}};
}

// "March 15, 2020", "15 March 2020", "March 2020", "15-Mar-2020".
std::optional<Parsed<std::string>> named_month(const std::string& s, std::string_view raw) {
  std::vector<std::string> words;
  std::vector<int> numbers;
  std::string cur;
  auto flush = [&] {
    if (cur.empty()) return;
    if (std::isdigit(static_cast<unsigned char>(cur[0]))) numbers.push_back(std::stoi(cur.substr(0, 6)));
    else words.push_back(cur);
    cur.clear();
  };
  for (char c : lower_ascii(s)) {
    const bool digit = c >= '0' && c <= '9', alpha = c >= 'a' && c <= 'z';
    if (!digit && !alpha) { flush(); continue; }
    if (!cur.empty() && (std::isdigit(static_cast<unsigned char>(cur[0])) != 0) != digit) flush();
    cur += c;
  }
  flush();
  if (words.size() != 1) return std::nullopt;
  const int m = month_number(words[0]);
  if (m == 0) return std::nullopt;
  if (numbers.size() == 1 && numbers[0] > 1000) return make(numbers[0], m, 1, raw, true);
  if (numbers.size() != 2) return std::nullopt;
  const int y = numbers[0] > 1000 ? numbers[0] : numbers[1], d = numbers[0] > 1000 ? numbers[1] : numbers[0];
  return make(y, m, d, raw);
}

}  // namespace

std::string excel_serial_date(long serial) {
  // Excel's day 1 is 1900-01-01 and it counts a 29 Feb 1900 that never was, so from day 61 on the
  // serial is days since 1899-12-30: 25569 days before 1970-01-01.
  const auto [y, m, d] = civil_from_days(serial - 25569);
  return iso(y, m, d);
}

Parsed<std::string> parse_date(std::string_view raw) {
  const std::string s(trim(raw));
  if (is_placeholder(s)) return {};
  if (s.size() > 64) return {std::nullopt, "is too long to be a date", {}};
  static const std::regex ymd(R"(^([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})(?:[ T].*)?$)");
  static const std::regex compact(R"(^([0-9]{4})([0-9]{2})([0-9]{2})$)");
  static const std::regex dmy(R"(^([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})(?: .*)?$)");
  static const std::regex ym(R"(^([0-9]{4})[-/]([0-9]{1,2})$)");
  static const std::regex serial(R"(^[0-9]{5}$)");
  std::smatch m;
  auto n = [&](int i) { return std::stoi(m[i].str()); };
  if (std::regex_match(s, m, ymd)) return make(n(1), n(2), n(3), raw);
  if (std::regex_match(s, m, compact)) return make(n(1), n(2), n(3), raw);
  if (std::regex_match(s, m, dmy)) {
    // ICTRP writes day first; a US-style export shows itself when the second number exceeds 12.
    if (n(2) > 12 && n(1) <= 12) return make(n(3), n(1), n(2), raw);
    return make(n(3), n(2), n(1), raw);
  }
  if (std::regex_match(s, m, ym)) return make(n(1), n(2), 1, raw, true);
  if (std::regex_match(s, serial)) {
    const long v = std::stol(s);
    if (v >= 20000 && v <= 80000)
      return {std::nullopt,
              "'" + s + "' looks like a spreadsheet date serial (" + excel_serial_date(v) +
                  " in Excel's 1900 system); it is refused because the workbook's date system cannot be known",
              {}};
  }
  if (auto named = named_month(s, raw)) return *named;
  return {std::nullopt, "'" + s + "' is not a date rinsho can read", {}};
}

}  // namespace rinsho::linkage
