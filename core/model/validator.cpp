#include "model/validator.hpp"

#include <mutex>
#include <utility>

#include <nlohmann/json.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "model/strict_json.hpp"
#include "model/trial.hpp"
#include "model/validation_messages.hpp"
#include "schema_files.hpp"

namespace rinsho::model {
namespace {

using nlohmann::json;

// No text field in the schema allows more; anything longer is reported here and blanked before
// valijson sees it, so its std::regex never walks a multi-megabyte string.
constexpr std::size_t kLongestString = 20000;

std::size_t utf8_length(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// C0 controls other than tab, LF and CR: valid in JSON when escaped (\u0000), but XML 1.0 cannot
// carry them, so a record holding one could never be exported as WHO TRDS or ICTRP XML.
bool has_control_character(const std::string& s) {
  for (unsigned char c : s)
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return true;
  return false;
}

// Also reports control characters, on the same walk over every string.
void blank_huge_strings(json& node, const std::string& pointer, std::vector<FieldError>& errors,
                        std::vector<std::string>& blanked) {
  if (node.is_string()) {
    if (utf8_length(node.get_ref<const std::string&>()) > kLongestString) {
      errors.push_back({pointer, std::to_string(kLongestString) + "文字以内で指定してください",
                        "must be at most " + std::to_string(kLongestString) + " characters long"});
      blanked.push_back(pointer);
      node = "x";
    } else if (has_control_character(node.get_ref<const std::string&>())) {
      errors.push_back({pointer, "制御文字 (タブと改行以外の U+0000〜U+001F) は使えません",
                        "must not contain control characters (U+0000 to U+001F other than tab and line breaks)"});
    }
  } else if (node.is_object()) {
    for (auto& [key, value] : node.items()) blank_huge_strings(value, pointer + "/" + json_pointer_token(key), errors, blanked);
  } else if (node.is_array()) {
    for (std::size_t i = 0; i < node.size(); ++i) blank_huge_strings(node[i], pointer + "/" + std::to_string(i), errors, blanked);
  }
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool real_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  int y = 0, m = 0, d = 0;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3) return false;
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= days[m - 1] + (m == 2 && leap(y) ? 1 : 0);
}

// Every field whose schema is #/definitions/date, as {object, key} (tests/unit/model/test_validator.cpp
// checks the list against the schema).
constexpr std::pair<const char*, const char*> kDateFields[] = {
    {"dates", "registered"}, {"dates", "first_enrollment"}, {"dates", "completion"},
    {"dates", "last_updated"}, {"ethics_review", "approval_date"}, {"results", "posted"}};

// Exactly what valijson accepts for "format": "date": the regex
// ^([0-9]+)-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])$ and then its day-of-month limit (29 for
// February, 30 for April, June, September and November).
bool valijson_accepts_date(const std::string& s) {
  const auto dash = s.find('-');
  if (dash == 0 || dash == std::string::npos || s.size() != dash + 6 || s[dash + 3] != '-') return false;
  auto digit = [&](std::size_t i) { return s[i] >= '0' && s[i] <= '9'; };
  for (std::size_t i = 0; i < dash; ++i)
    if (!digit(i)) return false;
  for (std::size_t i : {dash + 1, dash + 2, dash + 4, dash + 5})
    if (!digit(i)) return false;
  const int month = (s[dash + 1] - '0') * 10 + (s[dash + 2] - '0');
  const int day = (s[dash + 4] - '0') * 10 + (s[dash + 5] - '0');
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  const bool short_month = month <= 7 ? month % 2 == 0 : month % 2 != 0;
  return day <= (month == 2 ? 29 : short_month ? 30 : 31);
}

// True when valijson's "format": "date" check would pass on every date field of the record.
bool every_date_passes_format(const json& r) {
  if (!r.is_object()) return false;
  for (const auto& [object, key] : kDateFields) {
    const auto parent = r.find(object);
    if (parent == r.end()) continue;
    if (!parent->is_object()) return false;
    const auto value = parent->find(key);
    if (value == parent->end()) continue;
    if (!value->is_string() || !valijson_accepts_date(value->get_ref<const std::string&>())) return false;
  }
  return true;
}

// The structured values belong to one kind each: stages to disease_stage, ECOG to performance_status.
void criteria_checks(const json& criteria, std::vector<FieldError>& errors) {
  for (std::size_t i = 0; i < criteria.size(); ++i) {
    const auto& c = criteria[i];
    if (!c.is_object() || !c.contains("kind") || !c["kind"].is_string()) continue;
    const auto kind = c["kind"].get<std::string>();
    const std::string at = "/eligibility/criteria/" + std::to_string(i) + "/";
    if (c.contains("stages") && kind != "disease_stage")
      errors.push_back({at + "stages", "stages は kind が disease_stage の条件にだけ指定できます",
                        "is only for criteria of kind disease_stage"});
    for (const char* key : {"min_ecog", "max_ecog"})
      if (c.contains(key) && kind != "performance_status")
        errors.push_back({at + key, std::string(key) + " は kind が performance_status の条件にだけ指定できます",
                          "is only for criteria of kind performance_status"});
    if (c.contains("min_ecog") && c.contains("max_ecog") && c["min_ecog"].is_number() && c["max_ecog"].is_number() &&
        c["min_ecog"].get<double>() > c["max_ecog"].get<double>())
      errors.push_back({at + "max_ecog", "min_ecog 以上にしてください", "must not be below min_ecog"});
  }
}

// Rules the schema cannot express; run only on values whose type the schema already accepted.
void semantic_checks(const json& r, std::vector<FieldError>& errors) {
  for (const auto& [object, key] : kDateFields) {
    if (!r.contains(object) || !r[object].is_object()) continue;
    const auto& parent = r[object];
    if (parent.contains(key) && parent[key].is_string()) {
      const auto& s = parent[key].get_ref<const std::string&>();
      // valijson already reports shapes it rejects; this adds days that do not exist (2023-02-29).
      if (s.size() == 10 && s[4] == '-' && s[7] == '-' && !real_date(s))
        errors.push_back({std::string("/") + object + "/" + key, "存在しない日付です", "is not a date that exists"});
    }
  }
  // Results are posted for a trial that has ended; a recruiting trial has none to post. (Only the
  // posting: an imported results_summary keeps whatever status its registry gave the trial.)
  if (r.contains("results") && r.contains("recruitment_status") && r["recruitment_status"].is_string()) {
    const auto& status = r["recruitment_status"].get_ref<const std::string&>();
    if (status != "completed" && status != "terminated")
      errors.push_back({"/results", "結果は募集状況が「完了」または「中止」の試験にだけ掲載できます",
                        "can be posted only for a trial whose recruitment status is completed or terminated"});
  }
  if (r.contains("eligibility") && r["eligibility"].is_object()) {
    const auto& e = r["eligibility"];
    if (e.contains("min_age_years") && e.contains("max_age_years") && e["min_age_years"].is_number() &&
        e["max_age_years"].is_number() && e["min_age_years"].get<double>() > e["max_age_years"].get<double>())
      errors.push_back({"/eligibility/max_age_years", "下限年齢以上にしてください",
                        "must not be below min_age_years"});
    if (e.contains("criteria") && e["criteria"].is_array()) criteria_checks(e["criteria"], errors);
  }
}

bool is_real_error_for(const std::string& pointer, const std::vector<std::string>& blanked) {
  for (const auto& b : blanked)
    if (pointer == b) return false;
  return true;
}

}  // namespace

struct RecordValidator::Impl {
  json schema_json;
  valijson::Schema schema;
  // The schema without "format": "date". valijson compiles a std::regex for every date it checks
  // (its "pattern" regexes are cached, that one is not): 80% of the time validating a record took
  // (bench/RESULTS.md). A record whose dates all pass that check (every_date_passes_format) gets
  // the same result from this schema, so it is used for those; any other record gets the full
  // schema, and its errors, their wording and their order stay exactly as they were.
  json schema_json_without_date_format;  // kept alive beside its parsed schema, like schema_json
  std::unique_ptr<valijson::Schema> schema_without_date_format;
  // valijson::Validator caches compiled regexes but is not thread-safe, so validators are leased
  // from this pool: a new one per call would recompile every pattern (about 1 ms per record).
  mutable std::mutex mutex;
  mutable std::vector<std::unique_ptr<valijson::Validator>> idle;

  std::unique_ptr<valijson::Validator> lease() const {
    std::lock_guard lock(mutex);
    if (idle.empty()) return std::make_unique<valijson::Validator>(valijson::Validator::kStrongTypes);
    auto v = std::move(idle.back());
    idle.pop_back();
    return v;
  }
  void give_back(std::unique_ptr<valijson::Validator> v) const {
    std::lock_guard lock(mutex);
    idle.push_back(std::move(v));
  }
};

std::string_view builtin_schema_text() { return *rinsho::schema_files::embedded_file("trial.schema.json"); }

Result<RecordValidator> RecordValidator::builtin() { return from_schema_text(builtin_schema_text()); }

Result<RecordValidator> RecordValidator::from_schema_text(std::string_view text) {
  auto impl = std::make_shared<Impl>();
  try {
    impl->schema_json = json::parse(text);
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(impl->schema_json);
    parser.populateSchema(adapter, impl->schema);
    json& fast = impl->schema_json_without_date_format = impl->schema_json;
    auto* date = fast.contains("definitions") && fast["definitions"].contains("date") ? &fast["definitions"]["date"] : nullptr;
    if (date && date->is_object() && date->value("format", "") == "date") {
      date->erase("format");
      impl->schema_without_date_format = std::make_unique<valijson::Schema>();
      valijson::adapters::NlohmannJsonAdapter fast_adapter(fast);
      valijson::SchemaParser(valijson::SchemaParser::kDraft7).populateSchema(fast_adapter, *impl->schema_without_date_format);
    }
  } catch (const std::exception& e) {
    return fail(ErrorCode::internal, std::string("cannot load the trial schema: ") + e.what());
  }
  return RecordValidator(std::move(impl));
}

const json& RecordValidator::schema() const { return impl_->schema_json; }

std::vector<FieldError> RecordValidator::validate(const json& record) const {
  std::vector<FieldError> errors;
  std::vector<std::string> blanked;
  json copy = record;
  blank_huge_strings(copy, "", errors, blanked);

  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter adapter(copy);
  auto validator = impl_->lease();
  try {
    const bool fast = impl_->schema_without_date_format && every_date_passes_format(copy);
    validator->validate(fast ? *impl_->schema_without_date_format : impl_->schema, adapter, &results);
  } catch (const std::exception& e) {
    errors.push_back({"", "検証中にエラーが発生しました", std::string("could not be validated: ") + e.what()});
    return errors;
  }
  impl_->give_back(std::move(validator));
  valijson::ValidationResults::Error error;
  while (results.popError(error)) {
    auto field = translate_validation_error(error.context, error.description, copy, impl_->schema_json);
    if (!field || !is_real_error_for(field->pointer, blanked)) continue;
    bool seen = false;
    for (const auto& e : errors) seen = seen || e == *field;
    if (!seen) errors.push_back(std::move(*field));
  }
  if (copy.is_object()) semantic_checks(copy, errors);
  return errors;
}

std::vector<FieldError> system_field_errors(const json& record) {
  std::vector<FieldError> errors;
  if (!record.is_object()) return errors;
  for (const char* key : kSystemFields) {
    if (record.contains(key))
      errors.push_back({std::string("/") + key, "システムが設定する項目のため送信できません",
                        "is set by the registry and cannot be sent"});
  }
  return errors;
}

}  // namespace rinsho::model
