#include "server/runtime/memory_trimmer.hpp"

#include <malloc.h>

namespace rinsho::server {

void MemoryTrimmer::start() {
  if (interval_.count() <= 0 || thread_.joinable()) return;
  thread_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
      lock.unlock();
      malloc_trim(0);
      lock.lock();
      ++trims_;
    }
  });
}

void MemoryTrimmer::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace rinsho::server
