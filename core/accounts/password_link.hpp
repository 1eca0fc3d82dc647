#pragma once
// Where a one-time password link points, shared by rinsho-admin (which prints it) and the
// server's portal (which answers it).
#include <chrono>
#include <string>
#include <string_view>

namespace rinsho::accounts {

inline constexpr std::chrono::hours kPasswordLinkValidity{72};
inline constexpr std::string_view kPasswordPath = "/portal/password";

// base_url + "/portal/password?token=" + secret (the secret is hex behind a fixed prefix: no escaping).
inline std::string password_link(std::string_view base_url, std::string_view secret) {
  while (!base_url.empty() && base_url.back() == '/') base_url.remove_suffix(1);
  return std::string(base_url) + std::string(kPasswordPath) + "?token=" + std::string(secret);
}

}  // namespace rinsho::accounts
