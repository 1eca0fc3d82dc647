// rinsho_relevance: builds a fresh registry from the sample records (store, then index, exactly as
// rinsho-indexer ingest does), runs every judged query of queries.tsv through the Searcher and
// reports recall@20 and nDCG@10 per query, per kind and overall. Exits non-zero when the overall
// means fall below the thresholds or when any must_not trial shows up in a top 20.
#include <unistd.h>

#include <algorithm>
#include <chrono>
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
#include "search/searcher.hpp"
#include "support/sample_registry.hpp"
#include "text/analyzer.hpp"
#include "text/dictionary.hpp"

namespace fs = std::filesystem;
using namespace rinsho;

namespace {

constexpr std::size_t kTopK = 20;

struct Options {
  fs::path queries = fs::path(RINSHO_SOURCE_DIR) / "tests" / "relevance" / "queries.tsv";
  fs::path records = fs::path(RINSHO_SOURCE_DIR) / "sample_trials" / "records";
  fs::path json;            // --json FILE: per-query results for bench/
  bool details = false;     // --details: list the top 20 of every query that is not perfect
  bool keep = false;        // --keep: leave the temporary registry for inspection
  std::vector<std::string> explain;  // --explain Q: print how the analyser splits Q, then exit
  double min_recall = 0.95;
  double min_ndcg = 0.85;
  std::size_t max_must_not = 0;  // --max-must-not N: a ratchet for a set whose traps are not all met yet
};

struct Outcome {
  const relevance::JudgedQuery* query = nullptr;
  std::vector<std::string> top;     // ids, best first, at most kTopK
  std::vector<std::string> titles;  // parallel to top
  std::vector<std::string> missed, must_not_hits, applied;
  std::uint64_t total = 0;
  double recall = 0, ndcg = 0, ms = 0;
  bool scored = false;  // has relevant ids, so recall and nDCG are defined
  bool passed = false;  // recall@20 == 1 (when scored) and no must_not hit
};

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "rinsho_relevance: %s\n", what.c_str());
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
    if (a == "--queries") o.queries = value();
    else if (a == "--records") o.records = value();
    else if (a == "--json") o.json = value();
    else if (a == "--details") o.details = true;
    else if (a == "--keep") o.keep = true;
    else if (a == "--explain") o.explain.push_back(value());
    else if (a == "--min-recall") o.min_recall = std::stod(value());
    else if (a == "--min-ndcg") o.min_ndcg = std::stod(value());
    else if (a == "--max-must-not") o.max_must_not = std::stoul(value());
    else if (a == "--help" || a == "-h") {
      std::printf("usage: rinsho_relevance [--queries FILE] [--records DIR] [--json FILE] [--details] [--keep]\n"
                  "                        [--min-recall X] [--min-ndcg X] [--max-must-not N] [--explain QUERY]...\n");
      std::exit(0);
    } else die("unknown argument " + a);
  }
  return o;
}

// Store first, then the index from the store: the only way documents enter the index.
void build_registry(const fs::path& records_dir, const fs::path& data_dir, const text::Analyzer& analyzer) {
  const auto files = testing::record_files(records_dir);
  if (files.empty()) die("no records in " + records_dir.string());
  testing::load_records(data_dir, files, "relevance");
  const auto applied = testing::index_records(data_dir, analyzer);
  std::printf("indexed %zu sample trials from %s\n", applied, records_dir.string().c_str());
}

// How each whitespace-separated word of a query becomes units, for diagnosing a miss: concepts (with
// their kind and filter), text phrases (with their recall terms) and dropped particles.
void explain_query(const text::Analyzer& analyzer, const std::string& q) {
  std::printf("%s\n", q.c_str());
  std::istringstream words(q);
  for (std::string w; words >> w;) {
    for (const auto& u : analyzer.analyze_query(w)) {
      if (u.type == text::QueryUnit::Type::concept_match) {
        const auto& c = *u.matched_concept;
        std::printf("  concept %-28s \"%s\"%s%s\n", c.id.c_str(), u.surface.c_str(), c.filter.empty() ? "" : " filter ",
                    c.filter.c_str());
        continue;
      }
      std::string terms;
      for (const auto& t : u.tokens) terms += " " + t.term + "@" + std::to_string(t.position);
      std::printf("  %-36s \"%s\"%s\n", u.particle ? "particle (dropped)" : "text phrase", u.surface.c_str(), terms.c_str());
    }
  }
}

Outcome run_query(search::Searcher& searcher, const relevance::JudgedQuery& q) {
  Outcome o;
  o.query = &q;
  search::SearchRequest request;
  request.q = q.query;
  request.page_size = kTopK;
  request.facets = false;
  request.snippets = false;
  request.correct_spelling = true;  // as the results page searches (a typo that finds nothing is corrected)
  const auto start = std::chrono::steady_clock::now();
  auto result = searcher.search(request);
  o.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (!result) die("query \"" + q.query + "\": " + result.error().message);
  o.total = result->total_estimated;
  for (const auto& h : result->hits) {
    if (o.top.size() == kTopK) break;
    o.top.push_back(h.id);
    o.titles.push_back(h.public_title.ja.empty() ? h.public_title.en : h.public_title.ja);
  }
  for (const auto& a : result->applied) o.applied.push_back(a.word + "->" + a.filter);
  const std::set<std::string> relevant(q.relevant.begin(), q.relevant.end());
  const std::set<std::string> returned(o.top.begin(), o.top.end());
  for (const auto& id : q.relevant)
    if (!returned.count(id)) o.missed.push_back(id);
  for (const auto& id : q.must_not)
    if (returned.count(id)) o.must_not_hits.push_back(id);
  o.scored = !relevant.empty();
  if (o.scored) {
    o.recall = relevance::recall(o.top, relevant);
    o.ndcg = relevance::ndcg(o.top, relevant, 10);
  }
  o.passed = o.must_not_hits.empty() && (!o.scored || o.missed.empty());
  return o;
}

std::string join(const std::vector<std::string>& v, const char* sep = " ") {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : sep) + x;
  return s;
}

void print_query_table(const std::vector<Outcome>& outcomes, bool details) {
  std::printf("\n%-15s %6s %6s %4s %4s %5s  %-5s %s\n", "kind", "R@20", "nDCG10", "rel", "hits", "total", "pass", "query");
  for (const auto& o : outcomes) {
    const auto& q = *o.query;
    char r[16] = "   n/a", n[16] = "   n/a";
    if (o.scored) {
      std::snprintf(r, sizeof r, "%6.3f", o.recall);
      std::snprintf(n, sizeof n, "%6.3f", o.ndcg);
    }
    std::printf("%-15s %s %s %4zu %4zu %5llu  %-5s %s\n", q.kind.c_str(), r, n, q.relevant.size(), o.top.size(),
                (unsigned long long)o.total, o.passed ? "ok" : "FAIL", q.query.c_str());
    if (!o.applied.empty()) std::printf("%47s filters: %s\n", "", join(o.applied, ", ").c_str());
    if (!o.missed.empty()) std::printf("%47s missed: %s\n", "", join(o.missed).c_str());
    if (!o.must_not_hits.empty()) std::printf("%47s MUST NOT appear: %s\n", "", join(o.must_not_hits).c_str());
    const bool perfect = o.passed && (!o.scored || o.ndcg >= 0.999);
    if (details && !perfect) {
      const std::set<std::string> rel(q.relevant.begin(), q.relevant.end());
      for (std::size_t i = 0; i < o.top.size(); ++i)
        std::printf("%47s %2zu %c %s %s\n", "", i + 1, rel.count(o.top[i]) ? '+' : '-', o.top[i].c_str(), o.titles[i].c_str());
    }
  }
}

struct Totals {
  std::size_t queries = 0, scored = 0, passed = 0, must_not_failures = 0;
  double recall = 0, ndcg = 0, ms = 0;
  double mean_recall() const { return scored ? recall / double(scored) : 0; }
  double mean_ndcg() const { return scored ? ndcg / double(scored) : 0; }
  void add(const Outcome& o) {
    ++queries;
    ms += o.ms;
    if (o.passed) ++passed;
    if (!o.must_not_hits.empty()) ++must_not_failures;
    if (o.scored) {
      ++scored;
      recall += o.recall;
      ndcg += o.ndcg;
    }
  }
};

void print_kind_table(const std::map<std::string, Totals>& kinds, const Totals& all) {
  std::printf("\n%-15s %7s %6s %8s %8s %9s\n", "kind", "queries", "passed", "R@20", "nDCG@10", "must_not");
  auto row = [](const std::string& name, const Totals& t) {
    std::printf("%-15s %7zu %6zu %8.3f %8.3f %9zu\n", name.c_str(), t.queries, t.passed, t.mean_recall(), t.mean_ndcg(),
                t.must_not_failures);
  };
  for (const auto& [kind, t] : kinds) row(kind, t);
  row("overall", all);
}

void write_json(const fs::path& file, const std::vector<Outcome>& outcomes, const Totals& all, std::size_t docs) {
  nlohmann::json out;
  out["engine"] = "rinsho";
  out["documents"] = docs;
  out["top_k"] = kTopK;
  out["queries"] = nlohmann::json::array();
  for (const auto& o : outcomes) {
    nlohmann::json j{{"kind", o.query->kind},       {"query", o.query->query},  {"relevant", o.query->relevant},
                     {"must_not", o.query->must_not}, {"returned", o.top},        {"total_estimated", o.total},
                     {"missed", o.missed},           {"must_not_hits", o.must_not_hits}, {"applied", o.applied},
                     {"passed", o.passed},           {"latency_ms", o.ms}};
    j["recall_at_20"] = o.scored ? nlohmann::json(o.recall) : nlohmann::json(nullptr);
    j["ndcg_at_10"] = o.scored ? nlohmann::json(o.ndcg) : nlohmann::json(nullptr);
    out["queries"].push_back(std::move(j));
  }
  out["summary"] = {{"queries", all.queries},     {"passed", all.passed},        {"recall_at_20", all.mean_recall()},
                    {"ndcg_at_10", all.mean_ndcg()}, {"must_not_failures", all.must_not_failures}};
  std::ofstream f(file, std::ios::binary);
  f << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  if (!f) die("cannot write " + file.string());
}

}  // namespace

int main(int argc, char** argv) try {
  const Options opt = parse_args(argc, argv);
  auto queries = relevance::read_queries(opt.queries);
  if (!queries) die(queries.error().message);

  auto dictionary = text::Dictionary::builtin();
  if (!dictionary) die(dictionary.error().message);
  const text::Analyzer analyzer(std::make_shared<const text::Dictionary>(std::move(*dictionary)));
  if (!opt.explain.empty()) {
    for (const auto& q : opt.explain) explain_query(analyzer, q);
    return 0;
  }

  const fs::path dir = fs::temp_directory_path() / ("rinsho-relevance-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  build_registry(opt.records, dir, analyzer);

  std::vector<Outcome> outcomes;
  std::uint64_t docs = 0;
  {
    auto searcher = search::Searcher::open(dir / "index", analyzer);
    if (!searcher) die(searcher.error().message);
    docs = searcher->doc_count();
    for (const auto& q : *queries) outcomes.push_back(run_query(*searcher, q));
  }
  if (!opt.keep) fs::remove_all(dir);
  else std::printf("registry kept in %s\n", dir.c_str());

  Totals all;
  std::map<std::string, Totals> kinds;
  for (const auto& o : outcomes) {
    all.add(o);
    kinds[o.query->kind].add(o);
  }
  print_query_table(outcomes, opt.details);
  print_kind_table(kinds, all);
  if (!opt.json.empty()) write_json(opt.json, outcomes, all, docs);

  const bool recall_ok = all.mean_recall() >= opt.min_recall;
  const bool ndcg_ok = all.mean_ndcg() >= opt.min_ndcg;
  const bool must_not_ok = all.must_not_failures <= opt.max_must_not;
  std::printf("\noverall recall@20 %.3f (needs >= %.2f)%s, nDCG@10 %.3f (needs >= %.2f)%s, must_not violations %zu%s\n",
              all.mean_recall(), opt.min_recall, recall_ok ? "" : " FAIL", all.mean_ndcg(), opt.min_ndcg,
              ndcg_ok ? "" : " FAIL", all.must_not_failures, must_not_ok ? "" : " FAIL");
  std::printf("mean latency %.2f ms over %zu queries, %llu documents\n", all.queries ? all.ms / double(all.queries) : 0.0,
              all.queries, (unsigned long long)docs);
  std::printf("relevance: %zu passed, %zu failed\n", all.passed, all.queries - all.passed);
  return recall_ok && ndcg_ok && must_not_ok ? 0 : 1;
} catch (const std::exception& e) {
  std::fprintf(stderr, "rinsho_relevance: %s\n", e.what());
  return 2;
}
