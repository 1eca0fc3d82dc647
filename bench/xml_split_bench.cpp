// Splitting an ICTRP XML export into <Trial> records: rinsho's hand-written scanner
// (core/linkage/xml_scanner.hpp) against libxml2's xmlTextReader, which streams elements with a
// maintained, fuzzed parser. Each path hands every record to pugixml as the importer does, and
// also reports the split alone.
//   rinsho_bench_xml_split FILE.xml
#include <chrono>
#include <cstdio>
#include <fstream>

#include <libxml/xmlreader.h>
#include <pugixml.hpp>

#include "linkage/xml_scanner.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct Run {
  std::size_t records = 0, bytes = 0;
  double seconds = 0;
};

Run with_scanner(const char* path, bool parse) {
  const auto start = Clock::now();
  std::ifstream in(path, std::ios::binary);
  rinsho::linkage::XmlElementScanner scanner(in, "Trial", 32u << 20);
  Run r;
  for (;;) {
    auto chunk = scanner.next();
    if (!chunk || !*chunk) break;
    ++r.records;
    r.bytes += (*chunk)->text.size();
    if (parse) {
      pugi::xml_document doc;
      doc.load_buffer((*chunk)->text.data(), (*chunk)->text.size());
    }
  }
  r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return r;
}

Run with_text_reader(const char* path, bool parse) {
  const auto start = Clock::now();
  // XML_PARSE_NONET and no DTD loading or entity substitution: the same refusal of outside
  // resources the scanner gives.
  xmlTextReaderPtr reader = xmlReaderForFile(path, nullptr, XML_PARSE_NONET | XML_PARSE_HUGE);
  Run r;
  int rc = reader ? xmlTextReaderRead(reader) : -1;
  while (rc == 1) {
    if (xmlTextReaderNodeType(reader) == XML_READER_TYPE_ELEMENT && xmlTextReaderDepth(reader) == 1) {
      xmlChar* outer = xmlTextReaderReadOuterXml(reader);
      if (outer) {
        const std::size_t n = xmlStrlen(outer);
        ++r.records;
        r.bytes += n;
        if (parse) {
          pugi::xml_document doc;
          doc.load_buffer(outer, n);
        }
        xmlFree(outer);
      }
      rc = xmlTextReaderNext(reader);  // past the element and its subtree
    } else {
      rc = xmlTextReaderRead(reader);
    }
  }
  if (reader) xmlFreeTextReader(reader);
  r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return r;
}

void print(const char* name, const Run& r) {
  std::printf("%-34s %8zu records %9.1f MB %7.2f s %9.0f records/s\n", name, r.records, r.bytes / 1e6, r.seconds,
              r.records / r.seconds);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: rinsho_bench_xml_split FILE.xml\n");
    return 2;
  }
  for (int round = 0; round < 2; ++round) {  // the second round runs with the file in the page cache
    print("scanner, split only", with_scanner(argv[1], false));
    print("xmlTextReader, split only", with_text_reader(argv[1], false));
    print("scanner + pugixml", with_scanner(argv[1], true));
    print("xmlTextReader + pugixml", with_text_reader(argv[1], true));
  }
  return 0;
}
