#pragma once
#include <string>
#include <vector>

namespace rinsho::indexer {

// Exit codes: 0 everything indexed, 1 some records rejected, 2 failure.
int run_cli(const std::vector<std::string>& args);

}  // namespace rinsho::indexer
