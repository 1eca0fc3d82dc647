#include "index/catch_up.hpp"

#include <nlohmann/json.hpp>

#include "index/bulk_build.hpp"
#include "store/store.hpp"

namespace rinsho::index {

Result<CatchUpStats> catch_up(store::Store& store, IndexWriter& writer, std::size_t batch_size,
                              const std::function<void(std::size_t, std::int64_t)>& progress) {
  CatchUpStats stats;
  auto target = store.last_seq();
  if (!target) return tl::unexpected(target.error());
  stats.last_seq = writer.last_applied_seq();
  while (stats.last_seq < *target) {
    auto changes = store.changes_since(stats.last_seq, batch_size);
    if (!changes) return tl::unexpected(changes.error());
    if (changes->empty()) break;
    for (const auto& change : *changes) {
      if (auto ok = writer.upsert(change.record); !ok) return tl::unexpected(ok.error());
      stats.last_seq = change.seq;
      ++stats.applied;
    }
    if (auto ok = writer.commit(stats.last_seq); !ok) return tl::unexpected(ok.error());
    if (progress) progress(stats.applied, *target);
  }
  return stats;
}

Result<CatchUpStats> rebuild(store::Store& store, const std::filesystem::path& dir, const text::Analyzer& prototype,
                             const std::function<void(std::size_t, std::int64_t)>& progress) {
  namespace fs = std::filesystem;
  const fs::path fresh = dir.string() + ".rebuild";
  std::error_code ec;
  fs::remove_all(fresh, ec);
  // Trials written while we read are picked up by the next catch-up from the recorded sequence number.
  auto stats = bulk_build(store, fresh, prototype, {}, progress);
  if (!stats) {
    fs::remove_all(fresh, ec);
    return stats;
  }
  // A crash between these renames leaves no index at `dir`; the next open starts empty and the
  // catch-up from sequence 0 rebuilds it, so nothing is lost.
  const fs::path old = dir.string() + ".old";
  fs::remove_all(old, ec);
  if (fs::exists(dir)) fs::rename(dir, old, ec);
  if (ec) return fail(ErrorCode::io, "cannot move the old index aside: " + ec.message());
  fs::rename(fresh, dir, ec);
  if (ec) return fail(ErrorCode::io, "cannot move the rebuilt index into place: " + ec.message());
  fs::remove_all(old, ec);
  return stats;
}

}  // namespace rinsho::index
