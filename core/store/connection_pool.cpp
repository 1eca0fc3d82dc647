#include "store/connection_pool.hpp"

namespace rinsho::store::detail {

ReadLease::~ReadLease() {
  if (pool_ && conn_) pool_->give_back(std::move(conn_));
}

WriteLease ConnectionPool::writer() { return WriteLease(std::unique_lock(write_mutex_), *writer_); }

Result<ReadLease> ConnectionPool::reader() {
  {
    std::lock_guard lock(idle_mutex_);
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      return ReadLease(this, std::move(conn));
    }
  }
  ConnectionOptions options = options_;
  options.create = false;
  auto conn = Connection::open(file_, options);
  if (!conn) return tl::unexpected(conn.error());
  auto configured = configure_connection(**conn);
  if (!configured) return tl::unexpected(configured.error());
  return ReadLease(this, std::move(*conn));
}

void ConnectionPool::give_back(std::unique_ptr<Connection> conn) {
  std::lock_guard lock(idle_mutex_);
  if (idle_.size() < max_idle_) idle_.push_back(std::move(conn));
}

Result<void> configure_connection(Connection& conn) {
  // synchronous=NORMAL is enough for connections that only read; the writer raises it to FULL
  // (store.cpp) so that every acknowledged commit survives a power loss too.
  return conn.exec("PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;", "configure the database connection");
}

}  // namespace rinsho::store::detail
