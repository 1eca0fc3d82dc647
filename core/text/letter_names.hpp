#pragma once
// Latin letters spelled out in katakana (エーエルエス for ALS, アイジーエー腎症 for IgA腎症): how a
// patient types an abbreviation heard from a doctor on a phone keyboard set to kana.
#include <string>
#include <string_view>

namespace rinsho::text {

// The normalised text with every katakana run that begins with two or more spelled-out letters
// given those letters in Latin (lower case, as normalised text has them); the rest of the run stays
// (アールエスウイルス -> rsウイルス). Text without such a run comes back normalised and unchanged.
std::string spelled_letters_to_latin(std::string_view text);

}  // namespace rinsho::text
