#include "text/letter_names.hpp"

#include <array>
#include <utility>

#include "text/normalizer.hpp"
#include "text/unicode_util.hpp"

namespace rinsho::text {
namespace {

// Each letter's usual katakana names, as normalised text writes them.
constexpr std::array<std::pair<std::string_view, char>, 34> kNames = {{
    {"エー", 'a'}, {"エイ", 'a'}, {"ビー", 'b'}, {"シー", 'c'}, {"ディー", 'd'}, {"デー", 'd'}, {"イー", 'e'},
    {"エフ", 'f'}, {"ジー", 'g'}, {"エイチ", 'h'}, {"エッチ", 'h'}, {"アイ", 'i'}, {"ジェー", 'j'}, {"ジェイ", 'j'},
    {"ケー", 'k'}, {"ケイ", 'k'}, {"エル", 'l'}, {"エム", 'm'}, {"エヌ", 'n'}, {"オー", 'o'}, {"ピー", 'p'},
    {"キュー", 'q'}, {"アール", 'r'}, {"エス", 's'}, {"ティー", 't'}, {"テー", 't'}, {"ユー", 'u'}, {"ブイ", 'v'},
    {"ヴィー", 'v'}, {"ダブリュー", 'w'}, {"エックス", 'x'}, {"ワイ", 'y'}, {"ゼット", 'z'}, {"ゼッド", 'z'},
}};

// The longest letter name at the start of s: its letter and byte length, or {0, 0}.
std::pair<char, std::size_t> letter_at(std::string_view s) {
  std::pair<char, std::size_t> best{0, 0};
  for (const auto& [name, letter] : kNames)
    if (name.size() > best.second && s.starts_with(name)) best = {letter, name.size()};
  return best;
}

}  // namespace

std::string spelled_letters_to_latin(std::string_view text) {
  const auto n = normalize(text);
  std::string out;
  std::size_t i = 0;
  while (i < n.size()) {
    std::size_t next = i;
    if (detail::classify(detail::next_code_point(n, next)) != detail::CharClass::katakana) {
      out.append(n, i, next - i);
      i = next;
      continue;
    }
    // At the start of a katakana run: spelled letters, then whatever else the run holds.
    std::string letters;
    std::size_t j = i;
    for (;;) {
      const auto found = letter_at(std::string_view(n).substr(j));
      if (found.second == 0) break;
      letters += found.first;
      j += found.second;
    }
    if (letters.size() >= 2) {
      out += letters;
      i = j;
    }
    // The rest of the run, letters or not, is copied: only a run's beginning is read as letters.
    while (i < n.size()) {
      std::size_t k = i;
      if (detail::classify(detail::next_code_point(n, k)) != detail::CharClass::katakana) break;
      out.append(n, i, k - i);
      i = k;
    }
  }
  return out;
}

}  // namespace rinsho::text
