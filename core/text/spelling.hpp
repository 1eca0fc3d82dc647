#pragma once
// Near misses for "did you mean": which query words are worth correcting, and a bounded edit
// distance over code points (a katakana typo such as プ for ブ is one substitution, as in Latin).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace rinsho::text {

// Only whole Latin words (a-z, at least 4 letters) and katakana words (at least 3 characters) are
// corrected: shorter words have too many neighbours, and kanji or mixed runs have no typos of this
// kind (a wrong kanji is a different word, and recall bigrams already find partial matches).
enum class SpellingScript { none, latin, katakana };
SpellingScript spelling_script(std::string_view normalized_word);

// Byte ranges of the pieces of a normalised query word worth correcting: maximal katakana runs and
// Latin letter runs that spelling_script accepts (レカネマプの治験 -> レカネマプ). A Latin run next
// to a digit is part of a code (her2, bnt162b2) and is left out.
struct SpellingRun {
  std::size_t begin, end;
  SpellingScript script;
};
std::vector<SpellingRun> spelling_runs(std::string_view normalized_word);

// The largest distance still offered as a correction for a word of `code_points` characters:
// one edit up to 5 characters (7 for katakana, whose characters carry more), two above.
std::size_t max_typo_distance(SpellingScript script, std::size_t code_points);

std::u32string to_code_points(std::string_view utf8);
std::string to_utf8(std::u32string_view code_points);

// Optimal string alignment distance (insertions, deletions, substitutions and transpositions of
// neighbours), or max + 1 as soon as it must exceed max.
std::size_t edit_distance(std::u32string_view a, std::u32string_view b, std::size_t max);

}  // namespace rinsho::text
