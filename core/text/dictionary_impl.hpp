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

struct VariantEntry {
  std::size_t concept_index;
  bool word_bounded;  // contains a Latin letter or digit: match only between word boundaries
};

struct CompletionEntry {
  std::string normalized;
  std::size_t concept_index;
  std::size_t variant_index;  // into Concept::variants: the display form
};

struct DictionaryData {
  std::vector<Concept> concepts;
  StringMap<std::size_t> by_id;
  StringMap<VariantEntry> by_variant;  // normalised variant -> entry
  // Lengths (code points) of the variants starting with a code point, longest first, so matching
  // probes only lengths that exist.
  std::unordered_map<char32_t, std::vector<std::uint32_t>> lengths_by_first;
  std::vector<std::vector<std::size_t>> broader;  // resolved Concept::broader
  std::vector<CompletionEntry> completions;       // sorted by normalised variant
};

}  // namespace rinsho::text::detail

namespace rinsho::text {
struct Dictionary::Impl : detail::DictionaryData {};
}  // namespace rinsho::text
