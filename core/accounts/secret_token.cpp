#include "accounts/secret_token.hpp"

#include <sodium.h>

#include <stdexcept>

namespace rinsho::accounts {

std::string random_token() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not initialise");
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char hex[sizeof bytes * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  return std::string(hex, sizeof bytes * 2);
}

bool same_token(std::string_view a, std::string_view b) {
  if (a.empty() || a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace rinsho::accounts
