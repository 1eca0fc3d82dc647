#pragma once
// The concept dictionary (data/concepts.tsv, format in data/README.md): every spelling of a medical
// concept, attribute word or noise word maps to one entry, matched longest-first on normalised text.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"

namespace rinsho::text {

enum class ConceptKind { condition, intervention, anatomy, term, attribute, noise };

struct Concept {
  std::string id;
  ConceptKind kind = ConceptKind::term;
  std::vector<std::string> broader;   // ids, as written in the file
  std::vector<std::string> variants;  // as written in the file (display forms)
  std::string filter;                 // attribute kind only, e.g. "status:recruiting", "phase:3"
  // Concepts a query for this one also looks at, ranked below its own matches: the conditions a
  // patient with a symptom would want to see (動悸 -> arrhythmia, heart failure). Query side only.
  std::vector<std::string> related;
};

// A dictionary spelling close to a query word that the dictionary does not know.
struct SpellingMatch {
  std::string display;        // the variant as written in the file
  std::string normalized;     // ... and as matched
  std::size_t concept_index;  // into Dictionary::concepts()
  std::size_t distance;       // edits from the query word
};

struct ConceptMatch {
  std::size_t concept_index;  // into Dictionary::concepts()
  std::size_t begin, end;     // byte range in the normalised text
  bool reading = false;       // matched a query-only reading ("~いがん")
};

// Readings marked "~" in the file (いがん for 胃がん) are what people type, not what records say;
// inside record text they would misfire (多いがん), so only queries match them.
enum class MatchScope { document, query };

class Dictionary {
 public:
  // data/concepts.tsv as compiled into the binary.
  static Result<Dictionary> builtin();
  // Errors name the line: "concepts.tsv:12: unknown kind 'disease'".
  static Result<Dictionary> parse(std::string_view tsv, std::string_view source_name = "concepts.tsv");

  const std::vector<Concept>& concepts() const;
  const Concept* find_id(std::string_view id) const;

  // Longest match, left to right, non-overlapping, over already-normalised text. A variant that
  // begins (ends) with a Latin letter or digit matches only where no letter/digit precedes (follows)
  // it: "her" is not in "other", while egfr変異 is found in "EGFR変異L858R".
  std::vector<ConceptMatch> match(std::string_view normalized, MatchScope scope = MatchScope::document) const;

  // The concept itself and every broader concept reachable from it (ids, no duplicates).
  std::vector<std::string> with_ancestors(std::size_t concept_index) const;

  // Concept::related resolved to indexes (empty for most concepts).
  const std::vector<std::size_t>& related(std::size_t concept_index) const;

  // Single-word Latin and katakana variants within `max_distance` edits of a normalised word
  // (text/spelling.hpp), closest first, conditions and interventions before other kinds; at most
  // `limit`. Used for "did you mean" when a query finds little.
  std::vector<SpellingMatch> near_spellings(std::string_view normalized_word, std::size_t max_distance,
                                            std::size_t limit) const;

  // Variants whose normalised form starts with the normalised prefix, for search-box suggestions,
  // conditions and interventions first; at most `limit`. Each item: {display variant, concept index}.
  std::vector<std::pair<std::string, std::size_t>> complete(std::string_view normalized_prefix, std::size_t limit) const;

 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

}  // namespace rinsho::text
