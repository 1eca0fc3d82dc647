#pragma once
// Builds a whole index from the store at once, for rebuilds and for the first load of a large
// registry. Updating one Xapian database document by document and committing every batch rewrites
// the same B-tree blocks again and again (28.7 GB written for a 2.6 GB index at 100,000 trials);
// instead every indexing thread fills small shards that are each written once, and one compaction
// merges them into the final database, writing every table sequentially.
#include <cstdint>
#include <filesystem>
#include <functional>

#include "common/error.hpp"
#include "index/catch_up.hpp"
#include "text/analyzer.hpp"

namespace rinsho::store {
class Store;
}

namespace rinsho::index {

struct BulkBuildOptions {
  unsigned threads = 0;             // 0: one per hardware thread
  std::size_t shard_documents = 1000;  // bounds each thread's in-memory posting buffer (~120 MB)
};

// Writes a complete index of every current trial into `out` (which must not exist yet) and records
// the store's sequence number it reflects. Scratch shards live in `out` + ".shards" and are removed.
// progress(documents_done, documents_total) is called from the calling thread.
Result<CatchUpStats> bulk_build(store::Store& store, const std::filesystem::path& out, const text::Analyzer& prototype,
                                const BulkBuildOptions& options = {},
                                const std::function<void(std::size_t, std::int64_t)>& progress = {});

}  // namespace rinsho::index
