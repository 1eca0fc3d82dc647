#pragma once
// Internal: how threads share the database. One write connection behind a mutex (SQLite admits one
// writer at a time anyway, and a single writer makes BEGIN IMMEDIATE never wait on ourselves), plus
// a pool of read connections handed out one per call. In WAL mode readers never block the writer
// and always see the last committed transaction, so a read after a write sees that write.
#include <cstddef>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "store/sqlite_connection.hpp"

namespace rinsho::store::detail {

class ConnectionPool;

class WriteLease {
 public:
  WriteLease(std::unique_lock<std::mutex> lock, Connection& conn) : lock_(std::move(lock)), conn_(&conn) {}
  Connection& conn() { return *conn_; }

 private:
  std::unique_lock<std::mutex> lock_;
  Connection* conn_;
};

// A read connection on loan; it goes back to the pool when the lease ends.
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
  ConnectionPool(std::filesystem::path file, std::unique_ptr<Connection> writer, ConnectionOptions options,
                 std::size_t max_idle_readers)
      : file_(std::move(file)), writer_(std::move(writer)), options_(options), max_idle_(max_idle_readers) {}

  WriteLease writer();
  // Reuses an idle connection or opens a new one, so the number of connections follows the peak
  // number of concurrent readers; at most max_idle_readers are kept open between calls.
  Result<ReadLease> reader();

 private:
  friend class ReadLease;
  void give_back(std::unique_ptr<Connection> conn);

  std::filesystem::path file_;
  std::mutex write_mutex_;
  std::unique_ptr<Connection> writer_;
  ConnectionOptions options_;
  std::size_t max_idle_;
  std::mutex idle_mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

// Pragmas every connection needs; journal_mode is set once by the writer when the store opens.
Result<void> configure_connection(Connection& conn);

}  // namespace rinsho::store::detail
