#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace rinsho::indexer {

// rinsho-indexer import --format F [--all-countries] FILE...: prints one line per skipped or
// failed record and a summary; exit 0, 1 when some records failed, 2 on failure.
int run_import(const std::filesystem::path& data_dir, const std::string& format, bool all_countries,
               const std::vector<std::string>& files, const std::string& database_url = {});

// rinsho-indexer export --format F [--out FILE]: every current trial, streamed.
int run_export(const std::filesystem::path& data_dir, const std::string& format, const std::string& out_path,
               const std::string& database_url = {});

}  // namespace rinsho::indexer
