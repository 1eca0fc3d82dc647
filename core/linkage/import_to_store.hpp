#pragma once
// Runs an importer into the store: mapped records are written in batches; a record that shares an
// id with a stored trial (bridging.hpp) becomes another source of that trial, so re-importing is
// idempotent and a trial listed by several registries stays one trial; every record's outcome is
// reported with its source id.
#include <atomic>
#include <chrono>
#include <functional>
#include <istream>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "linkage/importer.hpp"
#include "store/store.hpp"

namespace rinsho::linkage {

struct ImportCounts {
  std::size_t imported = 0, updated = 0, unchanged = 0, skipped = 0, failed = 0;
  std::size_t linked = 0;  // of imported+updated: records that joined a trial another registry had
  std::size_t total() const { return imported + updated + unchanged + skipped + failed; }
};

struct ImportOutcome {
  std::string source_id;
  std::string outcome;  // imported, linked, updated, unchanged, skipped, failed
  std::string trial_id;
  std::vector<std::string> reasons;
};

struct ImportRun {
  std::string imported_at;  // RFC 3339 UTC for sources[].last_imported; empty: now
  // Checked after every committed batch: when set, the import stops there (nothing half-written)
  // and the result says stopped. Running the same import again resumes: what is already in
  // comes back unchanged.
  const std::atomic<bool>* stop = nullptr;
  std::function<void(const ImportCounts&)> on_batch;  // after each committed batch
};

struct ImportResult {
  ImportCounts counts;
  bool stopped = false;
};

Result<ImportResult> import_into_store(store::Store& store, ImportFormat format, std::istream& in,
                                       const ImportOptions& options, const store::WriteContext& ctx,
                                       const std::function<void(const ImportOutcome&)>& report,
                                       const ImportRun& run = {});

}  // namespace rinsho::linkage
