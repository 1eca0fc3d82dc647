// WHO ICTRP XML export: <Trials_downloaded_from_ICTRP><Trial><TrialID>... one element per field.
#include "linkage/ictrp.hpp"
#include "linkage/importers.hpp"
#include "linkage/xml_util.hpp"

namespace rinsho::linkage {

Result<void> import_ictrp_xml(std::istream& in, RecordSink& sink) {
  XmlElementScanner scanner(in, "Trial", kMaxRecordBytes);
  for (;;) {
    if (sink.stop_requested()) return {};
    auto chunk = scanner.next();
    if (!chunk) return tl::unexpected(chunk.error());
    if (!*chunk) break;
    auto id = raw_element_text((*chunk)->text, "TrialID");
    if (id.empty()) id = sink.next_position_id();
    pugi::xml_document doc;
    if (auto problem = parse_chunk(**chunk, doc, "Trial")) {
      sink.failed(id, {*problem});
      continue;
    }
    IctrpFields fields;
    for (auto field : doc.child("Trial").children())
      if (field.type() == pugi::node_element) fields.add(field.name(), element_text(field));
    map_ictrp_record(fields, sink);
  }
  return scanner.finish();
}

}  // namespace rinsho::linkage
