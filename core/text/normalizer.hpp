#pragma once
// One normalisation for documents, queries and dictionary entries:
// ICU NFKC_Casefold (full-width Latin/digits, half-width kana, Roman numerals Ⅲ -> iii, case),
// then prolonged-sound marks and dashes unified, then old kanji forms mapped to new ones.
// Dashes: after katakana every dash-like character (ｰ － ‐ ‑ ‒ – — ― ⁃ − ─ ━) is a mistyped long vowel
// and becomes ー, except an ASCII '-' (it joins compounds: カルボプラチン-パクリタキセル); after hiragana
// only ー stays ー. Every other dash-like character, a stray ー included, becomes '-' (RN−4521 -> rn-4521).
// Okurigana variants (組み入れ / 組入れ) are not folded here: they are different characters, listed
// as variants in the dictionary instead.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rinsho::text {

struct Normalized {
  std::string text;
  // For every byte of `text`, the byte offset in the source of the character it came from, plus a
  // final entry equal to the source length. Lets snippets mark the user's own characters.
  std::vector<std::uint32_t> source_offsets;
};

// Thread-safe; invalid UTF-8 is replaced by U+FFFD and never throws.
Normalized normalize_with_offsets(std::string_view utf8);
std::string normalize(std::string_view utf8);

}  // namespace rinsho::text
