#include "portal/import_text.hpp"

#include <sstream>

#include "linkage/importer.hpp"
#include "model/strict_json.hpp"

namespace rinsho::portal {
namespace {

using nlohmann::json;

Result<ImportedDraft> refuse(const std::string& ja, const std::string& en) {
  return fail(ErrorCode::invalid_argument, en, {{"file", ja, en}});
}

bool is_ctgov(const json& j) {
  return j.contains("protocolSection") || j.contains("ProtocolSection") || j.contains("studies") ||
         j.contains("FullStudiesResponse") || j.contains("FullStudy");
}

}  // namespace

Result<ImportedDraft> draft_from_text(std::string_view text) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return refuse("ファイルが空です。JSON ファイルを選ぶか、内容を貼り付けてください", "the file is empty; choose a JSON file or paste its text");
  auto parsed = model::parse_json_strict(text, {512u << 10, 32});
  if (!parsed)
    return refuse("JSON として読めません: " + parsed.error().message, "is not JSON: " + parsed.error().message);
  if (!parsed->is_object())
    return refuse("JSON のオブジェクト ({ … }) ではありません", "is not a JSON object ({ … })");
  ImportedDraft out;
  if (is_ctgov(*parsed)) {
    out.format = "ctgov-json";
    std::istringstream in{std::string(text)};
    std::optional<linkage::ImportedRecord> first;
    linkage::ImportOptions options;
    options.all_countries = true;  // a Japanese site may be added in the form
    auto read = linkage::import_stream(linkage::ImportFormat::ctgov_json, in, options, [&first](linkage::ImportedRecord&& r) {
      if (!first) first = std::move(r);
    });
    if (!read) return refuse("ClinicalTrials.gov の形式として読めません: " + read.error().message,
                             "cannot be read as a ClinicalTrials.gov study: " + read.error().message);
    if (!first) return refuse("試験が含まれていません", "holds no study");
    if (!first->record) {
      std::string reasons;
      for (const auto& r : first->reasons) reasons += (reasons.empty() ? "" : "; ") + r;
      return refuse("この試験は取り込めません (" + first->source_id + "): " + reasons,
                    "this study cannot be imported (" + first->source_id + "): " + reasons);
    }
    out.record = std::move(*first->record);
  } else {
    out.format = "rinsho";
    out.record = std::move(*parsed);
  }
  for (const char* key : {"id", "version", "created_at", "updated_at", "owner_org", "sources", "source_conflicts"})
    out.record.erase(key);
  return out;
}

}  // namespace rinsho::portal
