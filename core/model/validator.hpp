#pragma once
// Checks a record against schema/trial.schema.json (compiled into the binary) plus the rules a JSON
// Schema cannot say. Every problem is reported, each with a JSON Pointer and a ja/en message.
#include <memory>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/error.hpp"

namespace rinsho::model {

class RecordValidator {
 public:
  // The schema shipped in the binary.
  static Result<RecordValidator> builtin();
  static Result<RecordValidator> from_schema_text(std::string_view schema_json);

  // Empty when the record is valid. Never throws for any input.
  std::vector<FieldError> validate(const nlohmann::json& record) const;

  const nlohmann::json& schema() const;

 private:
  struct Impl;
  explicit RecordValidator(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

// The schema text compiled into the binary.
std::string_view builtin_schema_text();

// Errors for fields the system keeps (version, created_at, ...) when a registrant sends them.
std::vector<FieldError> system_field_errors(const nlohmann::json& record);

}  // namespace rinsho::model
