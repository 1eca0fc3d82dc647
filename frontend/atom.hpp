#pragma once
// Atom 1.0 (RFC 4287) documents from plain structs, written with pugixml so that every title and
// summary is escaped by the XML writer, not by hand.
#include <string>
#include <string_view>
#include <vector>

namespace rinsho::frontend {

struct AtomEntry {
  std::string id;       // a stable absolute IRI: the same version of the same trial keeps it forever
  std::string title;
  std::string updated;  // RFC 3339
  std::string link;     // rel="alternate": the page a reader opens
  std::string summary;  // plain text
};

struct AtomFeed {
  std::string id;
  std::string title;
  std::string subtitle;  // may be empty
  std::string updated;   // RFC 3339; the newest entry's, or the time of the request when there is none
  std::string self;      // the feed's own URL
  std::string alternate; // the HTML page the feed follows
  std::string lang;      // xml:lang
  std::string author;    // the site: every entry inherits it
  std::vector<AtomEntry> entries;
};

// The serialised document (UTF-8, with its XML declaration).
std::string render_atom(const AtomFeed& feed);

// Text that XML 1.0 can carry: ill-formed UTF-8 becomes U+FFFD and characters XML forbids (C0
// controls other than tab, LF and CR; U+FFFE, U+FFFF) are dropped. Registrant text in the store is
// valid JSON, which still allows U+0001; pugixml would write it as &#1;, which no XML parser reads.
std::string xml_text(std::string_view s);

}  // namespace rinsho::frontend
