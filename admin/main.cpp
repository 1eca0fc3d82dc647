#include <cstdio>
#include <exception>

#include "admin/admin_cli.hpp"

int main(int argc, char** argv) {
  try {
    return rinsho::admin::run_admin({argv + 1, argv + argc});
  } catch (const std::exception& e) {
    std::fprintf(stderr, "rinsho-admin: fatal: %s\n", e.what());
    return 2;
  }
}
