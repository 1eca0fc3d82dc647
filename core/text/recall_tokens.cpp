#include "text/recall_tokens.hpp"

#include "text/unicode_util.hpp"

namespace rinsho::text::detail {
namespace {

constexpr char32_t kProlongedSound = 0x30FC;

struct Char {
  std::size_t begin;
  char32_t c;
  CharClass kind;
};

// A '.' joins two digits ("2.5", "0.05"); anywhere else it separates.
bool is_decimal_point(std::string_view text, std::size_t at, std::size_t end, char32_t previous) {
  return text[at] == '.' && is_ascii_digit(previous) && at + 1 < end && is_ascii_digit(static_cast<unsigned char>(text[at + 1]));
}

void push(std::vector<Token>& out, std::string_view text, std::size_t b, std::size_t e, std::uint32_t position,
          Token::Kind kind, bool anchor = false) {
  std::string term;
  term.reserve(e - b + 1);
  if (anchor) term.push_back('^');
  term.append(text.substr(b, e - b));
  out.push_back({std::move(term), position, static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(e), kind});
}

}  // namespace

std::vector<Run> split_runs(std::string_view text, std::size_t begin, std::size_t end) {
  std::vector<Run> runs;
  char32_t previous = 0;
  for (std::size_t i = begin; i < end;) {
    std::size_t at = i;
    char32_t c = next_code_point(text, i);
    CharClass kind = classify(c);
    bool cjk = is_cjk(kind);
    bool word = kind == CharClass::word || is_decimal_point(text, at, end, previous);
    previous = c;
    if (!cjk && !word) continue;
    if (!runs.empty() && runs.back().end == at && runs.back().cjk == cjk) {
      runs.back().end = i;
    } else {
      runs.push_back({at, i, cjk});
    }
  }
  return runs;
}

std::uint32_t append_run_tokens(std::string_view text, const Run& run, std::uint32_t position,
                                std::vector<Token>& out) {
  if (!run.cjk) {
    push(out, text, run.begin, run.end, position, Token::Kind::latin);
    return position + 1;
  }
  std::vector<Char> chars;
  for (std::size_t i = run.begin; i < run.end;) {
    std::size_t at = i;
    char32_t c = next_code_point(text, i);
    chars.push_back({at, c, classify(c)});
  }
  chars.push_back({run.end, 0, CharClass::separator});  // sentinel: the end offset
  const std::size_t n = chars.size() - 1;
  // A ー continues katakana but never starts it (after hiragana it lengthens a hiragana vowel).
  std::vector<bool> katakana(n + 1, false);
  for (std::size_t i = 0; i < n; ++i) {
    katakana[i] = chars[i].kind == CharClass::katakana && (chars[i].c != kProlongedSound || (i > 0 && katakana[i - 1]));
  }
  for (std::size_t i = 0; i < n; ++i) {
    auto p = position + static_cast<std::uint32_t>(i);
    bool starts_katakana_word = katakana[i] && katakana[i + 1] && (i == 0 || !katakana[i - 1]);
    if (starts_katakana_word) push(out, text, chars[i].begin, chars[i + 2].begin, p, Token::Kind::katakana_anchor, true);
    if (i + 1 < n) push(out, text, chars[i].begin, chars[i + 2].begin, p, Token::Kind::bigram);
    push(out, text, chars[i].begin, chars[i + 1].begin, p, Token::Kind::unigram);
  }
  return position + static_cast<std::uint32_t>(n);
}

std::uint32_t append_recall_tokens(std::string_view text, std::size_t begin, std::size_t end,
                                   std::uint32_t position, std::vector<Token>& out) {
  for (const auto& run : split_runs(text, begin, end)) position = append_run_tokens(text, run, position, out);
  return position;
}

}  // namespace rinsho::text::detail
