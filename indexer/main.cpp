#include <cstdio>
#include <exception>

#include "indexer/cli.hpp"

int main(int argc, char** argv) {
  try {
    return rinsho::indexer::run_cli({argv + 1, argv + argc});
  } catch (const std::exception& e) {
    std::fprintf(stderr, "rinsho-indexer: fatal: %s\n", e.what());
    return 2;
  }
}
