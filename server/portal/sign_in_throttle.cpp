#include "server/portal/sign_in_throttle.hpp"

#include <algorithm>

namespace rinsho::server {

SignInThrottle::SignInThrottle(Limits limits, Clock clock) : limits_(limits), clock_(std::move(clock)) {}

int SignInThrottle::wait_for(std::unordered_map<std::string, Failures>& map, const std::string& key, int limit,
                             std::chrono::steady_clock::time_point now) {
  auto it = map.find(key);
  if (it == map.end()) return 0;
  auto& failures = it->second;
  while (!failures.empty() && now - failures.front() >= limits_.window) failures.pop_front();
  if (failures.empty()) {
    map.erase(it);
    return 0;
  }
  if (static_cast<int>(failures.size()) < limit) return 0;
  const auto left = std::chrono::duration_cast<std::chrono::seconds>(failures.front() + limits_.window - now);
  return std::max<int>(1, static_cast<int>(left.count()) + 1);
}

void SignInThrottle::add(std::unordered_map<std::string, Failures>& map, const std::string& key, int limit,
                         std::chrono::steady_clock::time_point now) {
  if (map.size() >= limits_.max_keys && !map.contains(key)) {
    // Drop what has left the window; if that is not enough, the keys whose last failure is oldest.
    std::erase_if(map, [&](const auto& entry) { return entry.second.empty() || now - entry.second.back() >= limits_.window; });
    while (map.size() >= limits_.max_keys) {
      auto stalest = std::min_element(map.begin(), map.end(),
                                      [](const auto& a, const auto& b) { return a.second.back() < b.second.back(); });
      map.erase(stalest);
    }
  }
  auto& failures = map[key];
  failures.push_back(now);
  // Only the newest `limit` failures matter for the wait.
  while (static_cast<int>(failures.size()) > limit) failures.pop_front();
}

int SignInThrottle::wait_seconds(const std::string& account, const std::string& address) {
  std::lock_guard lock(mutex_);
  const auto now = clock_();
  return std::max(wait_for(accounts_, account, limits_.per_account, now),
                  wait_for(addresses_, address, limits_.per_address, now));
}

void SignInThrottle::failed(const std::string& account, const std::string& address) {
  std::lock_guard lock(mutex_);
  const auto now = clock_();
  add(accounts_, account, limits_.per_account, now);
  add(addresses_, address, limits_.per_address, now);
}

void SignInThrottle::succeeded(const std::string& account) {
  std::lock_guard lock(mutex_);
  accounts_.erase(account);
}

}  // namespace rinsho::server
