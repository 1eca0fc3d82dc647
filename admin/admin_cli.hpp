#pragma once
#include <string>
#include <vector>

namespace rinsho::admin {

// rinsho-admin: organisations, API tokens, backups and restores. Exit 0 on success, 1 on a refused request, 2 on failure.
int run_admin(const std::vector<std::string>& args);

}  // namespace rinsho::admin
