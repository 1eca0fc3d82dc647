#pragma once
// Fixed one-minute windows per key (client address, or token for writes). Small and lock-based:
// the server's thread pool is small, and the map is swept when the window turns.
#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace rinsho::server {

class RateLimiter {
 public:
  RateLimiter(int reads_per_minute, int writes_per_minute);
  // 0 when allowed; otherwise seconds until the window resets (for Retry-After).
  int check_address(const std::string& address);
  int check_token(const std::string& token_id);

  using Clock = std::chrono::steady_clock;

 private:
  int check(std::unordered_map<std::string, int>& counts, const std::string& key, int limit);
  int reads_per_minute_, writes_per_minute_;
  std::mutex mutex_;
  Clock::time_point window_start_;
  std::unordered_map<std::string, int> by_address_, by_token_;
};

}  // namespace rinsho::server
