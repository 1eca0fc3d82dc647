#pragma once
// Xapian databases must not be shared between threads, so each request leases a Searcher of its
// own. After the index commits, the generation goes up and a leased Searcher reopens before use.
// At most `concurrency` leases are out at once and waiting requests get theirs in arrival order:
// with 16 worker threads on 2 cores, searches sharing the CPU would all slow down together and the
// long ones most (bench/RESULTS.md, p99 at 16 connections); queued, each runs at full speed.
#include <atomic>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "common/error.hpp"
#include "search/searcher.hpp"

namespace rinsho::server {

class SearcherPool {
  struct Entry {
    std::unique_ptr<search::Searcher> searcher;
    std::uint64_t generation = 0;
  };

 public:
  class Lease {
   public:
    Lease(SearcherPool& pool, std::unique_ptr<Entry> entry) : pool_(&pool), entry_(std::move(entry)) {}
    Lease(Lease&& other) noexcept : pool_(other.pool_), entry_(std::move(other.entry_)) {}
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    search::Searcher& operator*() { return *entry_->searcher; }
    search::Searcher* operator->() { return entry_->searcher.get(); }

   private:
    SearcherPool* pool_;
    std::unique_ptr<Entry> entry_;
  };

  // concurrency 0: one per hardware thread.
  SearcherPool(std::filesystem::path index_dir, const text::Analyzer& prototype, int concurrency = 0);
  Result<Lease> acquire();
  // Called after every index commit and rebuild.
  void invalidate() { generation_.fetch_add(1); }

 private:
  void give_back(std::unique_ptr<Entry> entry);
  Result<Lease> open_lease();
  void enter();  // waits for a turn, first come first served
  void leave();
  std::filesystem::path index_dir_;
  text::Analyzer prototype_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Entry>> idle_;
  std::atomic<std::uint64_t> generation_{1};
  struct Waiter {
    std::condition_variable turn;
    bool go = false;
  };
  unsigned limit_;
  std::mutex turn_mutex_;
  std::deque<Waiter*> waiting_;  // oldest first
  unsigned active_ = 0;
};

}  // namespace rinsho::server
