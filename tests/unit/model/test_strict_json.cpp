#include <doctest/doctest.h>

#include "model/strict_json.hpp"

using namespace rinsho;

TEST_CASE("parse_json_strict accepts ordinary JSON") {
  auto j = model::parse_json_strict(R"({"a":[1,{"b":"肺がん"}]})");
  REQUIRE(j.has_value());
  CHECK((*j)["a"][1]["b"] == "肺がん");
}

TEST_CASE("parse_json_strict rejects bad input with a field-level message") {
  struct Case {
    std::string input;
    ErrorCode code;
    std::string pointer;
    std::string message_en;
  };
  const std::vector<Case> cases = {
    {R"({"a":1,)", ErrorCode::invalid_json, "", "is not well-formed JSON (byte 8)"},
    {"{\"a\":\"\xff\xfe\"}", ErrorCode::invalid_json, "", "is not valid UTF-8 (byte 7)"},
    {R"({"a":1,"b":{"c":2,"c":3}})", ErrorCode::invalid_json, "/b/c", "appears more than once"},
    {R"({"list":[{"x":1},{"y":1,"y":2}]})", ErrorCode::invalid_json, "/list/1/y", "appears more than once"},
    {std::string(40, '[') + std::string(40, ']'), ErrorCode::invalid_json, "", "is nested deeper than 32 levels"},
    {std::string(5u << 20, ' '), ErrorCode::too_large, "", "is larger than the limit of 4194304 bytes"},
    // Numbers no double can hold: a clear 400 naming the member, never an internal error.
    {R"({"a":1e400})", ErrorCode::invalid_json, "/a", "is a number too large to represent"},
    {R"({"a":{"b":-1e400}})", ErrorCode::invalid_json, "/a/b", "is a number too large to represent"},
    {R"({"n":[1,2,)" + std::string(400, '9') + "]}", ErrorCode::invalid_json, "/n/2", "is a number too large to represent"},
    {"1e400", ErrorCode::invalid_json, "", "is a number too large to represent"},
    // nlohmann alone stops at a NUL and would accept the object before it.
    {std::string("{\"a\":1}\0{\"b\":", 14), ErrorCode::invalid_json, "", "is not well-formed JSON (NUL at byte 8)"},
    {std::string("{\"a\":\"x\0y\"}", 11), ErrorCode::invalid_json, "", "is not well-formed JSON (NUL at byte 8)"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.message_en);
    auto j = model::parse_json_strict(c.input);
    REQUIRE(!j.has_value());
    CHECK(j.error().code == c.code);
    REQUIRE(j.error().fields.size() == 1);
    CHECK(j.error().fields[0].pointer == c.pointer);
    CHECK(j.error().fields[0].message_en == c.message_en);
    CHECK(!j.error().fields[0].message_ja.empty());
  }
}

TEST_CASE("parse_json_strict rejects numbers beyond double's range instead of throwing") {
  // nlohmann throws out_of_range (not parse_error) for these; tests/fuzz/corpus/record_json keeps seeds of them.
  const std::vector<std::pair<std::string, std::string>> cases = {
    {"1e400", ""},
    {R"({"target_enrollment":-1E+999})", "/target_enrollment"},
    {R"({"sites":[{"lat":1},{"lat":1e400}]})", "/sites/1/lat"},
    {R"({"a~b/c":[1e400]})", "/a~0b~1c/0"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.first);
    auto j = model::parse_json_strict(c.first);
    REQUIRE(!j.has_value());
    CHECK(j.error().code == ErrorCode::invalid_json);
    REQUIRE(j.error().fields.size() == 1);
    CHECK(j.error().fields[0].pointer == c.second);
    CHECK(j.error().fields[0].message_en == "is a number too large to represent");
  }
  // A large integer that still fits a double is an ordinary number.
  CHECK(model::parse_json_strict("123456789012345678901234567890").has_value());
}

TEST_CASE("parse_json_strict survives a million nested arrays") {
  auto j = model::parse_json_strict(std::string(1'000'000, '['));
  CHECK(!j.has_value());
}
