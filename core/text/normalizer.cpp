#include "text/normalizer.hpp"

#include <stdexcept>
#include <unordered_map>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "text/text_files.hpp"
#include "text/unicode_util.hpp"

namespace rinsho::text {
namespace {

using detail::append_utf8;
using detail::next_code_point;

// One normalised code point and the source byte offset of the character it came from.
struct Piece {
  char32_t c;
  std::uint32_t source;
};

std::unordered_map<char32_t, char32_t> load_kyujitai() {
  std::unordered_map<char32_t, char32_t> map;
  auto file = text_files::embedded_file("data/kyujitai.tsv");
  if (!file) throw std::logic_error("data/kyujitai.tsv is not embedded");
  std::string_view rest = *file;
  while (!rest.empty()) {
    auto eol = rest.find('\n');
    auto line = rest.substr(0, eol);
    rest = eol == std::string_view::npos ? std::string_view() : rest.substr(eol + 1);
    if (line.empty() || line.front() == '#') continue;
    // "<old>\t<new>": one code point each. A malformed line is skipped here and reported by the
    // unit test that checks every pair, so a data mistake cannot take normalisation down.
    std::size_t i = 0;
    char32_t old_form = next_code_point(line, i);
    if (i >= line.size() || line[i] != '\t') continue;
    ++i;
    char32_t new_form = next_code_point(line, i);
    if (i == line.size() || line.substr(i) == "\r") map.emplace(old_form, new_form);
  }
  return map;
}

// Created once: the ICU instance is immutable and documented as thread-safe.
struct Resources {
  const icu::Normalizer2* nfkc_cf = nullptr;
  std::unordered_map<char32_t, char32_t> kyujitai;
};

const Resources& resources() {
  static const Resources r = [] {
    Resources res;
    UErrorCode status = U_ZERO_ERROR;
    res.nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
    if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU NFKC_Casefold: ") + u_errorName(status));
    res.kyujitai = load_kyujitai();
    return res;
  }();
  return r;
}

std::vector<Piece> decode(std::string_view src) {
  std::vector<Piece> out;
  out.reserve(src.size());
  for (std::size_t i = 0; i < src.size();) {
    auto at = static_cast<std::uint32_t>(i);
    out.push_back({next_code_point(src, i), at});
  }
  return out;
}

// NFKC_Casefold, one normalisation chunk at a time (a chunk starts at every code point with a
// boundary before it), so each output code point knows its source character. Composition only
// happens inside a chunk, so ｶﾞ -> ガ comes out whole and maps to the ｶ.
std::vector<Piece> fold(const std::vector<Piece>& in, const icu::Normalizer2& nfkc_cf) {
  std::vector<Piece> out;
  out.reserve(in.size());
  icu::UnicodeString chunk, folded;
  auto flush = [&](std::size_t first, std::size_t last) {
    char32_t c = in[first].c;
    if (last == first + 1) {
      if (c < 0x80) {  // ASCII: case is the only thing NFKC_Casefold changes
        out.push_back({c >= U'A' && c <= U'Z' ? c + 32 : c, in[first].source});
        return;
      }
      if (!u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_CHANGES_WHEN_NFKC_CASEFOLDED)) {
        out.push_back(in[first]);
        return;
      }
    }
    chunk.remove();
    for (auto k = first; k < last; ++k) chunk.append(static_cast<UChar32>(in[k].c));
    UErrorCode status = U_ZERO_ERROR;
    nfkc_cf.normalize(chunk, folded, status);
    if (U_FAILURE(status)) folded = chunk;  // cannot happen for valid input; keep the text rather than lose it
    for (std::int32_t k = 0; k < folded.length();) {
      UChar32 f = folded.char32At(k);
      out.push_back({static_cast<char32_t>(f), in[first].source});
      k += U16_LENGTH(f);
    }
  };
  std::size_t start = 0;
  for (std::size_t k = 1; k < in.size(); ++k) {
    if (in[k].c < 0x80 || nfkc_cf.hasBoundaryBefore(static_cast<UChar32>(in[k].c))) {
      flush(start, k);
      start = k;
    }
  }
  if (!in.empty()) flush(start, in.size());
  return out;
}

bool is_dash(char32_t c) {
  return c == U'-' || (c >= 0x2010 && c <= 0x2015) || c == 0x2043 || c == 0x2212 || c == 0x30FC ||
         c == 0x2E3A || c == 0x2E3B || c == 0xFE58 || c == 0xFE63 || c == 0xFF0D || c == 0xFF70;
}

// Box-drawing lines stand in for ー in some typed text (デ─タ), but elsewhere they draw rules.
bool is_box_line(char32_t c) { return c == 0x2500 || c == 0x2501; }

// Prolonged-sound marks and dashes, decided on the folded text (ｰ is already ー here):
// - ー stays ー after any kana (すごーい), and so does any other dash-like character (－ ― — ‐ ─ ...)
//   after katakana: there it can only be a long vowel typed with the wrong key (アルツハイマ－).
//   Two exceptions: an ASCII '-' typed as such joins katakana compounds (カルボプラチン-パクリタキセル),
//   and after hiragana only a real ー counts, since a dash there is punctuation (がん—新しい).
// - every other dash-like character, including a stray ー, becomes '-' (RN−4521 -> rn-4521), the
//   separator it is. Box-drawing lines away from katakana are left alone: they draw rules.
void unify_dashes(std::vector<Piece>& pieces, std::string_view src) {
  for (std::size_t k = 0; k < pieces.size(); ++k) {
    char32_t c = pieces[k].c;
    bool box = is_box_line(c);
    if (!is_dash(c) && !box) continue;
    auto previous = k > 0 ? detail::classify(pieces[k - 1].c) : detail::CharClass::separator;
    bool long_vowel = c == 0x30FC ? previous == detail::CharClass::katakana || previous == detail::CharClass::hiragana
                                  : previous == detail::CharClass::katakana && src[pieces[k].source] != '-';
    if (long_vowel) {
      pieces[k].c = 0x30FC;
    } else if (!box) {
      pieces[k].c = U'-';
    }
  }
}

}  // namespace

Normalized normalize_with_offsets(std::string_view utf8) {
  const auto& res = resources();
  auto pieces = fold(decode(utf8), *res.nfkc_cf);
  unify_dashes(pieces, utf8);
  Normalized out;
  out.text.reserve(utf8.size() + 8);
  out.source_offsets.reserve(utf8.size() + 9);
  for (auto p : pieces) {
    // Old kanji forms (醫 -> 医): one code point to one, after folding, as data/kyujitai.tsv says.
    if (p.c >= 0x3400) {
      auto it = res.kyujitai.find(p.c);
      if (it != res.kyujitai.end()) p.c = it->second;
    }
    auto before = out.text.size();
    append_utf8(out.text, p.c);
    out.source_offsets.insert(out.source_offsets.end(), out.text.size() - before, p.source);
  }
  out.source_offsets.push_back(static_cast<std::uint32_t>(utf8.size()));
  return out;
}

std::string normalize(std::string_view utf8) { return normalize_with_offsets(utf8).text; }

}  // namespace rinsho::text
