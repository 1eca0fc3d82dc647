#include "server/http/rate_limiter.hpp"

namespace rinsho::server {

RateLimiter::RateLimiter(int reads_per_minute, int writes_per_minute)
    : reads_per_minute_(reads_per_minute), writes_per_minute_(writes_per_minute), window_start_(Clock::now()) {}

int RateLimiter::check(std::unordered_map<std::string, int>& counts, const std::string& key, int limit) {
  if (limit <= 0) return 0;
  std::lock_guard lock(mutex_);
  const auto now = Clock::now();
  if (now - window_start_ >= std::chrono::minutes(1)) {
    window_start_ = now;
    by_address_.clear();
    by_token_.clear();
  }
  if (++counts[key] <= limit) return 0;
  const auto left = std::chrono::duration_cast<std::chrono::seconds>(window_start_ + std::chrono::minutes(1) - now);
  return static_cast<int>(std::max<long long>(1, left.count()));
}

int RateLimiter::check_address(const std::string& address) { return check(by_address_, address, reads_per_minute_); }
int RateLimiter::check_token(const std::string& token_id) { return check(by_token_, token_id, writes_per_minute_); }

}  // namespace rinsho::server
