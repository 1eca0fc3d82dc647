#pragma once
// Keeps the index caught up with the store: right after each API write, and on a timer for writes
// made by other processes (rinsho-indexer, rinsho-admin). The writer is opened only while catching
// up, so the indexer CLI can take the Xapian lock in between.
#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

#include "common/error.hpp"
#include "server/searcher_pool.hpp"
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
  std::mutex wake_mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace rinsho::server
