#pragma once
// A query word that looks like a registry id (see text::registry_id_in_query) also asks for the
// trial that lists it, with a weight no text match reaches, so a pasted id gives that trial first.
#include <optional>
#include <string_view>

#include <xapian.h>

namespace rinsho::search {

// The id's XI term with a fixed weight; nullopt for ordinary words. An id no trial lists matches
// nothing, so the query falls through to the usual zero-hit suggestions.
std::optional<Xapian::Query> registry_id_query(std::string_view word);

// `word_query` OR the registry-id query of `word`, when the word looks like an id.
Xapian::Query or_registry_id(Xapian::Query word_query, std::string_view word);

}  // namespace rinsho::search
