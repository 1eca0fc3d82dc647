// Hostile rows about write bodies: malformed and truncated JSON, invalid UTF-8, NUL, deep nesting,
// huge arrays and strings, wrong types, unknown and duplicate keys, and numbers JSON allows but a
// record cannot hold.
#include <nlohmann/json.hpp>

#include "hostile_table.hpp"

namespace rinsho::testing::hostile {
namespace {

using nlohmann::json;

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

constexpr const char* kHole = "\"@@hole@@\"";

// A registrable record with one value replaced by raw JSON text (which may be anything at all).
std::string with_raw(const std::string& valid, const std::string& pointer, const std::string& raw) {
  auto record = json::parse(valid);
  record[json::json_pointer(pointer)] = "@@hole@@";
  auto text = record.dump();
  text.replace(text.find(kHole), std::string(kHole).size(), raw);
  return text;
}

std::string with_value(const std::string& valid, const std::string& pointer, const json& value) {
  auto record = json::parse(valid);
  record[json::json_pointer(pointer)] = value;
  return record.dump();
}

// POST /api/v1/trials with organisation A's token: rejected, so an audit row at most.
Row post(const Fixture& f, std::string category, std::string name, std::string body, std::set<int> statuses,
         std::string pointer) {
  return {.category = std::move(category), .name = std::move(name), .method = "POST", .target = "/api/v1/trials",
          .headers = {{"Authorization", f.auth_a}, {"Content-Type", "application/json"}}, .body = std::move(body),
          .statuses = std::move(statuses), .pointer = std::move(pointer), .writes = Writes::audit};
}

// POST /api/v1/trials/validate, which needs no token and must never write.
Row validate(std::string category, std::string name, std::string body, std::set<int> statuses, std::string pointer) {
  return {.category = std::move(category), .name = std::move(name), .method = "POST", .target = "/api/v1/trials/validate",
          .headers = {{"Content-Type", "application/json"}}, .body = std::move(body), .statuses = std::move(statuses),
          .pointer = std::move(pointer)};
}

Rows syntax_rows(const Fixture& f) {
  const auto& v = f.valid_record;
  Rows rows;
  for (const auto& [name, body] : std::vector<std::pair<std::string, std::string>>{
           {"an open brace", "{"},
           {"a trailing comma", R"({"public_title": {"ja": "x",})"},
           {"a closing brace too many", R"({"a":1}})"},
           {"single quotes", "{'a':1}"},
           {"bare keys", "{a:1}"},
           {"an empty body", ""},
           {"whitespace only", " \r\n\t "},
           {"a record cut in half", v.substr(0, v.size() / 2)},
           {"garbage after the record", v + " garbage"},
           {"a comment", "/* c */ " + v},
           {"a bad escape", with_raw(v, "/public_title/ja", R"("\x41")")},
           {"a NUL after the record", v + std::string(1, '\0')}})
    rows.push_back(post(f, "json", name, body, {400}, ""));
  rows.push_back(post(f, "json", "null", "null", {422}, ""));
  rows.push_back(validate("json", "validate: a record cut in half", v.substr(0, v.size() / 3), {400}, ""));
  return rows;
}

Rows utf8_rows(const Fixture& f) {
  const auto& v = f.valid_record;
  Rows rows;
  for (const auto& [name, raw] : std::vector<std::pair<std::string, std::string>>{
           {"overlong 2-byte slash", "\"a\xc0\xaf\""},
           {"overlong 3-byte slash", "\"a\xe0\x80\xaf\""},
           {"raw lone surrogate U+D800", "\"a\xed\xa0\x80\""},
           {"escaped lone high surrogate \\ud800", R"("a\ud800")"},
           {"escaped lone low surrogate \\udc00", R"("a\udc00")"},
           {"high surrogate then a letter", R"("a\ud800\u0041")"},
           {"truncated 3-byte sequence", "\"a\xe3\x81\""},
           {"code point past U+10FFFF", "\"a\xf4\x90\x80\x80\""},
           {"byte 0xFF", "\"a\xff\""}})
    rows.push_back(post(f, "utf8", name, with_raw(v, "/public_title/ja", raw), {400}, ""));
  rows.push_back(post(f, "utf8", "invalid UTF-8 in a key", "{\"\xc0\xaf\":1}", {400}, ""));
  rows.push_back(validate("utf8", "validate: raw lone surrogate", with_raw(v, "/public_title/en", "\"\xed\xbf\xbf\""), {400}, ""));
  return rows;
}

Rows nul_rows(const Fixture& f) {
  const auto& v = f.valid_record;
  return {
      post(f, "nul", "a raw NUL inside a string", with_raw(v, "/public_title/ja", std::string("\"a\0b\"", 5)), {400}, ""),
      // U+0000 and other C0 controls are valid JSON, but no XML export (WHO TRDS, ICTRP) can carry them.
      post(f, "nul", "\\u0000 in a title", with_raw(v, "/public_title/ja", R"("a\u0000b")"), {422}, "/public_title/ja"),
      post(f, "nul", "\\u001b (ESC) in a summary", with_raw(v, "/plain_summary/en", R"("a\u001b[31mred")"), {422},
           "/plain_summary/en"),
      post(f, "nul", "\\u0000 in a key", with_raw(v, "/eligibility", R"({"a\u0000b": 1})"), {422}, "*"),
  };
}

Rows size_rows(const Fixture& f) {
  const auto& v = f.valid_record;
  std::string keywords = "[";
  for (int i = 0; i < 20000; ++i) keywords += i ? ",\"a\"" : "\"a\"";
  keywords += "]";
  std::string numbers = "[";
  for (int i = 0; i < 50000; ++i) numbers += i ? ",1" : "1";
  numbers += "]";
  std::string deep_object;
  for (int i = 0; i < 40; ++i) deep_object += "{\"a\":";
  deep_object += "1" + std::string(40, '}');
  std::string nested_unknown;
  for (int i = 0; i < 20; ++i) nested_unknown += "{\"x\":";
  nested_unknown += "1" + std::string(20, '}');
  return {
      post(f, "nesting", "100 nested arrays", std::string(100, '[') + std::string(100, ']'), {400}, ""),
      post(f, "nesting", "30,000 nested arrays, never closed", std::string(30000, '['), {400}, ""),
      post(f, "nesting", "40 nested objects", deep_object, {400}, ""),
      post(f, "nesting", "20 levels inside an unknown key", with_raw(v, "/deep", nested_unknown), {422}, "/deep"),
      validate("nesting", "validate: 10,000 nested objects, never closed", repeat("{\"a\":", 10000), {400}, ""),
      post(f, "size", "20,000 keywords", with_raw(v, "/keywords", keywords), {422}, "/keywords"),
      post(f, "size", "an array of 50,000 numbers as the body", numbers, {422}, ""),
      post(f, "size", "a 100,000-character title", with_value(v, "/public_title/ja", std::string(100000, 'a')), {422},
           "/public_title/ja"),
      post(f, "size", "a body twice the limit", with_value(v, "/plain_summary/ja", std::string(f.body_limit * 2, 'a')), {413}, ""),
      validate("size", "validate: a body twice the limit", std::string(f.body_limit * 2, ' '), {413}, ""),
      post(f, "size", "a 60,000-byte key", with_raw(v, "/eligibility", "{\"" + std::string(60000, 'k') + "\":1}"), {422}, "*"),
  };
}

Rows type_rows(const Fixture& f) {
  const auto& v = f.valid_record;
  Rows rows;
  for (const auto& [pointer, value] : std::vector<std::pair<std::string, json>>{
           {"/public_title", 5},
           {"/phase", 3},
           {"/target_enrollment", "600"},
           {"/eligibility", json::array()},
           {"/countries", "JP"},
           {"/eligibility/healthy_volunteers", "false"},
           {"/sites/0/lat", "35.6"},
           {"/keywords/0", 1},
           {"/public_title/ja", nullptr},
           {"/recruitment_status", json::object()}})
    rows.push_back(post(f, "types", pointer + " of the wrong type", with_value(v, pointer, value), {422}, pointer));
  for (const std::string body : {"[]", "\"a string\"", "true", "42"})
    rows.push_back(post(f, "types", "the body is " + body, body, {422}, "*"));
  return rows;
}

Rows key_rows(const Fixture& f) {
  const auto& v = f.valid_record;
  auto duplicate = [&](const std::string& at, const std::string& extra) {
    auto text = v;
    text.insert(text.find(at), extra);
    return text;
  };
  return {
      post(f, "keys", "an unknown top-level key", with_value(v, "/colour", "red"), {422}, "/colour"),
      post(f, "keys", "an unknown language", with_value(v, "/public_title/fr", "essai"), {422}, "/public_title/fr"),
      post(f, "keys", "__proto__", with_value(v, "/__proto__", json::object({{"admin", true}})), {422}, "/__proto__"),
      post(f, "keys", "a duplicate top-level key", duplicate("\"phase\":", "\"phase\":\"1\","), {400}, "/phase"),
      post(f, "keys", "a duplicate nested key", duplicate("\"sex\":", "\"sex\":\"male\","), {400}, "/eligibility/sex"),
      post(f, "keys", "a duplicate key spelt with an escape", duplicate("\"phase\":", "\"ph\\u0061se\":\"1\","), {400}, "/phase"),
      post(f, "keys", "a duplicate key inside an array", duplicate("\"prefecture\":", "\"prefecture\":\"01\","), {400},
           "/sites/0/prefecture"),
      post(f, "keys", "the system field version", with_value(v, "/version", 99), {422}, "/version"),
      post(f, "keys", "the system field owner_org", with_value(v, "/owner_org", "org_0000000000000000"), {422}, "/owner_org"),
      post(f, "keys", "the id of the operator's trial", with_value(v, "/id", f.operator_trial), {409}, "/id"),
  };
}

Rows number_rows(const Fixture& f) {
  const auto& v = f.valid_record;
  const std::string digits400 = "1" + std::string(399, '0');
  return {
      post(f, "numbers", "target_enrollment 1e400", with_raw(v, "/target_enrollment", "1e400"), {400}, "*"),
      post(f, "numbers", "target_enrollment -1e400", with_raw(v, "/target_enrollment", "-1e400"), {400}, "*"),
      post(f, "numbers", "a 400-digit target_enrollment", with_raw(v, "/target_enrollment", digits400), {400}, "*"),
      validate("numbers", "validate: {\"a\":1e400}", R"({"a":1e400})", {400}, "*"),
      validate("numbers", "validate: a 400-digit integer", "{\"a\":" + digits400 + "}", {400}, "*"),
      post(f, "numbers", "NaN", with_raw(v, "/target_enrollment", "NaN"), {400}, ""),
      post(f, "numbers", "Infinity", with_raw(v, "/eligibility/min_age_years", "Infinity"), {400}, ""),
      post(f, "numbers", "a negative count", with_value(v, "/target_enrollment", -5), {422}, "/target_enrollment"),
      post(f, "numbers", "a fractional count", with_value(v, "/target_enrollment", 1.5), {422}, "/target_enrollment"),
      post(f, "numbers", "a negative age", with_value(v, "/eligibility/min_age_years", -3), {422}, "/eligibility/min_age_years"),
      post(f, "numbers", "fractional visits", with_value(v, "/burden/visits", 2.5), {422}, "/burden/visits"),
      post(f, "numbers", "2^64 participants", with_raw(v, "/target_enrollment", "18446744073709551616"), {422},
           "/target_enrollment"),
      post(f, "numbers", "-2^63 - 1 visits", with_raw(v, "/burden/visits", "-9223372036854775809"), {422}, "/burden/visits"),
  };
}

}  // namespace

Rows body_rows(const Fixture& f) {
  Rows rows;
  for (auto part : {syntax_rows(f), utf8_rows(f), nul_rows(f), size_rows(f), type_rows(f), key_rows(f), number_rows(f)})
    for (auto& r : part) rows.push_back(std::move(r));
  return rows;
}

}  // namespace rinsho::testing::hostile
