// ClinicalTrials.gov JSON: one API v2 study, a {"studies": [...]} page, NDJSON (a study or page
// per line), a JSON array of studies, or a classic-API FullStudiesResponse page.
#include <istream>
#include <iterator>

#include "linkage/ctgov_json.hpp"
#include "linkage/importers.hpp"
#include "linkage/text.hpp"
#include "model/strict_json.hpp"

namespace rinsho::linkage {
namespace {

using nlohmann::json;

// A whole document is parsed at once: JSON cannot be cut into records before it is parsed.
constexpr model::JsonLimits kDocumentLimits{std::size_t{1} << 30, 64};
constexpr model::JsonLimits kLineLimits{kMaxRecordBytes, 64};

void find_damage(const json& j, const std::string& path, std::vector<std::string>& out) {
  if (out.size() >= 10) return;
  if (j.is_string()) {
    if (j.get_ref<const std::string&>().size() > kMaxFieldBytes) out.push_back(path + ": is longer than the 1 MiB a field may hold");
  } else if (j.is_object()) {
    for (const auto& [key, value] : j.items()) find_damage(value, path.empty() ? key : path + "." + key, out);
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i) find_damage(j[i], path + "[" + std::to_string(i) + "]", out);
  }
}

void import_study(const json& study, bool classic, RecordSink& sink) {
  std::vector<std::string> damaged;
  find_damage(study, "", damaged);
  map_ctgov_study(classic ? read_classic_study(study) : read_v2_study(study), sink, std::move(damaged));
}

// Walks whatever one parsed JSON value holds down to its studies.
void dispatch(const json& v, RecordSink& sink) {
  if (v.is_array()) {
    for (const auto& x : v) dispatch(x, sink);
  } else if (!v.is_object()) {
    sink.failed(sink.next_position_id(), {"not a ClinicalTrials.gov study: expected a JSON object"});
  } else if (v.contains("protocolSection")) {
    import_study(v, false, sink);
  } else if (v.contains("ProtocolSection")) {
    import_study(v, true, sink);
  } else if (v.contains("studies") && v["studies"].is_array()) {
    dispatch(v["studies"], sink);
  } else if (v.contains("FullStudiesResponse")) {
    dispatch(v["FullStudiesResponse"], sink);
  } else if (v.contains("FullStudies") && v["FullStudies"].is_array()) {
    dispatch(v["FullStudies"], sink);
  } else if (v.contains("Study")) {
    dispatch(v["Study"], sink);
  } else {
    sink.failed(sink.next_position_id(), {"not a ClinicalTrials.gov study: no protocolSection, studies or FullStudiesResponse"});
  }
}

}  // namespace

Result<void> import_ctgov_json(std::istream& in, RecordSink& sink) {
  std::string first;
  std::size_t line_no = 0;
  while (std::getline(in, first)) {
    if (++line_no == 1 && first.starts_with("\xEF\xBB\xBF")) first.erase(0, 3);
    if (!trim(first).empty()) break;
  }
  if (trim(first).empty()) return fail(ErrorCode::invalid_argument, "the file is empty");
  // A first line that is JSON on its own means NDJSON (a one-line document reads the same way):
  // each line then stands alone and a bad one fails by itself.
  if (auto value = model::parse_json_strict(first, kLineLimits)) {
    dispatch(*value, sink);
    std::string line;
    while (std::getline(in, line)) {
      if (sink.stop_requested()) return {};
      ++line_no;
      if (trim(line).empty()) continue;
      auto parsed = model::parse_json_strict(line, kLineLimits);
      if (parsed) dispatch(*parsed, sink);
      else sink.failed("line " + std::to_string(line_no), {"line " + std::to_string(line_no) + ": " + parsed.error().message});
    }
    if (in.bad()) return fail(ErrorCode::io, "reading the JSON stream failed");
    return {};
  }
  std::string text = first + "\n";
  text.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (in.bad()) return fail(ErrorCode::io, "reading the JSON stream failed");
  auto doc = model::parse_json_strict(text, kDocumentLimits);
  if (!doc) return fail(ErrorCode::invalid_json, "the file is not JSON rinsho can read: " + doc.error().message);
  dispatch(*doc, sink);
  return {};
}

}  // namespace rinsho::linkage
