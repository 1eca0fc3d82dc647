#pragma once
// The current time in UTC as text, for what rinsho writes down (feed updates, log lines, "today" on
// a page). One place, because gmtime_r and strftime are easy to get subtly different.
#include <string>

namespace rinsho {

std::string utc_now_rfc3339();  // 2026-12-07T21:33:40Z
std::string utc_today();        // 2026-12-07

}  // namespace rinsho
