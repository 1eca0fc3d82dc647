#pragma once
// Runs an importer over a string or a file under tests/data and keeps every outcome for checks.
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "linkage/importer.hpp"
#include "support/sample_trials.hpp"

namespace rinsho::testing {

struct ImportRun {
  std::vector<linkage::ImportedRecord> records;
  Result<void> status;

  std::size_t count(linkage::ImportedRecord::Outcome outcome) const {
    std::size_t n = 0;
    for (const auto& r : records) n += r.outcome == outcome;
    return n;
  }
  const linkage::ImportedRecord* find(std::string_view source_id) const {
    for (const auto& r : records)
      if (r.source_id == source_id) return &r;
    return nullptr;
  }
  // All reasons of one record, one per line, for failure messages.
  static std::string reasons(const linkage::ImportedRecord& r) {
    std::string s;
    for (const auto& x : r.reasons) s += x + "\n";
    return s;
  }
};

inline ImportRun run_import(linkage::ImportFormat format, const std::string& text, linkage::ImportOptions options = {}) {
  ImportRun run;
  std::istringstream in(text);
  run.status = linkage::import_stream(format, in, options, [&](linkage::ImportedRecord&& r) { run.records.push_back(std::move(r)); });
  return run;
}

inline std::filesystem::path test_data(const std::string& relative) { return source_dir() / "tests" / "data" / relative; }

inline ImportRun run_import_file(linkage::ImportFormat format, const std::string& relative, linkage::ImportOptions options = {}) {
  return run_import(format, read_file(test_data(relative)), options);
}

}  // namespace rinsho::testing
