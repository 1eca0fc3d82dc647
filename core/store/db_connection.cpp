#include "store/db_connection.hpp"

namespace rinsho::store::detail {

Result<void> Stmt::run() {
  auto row = step();
  if (!row) return tl::unexpected(row.error());
  if (*row) return fail(ErrorCode::io, "cannot " + op_ + ": the statement unexpectedly returned rows");
  return {};
}

Result<Transaction> Transaction::begin_immediate(Connection& conn) {
  auto begun = conn.begin_write();
  if (!begun) return tl::unexpected(begun.error());
  return Transaction(&conn);
}

Transaction::Transaction(Transaction&& other) noexcept : conn_(other.conn_) { other.conn_ = nullptr; }

Transaction::~Transaction() {
  if (conn_ && conn_->usable()) (void)conn_->exec("ROLLBACK", "roll back a write transaction");
}

Result<void> Transaction::commit() {
  Connection* conn = conn_;
  auto done = conn->exec("COMMIT", "commit a write transaction");
  // A failed COMMIT leaves the transaction open; the destructor then rolls it back.
  if (done) conn_ = nullptr;
  return done;
}

}  // namespace rinsho::store::detail
