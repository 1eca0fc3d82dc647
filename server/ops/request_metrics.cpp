#include "server/ops/request_metrics.hpp"

#include <cmath>
#include <cstdio>
#include <map>
#include <mutex>
#include <vector>

namespace rinsho::server {
namespace {

void escape_label(std::string& out, std::string_view v) {
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
}

std::string number(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (std::isnan(v)) return "NaN";
  char buf[32];
  if (v == std::floor(v) && std::fabs(v) < 1e15) std::snprintf(buf, sizeof buf, "%.0f", v);
  else std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

bool is_write(std::string_view method, std::string_view route) {
  return (method == "POST" || method == "PUT") && route != "/api/v1/trials/validate";
}

}  // namespace

void PrometheusWriter::family(std::string_view name, std::string_view type, std::string_view help) {
  out_ += "# HELP ";
  out_ += name;
  out_ += ' ';
  out_ += help;
  out_ += "\n# TYPE ";
  out_ += name;
  out_ += ' ';
  out_ += type;
  out_ += '\n';
}

void PrometheusWriter::sample(std::string_view name, Labels labels, double value) {
  out_ += name;
  if (labels.size() > 0) {
    out_ += '{';
    bool first = true;
    for (const auto& [k, v] : labels) {
      if (!first) out_ += ',';
      first = false;
      out_ += k;
      out_ += "=\"";
      escape_label(out_, v);
      out_ += '"';
    }
    out_ += '}';
  }
  out_ += ' ';
  out_ += number(value);
  out_ += '\n';
}

RequestMetrics::Series& RequestMetrics::series(std::string_view method, std::string_view route) {
  // One buffer per thread: no allocation per request once it has grown.
  thread_local std::string key;
  key.assign(method);
  key += ' ';
  key += route;
  {
    std::shared_lock lock(mutex_);
    if (auto it = series_.find(key); it != series_.end()) return *it->second;
  }
  std::unique_lock lock(mutex_);
  auto& slot = series_[key];
  if (!slot) {
    slot = std::make_unique<Series>();
    slot->method = method;
    slot->route = route;
  }
  return *slot;
}

void RequestMetrics::observe(std::string_view method, std::string_view route, int status, double seconds) {
  auto& s = series(method, route);
  if (status >= 100 && status < 600) s.by_status[static_cast<std::size_t>(status - 100)].fetch_add(1, std::memory_order_relaxed);
  std::size_t b = 0;
  while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
  s.buckets[b].fetch_add(1, std::memory_order_relaxed);
  s.sum_ns.fetch_add(static_cast<std::uint64_t>(std::max(0.0, seconds) * 1e9), std::memory_order_relaxed);
  s.count.fetch_add(1, std::memory_order_relaxed);
}

void RequestMetrics::write(PrometheusWriter& out) const {
  std::shared_lock lock(mutex_);
  std::map<std::string, const Series*> sorted;  // stable output order
  for (const auto& [k, s] : series_) sorted.emplace(k, s.get());

  out.family("rinsho_http_requests_total", "counter", "HTTP requests answered, by route template, method and status.");
  std::uint64_t limited = 0;
  std::uint64_t rejected = 0;
  for (const auto& [k, s] : sorted) {
    for (std::size_t i = 0; i < s->by_status.size(); ++i) {
      const auto n = s->by_status[i].load(std::memory_order_relaxed);
      if (n == 0) continue;
      const int status = static_cast<int>(i) + 100;
      const auto code = std::to_string(status);
      out.sample("rinsho_http_requests_total", {{"route", s->route}, {"method", s->method}, {"status", code}}, double(n));
      if (status == 429) limited += n;
      if (status >= 400 && is_write(s->method, s->route)) rejected += n;
    }
  }
  out.family("rinsho_http_request_duration_seconds", "histogram",
             "Time from routing to the response being ready (handler and middleware), by route template.");
  for (const auto& [k, s] : sorted) {
    std::uint64_t cumulative = 0;
    for (std::size_t b = 0; b <= kBuckets.size(); ++b) {
      cumulative += s->buckets[b].load(std::memory_order_relaxed);
      const auto le = b < kBuckets.size() ? number(kBuckets[b]) : std::string("+Inf");
      out.sample("rinsho_http_request_duration_seconds_bucket", {{"route", s->route}, {"method", s->method}, {"le", le}},
                 double(cumulative));
    }
    out.sample("rinsho_http_request_duration_seconds_sum", {{"route", s->route}, {"method", s->method}},
               double(s->sum_ns.load(std::memory_order_relaxed)) / 1e9);
    out.sample("rinsho_http_request_duration_seconds_count", {{"route", s->route}, {"method", s->method}},
               double(s->count.load(std::memory_order_relaxed)));
  }
  out.family("rinsho_http_requests_in_flight", "gauge", "Requests being handled right now, this one included.");
  out.sample("rinsho_http_requests_in_flight", double(in_flight_.load(std::memory_order_relaxed)));
  out.family("rinsho_rate_limited_requests_total", "counter", "Requests refused with 429 by the address or token rate limit.");
  out.sample("rinsho_rate_limited_requests_total", double(limited));
  out.family("rinsho_rejected_writes_total", "counter",
             "Trial registrations and updates (POST, PUT) answered with 4xx or 5xx; dry-run validation is not "
             "counted. rinsho_http_requests_total has them by status.");
  out.sample("rinsho_rejected_writes_total", double(rejected));
}

}  // namespace rinsho::server
