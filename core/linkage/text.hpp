#pragma once
// Text clean-up shared by the importers (internal to rinsho_linkage).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/trial.hpp"

namespace rinsho::linkage {

// No source field may be longer; anything longer is a damaged or hostile file, not a trial.
inline constexpr std::size_t kMaxFieldBytes = 1u << 20;

std::string_view trim(std::string_view s);
std::string lower_ascii(std::string_view s);
// Upper-case letters and digits only: "Active, not recruiting" and "ACTIVE_NOT_RECRUITING" both
// become ACTIVENOTRECRUITING, so one table serves every source's spelling of an enum.
std::string enum_key(std::string_view s);

// Registries' line breaks (<br>, CRLF, CR) become \n; trailing spaces, the common indentation
// of wrapped text blocks and runs of blank lines go. Meaning is untouched.
std::string clean_text(std::string_view raw);

// Values registries write instead of leaving a field empty: "-", "N/A", "None", "Not applicable".
bool is_placeholder(std::string_view cleaned);

// True when the text holds kana or CJK ideographs; such text is Japanese for rinsho's purposes
// (a Chinese text would be taken for Japanese too; no importer source carries Chinese).
bool has_japanese_script(std::string_view s);

// The cleaned text in `ja` or `en` by script; empty when the text is empty or a placeholder.
std::optional<model::LocalizedText> localized(std::string_view raw);

// Byte offset of the first byte that is not well-formed UTF-8 (overlong forms and surrogates
// included), or nullopt.
std::optional<std::size_t> invalid_utf8_at(std::string_view s);

// A reason when a raw source value cannot be trusted at all: not UTF-8, or longer than 1 MiB.
std::optional<std::string> raw_value_problem(std::string_view field, std::string_view value);

// Splits on `separator`, cleans each part and drops empty ones and placeholders.
std::vector<std::string> split_clean(std::string_view raw, char separator);

// Splits on `separator` keeping empty slots, so two parallel lists stay aligned.
std::vector<std::string> split_keep(std::string_view raw, char separator);

}  // namespace rinsho::linkage
