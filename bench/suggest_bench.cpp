// Latency of search-box suggestions in process: text::normalize + Dictionary::complete, exactly
// what GET /api/v1/suggest does before it writes JSON, over typical partial inputs.
//   build/bench/rinsho_bench_suggest [calls]     (default 1000)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "text/dictionary.hpp"
#include "text/normalizer.hpp"

using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  const int calls = argc > 1 ? std::atoi(argv[1]) : 1000;
  auto dictionary = rinsho::text::Dictionary::builtin();
  if (!dictionary) {
    std::fprintf(stderr, "dictionary: %s\n", dictionary.error().message.c_str());
    return 2;
  }
  // What people type on the way to a word: kana readings, katakana, kanji, English, one to five characters.
  const std::vector<std::string> inputs = {"に", "にょう", "とう", "とうにょう", "アルツ", "ｱﾙﾂ", "あるつ", "が", "がん",
                                           "肺", "肺が", "乳", "ぜんそく", "リウ", "パーキ", "d", "diab", "alz",
                                           "Lung", "しん", "心不", "こうけつ", "うつ", "ZZQQ"};
  std::vector<double> us;
  us.reserve(calls);
  std::size_t results = 0;
  for (int i = 0; i < 100; ++i) results += dictionary->complete(rinsho::text::normalize(inputs[i % inputs.size()]), 10).size();
  for (int i = 0; i < calls; ++i) {
    const auto& q = inputs[i % inputs.size()];
    const auto start = Clock::now();
    const auto found = dictionary->complete(rinsho::text::normalize(q), 10);
    us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
    results += found.size();
  }
  std::sort(us.begin(), us.end());
  auto pct = [&](double p) { return us[std::min(us.size() - 1, static_cast<std::size_t>(p * us.size()))]; };
  std::printf("suggest: %d calls over %zu inputs, %zu concepts: p50 %.1f us, p90 %.1f us, p99 %.1f us, max %.1f us"
              " (%zu suggestions)\n",
              calls, inputs.size(), dictionary->concepts().size(), pct(0.50), pct(0.90), pct(0.99), us.back(), results);
  return 0;
}
