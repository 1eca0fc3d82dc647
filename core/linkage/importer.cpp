#include "linkage/importer.hpp"

#include <array>
#include <istream>

#include "linkage/importers.hpp"
#include "model/validator.hpp"

namespace rinsho::linkage {
namespace {

constexpr std::array<std::pair<ImportFormat, std::string_view>, 4> kNames = {{
    {ImportFormat::ictrp_xml, "ictrp-xml"},
    {ImportFormat::ictrp_csv, "ictrp-csv"},
    {ImportFormat::ctgov_json, "ctgov-json"},
    {ImportFormat::ctgov_xml, "ctgov-xml"},
}};

}  // namespace

Result<ImportFormat> parse_import_format(std::string_view name) {
  for (const auto& [format, n] : kNames)
    if (n == name) return format;
  return fail(ErrorCode::invalid_argument,
              "unknown import format '" + std::string(name) + "'; use ictrp-xml, ictrp-csv, ctgov-json or ctgov-xml",
              {{"/format", "取り込み形式は ictrp-xml, ictrp-csv, ctgov-json, ctgov-xml のいずれかです",
                "must be one of: ictrp-xml, ictrp-csv, ctgov-json, ctgov-xml"}});
}

std::string_view import_format_name(ImportFormat format) {
  for (const auto& [f, n] : kNames)
    if (f == format) return n;
  return "unknown";
}

const char* outcome_name(ImportedRecord::Outcome outcome) {
  switch (outcome) {
    case ImportedRecord::Outcome::mapped: return "mapped";
    case ImportedRecord::Outcome::skipped: return "skipped";
    case ImportedRecord::Outcome::failed: return "failed";
  }
  return "failed";
}

Result<void> import_stream(ImportFormat format, std::istream& in, const ImportOptions& options,
                           const std::function<void(ImportedRecord&&)>& on_record) {
  auto validator = model::RecordValidator::builtin();
  if (!validator) return tl::unexpected(validator.error());
  if (!in) return fail(ErrorCode::io, "the input stream cannot be read");
  RecordSink sink(options, *validator, on_record);
  switch (format) {
    case ImportFormat::ictrp_xml: return import_ictrp_xml(in, sink);
    case ImportFormat::ictrp_csv: return import_ictrp_csv(in, sink);
    case ImportFormat::ctgov_json: return import_ctgov_json(in, sink);
    case ImportFormat::ctgov_xml: return import_ctgov_xml(in, sink);
  }
  return fail(ErrorCode::internal, "unhandled import format");
}

}  // namespace rinsho::linkage
