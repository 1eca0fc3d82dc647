#include "linkage/xml_util.hpp"

#include "linkage/record_sink.hpp"
#include "linkage/text.hpp"

namespace rinsho::linkage {

std::string raw_element_text(std::string_view chunk, std::string_view tag) {
  const auto open = "<" + std::string(tag) + ">";
  const auto at = chunk.find(open);
  if (at == std::string_view::npos) return {};
  const auto begin = at + open.size();
  const auto end = chunk.find('<', begin);
  auto text = trim(chunk.substr(begin, end == std::string_view::npos ? 200 : end - begin));
  return std::string(text.substr(0, 200));
}

std::optional<std::string> parse_chunk(const XmlChunk& chunk, pugi::xml_document& doc, std::string_view element) {
  if (chunk.too_large)
    return "<" + std::string(element) + "> is larger than " + std::to_string(kMaxRecordBytes >> 20) + " MiB; not read";
  if (chunk.truncated) return "the file ends inside this <" + std::string(element) + ">: it is truncated";
  const auto result = doc.load_buffer(chunk.text.data(), chunk.text.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!result)
    return "not well-formed XML: " + std::string(result.description()) + " at byte " + std::to_string(result.offset) +
           " of this <" + std::string(element) + ">";
  return std::nullopt;
}

std::string element_text(const pugi::xml_node& node) {
  std::string out;
  for (auto child : node.children())
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) out += child.value();
  return out;
}

}  // namespace rinsho::linkage
