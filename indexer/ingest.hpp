#pragma once
// ingest: validate each record, write accepted ones to the store in batched transactions, then
// bring the index up to the store. Rejected records are reported with file:line and every error.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "common/error.hpp"

namespace rinsho {
namespace store {
class Store;
}
namespace indexer {

struct IngestOptions {
  std::filesystem::path data_dir;
  std::vector<std::string> paths;
  bool rebuild = false;
  std::size_t batch_size = 500;
  std::string database_url;  // empty: SQLite in data_dir; postgresql://...: the shared store
};

struct IngestStats {
  std::uint64_t read = 0, accepted = 0, unchanged = 0, rejected = 0, indexed = 0;
};

// Writes the per-record report to stderr. Err only for failures that stop the run.
Result<IngestStats> ingest(const IngestOptions& options);

// Brings the index up to the store (or rebuilds it), with a progress bar on a terminal; returns the
// number of documents written.
Result<std::uint64_t> update_index(store::Store& store, const std::filesystem::path& data_dir, bool rebuild);

// Rebuilds the index from the store alone.
Result<IngestStats> rebuild_index(const std::filesystem::path& data_dir, const std::string& database_url = {});

}  // namespace indexer
}  // namespace rinsho
