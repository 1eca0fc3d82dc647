#include "store/clock.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace rinsho::store::detail {
namespace {

std::tm utc_at(std::chrono::system_clock::time_point now, long* millis) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  if (millis) *millis = static_cast<long>(ms % 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  return tm;
}

std::tm utc_now(long* millis) { return utc_at(std::chrono::system_clock::now(), millis); }

std::string format_rfc3339(const std::tm& tm, long millis) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
  return buf;
}

}  // namespace

std::string now_rfc3339() {
  long millis = 0;
  const std::tm tm = utc_now(&millis);
  return format_rfc3339(tm, millis);
}

std::string rfc3339_from_now(std::chrono::milliseconds offset) {
  long millis = 0;
  const std::tm tm = utc_at(std::chrono::system_clock::now() + offset, &millis);
  return format_rfc3339(tm, millis);
}

int current_utc_year() { return utc_now(nullptr).tm_year + 1900; }

}  // namespace rinsho::store::detail
