#include "server/searcher_pool.hpp"

namespace rinsho::server {

SearcherPool::Lease::~Lease() {
  if (entry_) pool_->give_back(std::move(entry_));
}

SearcherPool::SearcherPool(std::filesystem::path index_dir, const text::Analyzer& prototype)
    : index_dir_(std::move(index_dir)), prototype_(prototype) {}

Result<SearcherPool::Lease> SearcherPool::acquire() {
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
