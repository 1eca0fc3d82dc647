#pragma once
// Shared by the index tests: an analyzer over the built-in dictionary, and the store fixtures.
#include <doctest/doctest.h>

#include <memory>

#include "../store/store_fixture.hpp"
#include "text/analyzer.hpp"

namespace rinsho::testing {

inline text::Analyzer builtin_analyzer() {
  auto dict = text::Dictionary::builtin();
  REQUIRE(dict.has_value());
  return text::Analyzer(std::make_shared<const text::Dictionary>(std::move(*dict)));
}

}  // namespace rinsho::testing
