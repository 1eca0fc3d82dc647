#pragma once
// Runs an importer into the store: mapped records are written in batches, a record with no rinsho
// id is matched to the trial that already carries its source id (so re-importing is idempotent),
// and every record's outcome is reported with its source id.
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
};

struct ImportOutcome {
  std::string source_id;
  std::string outcome;  // imported, updated, unchanged, skipped, failed
  std::string trial_id;
  std::vector<std::string> reasons;
};

Result<ImportCounts> import_into_store(store::Store& store, ImportFormat format, std::istream& in,
                                       const ImportOptions& options, const store::WriteContext& ctx,
                                       const std::function<void(const ImportOutcome&)>& report);

}  // namespace rinsho::linkage
