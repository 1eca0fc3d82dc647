#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace rinsho::indexer {

struct ImportCommand {
  std::filesystem::path data_dir;
  std::string format;
  bool all_countries = false;
  std::vector<std::string> files;
  std::string database_url;
  bool index = true;  // bring the search index up to date afterwards (--no-index: leave it)
};

// rinsho-indexer import --format F [--all-countries] [--no-index] FILE...: prints one line per
// skipped or failed record, progress, and a summary with records per second. Ctrl-C (SIGINT) or
// SIGTERM stops after the batch being written and says how to resume. Exit 0; 1 when some records
// failed; 2 on failure; 130 when stopped.
int run_import(const ImportCommand& cmd);

// rinsho-indexer export --format F [--out FILE]: every current trial, streamed.
int run_export(const std::filesystem::path& data_dir, const std::string& format, const std::string& out_path,
               const std::string& database_url = {});

}  // namespace rinsho::indexer
