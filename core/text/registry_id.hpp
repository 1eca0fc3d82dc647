#pragma once
// Registry ids (jRCT2031240001, NCT01234567, UMIN000012345, JapicCTI-194987, EudraCT's
// 2023-504412-29) reduced to one key for the index and for queries alike: people paste them in any
// case, in full-width forms, and with or without the hyphens and spaces registries print.
#include <optional>
#include <string>
#include <string_view>

namespace rinsho::text {

// normalize() (NFKC_Casefold, dashes unified), then every ASCII character but letters and digits
// dropped: "JapicCTI-194987" and "ｊａｐｉｃｃｔｉ１９４９８７" both give "japiccti194987".
// Empty when nothing is left.
std::string registry_id_key(std::string_view id);

// The key of one query word that looks like a registry id: only ASCII letters and digits once
// separators are gone, and at least six digits (every registry numbers its trials with that many;
// drug codes such as MK-3475 or BNT162b2 have fewer). nullopt for ordinary words.
std::optional<std::string> registry_id_in_query(std::string_view word);

}  // namespace rinsho::text
