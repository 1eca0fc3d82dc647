#include "text/spelling.hpp"

#include <algorithm>
#include <vector>

#include "text/unicode_util.hpp"

namespace rinsho::text {

SpellingScript spelling_script(std::string_view word) {
  bool latin = true, katakana = true;
  std::size_t n = 0;
  for (std::size_t i = 0; i < word.size();) {
    const char32_t c = detail::next_code_point(word, i);
    latin = latin && c >= U'a' && c <= U'z';
    katakana = katakana && detail::classify(c) == detail::CharClass::katakana;
    ++n;
  }
  if (latin && n >= 4) return SpellingScript::latin;
  if (katakana && n >= 3) return SpellingScript::katakana;
  return SpellingScript::none;
}

std::vector<SpellingRun> spelling_runs(std::string_view word) {
  enum class Kind { latin, digit, katakana, other };
  auto kind_of = [](char32_t c) {
    if (c >= U'a' && c <= U'z') return Kind::latin;
    if (c >= U'0' && c <= U'9') return Kind::digit;
    return detail::classify(c) == detail::CharClass::katakana ? Kind::katakana : Kind::other;
  };
  std::vector<SpellingRun> out;
  Kind before = Kind::other;
  for (std::size_t i = 0; i < word.size();) {
    const std::size_t begin = i;
    const Kind kind = kind_of(detail::next_code_point(word, i));
    std::size_t end = i;
    while (end < word.size()) {
      std::size_t next = end;
      if (kind_of(detail::next_code_point(word, next)) != kind) break;
      end = next;
    }
    Kind after = Kind::other;
    if (end < word.size()) {
      std::size_t next = end;
      after = kind_of(detail::next_code_point(word, next));
    }
    const bool code = kind == Kind::latin && (before == Kind::digit || after == Kind::digit);
    const auto script = spelling_script(word.substr(begin, end - begin));
    if ((kind == Kind::latin || kind == Kind::katakana) && !code && script != SpellingScript::none)
      out.push_back({begin, end, script});
    before = kind;
    i = end;
  }
  return out;
}

std::size_t max_typo_distance(SpellingScript script, std::size_t code_points) {
  switch (script) {
    case SpellingScript::latin: return code_points < 4 ? 0 : code_points <= 5 ? 1 : 2;
    case SpellingScript::katakana: return code_points < 3 ? 0 : code_points <= 7 ? 1 : 2;
    case SpellingScript::none: return 0;
  }
  return 0;
}

std::u32string to_code_points(std::string_view utf8) {
  std::u32string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) out.push_back(detail::next_code_point(utf8, i));
  return out;
}

std::string to_utf8(std::u32string_view code_points) {
  std::string out;
  for (char32_t c : code_points) detail::append_utf8(out, c);
  return out;
}

std::size_t edit_distance(std::u32string_view a, std::u32string_view b, std::size_t max) {
  const std::size_t n = a.size(), m = b.size();
  if ((n > m ? n - m : m - n) > max) return max + 1;
  // Three rows of the dynamic programme (two back for transpositions), on the stack for words of
  // ordinary length: this runs for thousands of index terms per corrected word.
  constexpr std::size_t kStackColumns = 64;
  std::size_t stack[3][kStackColumns];
  std::vector<std::size_t> heap;
  std::size_t *before = stack[0], *previous = stack[1], *current = stack[2];
  if (m + 1 > kStackColumns) {
    heap.resize(3 * (m + 1));
    before = heap.data();
    previous = before + m + 1;
    current = previous + m + 1;
  }
  for (std::size_t j = 0; j <= m; ++j) previous[j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    current[0] = i;
    std::size_t row_min = current[0];
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      std::size_t d = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d = std::min(d, before[j - 2] + 1);
      current[j] = d;
      row_min = std::min(row_min, d);
    }
    if (row_min > max) return max + 1;  // every path through this row is already too long
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return std::min(previous[m], max + 1);
}

}  // namespace rinsho::text
