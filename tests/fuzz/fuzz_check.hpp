#pragma once
// A broken invariant in a fuzz target: print where, then abort so libFuzzer saves the input.
// Expected rejections (bad JSON, unknown parameters, 4xx answers) are never reported this way.
#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(cond)                                                                     \
  do {                                                                                       \
    if (!(cond)) {                                                                           \
      std::fprintf(stderr, "%s:%d: fuzz invariant broken: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                          \
    }                                                                                        \
  } while (0)
