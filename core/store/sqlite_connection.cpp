#include "store/sqlite_connection.hpp"

#include <cerrno>

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

}  // namespace

Stmt::Stmt(Connection* conn, sqlite3_stmt* stmt, bool* busy, std::string op)
    : conn_(conn), stmt_(stmt), busy_(busy), op_(std::move(op)) {}

Stmt::Stmt(Stmt&& other) noexcept
    : conn_(other.conn_), stmt_(other.stmt_), busy_(other.busy_), op_(std::move(other.op_)),
      bind_error_(other.bind_error_) {
  other.stmt_ = nullptr;
  other.busy_ = nullptr;
}

Stmt::~Stmt() {
  if (!stmt_) return;
  if (busy_) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    *busy_ = false;
  } else {
    sqlite3_finalize(stmt_);
  }
}

Stmt& Stmt::bind(int index, std::string_view text) {
  const int rc = sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
  return *this;
}

Stmt& Stmt::bind(int index, std::int64_t value) {
  const int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
  return *this;
}

Stmt& Stmt::bind_null(int index) {
  const int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
  return *this;
}

Stmt& Stmt::bind_or_null(int index, std::string_view text) {
  return text.empty() ? bind_null(index) : bind(index, text);
}

Error Stmt::error(std::string_view detail) const {
  return Error{ErrorCode::io, "cannot " + op_ + ": " + std::string(detail), {}};
}

Result<bool> Stmt::step() {
  if (bind_error_ != 0) return tl::unexpected(error(sqlite3_errstr(bind_error_)));
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return tl::unexpected(sqlite_error(conn_->raw(), op_, sqlite3_extended_errcode(conn_->raw())));
}

Result<void> Stmt::run() {
  auto row = step();
  if (!row) return tl::unexpected(row.error());
  if (*row) return tl::unexpected(error("the statement unexpectedly returned rows"));
  return {};
}

std::int64_t Stmt::int64(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string Stmt::text(int column) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  if (!p) return {};
  return std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

bool Stmt::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

Result<std::unique_ptr<Connection>> Connection::open(const std::filesystem::path& file,
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
  return std::unique_ptr<Connection>(new Connection(db));
}

Connection::~Connection() {
  for (auto& [sql, cached] : cache_) sqlite3_finalize(cached.stmt);
  sqlite3_close_v2(db_);
}

Result<void> Connection::exec(const char* sql, std::string_view op) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return {};
  std::string text = message ? message : sqlite3_errstr(rc);
  sqlite3_free(message);
  const int code = sqlite3_extended_errcode(db_);  // exec's rc is the primary code only
  return fail(error_code_for(db_, code), "cannot " + std::string(op) + ": " + text + " (sqlite " + std::to_string(code) + ")");
}

Result<std::string> Connection::pragma_text(const char* sql, std::string_view op) {
  auto stmt = prepare(sql, op);
  if (!stmt) return tl::unexpected(stmt.error());
  auto row = stmt->step();
  if (!row) return tl::unexpected(row.error());
  return *row ? stmt->text(0) : std::string();
}

Result<Stmt> Connection::prepare(const char* sql, std::string_view op) {
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
  if (!use_cache) return Stmt(this, stmt, nullptr, std::string(op));
  slot.busy = true;
  return Stmt(this, stmt, &slot.busy, std::string(op));
}

std::int64_t Connection::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
std::int64_t Connection::changes() const { return sqlite3_changes64(db_); }
std::string Connection::last_message() const { return sqlite3_errmsg(db_); }

Result<Transaction> Transaction::begin_immediate(Connection& conn) {
  auto begun = conn.exec("BEGIN IMMEDIATE", "begin a write transaction");
  if (!begun) return tl::unexpected(begun.error());
  return Transaction(&conn);
}

Transaction::Transaction(Transaction&& other) noexcept : conn_(other.conn_) { other.conn_ = nullptr; }

Transaction::~Transaction() {
  if (conn_) (void)conn_->exec("ROLLBACK", "roll back a write transaction");
}

Result<void> Transaction::commit() {
  Connection* conn = conn_;
  auto done = conn->exec("COMMIT", "commit a write transaction");
  // A failed COMMIT leaves the transaction open; the destructor then rolls it back.
  if (done) conn_ = nullptr;
  return done;
}

}  // namespace rinsho::store::detail
