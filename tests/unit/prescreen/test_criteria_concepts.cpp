#include <doctest/doctest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "model/trial_json.hpp"
#include "prescreen/criteria_concepts.hpp"
#include "support/sample_trials.hpp"
#include "text/dictionary.hpp"

using namespace rinsho;
using nlohmann::json;

namespace {

const text::Dictionary& dictionary() {
  static const auto d = text::Dictionary::builtin();
  REQUIRE(d.has_value());
  return *d;
}

}  // namespace

TEST_CASE("unknown_concept_errors: one error per unknown id, at its pointer") {
  const auto record = json::parse(R"({"eligibility": {"sex": "all", "criteria": [
    {"kind": "diagnosis", "type": "inclusion", "concept": "lung_cancer", "text": {"ja": "肺がん"}},
    {"kind": "other", "type": "inclusion", "text": {"ja": "その他"}},
    {"kind": "prior_treatment", "type": "exclusion", "concept": "no_such_drug", "text": {"ja": "前治療"}}]}})");
  const auto errors = prescreen::unknown_concept_errors(record, dictionary());
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].pointer == "/eligibility/criteria/2/concept");
  CHECK(errors[0].message_en.find("no_such_drug") != std::string::npos);
  CHECK(!errors[0].message_ja.empty());
  // Shapes the schema reports are left alone.
  CHECK(prescreen::unknown_concept_errors(json::parse(R"({"eligibility": {"criteria": 3}})"), dictionary()).empty());
  CHECK(prescreen::unknown_concept_errors(json::parse(R"([1])"), dictionary()).empty());
}

TEST_CASE("sample trials: structured criteria in at least 60 records across the areas, every concept known") {
  std::map<std::string, int> areas;
  int with_criteria = 0;
  for (const auto& file : testing::sample_trial_files()) {
    CAPTURE(file.filename().string());
    const auto record = json::parse(testing::read_file(file));
    CHECK(prescreen::unknown_concept_errors(record, dictionary()).empty());
    auto trial = model::trial_from_json(record);
    REQUIRE(trial.has_value());
    const auto& e = trial->eligibility;
    if (!e.criteria || e.criteria->empty()) continue;
    ++with_criteria;
    for (const auto& c : *e.criteria) {
      // Each criterion quotes the record's own free text, in both languages.
      const auto& free = c.type == "exclusion" ? e.exclusion : e.inclusion;
      REQUIRE(free.has_value());
      CHECK(free->ja.value_or("").find(c.text.ja.value_or("?")) != std::string::npos);
      CHECK(free->en.value_or("").find(c.text.en.value_or("?")) != std::string::npos);
    }
    const std::string icd = trial->conditions.empty() ? "" : trial->conditions[0].icd10.value_or("");
    if (e.healthy_volunteers.value_or(false)) ++areas["healthy volunteers"];
    else if (trial->flags && trial->flags->pediatric.value_or(false)) ++areas["paediatric"];
    else if (!icd.empty() && (icd[0] == 'C' || (icd[0] == 'D' && icd < "D5"))) ++areas["oncology"];
    else if (!icd.empty() && icd[0] == 'E') ++areas["metabolic"];
    else if (!icd.empty() && icd[0] == 'G') ++areas["neurology"];
  }
  CHECK(with_criteria >= 60);
  for (const char* area : {"oncology", "metabolic", "neurology", "paediatric", "healthy volunteers"}) {
    CAPTURE(area);
    CHECK(areas[area] >= 10);
  }
}
