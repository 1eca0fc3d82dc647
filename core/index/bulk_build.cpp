#include "index/bulk_build.hpp"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "index/document_builder.hpp"
#include "index/index_layout.hpp"
#include "index/xapian_errors.hpp"
#include "store/store.hpp"

namespace rinsho::index {
namespace {

namespace fs = std::filesystem;

// Records handed from the store reader to the indexing threads. Bounded, so reading never runs
// far ahead of indexing and memory stays flat whatever the registry's size.
class RecordQueue {
 public:
  explicit RecordQueue(std::size_t capacity) : capacity_(capacity) {}

  // False when the consumers have stopped (an error), so the reader can stop too.
  bool push(nlohmann::json record) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return items_.size() < capacity_ || stopped_; });
    if (stopped_) return false;
    items_.push_back(std::move(record));
    not_empty_.notify_one();
    return true;
  }
  std::optional<nlohmann::json> pop() {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return !items_.empty() || closed_ || stopped_; });
    if (stopped_ || items_.empty()) return std::nullopt;
    auto item = std::move(items_.front());
    items_.pop_front();
    not_full_.notify_one();
    return item;
  }
  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    not_empty_.notify_all();
  }
  void stop() {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    not_empty_.notify_all();
    not_full_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable not_empty_, not_full_;
  std::deque<nlohmann::json> items_;
  std::size_t capacity_;
  bool closed_ = false, stopped_ = false;
};

// Shared between the indexing threads: the shards written so far and the first failure.
struct BuildState {
  std::mutex mutex;
  std::vector<fs::path> shards;
  std::optional<Error> failure;
  std::atomic<std::size_t> indexed{0};

  void fail_with(Error e) {
    std::lock_guard lock(mutex);
    if (!failure) failure = std::move(e);
  }
};

class ShardWriter {
 public:
  ShardWriter(fs::path dir, unsigned worker, BuildState& state) : dir_(std::move(dir)), worker_(worker), state_(state) {}

  void add(const Xapian::Document& doc) {
    if (!db_) open_next();
    db_->add_document(doc);
    if (++in_shard_ >= limit_) finish();
  }
  void set_limit(std::size_t limit) { limit_ = limit; }

  // Commits and closes the current shard; scratch shards skip fsync, only the merged index is kept.
  void finish() {
    if (!db_) return;
    db_->commit();
    db_->close();
    db_.reset();
    std::lock_guard lock(state_.mutex);
    state_.shards.push_back(current_);
    in_shard_ = 0;
  }

 private:
  void open_next() {
    current_ = dir_ / ("w" + std::to_string(worker_) + "-" + std::to_string(next_++));
    db_.emplace(current_.string(), Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS | Xapian::DB_NO_SYNC);
  }

  fs::path dir_;
  unsigned worker_;
  BuildState& state_;
  std::optional<Xapian::WritableDatabase> db_;
  fs::path current_;
  std::size_t in_shard_ = 0, next_ = 0, limit_ = 2000;
};

void index_records(RecordQueue& queue, const DocumentBuilder& builder, const fs::path& scratch, unsigned worker,
                   std::size_t shard_documents, BuildState& state) {
  try {
    ShardWriter shards(scratch, worker, state);
    shards.set_limit(shard_documents);
    while (auto record = queue.pop()) {
      auto doc = builder.build(*record);
      if (!doc) {
        state.fail_with(doc.error());
        queue.stop();
        return;
      }
      shards.add(*doc);
      state.indexed.fetch_add(1, std::memory_order_relaxed);
    }
    shards.finish();
  } catch (const Xapian::Error& e) {
    state.fail_with(detail::xapian_error("cannot write an index shard", e));
    queue.stop();
  } catch (const std::exception& e) {  // an escaping exception would end the process from this thread
    state.fail_with(Error{ErrorCode::internal, std::string("indexing failed: ") + e.what()});
    queue.stop();
  }
}

Result<void> merge_shards(const std::vector<fs::path>& shards, const fs::path& out, std::int64_t last_seq) {
  try {
    if (shards.empty()) {
      Xapian::WritableDatabase empty(out.string(), Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
      empty.set_metadata(kLastSeqKey, std::to_string(last_seq));
      empty.set_metadata(kFormatKey, kIndexFormat);
      empty.commit();
      return {};
    }
    Xapian::Database all;
    for (const auto& s : shards) all.add_database(Xapian::Database(s.string()));
    all.compact(out.string(), Xapian::DBCOMPACT_MULTIPASS);
    Xapian::WritableDatabase db(out.string(), Xapian::DB_OPEN);
    db.set_metadata(kLastSeqKey, std::to_string(last_seq));
    db.set_metadata(kFormatKey, kIndexFormat);
    db.commit();
    return {};
  } catch (const Xapian::Error& e) {
    return tl::unexpected(detail::xapian_error("cannot merge the index shards into " + out.string(), e));
  }
}

}  // namespace

Result<CatchUpStats> bulk_build(store::Store& store, const fs::path& out, const text::Analyzer& prototype,
                                const BulkBuildOptions& options,
                                const std::function<void(std::size_t, std::int64_t)>& progress) {
  auto target = store.last_seq();
  if (!target) return tl::unexpected(target.error());
  auto total = store.count_trials();
  if (!total) return tl::unexpected(total.error());

  const fs::path scratch = out.string() + ".shards";
  std::error_code ec;
  fs::remove_all(scratch, ec);
  fs::create_directories(scratch, ec);
  if (ec) return fail(ErrorCode::io, "cannot create " + scratch.string() + ": " + ec.message());

  const unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  RecordQueue queue(64 * threads);
  BuildState state;
  // Each thread gets its own builder (an Analyzer owns a break iterator), cloned here, one at a time.
  std::vector<std::unique_ptr<DocumentBuilder>> builders;
  for (unsigned w = 0; w < threads; ++w) builders.push_back(std::make_unique<DocumentBuilder>(prototype));
  std::vector<std::thread> workers;
  for (unsigned w = 0; w < threads; ++w)
    workers.emplace_back(index_records, std::ref(queue), std::cref(*builders[w]), scratch, w,
                         std::max<std::size_t>(1, options.shard_documents), std::ref(state));

  std::size_t reported = 0;
  auto read = store.for_each_trial([&](const store::StoredTrial& t) {
    if (!queue.push(t.record)) return false;
    const std::size_t done = state.indexed.load(std::memory_order_relaxed);
    if (progress && done >= reported + 1000) {
      reported = done;
      progress(done, *total);
    }
    return true;
  });
  if (!read) queue.stop();
  queue.close();
  for (auto& w : workers) w.join();

  auto cleanup = [&] { fs::remove_all(scratch, ec); };
  if (!read) {
    cleanup();
    return tl::unexpected(read.error());
  }
  if (state.failure) {
    cleanup();
    return tl::unexpected(*state.failure);
  }
  auto merged = merge_shards(state.shards, out, *target);
  cleanup();
  if (!merged) return tl::unexpected(merged.error());
  if (progress) progress(state.indexed.load(), *total);
  return CatchUpStats{state.indexed.load(), *target};
}

}  // namespace rinsho::index
