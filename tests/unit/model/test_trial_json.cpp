#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "model/strict_json.hpp"
#include "model/trial_json.hpp"
#include "support/sample_trials.hpp"

using namespace rinsho;

TEST_CASE("trial_from_json and trial_to_json round-trip every sample trial without loss") {
  const auto files = testing::sample_trial_files();
  REQUIRE(!files.empty());
  for (const auto& file : files) {
    CAPTURE(file.filename().string());
    auto parsed = model::parse_json_strict(testing::read_file(file));
    REQUIRE(parsed.has_value());
    auto trial = model::trial_from_json(*parsed);
    REQUIRE(trial.has_value());
    CHECK(model::trial_to_json(*trial) == *parsed);
  }
}

TEST_CASE("trial_from_json keeps absent and empty apart") {
  auto j = nlohmann::json::parse(R"({"category":"other","study_type":"observational","phase":"na",
    "public_title":{"ja":"題"},"scientific_title":{"en":"T"},"conditions":[{"name":{"ja":"喘息"}}],
    "recruitment_status":"recruiting","eligibility":{"sex":"all","min_age_years":0.5},
    "sponsor":{"primary":{"ja":"A"},"secondary":[]},"contacts":{"public":{"email":"a@b.example"}},
    "countries":["JP"]})");
  auto trial = model::trial_from_json(j);
  REQUIRE(trial.has_value());
  CHECK(trial->sponsor.secondary.has_value());
  CHECK(trial->sponsor.secondary->empty());
  CHECK(!trial->sponsor.funding.has_value());
  CHECK(*trial->eligibility.min_age_years == doctest::Approx(0.5));
  CHECK(trial->public_title.in("en") == "題");
  CHECK(model::trial_to_json(*trial) == j);
}

TEST_CASE("trial_from_json reports a wrong shape as an error instead of throwing") {
  auto j = nlohmann::json::parse(R"({"conditions":"lung"})");
  auto trial = model::trial_from_json(j);
  CHECK(!trial.has_value());
  CHECK(trial.error().code == ErrorCode::validation);
}
