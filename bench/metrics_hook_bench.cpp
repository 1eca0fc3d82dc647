// Cost of the counting hook alone, per request: what dispatch() adds when metrics are on
// (RequestMetrics::observe + AccessMetrics::record), without sockets or the handler.
//   build/bench/rinsho_bench_metrics_hook [iterations]   (default 2000000)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <thread>
#include <vector>

#include <unistd.h>

#include "server/ops/access_metrics.hpp"
#include "server/ops/request_metrics.hpp"
#include "store/store.hpp"

using namespace rinsho;
using Clock = std::chrono::steady_clock;

namespace {

server::HttpRequest search_request(const std::string& user_agent) {
  server::HttpRequest r;
  r.method = "GET";
  r.path = "/api/v1/trials";
  r.route = "/api/v1/trials";
  r.query = {{"q", "肺がん"}, {"status", "recruiting"}};
  r.headers.emplace("User-Agent", user_agent);
  r.headers.emplace("Accept-Language", "ja,en-US;q=0.9,en;q=0.8");
  r.headers.emplace("Accept", "application/json");
  return r;
}

double ns_per_call(int threads, long iterations, server::RequestMetrics& ops, server::AccessMetrics& access,
                   const server::HttpRequest& req, const server::HttpResponse& res) {
  const auto start = Clock::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&] {
      for (long i = 0; i < iterations / threads; ++i) {
        ops.begin();
        ops.observe(req.method, req.route, res.status, 0.0002);
        access.record(req, res);
        ops.end();
      }
    });
  for (auto& t : pool) t.join();
  return std::chrono::duration<double, std::nano>(Clock::now() - start).count() / double(iterations) * threads;
}

}  // namespace

int main(int argc, char** argv) {
  const long iterations = argc > 1 ? std::atol(argv[1]) : 2000000;
  const auto dir = std::filesystem::temp_directory_path() / ("rinsho-bench-hook-" + std::to_string(::getpid()));
  auto store = store::Store::open({dir});
  if (!store) return std::fprintf(stderr, "%s\n", store.error().message.c_str()), 2;
  auto classifier = metrics::UserAgentClassifier::builtin();
  if (!classifier) return 2;
  server::AccessMetrics access(*store, *classifier, {true, 5000, {}});
  server::RequestMetrics ops;
  server::HttpResponse res;
  res.status = 200;
  res.search_concepts = {"lung_cancer"};

  const struct {
    const char* name;
    std::string ua;
  } agents[] = {
      {"iPhone Safari (person)", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"},
      {"Googlebot (bot)", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"},
      {"curl (program)", "curl/8.5.0"},
  };
  std::printf("counting hook, ns per request (observe + record), %ld iterations\n", iterations);
  for (const auto& a : agents) {
    const auto req = search_request(a.ua);
    const double one = ns_per_call(1, iterations, ops, access, req, res);
    const double two = ns_per_call(2, iterations, ops, access, req, res);
    std::printf("  %-24s 1 thread: %6.0f ns   2 threads: %6.0f ns (per call, per thread)\n", a.name, one, two);
  }
  if (auto ok = access.flush(); !ok) std::fprintf(stderr, "flush: %s\n", ok.error().message.c_str());
  std::filesystem::remove_all(dir);
  return 0;
}
