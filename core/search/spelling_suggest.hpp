#pragma once
// "Did you mean" for query words with a typo (レカネマプ, pembrolizmab): the nearest spelling the
// dictionary or the index's own vocabulary knows, by edit distance (text/spelling.hpp).
// Not Xapian's Database::get_spelling_suggestion: that needs spelling data written at index time
// (WritableDatabase::add_spelling), which the index does not hold, and adding it would store every
// word twice; the term list already is the vocabulary, and katakana words are its W terms.
#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

#include "text/dictionary.hpp"

namespace rinsho::search {

struct SpellingCorrection {
  std::string word;         // as the query has it
  std::string replacement;  // the spelling to offer instead
};

// Each word's katakana and Latin pieces (text::spelling_runs) are looked at: pieces the dictionary
// knows, or that at least kKnownTrials trials contain, are left alone. Others
// get the nearest spelling that some trial contains: dictionary variants of any length, and index
// words (Latin terms, katakana W terms) that begin like the word (see scan_index); the closest
// wins, then the one more trials contain. The index scan reads at most kMaxScannedTerms terms a
// piece and at most kMaxCorrectedWords pieces are looked at, so the cost stays bounded on a large
// index (measured: 0.3 ms for one Latin and one katakana word against 15,000 index terms starting
// with p, on a loaded 2-core machine). It runs only for queries that found fewer than 3 trials.
inline constexpr Xapian::doccount kKnownTrials = 3;
inline constexpr std::size_t kMaxScannedTerms = 10000;
inline constexpr std::size_t kMaxCorrectedWords = 4;

std::vector<SpellingCorrection> spelling_corrections(const Xapian::Database& db, const text::Dictionary& dictionary,
                                                     const std::vector<std::string>& words);

// `q` with each corrected word replaced, in order (quotes, exclusions and OR kept as typed).
std::string apply_corrections(const std::string& q, const std::vector<SpellingCorrection>& corrections);

}  // namespace rinsho::search
