#pragma once
#include <filesystem>
#include <string>

namespace rinsho::indexer {

// rinsho-indexer duplicates: prints each group of probable duplicates (linkage/duplicates.hpp),
// one trial per line under a title line. Exit 0 (also when there are some), 2 on failure.
int run_duplicates(const std::filesystem::path& data_dir, const std::string& database_url);

}  // namespace rinsho::indexer
