// Write throughput of the store: put_trial (one transaction each) against put_trials (one
// transaction per batch), with a realistic record (sample_trials/records/jRCT2031240001.json).
//   build/bench/rinsho_bench_store [count] [--database URL]     (default 1000; SQLite in a temp dir)
// bench/store-backends runs it on SQLite and on a PostgreSQL it starts, side by side.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "model/validator.hpp"
#include "store/store.hpp"

using namespace rinsho;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

nlohmann::json sample_record() {
  std::ifstream in(fs::path(RINSHO_SOURCE_DIR) / "sample_trials" / "records" / "jRCT2031240001.json");
  std::stringstream s;
  s << in.rdbuf();
  return nlohmann::json::parse(s.str());
}

std::vector<nlohmann::json> records(const nlohmann::json& base, int count, int block, const std::string& title) {
  std::vector<nlohmann::json> out;
  for (int i = 0; i < count; ++i) {
    nlohmann::json r = base;
    char id[32];
    std::snprintf(id, sizeof id, "jRCT1%d%08d", block, i);
    r["id"] = id;
    r["public_title"]["ja"] = title + " " + std::to_string(i);
    out.push_back(std::move(r));
  }
  return out;
}

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

void report(const char* what, int count, double secs) {
  std::printf("%-48s %6d records %8.3f s %9.0f records/s\n", what, count, secs, count / secs);
}

}  // namespace

int main(int argc, char** argv) {
  int count = 1000;
  std::string database_url;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--database" && i + 1 < argc) database_url = argv[++i];
    else count = std::atoi(argv[i]);
  }
  const fs::path dir = fs::temp_directory_path() / ("rinsho-bench-store-" + std::to_string(::getpid()));
  auto store = store::Store::open({dir, 5000, database_url});
  if (!store) {
    std::fprintf(stderr, "%s\n", store.error().message.c_str());
    return 1;
  }
  const auto base = sample_record();
  const store::WriteContext ctx{"", "bench", "ingest", std::nullopt, false};

  auto validator = model::RecordValidator::builtin();
  auto start = Clock::now();
  for (const auto& r : records(base, count, 9, "検証")) (void)validator->validate(r);
  report("schema validation alone", count, seconds_since(start));

  auto singles = records(base, count, 1, "単発");
  start = Clock::now();
  for (auto& r : singles)
    if (!store->put_trial(std::move(r), ctx)) return 1;
  report("put_trial, new trials, one transaction each", count, seconds_since(start));

  auto updates = records(base, count, 1, "更新");
  start = Clock::now();
  for (auto& r : updates)
    if (!store->put_trial(std::move(r), ctx)) return 1;
  report("put_trial, new versions, one transaction each", count, seconds_since(start));

  auto same = records(base, count, 1, "更新");
  start = Clock::now();
  for (auto& r : same)
    if (!store->put_trial(std::move(r), ctx)->unchanged) return 1;
  report("put_trial, unchanged re-puts", count, seconds_since(start));

  auto batch = records(base, count, 2, "一括");
  start = Clock::now();
  if (!store->put_trials(std::move(batch), ctx)) return 1;
  report("put_trials, new trials, one transaction", count, seconds_since(start));

  auto batch_updates = records(base, count, 2, "一括更新");
  start = Clock::now();
  if (!store->put_trials(std::move(batch_updates), ctx)) return 1;
  report("put_trials, new versions, one transaction", count, seconds_since(start));

  std::error_code ec;
  std::printf("back end: %s; ", store->backend().c_str());
  if (!store->database_file().empty())
    std::printf("database size: %.1f MB; ", static_cast<double>(fs::file_size(store->database_file(), ec)) / 1e6);
  std::printf("%lld trials\n", static_cast<long long>(store->count_trials().value_or(-1)));
  store = tl::unexpected(Error{});  // close before removing the files
  fs::remove_all(dir, ec);
  return 0;
}
