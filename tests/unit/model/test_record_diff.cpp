#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "model/record_diff.hpp"

using namespace rinsho;
using nlohmann::json;
using model::FieldChange;

namespace {

std::vector<std::string> pointers(const std::vector<FieldChange>& changes) {
  std::vector<std::string> out;
  for (const auto& c : changes) out.push_back(c.pointer);
  return out;
}

}  // namespace

TEST_CASE("diff_records reports changed leaves with their before and after values") {
  const json before = json::parse(R"({"public_title":{"ja":"旧","en":"Old"},"eligibility":{"sex":"all","min_age_years":20}})");
  json after = before;
  after["public_title"]["ja"] = "新";
  after["eligibility"]["min_age_years"] = 18;
  const auto changes = model::diff_records(before, after);
  REQUIRE(changes.size() == 2);
  CHECK(changes[0] == FieldChange{"/eligibility/min_age_years", 20, 18});
  CHECK(changes[1] == FieldChange{"/public_title/ja", "旧", "新"});
}

TEST_CASE("diff_records reports an added or removed field once, at its own pointer") {
  const json before = json::parse(R"({"a":1,"gone":{"x":1,"y":2}})");
  const json after = json::parse(R"({"a":1,"new":{"ja":"追加"}})");
  const auto changes = model::diff_records(before, after);
  REQUIRE(changes.size() == 2);
  CHECK(changes[0] == FieldChange{"/gone", json::parse(R"({"x":1,"y":2})"), nullptr});
  CHECK(changes[1] == FieldChange{"/new", nullptr, json::parse(R"({"ja":"追加"})")});
}

TEST_CASE("diff_records compares arrays element-wise only when their lengths match") {
  const json before = json::parse(R"({"sites":[{"name":"A","status":"recruiting"},{"name":"B"}],"countries":["JP"]})");
  json after = before;
  after["sites"][1]["name"] = "B2";
  after["countries"].push_back("US");
  const auto changes = model::diff_records(before, after);
  CHECK(pointers(changes) == std::vector<std::string>{"/countries", "/sites/1/name"});
  CHECK(changes[0].before == json::array({"JP"}));
  CHECK(changes[0].after == json::array({"JP", "US"}));
}

TEST_CASE("diff_records ignores system fields and number representation") {
  const json before = json::parse(R"({"version":1,"updated_at":"2024-01-01T00:00:00Z","owner_org":"org_a","age":20})");
  const json after = json::parse(R"({"version":2,"updated_at":"2025-01-01T00:00:00Z","age":20.0})");
  CHECK(model::diff_records(before, after).empty());
  // A nested field that happens to be called "version" is data, not a system field.
  CHECK(pointers(model::diff_records(json::parse(R"({"x":{"version":1}})"), json::parse(R"({"x":{"version":2}})"))) ==
        std::vector<std::string>{"/x/version"});
}

TEST_CASE("diff_records escapes keys and reports type changes at the field") {
  const auto changes = model::diff_records(json::parse(R"({"a/b":{"c~d":1},"t":{"k":1}})"),
                                           json::parse(R"({"a/b":{"c~d":2},"t":"flat"})"));
  REQUIRE(changes.size() == 2);
  CHECK(changes[0].pointer == "/a~1b/c~0d");
  CHECK(changes[1] == FieldChange{"/t", json::parse(R"({"k":1})"), "flat"});
}

TEST_CASE("diff_records from an empty object lists every top-level field of a new record") {
  const auto changes = model::diff_records(json::object(), json::parse(R"({"b":{"x":1},"a":[1],"version":1})"));
  CHECK(pointers(changes) == std::vector<std::string>{"/a", "/b"});
}
