#pragma once
// Highlighted snippets computed from our own tokens: Xapian's MSet::snippet re-tokenises with its
// own rules and would not see CJK bigrams or concepts.
#include <set>
#include <string>
#include <string_view>

#include "text/analyzer.hpp"

namespace rinsho::search {

struct SnippetOptions {
  std::size_t max_chars = 110;  // code points shown around the matches
};

// HTML-escaped excerpt of `text` with <mark>…</mark> around spans whose recall terms are in `terms`
// or whose concepts (or their ancestors) are in `concepts`. Starts near the first match.
std::string make_snippet(std::string_view text, const std::set<std::string>& terms,
                         const std::set<std::string>& concepts, const text::Analyzer& analyzer,
                         const SnippetOptions& options = {});

}  // namespace rinsho::search
