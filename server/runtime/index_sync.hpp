#pragma once
// Keeps the index caught up with the store: right after each API write, and for writes made by
// other processes (rinsho-indexer, rinsho-admin, other nodes on a shared PostgreSQL store) as soon
// as the store announces them (PostgreSQL's LISTEN/NOTIFY) or, on SQLite, on a timer. The writer
// is opened only while catching up, so the indexer CLI can take the Xapian lock in between.
#include <atomic>
#include <chrono>
#include <optional>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

#include "common/error.hpp"
#include "server/runtime/searcher_pool.hpp"
#include "text/analyzer.hpp"

namespace rinsho::store {
class Store;
}

namespace rinsho::server {

class IndexSync {
 public:
  IndexSync(store::Store& store, std::filesystem::path index_dir, const text::Analyzer& prototype, SearcherPool& pool);
  ~IndexSync();

  Result<void> catch_up();
  void start(int interval_ms);
  void stop();
  // True once the index has applied everything the store had at the last check.
  bool ready() const { return ready_.load(); }

  struct Readiness {
    bool ready = false;
    const char* status = "catching_up";  // ready | catching_up | database_unreachable
    std::int64_t index_seq = 0, store_seq = 0;
  };
  // For /readyz: asks the store for its last seq now. Not ready while the database cannot be
  // reached, while a catch-up has failed, or while the index has been behind for longer than
  // lag_tolerance (a write another node made a moment ago is not a reason to leave the pool).
  Readiness readiness(std::chrono::milliseconds lag_tolerance = std::chrono::seconds(3));
  std::int64_t index_seq() const { return index_seq_.load(); }
  std::int64_t store_seq() const { return store_seq_.load(); }

 private:
  Result<void> rebuild_if_needed();
  store::Store& store_;
  std::filesystem::path index_dir_;
  text::Analyzer analyzer_;
  SearcherPool& pool_;
  std::mutex write_mutex_;
  bool checked_ = false;  // rebuild_if_needed() has run its whole check (under write_mutex_)
  std::atomic<bool> ready_{false};
  std::atomic<std::int64_t> index_seq_{0}, store_seq_{0};
  std::mutex behind_mutex_;
  std::optional<std::chrono::steady_clock::time_point> behind_since_;
  std::mutex wake_mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace rinsho::server
