#include "accounts/password.hpp"

#include <sodium.h>

#include <stdexcept>

namespace rinsho::accounts {
namespace {

// libsodium's "interactive" Argon2id limits: 64 MiB and 2 passes, above OWASP's minimum for
// Argon2id (19 MiB, 2 passes) and fast enough for a sign-in on a small server.
constexpr unsigned long long kOpsLimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr std::size_t kMemLimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
constexpr std::size_t kMinChars = 12, kMaxChars = 128;

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

void init_sodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw std::runtime_error("libsodium could not initialise");
}

}  // namespace

Result<void> check_password_rules(std::string_view password) {
  const auto n = code_points(password);
  if (n < kMinChars)
    return fail(ErrorCode::invalid_argument, "the password is too short",
                {{"password", "12文字以上にしてください", "must be at least 12 characters"}});
  if (n > kMaxChars)
    return fail(ErrorCode::invalid_argument, "the password is too long",
                {{"password", "128文字以内にしてください", "must be at most 128 characters"}});
  return {};
}

PasswordHasher::PasswordHasher(int concurrency) : free_(concurrency > 0 ? concurrency : 1) {
  init_sodium();
  auto decoy = hash("decoy password that no account has");
  if (!decoy) throw std::runtime_error("cannot make the decoy password hash: " + decoy.error().message);
  decoy_ = std::move(*decoy);
}

void PasswordHasher::enter() {
  std::unique_lock lock(mutex_);
  turn_.wait(lock, [this] { return free_ > 0; });
  --free_;
}

void PasswordHasher::leave() {
  {
    std::lock_guard lock(mutex_);
    ++free_;
  }
  turn_.notify_one();
}

Result<std::string> PasswordHasher::hash(std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  enter();
  const int rc = crypto_pwhash_str(out, password.data(), password.size(), kOpsLimit, kMemLimit);
  leave();
  if (rc != 0) return fail(ErrorCode::internal, "cannot hash the password (out of memory)");
  return std::string(out);
}

bool PasswordHasher::matches(std::string_view stored, std::string_view password) {
  // crypto_pwhash_str_verify needs a NUL-terminated string of bounded length.
  const bool usable = !stored.empty() && stored.size() < crypto_pwhash_STRBYTES;
  const std::string against(usable ? stored : std::string_view(decoy_));
  enter();
  const bool ok = crypto_pwhash_str_verify(against.c_str(), password.data(), password.size()) == 0;
  leave();
  return usable && ok;
}

}  // namespace rinsho::accounts
