#pragma once
// Text analysis shared by the indexer and the searcher, so a query sees the terms a document got.
//
// Recall terms (positional): each CJK run yields overlapping bigrams and unigrams at the same
// positions (大腸炎 -> 大腸@0 大@0 腸炎@1 腸@1 炎@2); a katakana run also yields an anchor term
// "^" + its first bigram at the run's first position, so a katakana query must start where a
// katakana word starts (ローン never matches クローン病). Latin and digit runs yield one term each
// (a '.' between digits stays inside: "2.5"). Separators take no position; at one position the
// order is anchor, bigram, unigram.
// Precision terms: ICU BreakIterator words with a non-ASCII letter, katakana pieces merged back
// (ク|ローン -> クローン); an ASCII word is a recall term already.
// Concepts: dictionary matches (longest first) on the normalised text.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "text/dictionary.hpp"
#include "text/normalizer.hpp"
#include "text/reading.hpp"

namespace rinsho::text {

struct Token {
  enum class Kind { bigram, unigram, katakana_anchor, latin };
  std::string term;         // as indexed, no prefix
  std::uint32_t position;   // relative to the start of the analysed text
  std::uint32_t begin, end; // byte range in the normalised text
  Kind kind;
};

struct DocumentAnalysis {
  Normalized normalized;
  std::vector<Token> tokens;          // recall terms, ascending position
  std::vector<std::string> words;     // precision terms (ICU words, merged katakana), in order
  std::vector<ConceptMatch> concepts; // dictionary matches in order
  std::uint32_t next_position = 0;    // one past the last position used
  // Reading bigrams (reading.hpp) of each CJK run that holds a kanji, in a positional space of
  // their own from 0: consecutive within a run, a gap of one between runs, so that a phrase of
  // reading bigrams never spans two runs. Only analyze_document with_readings fills them.
  std::vector<ReadingBigram> readings;
  std::uint32_t next_reading_position = 0;
};

// One piece of a query after dictionary matching. (`concept` is a C++20 keyword, hence the names.)
struct QueryUnit {
  enum class Type { concept_match, text };
  Type type = Type::text;
  std::string surface;                      // normalised text of this piece
  const Concept* matched_concept = nullptr; // Type::concept_match only; owned by the Dictionary
  std::size_t concept_index = 0;            // Type::concept_match only
  // The recall terms this piece's surface would get in a document, positions starting at 0 and
  // byte ranges into `surface`: a phrase of these at consecutive positions is an exact substring match.
  std::vector<Token> tokens;
  bool reading = false;                   // Type::concept_match only: matched a query-only reading
  bool particle = false;                  // Type::text only: hiragana function words (で, の, に...) to drop
};

// Not thread-safe (owns an ICU BreakIterator): give each thread its own Analyzer. Cheap to copy
// from a prototype: the copy clones the break iterator.
class Analyzer {
 public:
  explicit Analyzer(std::shared_ptr<const Dictionary> dictionary);
  Analyzer(const Analyzer& other);
  Analyzer& operator=(const Analyzer&) = delete;
  ~Analyzer();

  // `first_position` lets a caller index several fields into one positional space; `with_readings`
  // fills DocumentAnalysis::readings (a MeCab parse per kanji run, so only where they are indexed).
  DocumentAnalysis analyze_document(std::string_view text, std::uint32_t first_position = 0,
                                    bool with_readings = false) const;

  // The same without the ICU words, which only ranking needs: what highlighting a snippet uses.
  DocumentAnalysis analyze_for_highlight(std::string_view text) const;

  // Splits one query word or run (no quotes/operators, those are the searcher's) into units: each
  // dictionary match, and each CJK run or Latin word between matches, in order.
  std::vector<QueryUnit> analyze_query(std::string_view text) const;

  const Dictionary& dictionary() const;

  // The katakana reading of one normalised CJK run, and up to n likely ones (reading.hpp).
  std::string reading(std::string_view normalized_run) const;
  std::vector<std::string> readings(std::string_view normalized_run, std::size_t n) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rinsho::text
