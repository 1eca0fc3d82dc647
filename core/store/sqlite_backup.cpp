#include "store/sqlite_backup.hpp"

#include <unistd.h>

#include <algorithm>
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include <sqlite3.h>

#include "store/migrations.hpp"
#include "store/sqlite_file.hpp"
#include "store/try.hpp"

namespace rinsho::store {
namespace {

namespace fs = std::filesystem;
using detail::RawDb;

constexpr const char* kRegistryFile = "registry.sqlite3";
constexpr const char* kRestorePrefix = ".registry.sqlite3.restore-";

// No exception escapes the store: std::filesystem, std::stoll and the caller's after_step can throw.
template <class F>
Result<RegistrySummary> guarded(const char* op, F&& body) {
  try {
    return body();
  } catch (const std::exception& e) {
    return fail(ErrorCode::internal, std::string("cannot ") + op + ": " + e.what());
  } catch (...) {
    return fail(ErrorCode::internal, std::string("cannot ") + op + ": unknown exception");
  }
}

// Removes an unfinished file (and whatever SQLite put beside it) on every way out; once the file
// has been published under its real name, there is nothing left at this path to remove.
struct TempFile {
  fs::path path;
  ~TempFile() { detail::remove_with_sidecars(path); }
};

struct BackupFinisher {
  void operator()(sqlite3_backup* b) const { sqlite3_backup_finish(b); }
};

Error step_error(const fs::path& source, int rc) {
  return Error{ErrorCode::io,
               "cannot copy " + source.string() + ": " + sqlite3_errstr(rc) + " (sqlite " + std::to_string(rc) + ")", {}};
}

// Why the online backup API, stepped, inside one read transaction:
// - The source connection holds a read transaction (BEGIN, then a read) across every step. In WAL
//   mode a reader never blocks the writer, so the server keeps committing meanwhile (the WAL only
//   grows until the backup ends, because a checkpoint cannot pass our snapshot). Without it each
//   step would take a fresh snapshot, and a commit by the server between two steps would restart
//   the copy from page 1: under steady writes a large backup might never finish.
// - So every page comes from one snapshot: the backup is the registry exactly as it was after one
//   commit, whatever the server wrote during the copy.
// - Steps of pages_per_step pages keep each call short and give a place to report progress.
// VACUUM INTO would also read one snapshot and write a compacted file, but it rebuilds every
// table and index (CPU the server needs on a small machine) in one statement we cannot observe;
// a page copy is cheaper and is checked as it is with integrity_check.
Result<void> copy_snapshot(const fs::path& source, const fs::path& temp, const BackupOptions& options) {
  // READWRITE although nothing is written through it: when no server is running, a read-only
  // connection would create the -wal and -shm files and could not remove them at close.
  auto src = RawDb::open(source, SQLITE_OPEN_READWRITE, options.busy_timeout_ms);
  RINSHO_TRY(src);
  auto dst = RawDb::open(temp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, options.busy_timeout_ms);
  RINSHO_TRY(dst);
  RINSHO_TRY(src->exec("BEGIN", "start the backup's read transaction"));
  RINSHO_TRY(src->number("SELECT COUNT(*) FROM sqlite_master", "read " + source.string()));
  std::unique_ptr<sqlite3_backup, BackupFinisher> backup(sqlite3_backup_init(dst->raw(), "main", src->raw(), "main"));
  if (!backup) return tl::unexpected(dst->error("start the backup"));
  const int pages = std::max(1, options.pages_per_step);
  for (;;) {
    const int rc = sqlite3_backup_step(backup.get(), pages);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_OK) return tl::unexpected(step_error(source, rc));
    if (options.after_step) {
      const int total = sqlite3_backup_pagecount(backup.get());
      options.after_step(total - sqlite3_backup_remaining(backup.get()), total);
    }
  }
  if (sqlite3_backup_finish(backup.release()) != SQLITE_OK) return tl::unexpected(dst->error("finish the backup"));
  return src->exec("COMMIT", "end the backup's read transaction");
}

// The copied header still says WAL (it is the registry's page 1). Rollback-journal mode makes the
// backup one self-contained file: it opens read-only anywhere, and no -wal or -shm file appears
// beside it when someone looks inside. The store switches a restored file back to WAL at open.
Result<RegistrySummary> check_backup(const fs::path& temp) {
  auto db = RawDb::open(temp, SQLITE_OPEN_READWRITE);
  RINSHO_TRY(db);
  auto mode = db->column("PRAGMA journal_mode=DELETE", "make the backup a single file");
  RINSHO_TRY(mode);
  if (mode->empty() || mode->front() != "delete")
    return fail(ErrorCode::io, "cannot make the backup a single file (journal mode " + (mode->empty() ? "?" : mode->front()) + ")");
  if (auto problems = detail::integrity_problems(*db); !problems.empty())
    return fail(ErrorCode::io, "the backup fails SQLite's integrity check, so the registry itself may be damaged: " +
                                   problems.front() + " (" + std::to_string(problems.size()) + " problems)");
  return detail::summarize(*db);
}

std::string first_entries(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < 3; ++i) out += (i ? ", " : "") + names[i];
  return names.size() > 3 ? out + ", …" : out;
}

// An empty directory only: an index, a lock or anything else of another registry beside the
// restored file could be taken for this one's (an index with a lower sequence number than the
// restored store would be caught up instead of rebuilt, and serve the other registry's trials).
Result<void> check_target_dir(const fs::path& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) {
    fs::create_directories(dir, ec);
    if (ec) return fail(ErrorCode::io, "cannot create the data directory " + dir.string() + ": " + ec.message());
    return {};
  }
  if (!fs::is_directory(dir, ec)) return fail(ErrorCode::invalid_argument, dir.string() + " is not a directory");
  if (fs::exists(dir / kRegistryFile, ec))
    return fail(ErrorCode::conflict, dir.string() + " already holds a registry (" + kRegistryFile +
                                         "); restore into an empty data directory");
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(kRestorePrefix, 0) == 0) detail::remove_with_sidecars(entry.path());  // an interrupted restore's
    else names.push_back(name);
  }
  if (ec) return fail(ErrorCode::io, "cannot list " + dir.string() + ": " + ec.message());
  std::sort(names.begin(), names.end());
  if (!names.empty())
    return fail(ErrorCode::conflict, dir.string() + " is not empty (" + first_entries(names) +
                                         "); restore into an empty data directory");
  return {};
}

Result<void> check_backup_file(const fs::path& file) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return fail(ErrorCode::not_found, "there is no backup file " + file.string());
  if (auto problem = detail::header_problem(file); !problem.empty())
    return fail(ErrorCode::invalid_argument, file.string() + " " + problem);
  // Our backups never have one; a non-empty -wal means the file alone misses committed pages.
  const fs::path wal = file.string() + "-wal";
  if (fs::exists(wal, ec) && fs::file_size(wal, ec) > 0)
    return fail(ErrorCode::invalid_argument, file.string() + " has a write-ahead log beside it (" + wal.string() +
                                                 "): it is a live database, not a backup made by rinsho-admin backup");
  return {};
}

// Checks the copy (never the backup file itself, which may be on read-only media and must not
// grow -wal or -shm files): sound, a registry at all, and a schema this program can run.
Result<RegistrySummary> check_restored(const fs::path& copy, const fs::path& file) {
  auto db = RawDb::open(copy, SQLITE_OPEN_READWRITE);
  RINSHO_TRY(db);
  if (auto problems = detail::integrity_problems(*db); !problems.empty())
    return fail(ErrorCode::invalid_argument, file.string() + " fails SQLite's integrity check: " + problems.front() +
                                                 " (" + std::to_string(problems.size()) + " problems)");
  auto tables = db->number("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('trials', 'trial_versions')",
                           "read " + file.string());
  RINSHO_TRY(tables);
  auto version = db->number("PRAGMA user_version", "read the schema version of " + file.string());
  RINSHO_TRY(version);
  if (*tables != 2 || *version < 1)
    return fail(ErrorCode::invalid_argument, file.string() + " is a SQLite database but not a rinsho registry");
  if (*version > detail::latest_schema_version())
    return fail(ErrorCode::invalid_argument,
                file.string() + " has schema version " + std::to_string(*version) + ", newer than this program understands (" +
                    std::to_string(detail::latest_schema_version()) + "): restore it with the rinsho that wrote it");
  return detail::summarize(*db);
}

// The registry's own files: renaming a backup over one of them, even with --force, would swap
// the live database (or its WAL) under a running server.
bool is_registry_file(const fs::path& source, const fs::path& file) {
  std::error_code ec;
  const auto target = fs::weakly_canonical(file, ec);
  if (ec) return false;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    const auto own = fs::weakly_canonical(source.string() + suffix, ec);
    if (!ec && own == target) return true;
  }
  return false;
}

}  // namespace

Result<RegistrySummary> backup_registry(const BackupOptions& options) {
  return guarded("back up the registry", [&]() -> Result<RegistrySummary> {
    const fs::path source = options.data_dir / kRegistryFile;
    std::error_code ec;
    if (!fs::is_regular_file(source, ec)) return fail(ErrorCode::not_found, "there is no registry at " + source.string());
    if (options.file.empty() || fs::is_directory(options.file, ec))
      return fail(ErrorCode::invalid_argument, "name the backup file (got \"" + options.file.string() + "\")");
    if (is_registry_file(source, options.file))
      return fail(ErrorCode::invalid_argument, options.file.string() + " is the registry itself; write the backup elsewhere");
    if (!options.force && fs::exists(options.file, ec))
      return fail(ErrorCode::conflict, options.file.string() + " already exists; pass --force to replace it");
    // Beside the target, so the final rename stays within one file system and is atomic.
    TempFile temp{options.file.string() + ".partial-" + std::to_string(::getpid())};
    detail::remove_with_sidecars(temp.path);  // a crashed run's, if it had our pid
    RINSHO_TRY(copy_snapshot(source, temp.path, options));
    auto summary = check_backup(temp.path);
    RINSHO_TRY(summary);
    // A backup holds token hashes and the audit log: readable by its owner only, whatever the umask.
    std::error_code perm_ec;
    fs::permissions(temp.path, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace, perm_ec);
    if (perm_ec) return fail(ErrorCode::io, "cannot restrict " + temp.path.string() + " to its owner: " + perm_ec.message());
    RINSHO_TRY(detail::sync_file(temp.path));
    RINSHO_TRY(detail::publish(temp.path, options.file, options.force));
    RINSHO_TRY(detail::sync_directory(options.file.parent_path()));
    summary->bytes = fs::file_size(options.file);
    return summary;
  });
}

Result<RegistrySummary> restore_registry(const RestoreOptions& options) {
  return guarded("restore the registry", [&]() -> Result<RegistrySummary> {
    RINSHO_TRY(check_backup_file(options.file));
    RINSHO_TRY(check_target_dir(options.data_dir));
    const fs::path target = options.data_dir / kRegistryFile;
    TempFile temp{options.data_dir / (kRestorePrefix + std::to_string(::getpid()))};
    std::error_code ec;
    fs::copy_file(options.file, temp.path, fs::copy_options::overwrite_existing, ec);
    if (ec) return fail(ErrorCode::io, "cannot copy " + options.file.string() + " to " + temp.path.string() + ": " + ec.message());
    auto summary = check_restored(temp.path, options.file);
    RINSHO_TRY(summary);
    RINSHO_TRY(detail::sync_file(temp.path));
    // Never over a registry: a server started on the directory meanwhile has made one.
    RINSHO_TRY(detail::publish(temp.path, target, false));
    RINSHO_TRY(detail::sync_directory(options.data_dir));
    summary->bytes = fs::file_size(target);
    return summary;
  });
}

}  // namespace rinsho::store
