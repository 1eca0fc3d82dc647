// One input = one request body for POST /api/v1/trials: strict JSON parsing, then what the write
// and validate handlers run on it (system fields, the schema, registration warnings, WHO TRDS
// completeness), then the struct mapping a valid record goes through before it is stored.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <nlohmann/json.hpp>

#include "fuzz_check.hpp"
#include "model/registration_checks.hpp"
#include "model/strict_json.hpp"
#include "model/trial_json.hpp"
#include "model/validator.hpp"

namespace {

using namespace rinsho;

// A user sees these: each needs somewhere to point and something to say in both languages.
void check_fields(const std::vector<FieldError>& fields) {
  for (const auto& f : fields) {
    FUZZ_CHECK(f.pointer.empty() || f.pointer[0] == '/');
    FUZZ_CHECK(!f.message_ja.empty() && !f.message_en.empty());
  }
}

const model::RecordValidator& validator() {
  static const model::RecordValidator instance = [] {
    auto v = model::RecordValidator::builtin();
    FUZZ_CHECK(v.has_value());
    return *v;
  }();
  return instance;
}

}  // namespace

// Built before the first input, so start-up time never counts against an input's time limit.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)validator();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const model::RecordValidator& validator = ::validator();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto record = model::parse_json_strict(text);
  if (!record) {
    // A rejection must say why, or the API answers 400 with an empty errors array.
    FUZZ_CHECK(!record.error().message.empty() && !record.error().fields.empty());
    check_fields(record.error().fields);
    return 0;
  }
  // What was accepted can be written back and reads the same: the store and exports dump it.
  const auto dumped = record->dump();
  auto again = model::parse_json_strict(dumped, {.max_bytes = dumped.size(), .max_depth = 32});
  FUZZ_CHECK(again.has_value() && *again == *record);

  auto errors = model::system_field_errors(*record);
  check_fields(errors);
  auto schema_errors = validator.validate(*record);
  check_fields(schema_errors);
  check_fields(model::registration_warnings(*record, "2026-12-07"));
  const auto trds = model::trds_completeness(*record);
  FUZZ_CHECK(trds.present >= 0 && trds.present <= 24);
  if (!errors.empty() || !schema_errors.empty()) return 0;

  // A record the validator passed must map to the structs and back without losing anything:
  // pages, the index and exports all read the struct, the store keeps the JSON.
  auto trial = model::trial_from_json(*record);
  FUZZ_CHECK(trial.has_value());
  FUZZ_CHECK(model::trial_to_json(*trial) == *record);
  return 0;
}
