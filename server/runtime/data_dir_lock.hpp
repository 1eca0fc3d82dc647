#pragma once
// One rinsho-server per data directory. Two servers on one directory would each keep their own
// idempotency and index state over one store, so the same Idempotency-Key sent to both would
// register a trial twice. The lock is an flock on <data_dir>/server.lock: the kernel drops it when
// the process dies, even by kill -9, so a crash never leaves a stale lock behind.
#include <filesystem>

#include "common/error.hpp"

namespace rinsho::server {

class DataDirLock {
 public:
  // Fails with a message naming the directory and the pid of the server that holds it.
  static Result<DataDirLock> acquire(const std::filesystem::path& data_dir);
  DataDirLock(DataDirLock&& other) noexcept;
  DataDirLock& operator=(DataDirLock&& other) noexcept;
  DataDirLock(const DataDirLock&) = delete;
  DataDirLock& operator=(const DataDirLock&) = delete;
  ~DataDirLock();

 private:
  explicit DataDirLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace rinsho::server
