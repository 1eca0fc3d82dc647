#pragma once
// Random form tokens and their comparison, for the portal's CSRF defence (libsodium).
#include <string>
#include <string_view>

namespace rinsho::accounts {

// 32 random bytes as 64 lower-case hex digits.
std::string random_token();
// Equal in time that does not depend on where the two differ; false for different lengths or empty.
bool same_token(std::string_view a, std::string_view b);

}  // namespace rinsho::accounts
