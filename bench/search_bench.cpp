// In-process search latency and throughput over a fixed query set (bench/queries.txt), for
// bench/search. Each thread owns a Searcher (a Xapian database must not be shared between threads)
// and first runs the whole set once to warm caches; then every thread runs `rounds` passes, starting
// at its own offset so two threads do not ask the same query at the same moment.
//   build/bench/rinsho_bench_search --index DIR [--queries FILE] [--rounds N] [--threads N]...
//                                   [--no-facets] [--no-snippets] [--json FILE]
// Latency is the wall time of Searcher::search() (query analysis, matching, facets, hits and
// snippets; not JSON encoding). QPS for T threads is (T x rounds x queries) / wall time of the
// measured passes, started together after every thread has warmed up.
#include <algorithm>
#include <barrier>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "search/searcher.hpp"
#include "text/analyzer.hpp"
#include "text/dictionary.hpp"

namespace fs = std::filesystem;
using namespace rinsho;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
  fs::path index;
  fs::path queries = fs::path(RINSHO_SOURCE_DIR) / "bench" / "queries.txt";
  fs::path json;
  int rounds = 3;
  std::vector<int> threads;
  bool facets = true, snippets = true;
};

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "rinsho_bench_search: %s\n", what.c_str());
  std::exit(2);
}

Options parse_args(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) die(a + " needs a value");
      return argv[++i];
    };
    if (a == "--index") o.index = value();
    else if (a == "--queries") o.queries = value();
    else if (a == "--json") o.json = value();
    else if (a == "--rounds") o.rounds = std::max(1, std::atoi(value().c_str()));
    else if (a == "--threads") o.threads.push_back(std::max(1, std::atoi(value().c_str())));
    else if (a == "--no-facets") o.facets = false;
    else if (a == "--no-snippets") o.snippets = false;
    else if (a == "--help" || a == "-h") {
      std::printf("usage: rinsho_bench_search --index DIR [--queries FILE] [--rounds N] [--threads N]...\n"
                  "                           [--no-facets] [--no-snippets] [--json FILE]\n");
      std::exit(0);
    } else die("unknown argument " + a);
  }
  if (o.index.empty()) die("--index DIR is required");
  if (o.threads.empty()) o.threads = {1, 2};
  return o;
}

std::vector<std::string> read_queries(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) die("cannot read " + file.string());
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    out.push_back(line);
  }
  if (out.empty()) die(file.string() + ": no queries");
  return out;
}

// Nearest-rank percentile, the same definition bench/groonga_bench.py uses.
double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto rank = static_cast<std::size_t>(std::ceil(p * double(v.size())));
  return v[std::clamp<std::size_t>(rank, 1, v.size()) - 1];
}

struct QueryTime {
  std::size_t query;
  double ms;
};

struct Run {
  int threads = 0;
  std::size_t measured = 0;
  double wall_s = 0, qps = 0, p50 = 0, p90 = 0, p99 = 0, max = 0, mean = 0;
  std::vector<QueryTime> times;
};

class Worker {
 public:
  Worker(const Options& o, const text::Analyzer& prototype, const std::vector<std::string>& queries)
      : options_(o), queries_(queries) {
    auto s = search::Searcher::open(o.index, prototype);
    if (!s) die(s.error().message);
    searcher_.emplace(std::move(*s));
  }
  // One pass over every query from `offset`; returns (query index, ms) per query.
  void pass(std::size_t offset, std::vector<QueryTime>* times) {
    for (std::size_t i = 0; i < queries_.size(); ++i) {
      const std::size_t q = (offset + i) % queries_.size();
      search::SearchRequest r;
      r.q = queries_[q];
      r.facets = options_.facets;
      r.snippets = options_.snippets;
      const auto start = Clock::now();
      auto result = searcher_->search(r);
      const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
      if (!result) die("query \"" + queries_[q] + "\": " + result.error().message);
      hits_ += result->hits.size();
      if (times) times->push_back({q, ms});
    }
  }
  std::size_t hits() const { return hits_; }

 private:
  const Options& options_;
  const std::vector<std::string>& queries_;
  std::optional<search::Searcher> searcher_;
  std::size_t hits_ = 0;
};

Run run(const Options& o, const text::Analyzer& prototype, const std::vector<std::string>& queries, int threads) {
  std::vector<std::unique_ptr<Worker>> workers;
  for (int t = 0; t < threads; ++t) workers.push_back(std::make_unique<Worker>(o, prototype, queries));
  std::vector<std::vector<QueryTime>> times(threads);
  std::barrier sync(threads + 1);
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      const std::size_t offset = queries.size() * std::size_t(t) / std::size_t(threads);
      workers[t]->pass(offset, nullptr);  // warm-up, not measured
      sync.arrive_and_wait();
      for (int r = 0; r < o.rounds; ++r) workers[t]->pass(offset, &times[t]);
      sync.arrive_and_wait();
    });
  }
  sync.arrive_and_wait();
  const auto start = Clock::now();
  sync.arrive_and_wait();
  const double wall = std::chrono::duration<double>(Clock::now() - start).count();
  for (auto& th : pool) th.join();

  Run out;
  out.threads = threads;
  out.wall_s = wall;
  std::vector<double> ms;
  for (auto& t : times) {
    for (const auto& x : t) ms.push_back(x.ms);
    out.times.insert(out.times.end(), t.begin(), t.end());
  }
  out.measured = ms.size();
  out.qps = double(ms.size()) / wall;
  out.p50 = percentile(ms, 0.50);
  out.p90 = percentile(ms, 0.90);
  out.p99 = percentile(ms, 0.99);
  out.max = *std::max_element(ms.begin(), ms.end());
  double sum = 0;
  for (double x : ms) sum += x;
  out.mean = sum / double(ms.size());
  return out;
}

nlohmann::json slowest(const Run& r, const std::vector<std::string>& queries, std::size_t n) {
  // The median of each query's measured runs, then the n slowest queries: where the p99 comes from.
  std::vector<std::vector<double>> per(queries.size());
  for (const auto& t : r.times) per[t.query].push_back(t.ms);
  std::vector<std::pair<double, std::size_t>> med;
  for (std::size_t q = 0; q < per.size(); ++q)
    if (!per[q].empty()) med.push_back({percentile(per[q], 0.5), q});
  std::sort(med.rbegin(), med.rend());
  nlohmann::json out = nlohmann::json::array();
  for (std::size_t i = 0; i < std::min(n, med.size()); ++i)
    out.push_back({{"query", queries[med[i].second]}, {"median_ms", med[i].first}});
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse_args(argc, argv);
  const auto queries = read_queries(o.queries);
  auto dictionary = text::Dictionary::builtin();
  if (!dictionary) die(dictionary.error().message);
  const text::Analyzer prototype(std::make_shared<const text::Dictionary>(std::move(*dictionary)));
  std::uint64_t docs = 0;
  {
    auto s = search::Searcher::open(o.index, prototype);
    if (!s) die(s.error().message);
    docs = s->doc_count();
  }
  std::printf("rinsho in-process search: %llu documents, %zu queries, %d measured rounds, facets %s, snippets %s\n",
              (unsigned long long)docs, queries.size(), o.rounds, o.facets ? "on" : "off", o.snippets ? "on" : "off");
  std::printf("%8s %9s %9s %9s %9s %9s %9s %10s\n", "threads", "queries", "p50 ms", "p90 ms", "p99 ms", "max ms",
              "mean ms", "QPS");
  nlohmann::json out{{"engine", "rinsho"},  {"documents", docs},     {"queries", queries.size()},
                     {"rounds", o.rounds},  {"facets", o.facets},    {"snippets", o.snippets},
                     {"runs", nlohmann::json::array()}};
  for (int t : o.threads) {
    const Run r = run(o, prototype, queries, t);
    std::printf("%8d %9zu %9.2f %9.2f %9.2f %9.2f %9.2f %10.1f\n", r.threads, r.measured, r.p50, r.p90, r.p99, r.max,
                r.mean, r.qps);
    out["runs"].push_back({{"threads", r.threads}, {"measured", r.measured}, {"wall_s", r.wall_s}, {"qps", r.qps},
                           {"p50_ms", r.p50}, {"p90_ms", r.p90}, {"p99_ms", r.p99}, {"max_ms", r.max},
                           {"mean_ms", r.mean}, {"slowest", slowest(r, queries, 10)}});
  }
  const auto& worst = out["runs"][0]["slowest"];
  std::printf("slowest queries (median ms, %d thread%s):", o.threads[0], o.threads[0] == 1 ? "" : "s");
  for (const auto& s : worst) std::printf(" %s %.1f;", s["query"].get<std::string>().c_str(), s["median_ms"].get<double>());
  std::printf("\n");
  if (!o.json.empty()) {
    std::ofstream f(o.json, std::ios::binary);
    f << out.dump(1) << "\n";
    if (!f) die("cannot write " + o.json.string());
  }
  return 0;
}
