#include "indexer/progress.hpp"

#include <string>
#include <unistd.h>

namespace rinsho::indexer {

ProgressBar::ProgressBar(std::FILE* out)
    : out_(out), enabled_(isatty(fileno(out)) != 0), start_(std::chrono::steady_clock::now()), last_draw_{} {}

void ProgressBar::update(double fraction, std::uint64_t records) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double rate = elapsed > 0 ? records / elapsed : 0;
  const double eta = fraction > 0.001 ? elapsed * (1 - fraction) / fraction : 0;
  constexpr int width = 30;
  const int filled = static_cast<int>(fraction * width);
  std::string bar(filled, '#');
  bar.resize(width, '.');
  std::fprintf(out_, "\r[%s] %5.1f%%  %llu records  %.0f rec/s  ETA %.0fs   ", bar.c_str(), fraction * 100,
               static_cast<unsigned long long>(records), rate, eta);
  std::fflush(out_);
}

void ProgressBar::finish(std::uint64_t records) {
  if (!enabled_) return;
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::fprintf(out_, "\r%-90s\r", "");
  std::fprintf(out_, "%llu records in %.1fs\n", static_cast<unsigned long long>(records), elapsed);
}

}  // namespace rinsho::indexer
