#pragma once
// Hands memory that the allocator keeps but no one uses back to the system, every few seconds.
// A server with dozens of worker threads spreads its allocations over glibc's per-thread arenas,
// and each arena keeps the free pages of its high-water mark resident: bench/soak saw RSS grow
// by 14% over three minutes of steady load without any of it being in use. malloc_trim(0)
// releases the free pages of every arena (glibc >= 2.8) at the cost of a short lock per arena.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace rinsho::server {

class MemoryTrimmer {
 public:
  explicit MemoryTrimmer(std::chrono::milliseconds interval) : interval_(interval) {}
  ~MemoryTrimmer() { stop(); }
  MemoryTrimmer(const MemoryTrimmer&) = delete;
  MemoryTrimmer& operator=(const MemoryTrimmer&) = delete;

  // An interval of 0 never starts the thread.
  void start();
  void stop();
  int trims() const { return trims_; }

 private:
  std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  int trims_ = 0;
  std::thread thread_;
};

}  // namespace rinsho::server
