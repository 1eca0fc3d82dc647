#include <doctest/doctest.h>

#include <functional>
#include <nlohmann/json.hpp>

#include "model/strict_json.hpp"
#include "model/validator.hpp"
#include "support/sample_trials.hpp"

using namespace rinsho;
using nlohmann::json;

namespace {

const model::RecordValidator& validator() {
  static const auto v = model::RecordValidator::builtin();
  REQUIRE(v.has_value());
  return *v;
}

json minimal_record() {
  return json::parse(R"({
    "id": "jRCT2031240001", "category": "corporate_trial", "study_type": "interventional",
    "public_title": {"ja": "肺がんの新しい薬の試験"}, "scientific_title": {"en": "A phase 3 study"},
    "conditions": [{"name": {"ja": "肺がん", "en": "lung cancer"}, "icd10": "C34"}],
    "phase": "3", "recruitment_status": "recruiting",
    "dates": {"registered": "2024-02-29"},
    "eligibility": {"sex": "all", "min_age_years": 20, "max_age_years": 80},
    "sponsor": {"primary": {"ja": "リンショウ製薬"}},
    "contacts": {"public": {"email": "trials@example.jp"}},
    "countries": ["JP"]
  })");
}

struct Case {
  const char* name;
  std::function<void(json&)> mutate;
  std::vector<FieldError> expected;  // exact, in order
};

}  // namespace

TEST_CASE("RecordValidator::validate accepts every sample trial") {
  for (const auto& file : testing::sample_trial_files()) {
    CAPTURE(file.filename().string());
    auto parsed = model::parse_json_strict(testing::read_file(file));
    REQUIRE(parsed.has_value());
    const auto errors = validator().validate(*parsed);
    for (const auto& e : errors) CAPTURE(e.pointer + ": " + e.message_en);
    CHECK(errors.empty());
  }
}

TEST_CASE("RecordValidator::validate reports each problem with its pointer and ja/en message") {
  CHECK(validator().validate(minimal_record()).empty());

  const std::vector<Case> cases = {
    {"missing required field", [](json& r) { r.erase("category"); },
     {{"/category", "必須項目です", "is required"}}},
    {"wrong type", [](json& r) { r["eligibility"]["min_age_years"] = "twenty"; },
     {{"/eligibility/min_age_years", "数値で指定してください", "must be a number"}}},
    {"integer expected", [](json& r) { r["target_enrollment"] = 12.5; },
     {{"/target_enrollment", "整数で指定してください", "must be an integer"}}},
    {"bad enum", [](json& r) { r["phase"] = "III"; },
     {{"/phase", "次のいずれかを指定してください: 0, 1, 1/2, 2, 2/3, 3, 4, na",
       "must be one of: 0, 1, 1/2, 2, 2/3, 3, 4, na"}}},
    {"bad id pattern", [](json& r) { r["id"] = "JRCT-123"; },
     {{"/id", "jRCT番号の形式 (例: jRCT2031240001) で指定してください", "must look like a jRCT id, e.g. jRCT2031240001"}}},
    {"bad date shape", [](json& r) { r["dates"]["registered"] = "2024/01/15"; },
     {{"/dates/registered", "正しい日付 (YYYY-MM-DD) で指定してください", "must be a real date in the form YYYY-MM-DD"},
      {"/dates/registered", "形式が正しくありません (^[0-9]{4}-[0-9]{2}-[0-9]{2}$)",
       "does not match the format ^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}}},
    {"date that does not exist", [](json& r) { r["dates"]["registered"] = "2023-02-29"; },
     {{"/dates/registered", "存在しない日付です", "is not a date that exists"}}},
    {"unknown field", [](json& r) { r["colour"] = "red"; },
     {{"/colour", "定義されていない項目です", "is not a field of the trial record"}}},
    {"countries without JP", [](json& r) { r["countries"] = json::array({"US"}); },
     {{"/countries", "JP を含めてください", "must include JP"}}},
    {"empty localized text", [](json& r) { r["public_title"] = json::object(); },
     {{"/public_title", "ja (日本語) か en (英語) の少なくとも一方を指定してください",
       "needs at least one of ja (Japanese) or en (English)"}}},
    {"age range upside down", [](json& r) { r["eligibility"]["min_age_years"] = 70; r["eligibility"]["max_age_years"] = 20; },
     {{"/eligibility/max_age_years", "下限年齢以上にしてください", "must not be below min_age_years"}}},
    {"age out of range", [](json& r) { r["eligibility"]["max_age_years"] = 200; },
     {{"/eligibility/max_age_years", "150以下で指定してください", "must be at most 150"}}},
    {"prefecture code", [](json& r) { r["sites"] = json::parse(R"([{"name":{"ja":"病院"},"prefecture":"48"}])"); },
     {{"/sites/0/prefecture", "形式が正しくありません (^(0[1-9]|[1-3][0-9]|4[0-7])$)",
       "does not match the format ^(0[1-9]|[1-3][0-9]|4[0-7])$"}}},
    {"10 MB string", [](json& r) { r["public_title"]["ja"] = std::string(10u << 20, 'a'); },
     {{"/public_title/ja", "20000文字以内で指定してください", "must be at most 20000 characters long"}}},
    {"10 MB string in a patterned field", [](json& r) { r["contacts"]["public"]["email"] = std::string(10u << 20, 'a'); },
     {{"/contacts/public/email", "20000文字以内で指定してください", "must be at most 20000 characters long"}}},
    {"long email does not crash the pattern", [](json& r) { r["contacts"]["public"]["email"] = std::string(20000, 'a'); },
     {{"/contacts/public/email", "320文字以内で指定してください", "must be at most 320 characters long"},
      {"/contacts/public/email", "形式が正しくありません (^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$)",
       "does not match the format ^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"}}},
    {"NUL in a text", [](json& r) { r["public_title"]["ja"] = std::string("肺がん\0の試験", 19); },
     {{"/public_title/ja", "制御文字 (タブと改行以外の U+0000〜U+001F) は使えません",
       "must not contain control characters (U+0000 to U+001F other than tab and line breaks)"}}},
    {"escape sequence in a text; tab and line breaks are fine", [](json& r) {
       r["public_title"]["ja"] = "\x1b[31m赤";
       r["scientific_title"]["en"] = "A\tphase 3\r\nstudy";
     },
     {{"/public_title/ja", "制御文字 (タブと改行以外の U+0000〜U+001F) は使えません",
       "must not contain control characters (U+0000 to U+001F other than tab and line breaks)"}}},
    {"not an object", [](json& r) { r = json::array(); },
     {{"", "オブジェクトで指定してください", "must be an object"}}},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    json r = minimal_record();
    c.mutate(r);
    const auto errors = validator().validate(r);
    REQUIRE(errors.size() == c.expected.size());
    for (std::size_t i = 0; i < errors.size(); ++i) {
      CHECK(errors[i].pointer == c.expected[i].pointer);
      CHECK(errors[i].message_en == c.expected[i].message_en);
      CHECK(errors[i].message_ja == c.expected[i].message_ja);
    }
  }
}

TEST_CASE("RecordValidator::validate lists every problem, not just the first") {
  json r = minimal_record();
  r.erase("category");
  r["phase"] = "III";
  r["eligibility"]["sex"] = 1;
  r["countries"] = json::array({"jp"});
  const auto errors = validator().validate(r);
  std::vector<std::string> pointers;
  for (const auto& e : errors) pointers.push_back(e.pointer);
  CHECK(std::count(pointers.begin(), pointers.end(), "/category") == 1);
  CHECK(std::count(pointers.begin(), pointers.end(), "/phase") == 1);
  CHECK(std::count(pointers.begin(), pointers.end(), "/eligibility/sex") >= 1);
  CHECK(std::count(pointers.begin(), pointers.end(), "/countries/0") == 1);
}

namespace {

// Pointers of the properties whose schema is the date definition.
void date_fields(const json& node, const std::string& pointer, std::vector<std::string>& out) {
  if (!node.is_object()) return;
  if (node.value("$ref", "") == "#/definitions/date") out.push_back(pointer);
  if (node.contains("properties") && node["properties"].is_object())
    for (const auto& [key, child] : node["properties"].items()) date_fields(child, pointer + "/" + key, out);
}

}  // namespace

// The validator skips valijson's costly "format": "date" check for records whose dates all pass
// it; every date field must still get valijson's verdict, with the same messages in the same order.
TEST_CASE("RecordValidator::validate checks the date format on every date field") {
  const json& schema = validator().schema();
  std::vector<std::string> pointers;
  date_fields(schema, "", pointers);
  const std::string text = schema.dump();
  std::size_t refs = 0;
  for (auto at = text.find("\"#/definitions/date\""); at != std::string::npos; at = text.find("\"#/definitions/date\"", at + 1))
    ++refs;
  REQUIRE(pointers.size() == refs);  // no date hides in an array or another definition
  CHECK(pointers.size() == 6);

  const std::string not_a_date = "must be a real date in the form YYYY-MM-DD", missing_day = "is not a date that exists";
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {"2024-01-15", {}},
      {"2024-02-29", {}},
      {"2023-02-29", {missing_day}},
      {"2024-13-01", {not_a_date, missing_day}},
      {"2024-04-31", {not_a_date, missing_day}},
      {"2024-02-30", {not_a_date, missing_day}},
      {"2024-00-10", {not_a_date, missing_day}},
      {"12024-01-01", {"must be at most 10 characters long", "does not match the format ^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}},
      {"2024/01/15", {not_a_date, "does not match the format ^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}},
  };
  for (const auto& pointer : pointers) {
    for (const auto& entry : cases) {  // named, not bound: CAPTURE's lambda cannot take bindings in clang 14
      const auto& value = entry.first;
      const auto& expected = entry.second;
      CAPTURE(pointer);
      CAPTURE(value);
      json r = minimal_record();
      r[json::json_pointer(pointer)] = value;
      std::vector<std::string> got;
      for (const auto& e : validator().validate(r))
        if (e.pointer == pointer) got.push_back(e.message_en);
      CHECK(got == expected);
    }
  }
}

TEST_CASE("system_field_errors rejects fields the registry keeps") {
  json r = minimal_record();
  r["version"] = 3;
  r["owner_org"] = "org-1";
  const auto errors = model::system_field_errors(r);
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].pointer == "/version");
  CHECK(errors[1].pointer == "/owner_org");
}

TEST_CASE("RecordValidator::validate takes a results posting only for a completed or terminated trial") {
  json r = minimal_record();
  r["results"] = {{"url", "https://example.org/results"}, {"posted", "2025-06-30"}};
  for (const std::string status : {"completed", "terminated"}) {
    r["recruitment_status"] = status;
    CAPTURE(status);
    CHECK(validator().validate(r).empty());
  }
  for (const std::string status : {"recruiting", "pending", "active_not_recruiting", "withdrawn"}) {
    r["recruitment_status"] = status;
    CAPTURE(status);
    const auto errors = validator().validate(r);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].pointer == "/results");
    CHECK(errors[0].message_ja.find("完了") != std::string::npos);
    CHECK(errors[0].message_en.find("completed or terminated") != std::string::npos);
  }
  // An imported summary keeps whatever status its registry gave: only the posting is checked.
  json imported = minimal_record();
  imported["recruitment_status"] = "active_not_recruiting";
  imported["results_summary"] = {{"en", "Met its primary endpoint."}};
  CHECK(validator().validate(imported).empty());

  r["recruitment_status"] = "completed";
  r["results"] = {{"url", "javascript:alert(1)"}, {"posted", "2025-06-30"}};
  CHECK_FALSE(validator().validate(r).empty());
  r["results"] = {{"url", "https://example.org/results"}};
  CHECK_FALSE(validator().validate(r).empty());  // both the link and the date
}
