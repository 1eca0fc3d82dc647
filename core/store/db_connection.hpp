#pragma once
// Internal: the one database interface the store's SQL is written against, with two back ends:
// SQLite (sqlite_connection.*, the embedded default) and PostgreSQL (pg_connection.*, for several
// nodes on one registry). Nothing outside core/store includes this.
//
// SQL is written once, with numbered parameters (?1, ?2 ...) and the subset both engines accept;
// the few statements that must differ ask conn.dialect(). Values only ever travel as bound
// parameters. Every failure becomes an Error naming the operation: io in general, storage_full for
// a full disk, busy for a database that cannot be reached right now (the server answers 503).
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/error.hpp"

namespace rinsho::store::detail {

enum class Dialect { sqlite, postgres };

// One statement's back-end state; Stmt forwards to it.
class StmtBackend {
 public:
  virtual ~StmtBackend() = default;
  virtual void bind_text(int index, std::string_view text) = 0;
  virtual void bind_int64(int index, std::int64_t value) = 0;
  virtual void bind_null(int index) = 0;
  virtual Result<bool> step() = 0;  // true when a row is available
  virtual std::int64_t int64(int column) const = 0;
  virtual std::string text(int column) const = 0;  // "" for NULL
  virtual bool is_null(int column) const = 0;
};

// A statement ready to bind and run. Destroying it ends the statement, so a half-read result never
// holds a read snapshot open.
class Stmt {
 public:
  explicit Stmt(std::unique_ptr<StmtBackend> backend, std::string op)
      : backend_(std::move(backend)), op_(std::move(op)) {}
  Stmt(Stmt&&) noexcept = default;
  Stmt& operator=(Stmt&&) = delete;

  Stmt& bind(int index, std::string_view text) {
    backend_->bind_text(index, text);
    return *this;
  }
  Stmt& bind(int index, std::int64_t value) {
    backend_->bind_int64(index, value);
    return *this;
  }
  Stmt& bind_null(int index) {
    backend_->bind_null(index);
    return *this;
  }
  // NULL for an empty string: optional text columns (org_id, revoked_at) are NULL, not "".
  Stmt& bind_or_null(int index, std::string_view text) { return text.empty() ? bind_null(index) : bind(index, text); }

  Result<bool> step() { return backend_->step(); }
  Result<void> run();  // runs a statement that returns no rows

  std::int64_t int64(int column) const { return backend_->int64(column); }
  std::string text(int column) const { return backend_->text(column); }
  bool is_null(int column) const { return backend_->is_null(column); }

 private:
  std::unique_ptr<StmtBackend> backend_;
  std::string op_;
};

class Connection {
 public:
  Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  virtual ~Connection() = default;

  virtual Dialect dialect() const = 0;
  // For DDL and transaction control: fixed SQL text only, never values.
  virtual Result<void> exec(const char* sql, std::string_view op) = 0;
  virtual Result<Stmt> prepare(const char* sql, std::string_view op) = 0;
  // Rows changed by the last INSERT, UPDATE or DELETE run on this connection.
  virtual std::int64_t changes() const = 0;
  // Starts a transaction that no other writer, in this process or another, can interleave with:
  // SQLite's BEGIN IMMEDIATE; on PostgreSQL a transaction-scoped advisory lock, which also makes
  // trial_versions.seq values commit in the order they were assigned (store.hpp, changes_since).
  virtual Result<void> begin_write() = 0;
  // Asks the database to tell other nodes, at commit, that the change feed moved. SQLite has no
  // other nodes to tell.
  virtual Result<void> notify_changes() { return {}; }
  // False once the connection is known to be dead (the server went away); the pool drops it.
  virtual bool usable() const { return true; }
};

// A write transaction; rolls back unless committed.
class Transaction {
 public:
  static Result<Transaction> begin_immediate(Connection& conn);
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  Result<void> commit();

 private:
  explicit Transaction(Connection* conn) : conn_(conn) {}
  Connection* conn_;
};

}  // namespace rinsho::store::detail
