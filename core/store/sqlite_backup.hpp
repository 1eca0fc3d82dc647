#pragma once
// Online backups of the registry (<data_dir>/registry.sqlite3) and restores into an empty data
// directory. A backup is one self-contained SQLite file (rollback-journal mode, no -wal beside it)
// holding every table of the store, access counts included: one consistent moment of the registry,
// taken while rinsho-server keeps writing. The search index is not in it; it is derived from the
// store and rebuilt from the restored file.
//
// Errors: a refusal (the target exists, the directory already holds something, the file is not a
// registry backup, is damaged or newer than this program) is conflict, not_found or
// invalid_argument; a failing file system or SQLite is io. No exception escapes.
#include <cstdint>
#include <filesystem>
#include <functional>

#include "common/error.hpp"

namespace rinsho::store {

struct RegistrySummary {
  std::int64_t trials = 0, versions = 0, last_seq = 0;
  std::int64_t organizations = 0, tokens = 0, audit_rows = 0, access_rows = 0;
  int schema_version = 0;
  std::uintmax_t bytes = 0;  // of the backup file
};

struct BackupOptions {
  std::filesystem::path data_dir;  // holds registry.sqlite3
  std::filesystem::path file;      // the backup to write
  bool force = false;              // replace an existing file
  int pages_per_step = 1024;       // pages copied per sqlite3_backup_step (4 MiB at 4 KiB pages)
  int busy_timeout_ms = 5000;
  // Called after every step with the pages copied so far and the total: progress, and for tests,
  // a moment to write to the registry while the backup is half done.
  std::function<void(int copied, int total)> after_step;
};

// Writes <file>.partial-<pid> next to file, checks it, syncs it, then renames it to file.
Result<RegistrySummary> backup_registry(const BackupOptions& options);

struct RestoreOptions {
  std::filesystem::path file;      // a backup made by backup_registry
  std::filesystem::path data_dir;  // created if missing; must be empty
};

// Copies the backup to <data_dir>/registry.sqlite3 after checking it; the index is left to be
// built from it (rinsho-server does so as it starts).
Result<RegistrySummary> restore_registry(const RestoreOptions& options);

}  // namespace rinsho::store
