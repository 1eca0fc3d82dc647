#pragma once
// pugixml helpers shared by the XML importers (internal).
#include <optional>
#include <string>
#include <string_view>

#include <pugixml.hpp>

#include "linkage/xml_scanner.hpp"

namespace rinsho::linkage {

// The text of the first <tag> in a raw chunk, found without parsing, so a record that does not
// parse can still be reported under its own id. Empty when absent.
std::string raw_element_text(std::string_view chunk, std::string_view tag);

// Parses one record chunk. Entities are never expanded beyond XML's five and character
// references (pugixml has no DTD support); a reason when the chunk is not usable.
std::optional<std::string> parse_chunk(const XmlChunk& chunk, pugi::xml_document& doc, std::string_view element);

// All character data of an element, CDATA included.
std::string element_text(const pugi::xml_node& node);

}  // namespace rinsho::linkage
