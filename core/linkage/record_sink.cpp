#include "linkage/record_sink.hpp"

#include <algorithm>

#include "model/trial_json.hpp"

namespace rinsho::linkage {

void RecordSink::emit(ImportedRecord&& record) {
  ++count_;
  on_record_(std::move(record));
}

void RecordSink::skipped(std::string source_id, std::string reason) {
  ImportedRecord r;
  r.source_id = std::move(source_id);
  r.reasons.push_back(std::move(reason));
  r.outcome = ImportedRecord::Outcome::skipped;
  emit(std::move(r));
}

void RecordSink::failed(std::string source_id, std::vector<std::string> reasons) {
  ImportedRecord r;
  r.source_id = std::move(source_id);
  r.reasons = std::move(reasons);
  r.outcome = ImportedRecord::Outcome::failed;
  emit(std::move(r));
}

bool RecordSink::skip_unless_japanese(const std::string& source_id, bool japan_linked, std::string_view evidence) {
  if (japan_linked || options_.all_countries) return false;
  skipped(source_id, "no Japanese site and Japan is not among the countries (" + std::string(evidence) +
                         "); import with all countries to map it anyway");
  return true;
}

void RecordSink::finish(std::string source_id, const model::Trial& trial, MapLog log) {
  if (!log.errors.empty()) {
    auto reasons = std::move(log.errors);
    reasons.insert(reasons.end(), log.notes.begin(), log.notes.end());
    return failed(std::move(source_id), std::move(reasons));
  }
  nlohmann::json record = model::trial_to_json(trial);
  const bool has_jp = std::find(trial.countries.begin(), trial.countries.end(), "JP") != trial.countries.end();
  // Without JP the schema's "contains" rule alone would fail; check everything else with JP
  // added so the user learns whether the mapping itself is sound.
  nlohmann::json checked = record;
  if (!has_jp) checked["countries"].push_back("JP");
  auto errors = validator_.validate(checked);
  if (!errors.empty()) {
    std::vector<std::string> reasons;
    for (const auto& e : errors) reasons.push_back((e.pointer.empty() ? "/" : e.pointer) + ": " + e.message_en);
    reasons.insert(reasons.end(), log.notes.begin(), log.notes.end());
    return failed(std::move(source_id), std::move(reasons));
  }
  ImportedRecord r;
  r.source_id = std::move(source_id);
  r.record = std::move(record);
  r.reasons = std::move(log.notes);
  r.outcome = ImportedRecord::Outcome::mapped;
  if (!has_jp) {
    r.reasons.insert(r.reasons.begin(), "countries: the schema requires JP and this trial has no Japanese site or "
                                        "Japanese country; mapped for reference only, not for the store");
    r.outcome = ImportedRecord::Outcome::skipped;
  }
  emit(std::move(r));
}

}  // namespace rinsho::linkage
