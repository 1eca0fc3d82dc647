#pragma once
// Internal to backup and restore (sqlite_backup.cpp): a bare sqlite3 handle on a file path and the
// file-level steps around it (header checks, fsync, publishing a finished file under its name).
// It stands apart from sqlite_connection.hpp on purpose: backup and restore work on files that are
// not (yet) the store's, with flags and checks the store's connections must not have.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "store/sqlite_backup.hpp"

struct sqlite3;

namespace rinsho::store::detail {

class RawDb {
 public:
  // flags are sqlite3_open_v2's; extended result codes are on, and busy_timeout is set.
  static Result<RawDb> open(const std::filesystem::path& file, int flags, int busy_timeout_ms = 5000);
  RawDb(RawDb&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  RawDb& operator=(RawDb&&) = delete;
  ~RawDb();

  Result<void> exec(const char* sql, const std::string& op);
  // Every row's first column as text, for pragmas and one-column queries.
  Result<std::vector<std::string>> column(const char* sql, const std::string& op);
  Result<std::int64_t> number(const char* sql, const std::string& op);  // the first row's first column
  Error error(const std::string& op) const;  // the connection's last error, as "cannot <op>: ..."
  sqlite3* raw() const { return db_; }

 private:
  explicit RawDb(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

// What PRAGMA integrity_check reports, without its "ok"; a check that cannot even run (a file too
// damaged to read) is one problem carrying SQLite's message, not an error.
std::vector<std::string> integrity_problems(RawDb& db);

// Trials, versions, the last change and the other tables' row counts; bytes is left to the caller.
Result<RegistrySummary> summarize(RawDb& db);

// Why `file` cannot be a SQLite database as it stands (no "SQLite format 3" header, or shorter
// than its own header says: truncated), or an empty string.
std::string header_problem(const std::filesystem::path& file);

// `file` plus its journal, WAL and shared-memory files, quietly: for cleaning up after a failure.
void remove_with_sidecars(const std::filesystem::path& file);

Result<void> sync_file(const std::filesystem::path& file);
Result<void> sync_directory(const std::filesystem::path& dir);

// Gives `temp` the name `target` in one step, so a reader (or a crash) sees the old file or the
// whole new one. Without `replace`, an existing target is a conflict even if it appeared just now.
Result<void> publish(const std::filesystem::path& temp, const std::filesystem::path& target, bool replace);

}  // namespace rinsho::store::detail
