#include "linkage/exporter.hpp"

#include <array>
#include <ostream>

#include <nlohmann/json.hpp>

#include "linkage/export_common.hpp"

namespace rinsho::linkage {
namespace {

constexpr std::array<std::pair<ExportFormat, std::string_view>, 4> kNames = {{
    {ExportFormat::fhir, "fhir"}, {ExportFormat::trds_xml, "trds-xml"},
    {ExportFormat::ctgov_json, "ctgov-json"}, {ExportFormat::csv, "csv"}}};

constexpr std::string_view kXmlHead = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Trials_downloaded_from_ICTRP>\n";
constexpr std::string_view kXmlTail = "</Trials_downloaded_from_ICTRP>\n";

// Holds the stream between begin() and end(); each format says what goes around the records.
class Writer : public ExportWriter {
 public:
  explicit Writer(ExportFormat format) : format_(format) {}

  void begin(std::ostream& out) override {
    out_ = &out;
    count_ = 0;
    if (format_ == ExportFormat::trds_xml) *out_ << kXmlHead;
    if (format_ == ExportFormat::ctgov_json) *out_ << "{\"studies\":[";
    if (format_ == ExportFormat::csv) *out_ << "\xEF\xBB\xBF" << csv_header_line();
  }
  void write(const nlohmann::json& record) override {
    const auto trial = trial_for_export(record);
    switch (format_) {
      case ExportFormat::fhir: *out_ << fhir_research_study(trial).dump() << '\n'; break;
      case ExportFormat::trds_xml: *out_ << trds_trial_xml(trial); break;
      case ExportFormat::ctgov_json: *out_ << (count_ ? ",\n" : "\n") << ctgov_v2_study(trial).dump(); break;
      case ExportFormat::csv: *out_ << csv_row_line(trial); break;
    }
    ++count_;
  }
  void end() override {
    if (format_ == ExportFormat::trds_xml) *out_ << kXmlTail;
    if (format_ == ExportFormat::ctgov_json) *out_ << "\n]}\n";
    out_->flush();
  }

 private:
  ExportFormat format_;
  std::ostream* out_ = nullptr;
  std::size_t count_ = 0;
};

}  // namespace

Result<ExportFormat> parse_export_format(std::string_view name) {
  for (const auto& [format, n] : kNames)
    if (n == name) return format;
  return fail(ErrorCode::invalid_argument, "unknown export format '" + std::string(name) + "'; use fhir, trds-xml, ctgov-json or csv",
              {{"/format", "出力形式は fhir, trds-xml, ctgov-json, csv のいずれかです", "must be one of: fhir, trds-xml, ctgov-json, csv"}});
}

std::string_view export_format_name(ExportFormat format) {
  for (const auto& [f, n] : kNames)
    if (f == format) return n;
  return "unknown";
}

std::string_view export_media_type(ExportFormat format) {
  switch (format) {
    case ExportFormat::fhir: return "application/fhir+ndjson";
    case ExportFormat::trds_xml: return "application/xml; charset=utf-8";
    case ExportFormat::ctgov_json: return "application/json";
    case ExportFormat::csv: return "text/csv; charset=utf-8; header=present";
  }
  return "application/octet-stream";
}

std::string_view export_trial_media_type(ExportFormat format) {
  // NDJSON is for bulk data, one resource per line; a single pretty-printed resource is plain FHIR
  // JSON, which FHIR clients parse by this media type (RFC 6838 suffix +json).
  return format == ExportFormat::fhir ? "application/fhir+json" : export_media_type(format);
}

std::string export_trial(ExportFormat format, const nlohmann::json& record) {
  const auto trial = trial_for_export(record);
  switch (format) {
    case ExportFormat::fhir: return fhir_research_study(trial).dump(2) + "\n";
    case ExportFormat::trds_xml: return std::string(kXmlHead) + trds_trial_xml(trial) + std::string(kXmlTail);
    case ExportFormat::ctgov_json: return ctgov_v2_study(trial).dump(2) + "\n";
    case ExportFormat::csv: return csv_header_line() + csv_row_line(trial);
  }
  return {};
}

std::unique_ptr<ExportWriter> make_export_writer(ExportFormat format) { return std::make_unique<Writer>(format); }

}  // namespace rinsho::linkage
