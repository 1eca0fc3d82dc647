#pragma once
// Passwords of portal users: kept only as libsodium's Argon2id string (salt and parameters
// inside), checked in constant time by libsodium. Hashing costs 64 MiB and a few tens of
// milliseconds by design, so callers bound how many run at once (PasswordHasher).
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "common/error.hpp"

namespace rinsho::accounts {

// OWASP ASVS 2.1: at least 12 characters, at least 64 allowed (we take up to 128), any characters,
// no composition rules. Counts code points, so 12 kanji are 12 characters. invalid_argument with
// a ja/en field error for "password" otherwise.
Result<void> check_password_rules(std::string_view password);

class PasswordHasher {
 public:
  // At most `concurrency` hashes or checks at once; more wait their turn.
  explicit PasswordHasher(int concurrency = 2);
  Result<std::string> hash(std::string_view password);
  // True when `password` matches the stored string. An empty or malformed `stored` is false,
  // after the same work as a real check, so timing does not tell whether an account exists.
  bool matches(std::string_view stored, std::string_view password);

 private:
  void enter();
  void leave();
  std::mutex mutex_;
  std::condition_variable turn_;
  int free_;
  std::string decoy_;  // a real hash, checked against when there is nothing to check against
};

}  // namespace rinsho::accounts
