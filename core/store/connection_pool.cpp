#include "store/connection_pool.hpp"

namespace rinsho::store::detail {

ReadLease::~ReadLease() {
  if (pool_ && conn_) pool_->give_back(std::move(conn_));
}

WriteLease ConnectionPool::writer() {
  std::unique_lock lock(write_mutex_);
  if (!writer_->usable() && reopen_writer_)
    if (auto fresh = reopen_writer_()) writer_ = std::move(*fresh);
  return WriteLease(std::move(lock), *writer_);
}

Result<ReadLease> ConnectionPool::reader() {
  {
    std::lock_guard lock(idle_mutex_);
    while (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      if (conn->usable()) return ReadLease(this, std::move(conn));
    }
  }
  auto conn = open_reader_();
  if (!conn) return tl::unexpected(conn.error());
  return ReadLease(this, std::move(*conn));
}

void ConnectionPool::give_back(std::unique_ptr<Connection> conn) {
  std::lock_guard lock(idle_mutex_);
  if (conn->usable() && idle_.size() < max_idle_) idle_.push_back(std::move(conn));
}

}  // namespace rinsho::store::detail
