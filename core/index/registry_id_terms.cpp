#include "index/registry_id_terms.hpp"

#include "index/index_layout.hpp"
#include "text/registry_id.hpp"

namespace rinsho::index {
namespace {

// Xapian refuses terms over 245 bytes; a 100-character id of three-byte characters comes near.
constexpr std::size_t kMaxKeyBytes = 200;

void add_key(Xapian::Document& doc, const std::string& id) {
  const auto key = text::registry_id_key(id);
  if (!key.empty() && key.size() <= kMaxKeyBytes) doc.add_boolean_term(term(prefix::registry_id, key));
}

}  // namespace

void add_registry_id_terms(Xapian::Document& doc, const model::Trial& trial) {
  if (trial.id) add_key(doc, *trial.id);
  if (trial.secondary_ids)
    for (const auto& s : *trial.secondary_ids) add_key(doc, s.id);
}

}  // namespace rinsho::index
