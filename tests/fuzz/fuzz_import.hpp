#pragma once
// One fuzz input = one stream for an importer. Crashes, sanitizer reports and broken outcome
// invariants (a failure without a reason, a mapped outcome without a record) are the findings.
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include "linkage/importer.hpp"

inline int fuzz_import(rinsho::linkage::ImportFormat format, const std::uint8_t* data, std::size_t size) {
  using Outcome = rinsho::linkage::ImportedRecord::Outcome;
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  auto status = rinsho::linkage::import_stream(format, in, {.all_countries = true}, [](rinsho::linkage::ImportedRecord&& r) {
    if (r.outcome == Outcome::failed && r.reasons.empty()) std::abort();
    if (r.outcome == Outcome::mapped && !r.record) std::abort();
  });
  if (!status && status.error().message.empty()) std::abort();
  return 0;
}
