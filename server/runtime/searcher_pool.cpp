#include "server/runtime/searcher_pool.hpp"

#include <algorithm>
#include <thread>

namespace rinsho::server {

SearcherPool::Lease::~Lease() {
  if (!entry_) return;
  pool_->give_back(std::move(entry_));
  pool_->leave();
}

SearcherPool::SearcherPool(std::filesystem::path index_dir, const text::Analyzer& prototype, int concurrency)
    : index_dir_(std::move(index_dir)),
      prototype_(prototype),
      limit_(concurrency > 0 ? unsigned(concurrency) : std::max(1u, std::thread::hardware_concurrency())) {}

void SearcherPool::enter() {
  std::unique_lock lock(turn_mutex_);
  if (active_ < limit_ && waiting_.empty()) {
    ++active_;
    return;
  }
  Waiter me;
  waiting_.push_back(&me);
  me.turn.wait(lock, [&] { return me.go; });  // leave() handed its turn over: active_ is unchanged
}

void SearcherPool::leave() {
  std::lock_guard lock(turn_mutex_);
  if (waiting_.empty()) {
    --active_;
    return;
  }
  // Wake only the longest waiter: waking them all would have every one of 16 threads contend for
  // the lock on 2 cores, for each search.
  Waiter* next = waiting_.front();
  waiting_.pop_front();
  next->go = true;
  next->turn.notify_one();
}

Result<SearcherPool::Lease> SearcherPool::acquire() {
  enter();
  auto lease = open_lease();
  if (!lease) leave();
  return lease;
}

Result<SearcherPool::Lease> SearcherPool::open_lease() {
  std::unique_ptr<Entry> entry;
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      entry = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  const auto current = generation_.load();
  if (entry && entry->generation != current) {
    // A rebuild swaps the index directory, which reopen() cannot follow: open afresh then.
    if (!entry->searcher->refresh()) entry.reset();
    else entry->generation = current;
  }
  if (!entry) {
    std::unique_ptr<search::Searcher> searcher;
    {
      std::lock_guard lock(mutex_);  // Analyzer copies share the prototype's break iterator source
      auto opened = search::Searcher::open(index_dir_, prototype_);
      if (!opened) return tl::unexpected(opened.error());
      searcher = std::make_unique<search::Searcher>(std::move(*opened));
    }
    entry = std::make_unique<Entry>(Entry{std::move(searcher), current});
  }
  return Lease(*this, std::move(entry));
}

void SearcherPool::give_back(std::unique_ptr<Entry> entry) {
  std::lock_guard lock(mutex_);
  idle_.push_back(std::move(entry));
}

}  // namespace rinsho::server
