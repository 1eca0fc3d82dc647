// Scores two engines' top 20s against the same judgments with the same formulas as the relevance
// harness (tests/relevance/relevance_metrics.cpp: recall@20 and nDCG@10), per query kind.
//   build/bench/rinsho_bench_relevance --rinsho rinsho.json --groonga groonga.json [--queries FILE] [--json OUT]
// rinsho.json is `rinsho_relevance --json`; groonga.json is `bench/groonga_bench.py relevance`.
// Both list, per query, the ranked ids the engine returned; this program looks only at those ids,
// so neither engine's own scoring code is trusted. Queries without relevant ids (traps) are left
// out of the means, as in the harness, and are reported by their must_not hits.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "relevance_metrics.hpp"

namespace fs = std::filesystem;
using namespace rinsho;

namespace {

constexpr std::size_t kTopK = 20;

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "rinsho_bench_relevance: %s\n", what.c_str());
  std::exit(2);
}

nlohmann::json read_json(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) die("cannot read " + p.string());
  std::stringstream s;
  s << in.rdbuf();
  return nlohmann::json::parse(s.str());
}

// query text -> ranked ids (top 20)
std::map<std::string, std::vector<std::string>> returned_by_query(const nlohmann::json& j) {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& q : j.at("queries")) {
    auto ids = q.at("returned").get<std::vector<std::string>>();
    if (ids.size() > kTopK) ids.resize(kTopK);
    out[q.at("query").get<std::string>()] = std::move(ids);
  }
  return out;
}

struct Sums {
  std::size_t queries = 0, scored = 0, perfect_recall = 0, must_not_hits = 0;
  double recall = 0, ndcg = 0;
  double mean_recall() const { return scored ? recall / double(scored) : 0; }
  double mean_ndcg() const { return scored ? ndcg / double(scored) : 0; }
};

void add(Sums& s, const relevance::JudgedQuery& q, const std::vector<std::string>& top) {
  ++s.queries;
  const std::set<std::string> rel(q.relevant.begin(), q.relevant.end());
  const std::set<std::string> got(top.begin(), top.end());
  for (const auto& id : q.must_not) s.must_not_hits += got.count(id);
  if (rel.empty()) return;
  ++s.scored;
  const double r = relevance::recall(top, rel);
  s.recall += r;
  s.ndcg += relevance::ndcg(top, rel, 10);
  if (r >= 0.999999) ++s.perfect_recall;
}

}  // namespace

int main(int argc, char** argv) {
  fs::path queries_file = fs::path(RINSHO_SOURCE_DIR) / "tests" / "relevance" / "queries.tsv";
  fs::path rinsho_file, groonga_file, json_out;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) die(a + " needs a value");
      return argv[++i];
    };
    if (a == "--queries") queries_file = value();
    else if (a == "--rinsho") rinsho_file = value();
    else if (a == "--groonga") groonga_file = value();
    else if (a == "--json") json_out = value();
    else die("unknown argument " + a + " (usage: --rinsho FILE --groonga FILE [--queries FILE] [--json OUT])");
  }
  if (rinsho_file.empty() || groonga_file.empty()) die("--rinsho FILE and --groonga FILE are required");
  auto judged = relevance::read_queries(queries_file);
  if (!judged) die(judged.error().message);
  const auto rinsho = returned_by_query(read_json(rinsho_file));
  const auto groonga = returned_by_query(read_json(groonga_file));

  std::map<std::string, std::pair<Sums, Sums>> kinds;
  std::pair<Sums, Sums> all;
  for (const auto& q : *judged) {
    auto r = rinsho.find(q.query);
    auto g = groonga.find(q.query);
    if (r == rinsho.end() || g == groonga.end()) die("no result for query \"" + q.query + "\"");
    add(kinds[q.kind].first, q, r->second);
    add(kinds[q.kind].second, q, g->second);
    add(all.first, q, r->second);
    add(all.second, q, g->second);
  }

  std::printf("%-15s %4s | %8s %8s | %8s %8s | %7s %7s | %8s %8s | %s\n", "kind", "n", "rinsho", "groonga", "rinsho",
              "groonga", "rinsho", "groonga", "rinsho", "groonga", "rinsho better");
  std::printf("%-15s %4s | %8s %8s | %8s %8s | %7s %7s | %8s %8s |\n", "", "", "R@20", "R@20", "nDCG@10", "nDCG@10", "R=1",
              "R=1", "must_not", "must_not");
  nlohmann::json out{{"kinds", nlohmann::json::object()}};
  bool every_kind_better = true;
  auto row = [&](const std::string& name, const Sums& r, const Sums& g, bool is_kind) {
    if (r.scored == 0) {
      std::printf("%-15s %4zu | must_not hits: rinsho %zu, groonga %zu\n", name.c_str(), r.queries, r.must_not_hits,
                  g.must_not_hits);
      out["kinds"][name] = {{"queries", r.queries}, {"rinsho_must_not_hits", r.must_not_hits},
                            {"groonga_must_not_hits", g.must_not_hits}};
      if (is_kind && r.must_not_hits > g.must_not_hits) every_kind_better = false;
      return;
    }
    // Better: no worse on recall@20, nDCG@10 and must_not hits, and strictly better on one of them.
    const bool better = r.mean_recall() >= g.mean_recall() && r.mean_ndcg() >= g.mean_ndcg() &&
                        r.must_not_hits <= g.must_not_hits &&
                        (r.mean_recall() > g.mean_recall() || r.mean_ndcg() > g.mean_ndcg() ||
                         r.must_not_hits < g.must_not_hits);
    if (is_kind && !better) every_kind_better = false;
    std::printf("%-15s %4zu | %8.3f %8.3f | %8.3f %8.3f | %3zu/%-3zu %3zu/%-3zu | %8zu %8zu | %s\n", name.c_str(),
                r.queries, r.mean_recall(), g.mean_recall(), r.mean_ndcg(), g.mean_ndcg(), r.perfect_recall, r.scored,
                g.perfect_recall, g.scored, r.must_not_hits, g.must_not_hits, better ? "yes" : "NO");
    out["kinds"][name] = {{"queries", r.queries},
                          {"scored", r.scored},
                          {"rinsho_recall_at_20", r.mean_recall()},
                          {"groonga_recall_at_20", g.mean_recall()},
                          {"rinsho_ndcg_at_10", r.mean_ndcg()},
                          {"groonga_ndcg_at_10", g.mean_ndcg()},
                          {"rinsho_must_not_hits", r.must_not_hits},
                          {"groonga_must_not_hits", g.must_not_hits},
                          {"rinsho_better", better}};
  };
  for (const auto& [kind, s] : kinds) row(kind, s.first, s.second, true);
  row("overall", all.first, all.second, false);
  std::printf("must_not hits (traps): rinsho %zu, groonga %zu\n", all.first.must_not_hits, all.second.must_not_hits);
  std::printf("rinsho better than groonga on every query kind: %s\n", every_kind_better ? "yes" : "NO");
  out["every_kind_better"] = every_kind_better;
  if (!json_out.empty()) {
    std::ofstream f(json_out, std::ios::binary);
    f << out.dump(1) << "\n";
  }
  return 0;
}
