#pragma once
// One entry point per source format (internal); importer.cpp dispatches to them.
#include <istream>

#include "common/error.hpp"
#include "linkage/record_sink.hpp"

namespace rinsho::linkage {

Result<void> import_ictrp_xml(std::istream& in, RecordSink& sink);
Result<void> import_ictrp_csv(std::istream& in, RecordSink& sink);
Result<void> import_ctgov_json(std::istream& in, RecordSink& sink);
Result<void> import_ctgov_xml(std::istream& in, RecordSink& sink);

}  // namespace rinsho::linkage
