#pragma once
// Internal: the PostgreSQL back end of db_connection.hpp, over libpq.
//
// Statements run with PQsendQueryParams in single-row mode, so a scan of every trial streams
// instead of arriving as one result the size of the registry. The store's SQL numbers its
// parameters ?1, ?2 ...; they become $1, $2 ... here, and integers are sent typed as int8 so that
// expressions such as "?2 - 1" need no casts.
#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "store/db_connection.hpp"

struct pg_conn;

namespace rinsho::store::detail {

class PgStmt;

class PgConnection final : public Connection {
 public:
  // url: a libpq connection URI (postgresql://user@host:port/dbname?...). A server that cannot be
  // reached is ErrorCode::busy: the caller may try again.
  static Result<std::unique_ptr<PgConnection>> open(const std::string& url);
  ~PgConnection() override;

  Dialect dialect() const override { return Dialect::postgres; }
  Result<void> exec(const char* sql, std::string_view op) override;
  Result<Stmt> prepare(const char* sql, std::string_view op) override;
  std::int64_t changes() const override { return changes_; }
  Result<void> begin_write() override;
  Result<void> notify_changes() override;
  bool usable() const override;

  // For the change listener: LISTEN on the change channel, then wait for a notification.
  Result<void> listen();
  // True when a notification arrived within the timeout; false when the time ran out.
  Result<bool> wait_for_notification(std::chrono::milliseconds timeout);

  // Internal to pg_connection.cpp: the statement whose rows are still arriving on this connection.
  // A new statement first buffers what is left of it, since libpq runs one query at a time.
  PgStmt* streaming = nullptr;
  std::int64_t changes_ = 0;
  pg_conn* raw() const { return conn_; }
  Error error(std::string_view op, const char* message) const;

 private:
  explicit PgConnection(pg_conn* conn) : conn_(conn) {}
  pg_conn* conn_;
};

// The channel NOTIFY uses when the change feed moves.
inline constexpr const char* kChangeChannel = "rinsho_changes";

// "?1" -> "$1", outside quoted strings and identifiers.
std::string to_pg_placeholders(std::string_view sql);

}  // namespace rinsho::store::detail
