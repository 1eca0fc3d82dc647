#pragma once
// Operational metrics for GET /metrics: requests by route template, method and status, a latency
// histogram per route, and requests in flight. Lock-free on the request path once a route has been
// seen: one shared-lock lookup, then relaxed atomic increments.
#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace rinsho::server {

class PrometheusWriter;

class RequestMetrics {
 public:
  // Upper bounds in seconds; +Inf is implied.
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

  void begin() { in_flight_.fetch_add(1, std::memory_order_relaxed); }
  void end() { in_flight_.fetch_sub(1, std::memory_order_relaxed); }
  void observe(std::string_view method, std::string_view route, int status, double seconds);

  // rinsho_http_requests_total, rinsho_http_request_duration_seconds, rinsho_http_requests_in_flight,
  // rinsho_rate_limited_requests_total (every 429) and rinsho_rejected_writes_total (POST and PUT
  // answered with 4xx or 5xx, dry-run validation excepted), the last two derived from the first.
  void write(PrometheusWriter& out) const;

 private:
  struct Series {
    std::string method, route;
    std::array<std::atomic<std::uint64_t>, 500> by_status{};  // index: status - 100
    std::array<std::atomic<std::uint64_t>, kBuckets.size() + 1> buckets{};  // not cumulative; last is +Inf
    std::atomic<std::uint64_t> sum_ns{0}, count{0};
  };
  Series& series(std::string_view method, std::string_view route);

  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, std::unique_ptr<Series>> series_;  // "METHOD route"
  std::atomic<std::int64_t> in_flight_{0};
};

// The Prometheus text exposition format (version 0.0.4): HELP and TYPE once per family, then samples.
class PrometheusWriter {
 public:
  using Labels = std::initializer_list<std::pair<std::string_view, std::string_view>>;
  void family(std::string_view name, std::string_view type, std::string_view help);
  void sample(std::string_view name, Labels labels, double value);
  void sample(std::string_view name, double value) { sample(name, {}, value); }
  const std::string& text() const { return out_; }

 private:
  std::string out_;
};

}  // namespace rinsho::server
