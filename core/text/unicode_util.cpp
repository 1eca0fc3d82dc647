#include "text/unicode_util.hpp"

#include <algorithm>
#include <cstdint>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace rinsho::text::detail {

char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto* p = reinterpret_cast<const std::uint8_t*>(s.data());
  auto b = p[i];
  if (b < 0x80) {  // ASCII fast path: most of any record
    ++i;
    return b;
  }
  // U8_NEXT_OR_FFFD works on int32 offsets; restart the count at `i` so long inputs stay in range.
  std::int32_t j = 0;
  auto length = static_cast<std::int32_t>(std::min<std::size_t>(s.size() - i, 4));
  UChar32 c = 0;
  U8_NEXT_OR_FFFD(p + i, j, length, c);
  i += static_cast<std::size_t>(j);
  return static_cast<char32_t>(c);
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size();) {
    next_code_point(s, i);
    ++n;
  }
  return n;
}

CharClass classify(char32_t c) {
  if (c < 0x80) {
    if ((c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || is_ascii_digit(c)) return CharClass::word;
    return CharClass::separator;
  }
  if (c >= 0x3041 && c <= 0x309F) {
    // The combining voiced marks only survive normalisation when nothing could absorb them.
    if (c >= 0x3099 && c <= 0x309C) return CharClass::separator;
    return c <= 0x3096 || c >= 0x309D ? CharClass::hiragana : CharClass::separator;
  }
  if (c >= 0x30A1 && c <= 0x30FF) return c == 0x30FB ? CharClass::separator : CharClass::katakana;
  if (c >= 0x31F0 && c <= 0x31FF) return CharClass::katakana;
  if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF) ||
      (c >= 0x20000 && c <= 0x3134F) || c == 0x3005 || c == 0x3006 || c == 0x3007 || c == 0x303B) {
    return CharClass::han;
  }
  auto u = static_cast<UChar32>(c);
  if (u_hasBinaryProperty(u, UCHAR_ALPHABETIC) || u_charType(u) == U_DECIMAL_DIGIT_NUMBER) return CharClass::word;
  return CharClass::separator;
}

}  // namespace rinsho::text::detail
