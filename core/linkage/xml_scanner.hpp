#pragma once
// Cuts an XML stream into its record elements (internal), so each record is parsed on its own:
// memory stays bounded by one record, and a record that is truncated, too large or malformed
// fails alone while the others import.
#include <cstddef>
#include <istream>
#include <optional>
#include <string>

#include "common/error.hpp"

namespace rinsho::linkage {

struct XmlChunk {
  std::string text;         // "<Trial>...</Trial>", ready for pugixml
  bool truncated = false;   // the stream ended inside the element
  bool too_large = false;   // longer than the limit; text holds only its beginning
};

class XmlElementScanner {
 public:
  // `element` is the record element (Trial, clinical_study); it may be the root itself.
  XmlElementScanner(std::istream& in, std::string element, std::size_t max_element_bytes);

  // The next record element, nullopt after the last. An error means the stream cannot be read as
  // XML at all: a DOCTYPE, a non-UTF-8 encoding, UTF-16.
  Result<std::optional<XmlChunk>> next();

  // After next() returned nullopt: an error when the root element never closed (a truncated file).
  Result<void> finish() const;

 private:
  bool fill();                                        // reads more; false at end of stream
  std::size_t find(std::string_view needle, std::size_t from);  // reads as needed; npos at the end
  Result<void> read_prolog();
  std::size_t find_start_tag(std::size_t from);
  XmlChunk take_element(std::size_t start);

  std::istream& in_;
  std::string element_, root_;
  std::size_t max_bytes_;
  std::string buf_;
  std::size_t pos_ = 0;
  bool prolog_done_ = false, root_closed_ = false, eof_ = false;
};

}  // namespace rinsho::linkage
