#pragma once
// Internal: early return of an error from a Result<U> inside a function returning Result<T>.
// Binds by reference, so move-only values (a Transaction) can be checked in place.
#include <utility>

#include <tl/expected.hpp>

#define RINSHO_TRY(expr)                                     \
  do {                                                       \
    if (auto&& rinsho_try_result = (expr); !rinsho_try_result) \
      return tl::unexpected(rinsho_try_result.error());      \
  } while (false)
