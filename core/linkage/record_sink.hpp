#pragma once
// The shared tail of every importer (internal): turns a mapped Trial into an ImportedRecord,
// running the validator and the "Japan" rule the same way for every format.
#include <functional>
#include <string>
#include <vector>

#include "linkage/importer.hpp"
#include "linkage/mapping.hpp"
#include "model/trial.hpp"
#include "model/validator.hpp"

namespace rinsho::linkage {

// Sources hand over records of at most this size (a <Trial> element, a JSON line); larger ones
// fail alone instead of exhausting memory.
inline constexpr std::size_t kMaxRecordBytes = 32u << 20;

class RecordSink {
 public:
  RecordSink(const ImportOptions& options, const model::RecordValidator& validator,
             const std::function<void(ImportedRecord&&)>& on_record)
      : options_(options), validator_(validator), on_record_(on_record) {}

  const ImportOptions& options() const { return options_; }
  bool stop_requested() const { return options_.should_stop && options_.should_stop(); }

  // The 1-based position of the next record, for records that carry no id of their own.
  std::string next_position_id() const { return "#" + std::to_string(count_ + 1); }

  void skipped(std::string source_id, std::string reason);
  void failed(std::string source_id, std::vector<std::string> reasons);
  // Fails when the log has errors; otherwise validates. A trial without JP in its countries is
  // skipped (carrying its record) after validating everything else.
  void finish(std::string source_id, const model::Trial& trial, MapLog log);

  // Skips a trial with no link to Japan unless all_countries; true when it was skipped.
  bool skip_unless_japanese(const std::string& source_id, bool japan_linked, std::string_view evidence);

 private:
  void emit(ImportedRecord&& record);

  const ImportOptions& options_;
  const model::RecordValidator& validator_;
  const std::function<void(ImportedRecord&&)>& on_record_;
  std::size_t count_ = 0;
};

}  // namespace rinsho::linkage
