#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "server/runtime/server_main.hpp"

int main(int argc, char** argv) {
  try {
    return rinsho::server::server_main({argv + 1, argv + argc});
  } catch (const std::exception& e) {
    std::fprintf(stderr, "rinsho-server: fatal: %s\n", e.what());
    return 2;
  }
}
