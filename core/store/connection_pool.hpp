#pragma once
// Internal: how threads share the database. One write connection behind a mutex (both back ends
// admit one writer at a time anyway, and a single writer per process never waits on itself), plus
// a pool of read connections handed out one per call. SQLite in WAL mode and PostgreSQL at READ
// COMMITTED both let readers run beside the writer and see every committed write, so a read after
// a write sees that write.
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "store/db_connection.hpp"

namespace rinsho::store::detail {

class ConnectionPool;

using ConnectionOpener = std::function<Result<std::unique_ptr<Connection>>()>;

class WriteLease {
 public:
  WriteLease(std::unique_lock<std::mutex> lock, Connection& conn) : lock_(std::move(lock)), conn_(&conn) {}
  Connection& conn() { return *conn_; }

 private:
  std::unique_lock<std::mutex> lock_;
  Connection* conn_;
};

// A read connection on loan; it goes back to the pool when the lease ends (unless it died).
class ReadLease {
 public:
  ReadLease(ConnectionPool* pool, std::unique_ptr<Connection> conn) : pool_(pool), conn_(std::move(conn)) {}
  ReadLease(ReadLease&&) noexcept = default;
  ReadLease& operator=(ReadLease&&) = delete;
  ~ReadLease();
  Connection& conn() { return *conn_; }

 private:
  ConnectionPool* pool_;
  std::unique_ptr<Connection> conn_;
};

class ConnectionPool {
 public:
  // open_reader makes a new read connection; reopen_writer, when set, replaces a write connection
  // that died (a PostgreSQL server that restarted). Without it a dead writer stays dead.
  ConnectionPool(std::unique_ptr<Connection> writer, ConnectionOpener open_reader, ConnectionOpener reopen_writer,
                 std::size_t max_idle_readers)
      : writer_(std::move(writer)),
        open_reader_(std::move(open_reader)),
        reopen_writer_(std::move(reopen_writer)),
        max_idle_(max_idle_readers) {}

  // When the writer has died and cannot be replaced yet, the lease holds the dead one: its calls
  // fail with ErrorCode::busy, and the next lease tries again.
  WriteLease writer();
  // Reuses an idle connection or opens a new one, so the number of connections follows the peak
  // number of concurrent readers; at most max_idle_readers are kept open between calls.
  Result<ReadLease> reader();
  Dialect dialect() const { return writer_->dialect(); }

 private:
  friend class ReadLease;
  void give_back(std::unique_ptr<Connection> conn);

  std::mutex write_mutex_;
  std::unique_ptr<Connection> writer_;
  ConnectionOpener open_reader_, reopen_writer_;
  std::size_t max_idle_;
  std::mutex idle_mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace rinsho::store::detail
