#pragma once
// Runs SearchRequests against the index. Not thread-safe: each thread owns a Searcher (a Xapian
// database must not be shared between threads), and calls refresh() to see newer commits.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

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
  // The ids of the matches from `offset`, at most `limit` (1..kMaxIdsPage), in the request's order;
  // no facets, snippets or display data. A bulk export takes thousands per turn in the search
  // queue instead of queueing again for every page of 100.
  Result<std::vector<std::string>> matching_ids(const SearchRequest& request, std::size_t offset, std::size_t limit);
  // Picks up commits made since open or the last refresh.
  Result<void> refresh();
  std::uint64_t doc_count() const;
  std::int64_t last_applied_seq() const;

 private:
  struct Impl;
  template <typename Run>
  auto retrying(Run&& run) -> decltype(run());
  explicit Searcher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace rinsho::search
