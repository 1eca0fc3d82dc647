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

  // Variants whose normalised form starts with the normalised prefix, for search-box suggestions,
  // conditions and interventions first; at most `limit`. Each item: {display variant, concept index}.
  std::vector<std::pair<std::string, std::size_t>> complete(std::string_view normalized_prefix, std::size_t limit) const;

 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

}  // namespace rinsho::text
