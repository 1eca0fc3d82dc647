#include "indexer/linkage_commands.hpp"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "indexer/ingest.hpp"
#include "indexer/progress.hpp"
#include "linkage/exporter.hpp"
#include "linkage/import_to_store.hpp"
#include "store/store.hpp"

namespace rinsho::indexer {
namespace {

int fail_with(const std::string& message) {
  std::fprintf(stderr, "rinsho-indexer: %s\n", message.c_str());
  return 2;
}

// The one thing a signal handler may touch. The first SIGINT or SIGTERM asks the import to stop
// after the batch it is writing; the handler then steps aside, so a second one ends the process
// at once (the store's transaction makes that safe too, only slower to resume).
std::atomic<bool> g_stop{false};

extern "C" void on_stop_signal(int sig) {
  g_stop.store(true);
  std::signal(sig, SIG_DFL);
}

struct StopSignals {
  struct sigaction old_int {}, old_term {};
  StopSignals() {
    g_stop.store(false);
    struct sigaction sa {};
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
  }
  ~StopSignals() {
    sigaction(SIGINT, &old_int, nullptr);
    sigaction(SIGTERM, &old_term, nullptr);
  }
};

void add(linkage::ImportCounts& total, const linkage::ImportCounts& c) {
  total.imported += c.imported;
  total.updated += c.updated;
  total.linked += c.linked;
  total.unchanged += c.unchanged;
  total.skipped += c.skipped;
  total.failed += c.failed;
}

}  // namespace

int run_import(const ImportCommand& cmd) {
  auto format = linkage::parse_import_format(cmd.format);
  if (!format) return fail_with(format.error().message + " (use ictrp-xml, ictrp-csv, ctgov-json or ctgov-xml)");
  if (cmd.files.empty()) return fail_with("import needs at least one FILE");
  auto store = store::Store::open({cmd.data_dir, 5000, cmd.database_url});
  if (!store) return fail_with(store.error().message);
  store::WriteContext ctx;
  ctx.actor = "rinsho-indexer import";
  ctx.source = "import";
  StopSignals signals;
  linkage::ImportCounts total;
  bool stopped = false;
  const auto start = std::chrono::steady_clock::now();
  auto last_line = start;
  for (const auto& file : cmd.files) {
    std::ifstream in(file, std::ios::binary | std::ios::ate);
    if (!in) return fail_with("cannot open " + file);
    const double size = static_cast<double>(in.tellg());
    in.seekg(0);
    ProgressBar bar;
    linkage::ImportRun run;
    run.stop = &g_stop;
    run.on_batch = [&](const linkage::ImportCounts& c) {
      const auto n = total.total() + c.total();
      const double at = in ? static_cast<double>(in.tellg()) : size;
      bar.update(size > 0 ? at / size : 1.0, n);
      // Without a terminal (logs, benches) a plain line every 10 s instead of the bar.
      const auto now = std::chrono::steady_clock::now();
      if (!bar.enabled() && now - last_line >= std::chrono::seconds(10)) {
        const double s = std::chrono::duration<double>(now - start).count();
        std::fprintf(stderr, "%s: %zu records, %.0f%% of the file, %.0f records/s\n", file.c_str(), n,
                     size > 0 ? 100.0 * at / size : 100.0, n / s);
        last_line = now;
      }
    };
    auto result = linkage::import_into_store(*store, *format, in, {cmd.all_countries}, ctx, [&](const linkage::ImportOutcome& o) {
      if (o.outcome != "skipped" && o.outcome != "failed") return;
      std::fprintf(stderr, "%s: %s %s\n", file.c_str(), o.source_id.c_str(), o.outcome.c_str());
      for (const auto& r : o.reasons) std::fprintf(stderr, "  %s\n", r.c_str());
    }, run);
    if (!result) return fail_with(file + ": " + result.error().message);
    add(total, result->counts);
    bar.finish(total.total());
    if (result->stopped) {
      stopped = true;
      break;
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr,
               "imported %zu, linked %zu, updated %zu, unchanged %zu, skipped %zu, failed %zu in %.1f s (%.0f records/s)\n",
               total.imported, total.linked, total.updated, total.unchanged, total.skipped, total.failed, seconds,
               seconds > 0 ? total.total() / seconds : 0.0);
  if (stopped) {
    std::fprintf(stderr,
                 "stopped after the last committed batch; everything above is in the registry. To resume, run the "
                 "same command again: records already in come back unchanged.\n");
    return 130;
  }
  if (cmd.index) {
    auto indexed = update_index(*store, cmd.data_dir, false);
    if (!indexed) return fail_with(indexed.error().message);
  }
  return total.failed > 0 ? 1 : 0;
}

int run_export(const std::filesystem::path& data_dir, const std::string& format_name, const std::string& out_path,
               const std::string& database_url) {
  auto format = linkage::parse_export_format(format_name);
  if (!format) return fail_with(format.error().message + " (use fhir, trds-xml, ctgov-json or csv)");
  auto store = store::Store::open({data_dir, 5000, database_url});
  if (!store) return fail_with(store.error().message);
  std::ofstream file;
  if (!out_path.empty() && out_path != "-") {
    file.open(out_path, std::ios::binary);
    if (!file) return fail_with("cannot write " + out_path);
  }
  std::ostream& out = file.is_open() ? static_cast<std::ostream&>(file) : std::cout;
  auto writer = linkage::make_export_writer(*format);
  writer->begin(out);
  std::size_t count = 0;
  auto ok = store->for_each_trial([&](const store::StoredTrial& t) {
    writer->write(t.record);
    ++count;
    return static_cast<bool>(out);
  });
  writer->end();
  out.flush();
  if (!ok) return fail_with(ok.error().message);
  if (!out) return fail_with("writing the export failed");
  std::fprintf(stderr, "exported %zu trials as %s\n", count, format_name.c_str());
  return 0;
}

}  // namespace rinsho::indexer
