#include "indexer/ingest.hpp"

#include <chrono>
#include <cstdio>
#include <thread>
#include <nlohmann/json.hpp>

#include "index/catch_up.hpp"
#include "index/index_check.hpp"
#include "index/index_writer.hpp"
#include "indexer/progress.hpp"
#include "indexer/record_source.hpp"
#include "model/trial.hpp"
#include "store/store.hpp"
#include "text/analyzer.hpp"

namespace rinsho::indexer {
namespace {

void report_rejected(const std::string& location, const std::string& id, const std::vector<FieldError>& errors) {
  std::fprintf(stderr, "%s: rejected%s%s\n", location.c_str(), id.empty() ? "" : " ", id.c_str());
  for (const auto& e : errors)
    std::fprintf(stderr, "  %s: %s / %s\n", e.pointer.empty() ? "(record)" : e.pointer.c_str(), e.message_ja.c_str(),
                 e.message_en.c_str());
}

struct Pending {
  std::vector<nlohmann::json> records;
  std::vector<std::string> locations;
};

class Ingestor {
 public:
  Ingestor(store::Store& store, IngestStats& stats) : store_(store), stats_(stats) {}

  Result<void> flush() {
    if (pending_.records.empty()) return {};
    store::WriteContext ctx;
    ctx.actor = "rinsho-indexer";
    ctx.source = "ingest";
    auto results = store_.put_trials(std::move(pending_.records), ctx);
    if (!results) return tl::unexpected(results.error());
    for (std::size_t i = 0; i < results->size(); ++i) {
      const auto& r = (*results)[i];
      if (!r) {
        report_rejected(pending_.locations[i], "", r.error().fields.empty()
            ? std::vector<FieldError>{{"", r.error().message, r.error().message}} : r.error().fields);
        ++stats_.rejected;
      } else if (r->unchanged) {
        ++stats_.unchanged;
      } else {
        ++stats_.accepted;
      }
    }
    pending_ = {};
    return {};
  }
  void add(nlohmann::json record, std::string location) {
    pending_.records.push_back(std::move(record));
    pending_.locations.push_back(std::move(location));
  }
  std::size_t size() const { return pending_.records.size(); }

 private:
  store::Store& store_;
  IngestStats& stats_;
  Pending pending_;
};

// Below this many changes the catch-up is quick anyway and keeps the index's history.
constexpr std::int64_t kBulkThreshold = 2000;

Result<store::Store> open_store(const std::filesystem::path& data_dir, const std::string& database_url) {
  return store::Store::open(store::StoreOptions{data_dir, 5000, database_url});
}

}  // namespace

namespace {

// A running rinsho-server holds the index's write lock for a moment after each write it takes;
// the indexer waits for a free moment (polling the lock) instead of failing the whole run.
constexpr auto kLockWait = std::chrono::seconds(60);

Result<std::uint64_t> update_index_once(store::Store& store, const std::filesystem::path& data_dir, bool rebuild,
                                        const text::Analyzer& analyzer) {
  ProgressBar bar;
  auto progress = [&](std::size_t done, std::int64_t target) {
    bar.update(target > 0 ? std::min(1.0, double(done) / double(target)) : 1.0, done);
  };
  const auto dir = data_dir / "index";
  std::uint64_t indexed = 0;
  bool whole = rebuild;
  if (!whole) {
    // A damaged or mismatched index (index_check.hpp) cannot be caught up; the store has it all.
    auto reason = index::rebuild_reason(store, dir);
    if (!reason) return tl::unexpected(reason.error());
    if (*reason) std::fprintf(stderr, "the search index %s: rebuilding it from the registry\n", (*reason)->c_str());
    whole = reason->has_value();
  }
  if (!whole) {
    auto writer = index::IndexWriter::open(dir, analyzer);
    if (!writer) return tl::unexpected(writer.error());
    auto target = store.last_seq();
    if (!target) return tl::unexpected(target.error());
    const auto behind = *target - writer->last_applied_seq();
    // When most of the index would be new, building it whole from the store is several times
    // faster than applying the changes one by one (bench/RESULTS.md); the store holds everything.
    whole = behind >= kBulkThreshold && std::uint64_t(behind) >= writer->doc_count();
    if (!whole) {
      auto r = index::catch_up(store, *writer, 1000, progress);
      if (!r) return tl::unexpected(r.error());
      indexed = r->applied;
    }
  }  // the writer is closed here: a rebuild swaps the index directory
  if (whole) {
    auto r = index::rebuild(store, dir, analyzer, progress);
    if (!r) return tl::unexpected(r.error());
    indexed = r->applied;
  }
  bar.finish(indexed);
  return indexed;
}

}  // namespace

Result<std::uint64_t> update_index(store::Store& store, const std::filesystem::path& data_dir, bool rebuild) {
  auto dictionary = text::Dictionary::builtin();
  if (!dictionary) return tl::unexpected(dictionary.error());
  const text::Analyzer analyzer(std::make_shared<const text::Dictionary>(std::move(*dictionary)));
  const auto until = std::chrono::steady_clock::now() + kLockWait;
  for (;;) {
    auto done = update_index_once(store, data_dir, rebuild, analyzer);
    if (done || done.error().code != ErrorCode::busy || std::chrono::steady_clock::now() > until) return done;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

Result<IngestStats> ingest(const IngestOptions& options) {
  auto store = open_store(options.data_dir, options.database_url);
  if (!store) return tl::unexpected(store.error());
  IngestStats stats;
  // Finish what a killed run committed to the store but not yet to the index.
  if (auto ok = update_index(*store, options.data_dir, false); !ok) return tl::unexpected(ok.error());

  Ingestor ingestor(*store, stats);
  ProgressBar bar;
  Result<void> write_error;
  auto read = read_records(options.paths, [&](SourceRecord&& source, const SourceProgress& p) {
    ++stats.read;
    bar.update(p.bytes_total ? double(p.bytes_done) / double(p.bytes_total) : 0, stats.read);
    if (!source.record) {
      report_rejected(source.location, "", source.record.error().fields);
      ++stats.rejected;
      return true;
    }
    // Records exported from a registry carry its system fields; this registry sets its own. The
    // store validates every record; its errors come back per record with this location.
    if (source.record->is_object())
      for (const char* key : model::kSystemFields) source.record->erase(key);
    ingestor.add(std::move(*source.record), std::move(source.location));
    if (ingestor.size() >= options.batch_size) write_error = ingestor.flush();
    return write_error.has_value();
  });
  if (!read) return tl::unexpected(read.error());
  if (!write_error) return tl::unexpected(write_error.error());
  if (auto ok = ingestor.flush(); !ok) return tl::unexpected(ok.error());
  bar.finish(stats.read);
  auto indexed = update_index(*store, options.data_dir, options.rebuild);
  if (!indexed) return tl::unexpected(indexed.error());
  stats.indexed = *indexed;
  return stats;
}

Result<IngestStats> rebuild_index(const std::filesystem::path& data_dir, const std::string& database_url) {
  auto store = open_store(data_dir, database_url);
  if (!store) return tl::unexpected(store.error());
  IngestStats stats;
  auto indexed = update_index(*store, data_dir, true);
  if (!indexed) return tl::unexpected(indexed.error());
  stats.indexed = *indexed;
  return stats;
}

}  // namespace rinsho::indexer
