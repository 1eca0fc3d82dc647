#pragma once
// Internal: the parsed, indexed form of data/concepts.tsv behind Dictionary.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "text/dictionary.hpp"

namespace rinsho::text::detail {

// Heterogeneous lookup, so matching probes the map with string_views into the text.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <class V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

constexpr char32_t kNoCodePoint = 0x1FFFFF;  // above U+10FFFF
inline std::uint64_t start_key(char32_t first, char32_t second) {
  return (static_cast<std::uint64_t>(first) << 21) | second;
}

struct CompletionEntry {
  std::string normalized;
  std::size_t concept_index;
  std::size_t variant_index;  // into Concept::variants: the display form
};

// A variant that is one Latin or katakana word, in code points, for near-miss lookups.
struct SpellingEntry {
  std::u32string code_points;
  std::size_t concept_index;
  std::size_t variant_index;
};

struct DictionaryData {
  std::vector<Concept> concepts;
  StringMap<std::size_t> by_id;
  StringMap<std::size_t> by_variant;  // normalised variant -> concept index
  StringMap<std::size_t> by_reading;  // normalised "~" variants (query-only readings) -> concept index
  // Lengths (code points) of the variants starting with the same two code points, longest first,
  // so matching probes only lengths that exist (a one-character variant pairs with kNoCodePoint).
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> lengths_by_start;
  std::vector<std::vector<std::size_t>> broader;  // resolved Concept::broader
  std::vector<CompletionEntry> completions;       // sorted by normalised variant
  std::vector<std::vector<std::size_t>> related;  // resolved Concept::related
  // Spelling entries by length in code points: a lookup reads only lengths within its distance.
  std::vector<std::vector<SpellingEntry>> spellings_by_length;
};

}  // namespace rinsho::text::detail

namespace rinsho::text {
struct Dictionary::Impl : detail::DictionaryData {};
}  // namespace rinsho::text
