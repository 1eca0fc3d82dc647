#pragma once
// Imports trial records from other registries' exports into rinsho records (schema/trial.schema.json).
// The mapping of every source field is in core/linkage/README.md.
//
// Each source record becomes one ImportedRecord, handed to the callback as soon as it is read, so a
// file of any size is imported in bounded memory and a bad record never stops the run:
//   mapped   record is set and passed model::RecordValidator; reasons hold notes worth showing
//            (a value left out, a documented fallback used).
//   skipped  deliberately not imported, reasons say why (no link to Japan, an expanded-access
//            programme). Under ImportOptions::all_countries a trial that is valid except that the
//            schema requires "JP" in countries is skipped WITH its record set, so a caller that
//            converts formats can still use it; the store saves mapped records only.
//   failed   could not be mapped or did not validate; reasons name the source field or the
//            schema pointer and say what is wrong.
// Mapping is deterministic (no import time inside records), so re-importing a source gives equal
// records and the store can report them unchanged.
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/error.hpp"

namespace rinsho::linkage {

enum class ImportFormat {
  ictrp_xml,   // WHO ICTRP XML export: <Trials_downloaded_from_ICTRP><Trial>...
  ictrp_csv,   // WHO ICTRP CSV export (the 40-column layout; BOM, CRLF, quoted newlines accepted)
  ctgov_json,  // ClinicalTrials.gov API v2: one study, a {"studies": [...]} page, or NDJSON;
               // also a retired classic-API FullStudiesResponse page
  ctgov_xml,   // ClinicalTrials.gov legacy XML: <clinical_study>, one or more per stream
};

// "ictrp-xml", "ictrp-csv", "ctgov-json", "ctgov-xml"; anything else is ErrorCode::invalid_argument.
Result<ImportFormat> parse_import_format(std::string_view name);
std::string_view import_format_name(ImportFormat format);

struct ImportOptions {
  // Map trials with no Japanese site and no Japan among their countries instead of skipping
  // them unread (see "skipped" above for what happens to them).
  bool all_countries = false;
  // Asked before each record: true stops the reading there (Ctrl-C, or the store failed). The
  // records handed over so far stay valid and the result is success.
  std::function<bool()> should_stop;
};

struct ImportedRecord {
  enum class Outcome { mapped, skipped, failed };
  // The source's own id (TrialID, NCT number) or, when it has none, "#<n>": the record's 1-based
  // position in the stream.
  std::string source_id;
  std::optional<nlohmann::json> record;
  std::vector<std::string> reasons;
  Outcome outcome = Outcome::failed;
};

const char* outcome_name(ImportedRecord::Outcome outcome);

// Reads `in` to its end. The error result is kept for a stream that cannot be read as the format
// at all (a DOCTYPE, a non-UTF-8 encoding declaration, JSON that does not parse, a CSV without the
// TrialID column) or that ends before its root element closes; records handed over before that
// stay valid.
Result<void> import_stream(ImportFormat format, std::istream& in, const ImportOptions& options,
                           const std::function<void(ImportedRecord&&)>& on_record);

}  // namespace rinsho::linkage
