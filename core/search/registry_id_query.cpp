#include "search/registry_id_query.hpp"

#include "index/index_layout.hpp"
#include "text/registry_id.hpp"

namespace rinsho::search {
namespace {

// Far above any text weight, so the trial listing the id outranks one that merely mentions it:
// whole-query BM25 weights on the sample trials run from tens to a few hundred (280 for a six-word
// query about one trial; the API shows them as "score").
constexpr double kRegistryIdWeight = 10000.0;

}  // namespace

std::optional<Xapian::Query> registry_id_query(std::string_view word) {
  const auto key = text::registry_id_in_query(word);
  if (!key) return std::nullopt;
  // XI terms are boolean (no wdf, so they leave document lengths and BM25 alone); the posting
  // source gives every document the same weight and the AND keeps only the one listing the id.
  auto* weight = new Xapian::FixedWeightPostingSource(kRegistryIdWeight);
  return Xapian::Query(Xapian::Query::OP_AND, Xapian::Query(index::term(index::prefix::registry_id, *key)),
                       Xapian::Query(weight->release()));
}

Xapian::Query or_registry_id(Xapian::Query word_query, std::string_view word) {
  auto id = registry_id_query(word);
  if (!id) return word_query;
  if (word_query.empty()) return *id;
  return Xapian::Query(Xapian::Query::OP_OR, word_query, *id);
}

}  // namespace rinsho::search
