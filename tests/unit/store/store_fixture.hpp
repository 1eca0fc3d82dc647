#pragma once
// Shared by the store tests: a fresh directory per test and a small valid record.
#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <random>
#include <string>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "store/store.hpp"

namespace rinsho::testing {

class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("rinsho-store-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
             std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline store::Store open_store(const std::filesystem::path& dir) {
  auto s = store::Store::open({dir});
  if (!s) FAIL("Store::open failed: " << s.error().message);
  return std::move(*s);
}

// A minimal record that passes the schema; id omitted when empty so the store assigns one.
inline nlohmann::json small_record(const std::string& id = "", const std::string& title = "肺がんの試験") {
  nlohmann::json r = {
      {"category", "corporate_trial"},
      {"study_type", "interventional"},
      {"public_title", {{"ja", title}}},
      {"scientific_title", {{"en", "A phase 3 study"}}},
      {"conditions", {{{"name", {{"ja", "肺がん"}}}}}},
      {"phase", "3"},
      {"recruitment_status", "recruiting"},
      {"eligibility", {{"sex", "all"}, {"min_age_years", 20}}},
      {"sponsor", {{"primary", {{"ja", "リンショウ製薬"}}}}},
      {"contacts", {{"public", {{"email", "trials@example.jp"}}}}},
      {"countries", {"JP"}},
  };
  if (!id.empty()) r["id"] = id;
  return r;
}

inline store::WriteContext ingest_ctx() { return store::WriteContext{"", "operator", "ingest", std::nullopt, false}; }

inline store::WriteContext org_ctx(const std::string& org) {
  return store::WriteContext{org, "alice@" + org, "api", std::nullopt, false};
}

}  // namespace rinsho::testing
