#include "store/sqlite_connection.hpp"

#include <cerrno>
#include <string>

#include <sqlite3.h>

namespace rinsho::store::detail {
namespace {

// A full disk is its own error: the server answers 507 instead of 503, and the operator's fix is
// freeing space, not restarting. SQLite reports ENOSPC on a write as SQLITE_FULL; growing the WAL
// index or syncing can surface it as an I/O error carrying the errno instead.
ErrorCode error_code_for(sqlite3* db, int code) {
  if ((code & 0xff) == SQLITE_FULL) return ErrorCode::storage_full;
  if ((code & 0xff) == SQLITE_IOERR && db && sqlite3_system_errno(db) == ENOSPC) return ErrorCode::storage_full;
  return ErrorCode::io;
}

Error sqlite_error(sqlite3* db, std::string_view op, int code) {
  std::string message = "cannot " + std::string(op) + ": ";
  message += db ? sqlite3_errmsg(db) : sqlite3_errstr(code);
  message += " (sqlite " + std::to_string(code) + ")";
  return Error{error_code_for(db, code), std::move(message), {}};
}

// A prepared statement borrowed from the connection's cache (or owned, when the cached one is
// busy). Destroying it resets the statement.
class SqliteStmt final : public StmtBackend {
 public:
  SqliteStmt(sqlite3* db, sqlite3_stmt* stmt, bool* busy, std::string op)
      : db_(db), stmt_(stmt), busy_(busy), op_(std::move(op)) {}
  ~SqliteStmt() override {
    if (busy_) {
      sqlite3_reset(stmt_);
      sqlite3_clear_bindings(stmt_);
      *busy_ = false;
    } else {
      sqlite3_finalize(stmt_);
    }
  }

  void bind_text(int index, std::string_view text) override {
    note(sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  }
  void bind_int64(int index, std::int64_t value) override { note(sqlite3_bind_int64(stmt_, index, value)); }
  void bind_null(int index) override { note(sqlite3_bind_null(stmt_, index)); }

  Result<bool> step() override {
    if (bind_error_ != 0)
      return fail(ErrorCode::io, "cannot " + op_ + ": " + sqlite3_errstr(bind_error_));
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return tl::unexpected(sqlite_error(db_, op_, sqlite3_extended_errcode(db_)));
  }

  std::int64_t int64(int column) const override { return sqlite3_column_int64(stmt_, column); }
  std::string text(int column) const override {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    if (!p) return {};
    return std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
  }
  bool is_null(int column) const override { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

 private:
  void note(int rc) {
    if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
  }
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  bool* busy_;  // the cache slot's flag; null when this statement is not the cached one
  std::string op_;
  int bind_error_ = 0;
};

}  // namespace

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::open(const std::filesystem::path& file,
                                                     const ConnectionOptions& options) {
  sqlite3* db = nullptr;
  // NOMUTEX: each connection is used by one thread at a time (the pool hands it out), so SQLite's
  // own per-connection mutex would only cost time.
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (options.create ? SQLITE_OPEN_CREATE : 0);
  const int rc = sqlite3_open_v2(file.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Error e = sqlite_error(db, "open database " + file.string(), rc);
    sqlite3_close(db);
    return tl::unexpected(std::move(e));
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  return std::unique_ptr<SqliteConnection>(new SqliteConnection(db));
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, cached] : cache_) sqlite3_finalize(cached.stmt);
  sqlite3_close_v2(db_);
}

Result<void> SqliteConnection::exec(const char* sql, std::string_view op) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return {};
  std::string text = message ? message : sqlite3_errstr(rc);
  sqlite3_free(message);
  const int code = sqlite3_extended_errcode(db_);  // exec's rc is the primary code only
  return fail(error_code_for(db_, code), "cannot " + std::string(op) + ": " + text + " (sqlite " + std::to_string(code) + ")");
}

Result<std::string> SqliteConnection::pragma_text(const char* sql, std::string_view op) {
  auto stmt = prepare(sql, op);
  if (!stmt) return tl::unexpected(stmt.error());
  auto row = stmt->step();
  if (!row) return tl::unexpected(row.error());
  return *row ? stmt->text(0) : std::string();
}

Result<Stmt> SqliteConnection::prepare(const char* sql, std::string_view op) {
  auto [it, inserted] = cache_.try_emplace(sql);
  Cached& slot = it->second;
  const bool use_cache = inserted || !slot.busy;
  sqlite3_stmt* stmt = use_cache ? slot.stmt : nullptr;
  if (!stmt) {
    const int rc = sqlite3_prepare_v3(db_, sql, -1, use_cache ? SQLITE_PREPARE_PERSISTENT : 0, &stmt, nullptr);
    if (rc != SQLITE_OK) {
      if (inserted) cache_.erase(it);
      return tl::unexpected(sqlite_error(db_, op, rc));
    }
    if (use_cache) slot.stmt = stmt;
  }
  if (!use_cache) return Stmt(std::make_unique<SqliteStmt>(db_, stmt, nullptr, std::string(op)), std::string(op));
  slot.busy = true;
  return Stmt(std::make_unique<SqliteStmt>(db_, stmt, &slot.busy, std::string(op)), std::string(op));
}

std::int64_t SqliteConnection::changes() const { return sqlite3_changes64(db_); }

Result<void> configure_sqlite_connection(SqliteConnection& conn) {
  // synchronous=NORMAL is enough for connections that only read; the writer raises it to FULL
  // (store.cpp) so that every acknowledged commit survives a power loss too.
  return conn.exec("PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;", "configure the database connection");
}

}  // namespace rinsho::store::detail
