#pragma once
// Shared by the access-metrics tests: a clock the test moves by hand, user agents for each audience,
// and small request helpers.
#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "test_server.hpp"

namespace rinsho::testing {

using TimePoint = std::chrono::system_clock::time_point;

inline TimePoint utc(int y, unsigned m, unsigned d, int hh = 0, int mm = 0, int ss = 0) {
  using namespace std::chrono;
  return sys_days{year{y} / month{m} / day{d}} + hours{hh} + minutes{mm} + seconds{ss};
}

// A clock that stands still until the test moves it; copies share the time.
class ManualClock {
 public:
  explicit ManualClock(TimePoint t) : now_(std::make_shared<std::atomic<std::int64_t>>(to_seconds(t))) {}
  std::function<TimePoint()> fn() const {
    auto now = now_;
    return [now] { return TimePoint(std::chrono::seconds(now->load())); };
  }
  void set(TimePoint t) { now_->store(to_seconds(t)); }

 private:
  static std::int64_t to_seconds(TimePoint t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
  }
  std::shared_ptr<std::atomic<std::int64_t>> now_;
};

namespace ua {
inline const std::string iphone =
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
inline const std::string ipad =
    "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
inline const std::string desktop =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
inline const std::string googlebot = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
inline const std::string headless =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36";
inline const std::string curl = "curl/8.5.0";
inline const std::string python = "python-requests/2.31.0";
}  // namespace ua

inline int get_status(httplib::Client& c, const std::string& path, const std::string& user_agent,
                      httplib::Headers extra = {}) {
  extra.emplace("User-Agent", user_agent);
  auto res = c.Get(path.c_str(), extra);
  return res ? res->status : -1;
}

inline nlohmann::json get_json(httplib::Client& c, const std::string& path, httplib::Headers headers = {}) {
  auto res = c.Get(path.c_str(), headers);
  if (!res) throw std::runtime_error("no response for " + path);
  if (res->status != 200) throw std::runtime_error(path + " answered " + std::to_string(res->status) + ": " + res->body);
  return nlohmann::json::parse(res->body);
}

// Person accesses in the store on every day there is.
inline std::int64_t stored_accesses(const store::Store& s, const std::string& audience = "person") {
  auto rows = s.daily_access("2000-01-01", "2100-12-31");
  if (!rows) throw std::runtime_error(rows.error().message);
  std::int64_t n = 0;
  for (const auto& r : *rows)
    if (r.audience == audience) n += r.count;
  return n;
}

inline const std::string kLungCancer = "%E8%82%BA%E3%81%8C%E3%82%93";       // 肺がん
inline const std::string kGastricCancer = "%E8%83%83%E3%81%8C%E3%82%93";    // 胃がん
inline const std::string kAsthma = "%E5%96%98%E6%81%AF";                     // 喘息
inline const std::string kColorectal = "%E5%A4%A7%E8%85%B8%E3%81%8C%E3%82%93";  // 大腸がん

}  // namespace rinsho::testing
