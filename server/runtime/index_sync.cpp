#include "server/runtime/index_sync.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

#include "index/catch_up.hpp"
#include "index/index_check.hpp"
#include "index/index_writer.hpp"
#include "store/store.hpp"

namespace rinsho::server {

IndexSync::IndexSync(store::Store& store, std::filesystem::path index_dir, const text::Analyzer& prototype,
                     SearcherPool& pool)
    : store_(store), index_dir_(std::move(index_dir)), analyzer_(prototype), pool_(pool) {}

IndexSync::~IndexSync() { stop(); }

// An index that catching up cannot repair (damaged, deleted in part, of an older format, with a
// wrong sequence marker: index_check.hpp) is rebuilt from the store before anything else, and
// /readyz stays false meanwhile. The whole check runs at the first catch-up; later ones only look
// at the format, which another rinsho's process could have changed.
Result<void> IndexSync::rebuild_if_needed() {
  std::optional<std::string> reason;
  if (!checked_) {
    auto found = index::rebuild_reason(store_, index_dir_);
    if (!found) return tl::unexpected(found.error());
    reason = std::move(*found);
    // No index yet on a registry that has trials (a new node, a restored backup): the bulk build
    // writes it in about half the time of replaying every change one by one (108 s against 247 s
    // for 20,000 trials).
    std::error_code ec;
    if (!reason && (!std::filesystem::exists(index_dir_, ec) || std::filesystem::is_empty(index_dir_, ec))) {
      auto seq = store_.last_seq();
      if (!seq) return tl::unexpected(seq.error());
      if (*seq > 0) reason = "does not exist yet";
    }
  } else {
    auto writer = index::IndexWriter::open(index_dir_, analyzer_);
    if (!writer) return tl::unexpected(writer.error());
    if (writer->needs_rebuild()) reason = "was written by an older rinsho";
  }  // the rebuild needs the index lock
  if (reason) {
    std::fprintf(stderr, "the search index %s: rebuilding it from the registry\n", reason->c_str());
    auto rebuilt = index::rebuild(store_, index_dir_, analyzer_);
    if (!rebuilt) return tl::unexpected(rebuilt.error());
    pool_.invalidate();
  }
  checked_ = true;
  return {};
}

Result<void> IndexSync::catch_up() {
  std::lock_guard lock(write_mutex_);
  auto target = store_.last_seq();
  if (!target) return tl::unexpected(target.error());
  store_seq_ = *target;
  if (ready_ && index_seq_ >= *target) return {};
  // Behind the store until this catch-up succeeds: /readyz must not say ready while, say, another
  // process holds the index lock and the writes wait.
  if (index_seq_ < *target) ready_ = false;
  if (auto rebuilt = rebuild_if_needed(); !rebuilt) return tl::unexpected(rebuilt.error());
  auto writer = index::IndexWriter::open(index_dir_, analyzer_);
  if (!writer) return tl::unexpected(writer.error());
  auto stats = index::catch_up(store_, *writer);
  if (!stats) return tl::unexpected(stats.error());
  index_seq_ = stats->last_seq;
  ready_ = stats->last_seq >= *target;
  if (stats->applied > 0) pool_.invalidate();
  return {};
}

void IndexSync::start(int interval_ms) {
  thread_ = std::thread([this, interval_ms] {
    using namespace std::chrono;
    std::string last_failure;
    std::unique_lock lock(wake_mutex_);
    while (!stopping_) {
      lock.unlock();
      // A database outage fails every catch-up until it ends: say so once, and once when it is over.
      if (auto ok = catch_up(); !ok) {
        if (ok.error().message != last_failure) std::fprintf(stderr, "index catch-up: %s\n", ok.error().message.c_str());
        last_failure = ok.error().message;
      } else if (!last_failure.empty()) {
        std::fprintf(stderr, "index catch-up: working again\n");
        last_failure.clear();
      }
      if (store_.announces_changes()) {
        // Woken by the store's announcement of a write (another node's included) within
        // milliseconds; the interval still bounds the wait, in slices so that stop() is prompt.
        const auto deadline = steady_clock::now() + milliseconds(interval_ms);
        for (;;) {
          lock.lock();
          const bool stop = stopping_;
          lock.unlock();
          const auto left = duration_cast<milliseconds>(deadline - steady_clock::now());
          if (stop || left.count() <= 0) break;
          auto woke = store_.wait_for_change(std::min(left, milliseconds(250)));
          if (woke && *woke) break;
          if (!woke) std::this_thread::sleep_for(std::min(left, milliseconds(250)));  // unreachable: no busy loop
        }
        lock.lock();
      } else {
        lock.lock();
        wake_.wait_for(lock, milliseconds(interval_ms), [this] { return stopping_; });
      }
    }
  });
}

IndexSync::Readiness IndexSync::readiness(std::chrono::milliseconds lag_tolerance) {
  Readiness r;
  r.index_seq = index_seq_;
  auto seq = store_.last_seq();
  if (!seq) {
    r.status = "database_unreachable";
    r.store_seq = store_seq_;
    return r;
  }
  r.store_seq = *seq;
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(behind_mutex_);
  if (r.index_seq >= r.store_seq) {
    behind_since_.reset();
  } else if (!behind_since_) {
    behind_since_ = now;
  }
  const bool lagging = behind_since_ && now - *behind_since_ > lag_tolerance;
  r.ready = ready_ && !lagging;
  r.status = r.ready ? "ready" : "catching_up";
  return r;
}

void IndexSync::stop() {
  {
    std::lock_guard lock(wake_mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace rinsho::server
