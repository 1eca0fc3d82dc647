#pragma once
// Runs SearchRequests against the index. Not thread-safe: each thread owns a Searcher (a Xapian
// database must not be shared between threads), and calls refresh() to see newer commits.
#include <filesystem>
#include <memory>

#include "common/error.hpp"
#include "search/search_request.hpp"
#include "text/analyzer.hpp"

namespace rinsho::search {

class Searcher {
 public:
  static Result<Searcher> open(const std::filesystem::path& index_dir, const text::Analyzer& prototype);
  Searcher(Searcher&&) noexcept;
  Searcher& operator=(Searcher&&) noexcept;
  ~Searcher();

  Result<SearchResult> search(const SearchRequest& request);
  // Picks up commits made since open or the last refresh.
  Result<void> refresh();
  std::uint64_t doc_count() const;
  std::int64_t last_applied_seq() const;

 private:
  struct Impl;
  explicit Searcher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace rinsho::search
