#pragma once
// Brings the index up to the store: the store is the system of record and every write commits
// there first, so replaying its changes after the index's last applied sequence number repairs a
// crash between the two commits and is the only way documents enter the index.
#include <cstdint>
#include <filesystem>
#include <functional>

#include "common/error.hpp"
#include "index/index_writer.hpp"

namespace rinsho::store {
class Store;
}

namespace rinsho::index {

struct CatchUpStats {
  std::size_t applied = 0;
  std::int64_t last_seq = 0;
};

// progress(applied_so_far, last_seq_in_store) is called after each committed batch.
Result<CatchUpStats> catch_up(store::Store& store, IndexWriter& writer, std::size_t batch_size = 1000,
                              const std::function<void(std::size_t, std::int64_t)>& progress = {});

// Builds a fresh index from every current trial in the store, then swaps it in for `dir`.
Result<CatchUpStats> rebuild(store::Store& store, const std::filesystem::path& dir, const text::Analyzer& prototype,
                             const std::function<void(std::size_t, std::int64_t)>& progress = {});

}  // namespace rinsho::index
