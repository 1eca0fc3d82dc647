#pragma once
// Internal: timestamps the store writes. RFC 3339 in UTC with milliseconds, so they sort as text
// and two versions written in the same second still read in order.
#include <chrono>
#include <string>

namespace rinsho::store::detail {

std::string now_rfc3339();
// now + offset (negative for the past), in the same format.
std::string rfc3339_from_now(std::chrono::milliseconds offset);
int current_utc_year();

}  // namespace rinsho::store::detail
