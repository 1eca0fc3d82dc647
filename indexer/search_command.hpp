#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace rinsho::indexer {

// Prints the top `limit` hits for the words joined as one query, with facet counts.
int run_search(const std::filesystem::path& data_dir, const std::vector<std::string>& words, std::size_t limit);

}  // namespace rinsho::indexer
