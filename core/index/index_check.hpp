#pragma once
// Whether the index can be caught up from the store or has to be rebuilt from it whole. Catching
// up trusts what the index holds and its sequence marker; an index that is damaged (files deleted,
// truncated or overwritten), was written at another format, lost its marker, claims changes the
// store never made (an index from another registry, or a store restored from an older backup) or
// holds a different number of trials than the store at the same sequence would serve wrong or
// missing results forever. The store is the system of record, so the answer is always a rebuild.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "common/error.hpp"

namespace rinsho::store {
class Store;
}

namespace rinsho::index {

struct IndexCheckOptions {
  // Xapian's block-by-block check reads the whole index; above this size only the metadata, the
  // counts and one document are read, so a start-up never waits minutes on a large index.
  std::uintmax_t full_check_max_bytes = 512ull << 20;
};

// Why the index at `dir` must be rebuilt, or nullopt when catching up is enough (including when
// there is no index yet). Takes the index's write lock while it looks, so no commit can make a
// sound index look damaged; a lock held by another process is ErrorCode::busy: try again shortly.
Result<std::optional<std::string>> rebuild_reason(const store::Store& store, const std::filesystem::path& dir,
                                                  const IndexCheckOptions& options = {});

}  // namespace rinsho::index
