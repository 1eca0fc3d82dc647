#pragma once
// A one-line progress bar with records/s and an ETA, drawn only when stderr is a terminal so that
// piped and CI output stays clean.
#include <chrono>
#include <cstdint>
#include <cstdio>

namespace rinsho::indexer {

class ProgressBar {
 public:
  explicit ProgressBar(std::FILE* out = stderr);
  // fraction in [0,1] of the work done (by bytes read), records handled so far.
  void update(double fraction, std::uint64_t records);
  void finish(std::uint64_t records);
  bool enabled() const { return enabled_; }

 private:
  std::FILE* out_;
  bool enabled_;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace rinsho::indexer
