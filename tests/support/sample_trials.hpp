#pragma once
// Reads the shipped sample records for tests.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace rinsho::testing {

inline std::filesystem::path source_dir() { return RINSHO_SOURCE_DIR; }

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The .json files of a folder, in name order.
inline std::vector<std::filesystem::path> record_files(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

// The text of one shipped sample record, e.g. sample_record_text("jRCT2031240001").
inline std::string sample_record_text(const std::string& id) {
  return read_file(source_dir() / "sample_trials" / "records" / (id + ".json"));
}

inline std::vector<std::filesystem::path> sample_trial_files() { return record_files(source_dir() / "sample_trials" / "records"); }

}  // namespace rinsho::testing
