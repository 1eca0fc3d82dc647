#pragma once
// Internal: a thin RAII layer over one sqlite3 connection. Nothing outside core/store includes this.
// Every failure becomes Error{io, "cannot <operation>: <sqlite message>"}; values only ever travel
// as bound parameters.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/error.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace rinsho::store::detail {

class Connection;

// A prepared statement borrowed from the connection's cache (or owned, when the cached one is busy).
// Destroying it resets the statement, so a half-read result never holds a read snapshot open.
class Stmt {
 public:
  Stmt(Connection* conn, sqlite3_stmt* stmt, bool* busy, std::string op);
  Stmt(Stmt&& other) noexcept;
  Stmt& operator=(Stmt&&) = delete;
  ~Stmt();

  Stmt& bind(int index, std::string_view text);
  Stmt& bind(int index, std::int64_t value);
  Stmt& bind_null(int index);
  // NULL for an empty string: optional text columns (org_id, revoked_at) are NULL, not "".
  Stmt& bind_or_null(int index, std::string_view text);

  Result<bool> step();  // true when a row is available
  Result<void> run();   // runs a statement that returns no rows

  std::int64_t int64(int column) const;
  std::string text(int column) const;  // "" for NULL
  bool is_null(int column) const;

 private:
  Error error(std::string_view detail) const;
  Connection* conn_;
  sqlite3_stmt* stmt_;
  bool* busy_;  // the cache slot's flag; null when this Stmt owns a statement of its own
  std::string op_;
  int bind_error_ = 0;
};

struct ConnectionOptions {
  bool create = false;
  int busy_timeout_ms = 5000;
};

class Connection {
 public:
  static Result<std::unique_ptr<Connection>> open(const std::filesystem::path& file, const ConnectionOptions& options);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // For DDL, pragmas and transaction control: fixed SQL text only, never values.
  Result<void> exec(const char* sql, std::string_view op);
  // A single-row pragma's value as text, e.g. "wal" for journal_mode.
  Result<std::string> pragma_text(const char* sql, std::string_view op);
  Result<Stmt> prepare(const char* sql, std::string_view op);

  std::int64_t last_insert_rowid() const;
  std::int64_t changes() const;
  std::string last_message() const;
  sqlite3* raw() const { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  struct Cached {
    sqlite3_stmt* stmt = nullptr;
    bool busy = false;
  };
  sqlite3* db_;
  std::unordered_map<std::string, Cached> cache_;
};

// BEGIN IMMEDIATE takes the write lock up front, so two writers (threads or processes) queue on
// busy_timeout instead of failing later with SQLITE_BUSY on lock upgrade.
class Transaction {
 public:
  static Result<Transaction> begin_immediate(Connection& conn);
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();  // rolls back unless committed
  Result<void> commit();

 private:
  explicit Transaction(Connection* conn) : conn_(conn) {}
  Connection* conn_;
};

}  // namespace rinsho::store::detail
