#pragma once
// Internal helpers for core/text: UTF-8 stepping and the character classes that decide where runs
// of Japanese text and Latin words begin and end. Used on normalised text, so full-width forms,
// upper case and half-width kana never reach them.
#include <cstddef>
#include <string>
#include <string_view>

namespace rinsho::text::detail {

// The code point starting at byte `i`, advancing `i` past it. Ill-formed sequences yield U+FFFD and
// advance by their maximal ill-formed prefix (the ICU / WHATWG convention), so decoding never stalls.
char32_t next_code_point(std::string_view s, std::size_t& i);
void append_utf8(std::string& out, char32_t c);
std::size_t utf8_length(std::string_view s);  // code points

enum class CharClass { separator, han, hiragana, katakana, word };

// han includes 々 〆 〇; katakana includes ー ヶ but not the middle dot ・ (a separator);
// word is any other letter or digit (Latin, Greek, Cyrillic, Hangul...).
CharClass classify(char32_t c);

inline bool is_cjk(CharClass k) {
  return k == CharClass::han || k == CharClass::hiragana || k == CharClass::katakana;
}
inline bool is_kana(char32_t c) {
  auto k = classify(c);
  return k == CharClass::hiragana || k == CharClass::katakana;
}
inline bool is_word_char(char32_t c) { return classify(c) == CharClass::word; }
inline bool is_ascii_digit(char32_t c) { return c >= U'0' && c <= U'9'; }

}  // namespace rinsho::text::detail
