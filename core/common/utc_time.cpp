#include "common/utc_time.hpp"

#include <ctime>

namespace rinsho {
namespace {

std::string utc_now(const char* format) {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, format, &tm);
  return buf;
}

}  // namespace

std::string utc_now_rfc3339() { return utc_now("%Y-%m-%dT%H:%M:%SZ"); }
std::string utc_today() { return utc_now("%Y-%m-%d"); }

}  // namespace rinsho
