#pragma once
// Internal: splitting normalised text into runs and turning runs into positional recall tokens.
// Shared by documents and query units so both see exactly the same terms.
#include <cstdint>
#include <string_view>
#include <vector>

#include "text/analyzer.hpp"

namespace rinsho::text::detail {

// A maximal stretch of CJK characters (kanji, hiragana, katakana) or of word characters (Latin,
// digits, other alphabets; a '.' between two digits stays inside, so "2.5" is one term).
struct Run {
  std::size_t begin, end;  // bytes
  bool cjk;
};

std::vector<Run> split_runs(std::string_view text, std::size_t begin, std::size_t end);

// Appends the tokens of one run starting at `position`; returns the position after the run.
std::uint32_t append_run_tokens(std::string_view text, const Run& run, std::uint32_t position,
                                std::vector<Token>& out);

// All runs of text[begin, end).
std::uint32_t append_recall_tokens(std::string_view text, std::size_t begin, std::size_t end,
                                   std::uint32_t position, std::vector<Token>& out);

}  // namespace rinsho::text::detail
