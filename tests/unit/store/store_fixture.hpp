#pragma once
// Shared by the store tests: a fresh directory per test, the store on the back end under test, and a
// small valid record.
//
// One test list, two back ends: with RINSHO_TEST_STORE=postgresql (ctest's unit_postgres), every
// store a test opens lives in a database of its own on a real PostgreSQL server that the test
// process starts (support/temp_postgres.hpp); otherwise in SQLite in the test's directory. Tests
// that are about SQLite's file itself are in TEST_SUITE("sqlite"), which unit_postgres leaves out.
#include <doctest/doctest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <string>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "store/store.hpp"
#include "support/temp_postgres.hpp"

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

inline bool testing_postgres() {
  const char* backend = std::getenv("RINSHO_TEST_STORE");
  return backend && std::string(backend) == "postgresql";
}

// The options that open "the store in dir": the same database every time for the same dir, so a
// test can close and reopen its store.
inline store::StoreOptions store_options(const std::filesystem::path& dir) {
  store::StoreOptions options{dir};
  if (!testing_postgres()) return options;
  static std::mutex mutex;
  static std::map<std::filesystem::path, std::string> databases;
  std::lock_guard lock(mutex);
  auto& db = databases[dir];
  if (db.empty()) {
    db = "store_test_" + std::to_string(databases.size());
    TempPostgres::shared().create_database(db);
  }
  options.database_url = TempPostgres::shared().url(db);
  return options;
}

// Where the bytes of the store in dir end up on disk, flushed.
inline std::filesystem::path store_files(const std::filesystem::path& dir) {
  if (!testing_postgres()) return dir;
  TempPostgres::shared().psql("postgres", "CHECKPOINT");
  return TempPostgres::shared().dir() / "data";
}

inline store::Store open_store(const std::filesystem::path& dir) {
  auto s = store::Store::open(store_options(dir));
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
