#include "store/sqlite_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>

#include <sqlite3.h>

namespace rinsho::store::detail {
namespace {

namespace fs = std::filesystem;

std::uint32_t big_endian(const unsigned char* p, int bytes) {
  std::uint32_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | p[i];
  return v;
}

Error errno_error(const std::string& op, int err) {
  return Error{ErrorCode::io, "cannot " + op + ": " + std::strerror(err), {}};
}

// A closed fd whatever happens; fsync's own result is the one that matters.
Result<void> sync_path(const fs::path& path, int flags, const std::string& op) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return tl::unexpected(errno_error(op, errno));
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) return tl::unexpected(errno_error(op, err));
  return {};
}

}  // namespace

Result<RawDb> RawDb::open(const fs::path& file, int flags, int busy_timeout_ms) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(file.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = "cannot open " + file.string() + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    sqlite3_close(db);
    return fail(ErrorCode::io, std::move(message));
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, busy_timeout_ms);
  return RawDb(db);
}

RawDb::~RawDb() {
  if (db_) sqlite3_close_v2(db_);
}

Error RawDb::error(const std::string& op) const {
  return Error{ErrorCode::io,
               "cannot " + op + ": " + sqlite3_errmsg(db_) + " (sqlite " + std::to_string(sqlite3_extended_errcode(db_)) + ")",
               {}};
}

Result<void> RawDb::exec(const char* sql, const std::string& op) {
  if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) return tl::unexpected(error(op));
  return {};
}

Result<std::vector<std::string>> RawDb::column(const char* sql, const std::string& op) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, sql, -1, &stmt, nullptr) != SQLITE_OK) return tl::unexpected(error(op));
  std::vector<std::string> rows;
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    rows.emplace_back(text ? text : "");
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) return tl::unexpected(error(op));
  return rows;
}

Result<std::int64_t> RawDb::number(const char* sql, const std::string& op) {
  auto rows = column(sql, op);
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return fail(ErrorCode::io, "cannot " + op + ": no result");
  return std::stoll(rows->front().empty() ? "0" : rows->front());
}

std::vector<std::string> integrity_problems(RawDb& db) {
  auto rows = db.column("PRAGMA integrity_check", "run SQLite's integrity check");
  if (!rows) return {rows.error().message};
  std::vector<std::string> problems;
  for (auto& row : *rows)
    if (row != "ok") problems.push_back(std::move(row));
  return problems;
}

Result<RegistrySummary> summarize(RawDb& db) {
  const std::string op = "summarise the registry";
  auto tables = db.column("SELECT name FROM sqlite_master WHERE type = 'table'", op);
  if (!tables) return tl::unexpected(tables.error());
  const std::set<std::string> present(tables->begin(), tables->end());
  // Table names come from this list, never from input. A table an older schema lacks counts 0.
  auto count = [&](const std::string& table, const char* expr = "COUNT(*)") -> Result<std::int64_t> {
    if (!present.count(table)) return 0;
    const std::string sql = std::string("SELECT ") + expr + " FROM " + table;
    return db.number(sql.c_str(), op);
  };
  RegistrySummary s;
  auto version = db.number("PRAGMA user_version", op);
  if (!version) return tl::unexpected(version.error());
  s.schema_version = static_cast<int>(*version);
  struct Field {
    std::int64_t* out;
    const char* table;
    const char* expr = "COUNT(*)";
  };
  const Field fields[] = {{&s.trials, "trials"}, {&s.versions, "trial_versions"},
                          {&s.last_seq, "trial_versions", "COALESCE(MAX(seq), 0)"},
                          {&s.organizations, "organizations"}, {&s.tokens, "api_tokens"},
                          {&s.audit_rows, "audit_log"}};
  for (const auto& f : fields) {
    auto n = count(f.table, f.expr);
    if (!n) return tl::unexpected(n.error());
    *f.out = *n;
  }
  for (const char* table : {"access_daily", "access_trial_daily", "access_org_daily", "search_concept_daily"}) {
    auto n = count(table);
    if (!n) return tl::unexpected(n.error());
    s.access_rows += *n;
  }
  return s;
}

std::string header_problem(const fs::path& file) {
  std::array<unsigned char, 100> h{};
  std::ifstream in(file, std::ios::binary);
  in.read(reinterpret_cast<char*>(h.data()), h.size());
  if (in.gcount() < static_cast<std::streamsize>(h.size()) || std::memcmp(h.data(), "SQLite format 3", 16) != 0)
    return "is not a SQLite database (it has no SQLite header)";
  std::uint64_t page_size = big_endian(&h[16], 2);
  if (page_size == 1) page_size = 65536;
  const std::uint64_t pages = big_endian(&h[28], 4);
  // The header's page count is only trustworthy when the change counter matches the
  // version-valid-for number (as every SQLite since 3.7.0 writes it); then a shorter file lost
  // its tail, which the integrity check would report far less plainly.
  if (pages == 0 || big_endian(&h[24], 4) != big_endian(&h[92], 4)) return {};
  std::error_code ec;
  const auto size = fs::file_size(file, ec);
  if (!ec && size < page_size * pages)
    return "is truncated: it has " + std::to_string(size) + " bytes, its header says " +
           std::to_string(page_size * pages);
  return {};
}

void remove_with_sidecars(const fs::path& file) {
  std::error_code ec;
  for (const char* suffix : {"", "-journal", "-wal", "-shm"}) fs::remove(file.string() + suffix, ec);
}

Result<void> sync_file(const fs::path& file) { return sync_path(file, O_RDONLY, "sync " + file.string()); }

Result<void> sync_directory(const fs::path& dir) {
  return sync_path(dir.empty() ? fs::path(".") : dir, O_RDONLY | O_DIRECTORY, "sync the directory " + dir.string());
}

Result<void> publish(const fs::path& temp, const fs::path& target, bool replace) {
  if (replace) {
    if (::rename(temp.c_str(), target.c_str()) != 0) return tl::unexpected(errno_error("rename " + temp.string() + " to " + target.string(), errno));
    return {};
  }
  // link() fails with EEXIST instead of replacing: the check and the naming are one step, so a
  // file that appeared while we worked is never overwritten.
  if (::link(temp.c_str(), target.c_str()) == 0) {
    ::unlink(temp.c_str());
    return {};
  }
  const int err = errno;
  if (err == EEXIST) return fail(ErrorCode::conflict, target.string() + " appeared meanwhile; it was left alone");
  // File systems without hard links (some network and FUSE mounts): check, then rename.
  if (err != EPERM && err != EOPNOTSUPP && err != ENOSYS) return tl::unexpected(errno_error("link " + target.string(), err));
  std::error_code ec;
  if (fs::exists(target, ec)) return fail(ErrorCode::conflict, target.string() + " appeared meanwhile; it was left alone");
  return publish(temp, target, true);
}

}  // namespace rinsho::store::detail
