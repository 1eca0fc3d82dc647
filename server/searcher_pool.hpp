#pragma once
// Xapian databases must not be shared between threads, so each request leases a Searcher of its
// own. After the index commits, the generation goes up and a leased Searcher reopens before use.
#include <atomic>
#include <condition_variable>
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
    Lease(Lease&&) noexcept = default;
    ~Lease();
    search::Searcher& operator*() { return *entry_->searcher; }
    search::Searcher* operator->() { return entry_->searcher.get(); }

   private:
    SearcherPool* pool_;
    std::unique_ptr<Entry> entry_;
  };

  SearcherPool(std::filesystem::path index_dir, const text::Analyzer& prototype);
  Result<Lease> acquire();
  // Called after every index commit and rebuild.
  void invalidate() { generation_.fetch_add(1); }

 private:
  void give_back(std::unique_ptr<Entry> entry);
  std::filesystem::path index_dir_;
  text::Analyzer prototype_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Entry>> idle_;
  std::atomic<std::uint64_t> generation_{1};
};

}  // namespace rinsho::server
