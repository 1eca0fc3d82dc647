#pragma once
// Slows down password guessing: after `per_account` failed sign-ins for one email, or
// `per_address` from one client address, within `window`, further attempts wait until the oldest
// failure leaves the window. Unknown emails are counted like known ones, so the answer never
// tells which accounts exist. In memory, bounded in size; a restart forgets (the window is short).
#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

namespace rinsho::server {

struct SignInLimits {
  int per_account = 5;
  int per_address = 20;
  std::chrono::seconds window{15 * 60};
  std::size_t max_keys = 100000;  // beyond this, the stalest keys are dropped first
};

class SignInThrottle {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  using Limits = SignInLimits;
  explicit SignInThrottle(Limits limits = {}, Clock clock = [] { return std::chrono::steady_clock::now(); });

  // Seconds to wait before another attempt is looked at; 0 when it may go ahead.
  int wait_seconds(const std::string& account, const std::string& address);
  void failed(const std::string& account, const std::string& address);
  // A successful sign-in clears the account's failures (not the address's).
  void succeeded(const std::string& account);

 private:
  using Failures = std::deque<std::chrono::steady_clock::time_point>;
  int wait_for(std::unordered_map<std::string, Failures>& map, const std::string& key, int limit,
               std::chrono::steady_clock::time_point now);
  void add(std::unordered_map<std::string, Failures>& map, const std::string& key, int limit,
           std::chrono::steady_clock::time_point now);
  Limits limits_;
  Clock clock_;
  std::mutex mutex_;
  std::unordered_map<std::string, Failures> accounts_, addresses_;
};

}  // namespace rinsho::server
