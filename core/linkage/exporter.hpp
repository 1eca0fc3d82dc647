#pragma once
// Exports rinsho records (schema/trial.schema.json) to other registries' formats. Column lists and
// element mappings are in core/linkage/README.md.
//
// Records must be valid, as the store keeps them: a record trial_from_json cannot read is a bug in
// the caller and throws std::invalid_argument. Output is deterministic (no export timestamps).
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "common/error.hpp"

namespace rinsho::linkage {

enum class ExportFormat {
  fhir,        // HL7 FHIR R4 ResearchStudy (JSON)
  trds_xml,    // WHO Trial Registration Data Set in the ICTRP export layout
  ctgov_json,  // ClinicalTrials.gov API v2-shaped study (protocolSection modules)
  csv,         // one row per trial, RFC 4180, the columns in README.md
};

// "fhir", "trds-xml", "ctgov-json", "csv"; anything else is ErrorCode::invalid_argument.
Result<ExportFormat> parse_export_format(std::string_view name);
std::string_view export_format_name(ExportFormat format);
// The media type to serve the output of a writer for `format` with (many records: FHIR NDJSON).
std::string_view export_media_type(ExportFormat format);
// The media type of export_trial's output (one record: a single FHIR resource is fhir+json).
std::string_view export_trial_media_type(ExportFormat format);

// One record as a complete document: a ResearchStudy, a <Trials_downloaded_from_ICTRP> holding
// one <Trial>, a v2 study object, or a CSV header plus one row.
std::string export_trial(ExportFormat format, const nlohmann::json& record);

// Many records as one stream:
//   fhir        NDJSON: one ResearchStudy per line (the FHIR Bulk Data format, application/fhir+ndjson)
//   trds_xml    one <Trials_downloaded_from_ICTRP> root, one <Trial> per record
//   ctgov_json  one API v2 page: {"studies": [...]}, the shape the ctgov-json importer reads back
//   csv         a UTF-8 byte-order mark (so Excel reads Japanese), the header once, a row per record
// Call begin() once, write() per record, end() once; nothing is buffered beyond one record.
class ExportWriter {
 public:
  virtual ~ExportWriter() = default;
  virtual void begin(std::ostream& out) = 0;
  virtual void write(const nlohmann::json& record) = 0;
  virtual void end() = 0;
};

std::unique_ptr<ExportWriter> make_export_writer(ExportFormat format);

}  // namespace rinsho::linkage
