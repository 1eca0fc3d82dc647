#include "frontend/atom.hpp"

#include <sstream>

#include <pugixml.hpp>

namespace rinsho::frontend {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

// The length of the well-formed UTF-8 sequence at s[i] (RFC 3629), or 0.
std::size_t utf8_length(std::string_view s, std::size_t i, char32_t& cp) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const auto cont = [&](std::size_t k) { return i + k < s.size() && (b(k) & 0xC0) == 0x80; };
  const unsigned char c = b(0);
  if (c < 0x80) { cp = c; return 1; }
  if (c >= 0xC2 && c <= 0xDF && cont(1)) { cp = ((c & 0x1F) << 6) | (b(1) & 0x3F); return 2; }
  if (c >= 0xE0 && c <= 0xEF && cont(1) && cont(2)) {
    cp = ((c & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
    return cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4 && cont(1) && cont(2) && cont(3)) {
    cp = ((c & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
    return cp >= 0x10000 && cp <= 0x10FFFF ? 4 : 0;
  }
  return 0;
}

bool xml_char(char32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp != 0xFFFE && cp != 0xFFFF);
}

void text_child(pugi::xml_node parent, const char* name, std::string_view value) {
  parent.append_child(name).text().set(xml_text(value).c_str());
}

void link(pugi::xml_node parent, const char* rel, const std::string& href, const char* type) {
  auto l = parent.append_child("link");
  l.append_attribute("rel") = rel;
  if (type) l.append_attribute("type") = type;
  l.append_attribute("href") = xml_text(href).c_str();
}

}  // namespace

std::string xml_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    const std::size_t n = utf8_length(s, i, cp);
    if (n == 0) {
      out += kReplacement;
      ++i;
      continue;
    }
    if (xml_char(cp)) out.append(s.substr(i, n));
    i += n;
  }
  return out;
}

std::string render_atom(const AtomFeed& f) {
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "utf-8";
  auto feed = doc.append_child("feed");
  feed.append_attribute("xmlns") = "http://www.w3.org/2005/Atom";
  feed.append_attribute("xml:lang") = f.lang.c_str();
  text_child(feed, "id", f.id);
  text_child(feed, "title", f.title);
  if (!f.subtitle.empty()) text_child(feed, "subtitle", f.subtitle);
  text_child(feed, "updated", f.updated);
  link(feed, "self", f.self, "application/atom+xml");
  link(feed, "alternate", f.alternate, "text/html");
  text_child(feed.append_child("author"), "name", f.author);
  for (const auto& e : f.entries) {
    auto entry = feed.append_child("entry");
    text_child(entry, "id", e.id);
    text_child(entry, "title", e.title);
    text_child(entry, "updated", e.updated);
    link(entry, "alternate", e.link, "text/html");
    text_child(entry, "summary", e.summary);
  }
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  return out.str();
}

}  // namespace rinsho::frontend
