// The guided form's steps without a server: form values to record, validator pointers to steps
// and fields, the page's inputs, and drafts from a file.
#include <doctest/doctest.h>

#include <map>

#include <nlohmann/json.hpp>

#include "frontend/i18n.hpp"
#include "model/validator.hpp"
#include "portal/import_text.hpp"
#include "portal/trial_form.hpp"

using namespace rinsho;
using nlohmann::json;

TEST_CASE("apply_step types the values, drops blank rows and leaves other steps' fields alone") {
  const json before = {{"public_title", {{"ja", "古い題名"}}},
                       {"sites", {{{"name", {{"ja", "A病院"}}}, {"prefecture", "13"}, {"lat", 35.6}, {"lon", 139.7}}}},
                       {"eligibility", {{"sex", "all"}}}};
  auto step4 = portal::apply_step(before, 4,
                                  {{"/eligibility/min_age_years", " 20 "}, {"/eligibility/max_age_years", "64.5"},
                                   {"/eligibility/sex", ""}, {"/eligibility/healthy_volunteers", "true"},
                                   {"/eligibility/inclusion/ja", "条件\r\nその2"}, {"/eligibility/inclusion/en", ""}});
  CHECK(step4["eligibility"] == json({{"min_age_years", 20}, {"max_age_years", 64.5}, {"healthy_volunteers", true},
                                      {"inclusion", {{"ja", "条件\nその2"}}}}));
  CHECK(step4["public_title"] == before["public_title"]);
  CHECK(step4["sites"] == before["sites"]);

  // A number that does not parse stays as typed, for the validator to name.
  CHECK(portal::apply_step(before, 4, {{"/eligibility/min_age_years", "二十"}})["eligibility"]["min_age_years"] == "二十");
  // Emptying every field of an object removes the object.
  CHECK_FALSE(portal::apply_step(before, 4, {{"/eligibility/sex", ""}}).contains("eligibility"));

  // Lists: the coordinates no input shows stay with their row; a blank row is dropped.
  auto step5 = portal::apply_step(before, 5,
                                  {{"/sites/0/name/ja", "A病院"}, {"/sites/0/prefecture", "14"}, {"/sites/1/name/ja", ""},
                                   {"/sites/1/prefecture", ""}, {"/countries", "JP\n\n US \n"}});
  REQUIRE(step5["sites"].size() == 1);
  CHECK(step5["sites"][0]["prefecture"] == "14");
  CHECK(step5["sites"][0]["lat"] == 35.6);
  CHECK(step5["countries"] == json({"JP", "US"}));
  // Lists of ja/en texts themselves (secondary sponsors).
  auto step10 = portal::apply_step(json::object(), 10, {{"/sponsor/secondary/0/en", "Partner Inc."}, {"/sponsor/secondary/1/ja", ""}});
  CHECK(step10["sponsor"]["secondary"] == json::array({{{"en", "Partner Inc."}}}));
}

TEST_CASE("pointer_in_step and step_of_pointer place the validator's pointers") {
  CHECK(portal::step_of_pointer("/public_title/ja") == 1);
  CHECK(portal::step_of_pointer("/category") == 1);
  CHECK(portal::step_of_pointer("/conditions/2/name") == 2);
  CHECK(portal::step_of_pointer("/eligibility") == 4);  // a missing object: the step of its fields
  CHECK(portal::step_of_pointer("/sites/0/prefecture") == 5);
  CHECK(portal::step_of_pointer("/flags/dct/econsent") == 6);
  CHECK(portal::step_of_pointer("/contacts") == 7);
  CHECK(portal::step_of_pointer("/sponsor/primary") == 10);
  CHECK(portal::step_of_pointer("/version") == 0);
  CHECK_FALSE(portal::pointer_in_step("/public_title", 2));
  CHECK(portal::field_id("/conditions/0/name/ja") == "f-conditions-0-name-ja");
}

TEST_CASE("step_page: help from the schema in the reader's language, errors beside their fields, 47 prefectures") {
  auto validator = model::RecordValidator::builtin().value();
  auto messages = frontend::Messages::load().value();
  const json record = {{"target_enrollment", "many"}};
  auto errors = validator.validate(record);
  auto page = portal::step_page(record, 1, validator.schema(), messages, "en", errors);
  std::map<std::string, json> inputs;
  for (const auto& section : page.sections)
    for (const auto& in : section["inputs"]) inputs[in["id"].get<std::string>()] = in;
  REQUIRE(inputs.count("f-target_enrollment") == 1);
  CHECK(inputs["f-target_enrollment"]["value"] == "many");
  CHECK(inputs["f-target_enrollment"]["error"] == "must be an integer");
  CHECK(inputs["f-target_enrollment"]["hint"] == "Target sample size (WHO TRDS 17)");
  CHECK(inputs["f-target_enrollment"]["describedby"] == "f-target_enrollment-hint f-target_enrollment-error");
  // A missing localized text is shown at its Japanese input; the summary links there.
  CHECK(inputs["f-public_title-ja"]["error"] == "is required");
  bool linked = false;
  for (const auto& e : page.errors) linked = linked || (e.field == "f-public_title-ja" && e.text.find("is required") != std::string::npos);
  CHECK(linked);
  // Errors of other steps are not this page's.
  for (const auto& e : page.errors) CHECK(e.field.rfind("f-contacts", 0) != 0);

  auto sites = portal::step_page(json::object(), 5, validator.schema(), messages, "ja", {});
  std::size_t prefectures = 0;
  for (const auto& section : sites.sections)
    for (const auto& in : section["inputs"])
      if (in["id"] == "f-sites-0-prefecture") prefectures = in["options"].size();
  CHECK(prefectures == 48);  // 47 and "not chosen"
}

TEST_CASE("draft_from_text: rinsho records lose id and system fields; bad text is named") {
  auto ok = portal::draft_from_text(R"({"id": "jRCT2031240001", "version": 2, "phase": "3"})");
  REQUIRE(ok.has_value());
  CHECK(ok->format == "rinsho");
  CHECK(ok->record == json({{"phase", "3"}}));
  CHECK(portal::draft_from_text("").error().fields.at(0).pointer == "file");
  CHECK(portal::draft_from_text("{").error().fields.at(0).message_en.rfind("is not JSON", 0) == 0);
  CHECK(portal::draft_from_text("[1]").error().fields.at(0).message_en == "is not a JSON object ({ … })");
  CHECK(portal::draft_from_text(R"({"a": 1, "a": 2})").has_value() == false);  // duplicate keys
}
