#include <doctest/doctest.h>

#include <string>

#include "linkage/criteria_extract.hpp"

using namespace rinsho;
using linkage::extract_criteria;

namespace {

// One criterion as a line of text: "kind type concept stages ecog", for a golden table.
std::string describe(const model::EligibilityCriterion& c) {
  std::string s = c.kind + " " + c.type;
  if (c.concept_id) s += " " + *c.concept_id;
  if (c.stages)
    for (const auto& stage : *c.stages) s += " " + stage;
  if (c.min_ecog || c.max_ecog) s += " ecog " + std::to_string(c.min_ecog.value_or(0)) + "-" + std::to_string(c.max_ecog.value_or(5));
  return s;
}

// What one line of criteria gives, read as inclusion or exclusion in its own language.
std::string one_line(const std::string& line, bool exclusion) {
  model::Eligibility e;
  model::LocalizedText t;
  const bool japanese = line.find_first_of("\xE3\xE4\xE5\xE6\xE7\xE8\xE9") != std::string::npos;
  (japanese ? t.ja : t.en) = "* " + line;
  (exclusion ? e.exclusion : e.inclusion) = t;
  const auto found = extract_criteria(e);
  if (found.empty()) return "";
  REQUIRE(found.size() == 1);
  // The criterion quotes its line as written.
  CHECK((japanese ? found[0].text.ja : found[0].text.en).value_or("") == line);
  return describe(found[0]);
}

struct Golden {
  const char* line;
  bool exclusion;
  const char* expected;  // "" when nothing should be read off the line
};

}  // namespace

TEST_CASE("extract_criteria: one line each, a golden table of what is read and what is left alone") {
  const Golden table[] = {
      // performance status
      {"ECOG performance status of 0 or 1", false, "performance_status inclusion ecog 0-1"},
      {"ECOG PS 0-2", false, "performance_status inclusion ecog 0-2"},
      {"Eastern Cooperative Oncology Group (ECOG) performance status ≤ 1", false, "performance_status inclusion ecog 0-1"},
      {"ECOG performance status >= 3", true, "performance_status exclusion ecog 3-5"},
      {"PS（ECOG）が0〜1である患者", false, "performance_status inclusion ecog 0-1"},
      {"全身状態 (ECOG PS) 2以下", false, "performance_status inclusion ecog 0-2"},
      {"Karnofsky performance status ≥ 70%", false, ""},
      {"ECOG performance status of 0, 1, or 2", false, "performance_status inclusion ecog 0-2"},
      // pregnancy: only as an exclusion, never from a contraception line
      {"Pregnant or breastfeeding women", true, "pregnancy_breastfeeding exclusion"},
      {"妊娠中又は授乳中の女性", true, "pregnancy_breastfeeding exclusion"},
      {"Women of childbearing potential must have a negative pregnancy test", false, ""},
      {"Unwilling to use contraception to avoid pregnancy", true, ""},
      // disease stage: whole stages, ranges expanded, inclusion only
      {"Stage IIIB or IV non-small cell lung cancer", false, "disease_stage inclusion III IV"},
      {"臨床病期II〜IV期の胃癌", false, "disease_stage inclusion II III IV"},
      {"IV期の非小細胞肺癌と診断された患者", false, "disease_stage inclusion IV"},
      {"Stage 2-4 chronic kidney disease", false, "disease_stage inclusion II III IV"},
      {"End-stage renal disease on dialysis", false, ""},
      // prior treatment, with its negation
      {"Prior treatment with an EGFR-TKI", true, "prior_treatment exclusion egfr_tki"},
      {"No prior chemotherapy for advanced disease", false, "prior_treatment exclusion chemotherapy"},
      {"Previously treated with platinum-based chemotherapy", false, "prior_treatment inclusion platinum_chemotherapy"},
      {"メトホルミンの投与歴がある患者", false, "prior_treatment inclusion metformin"},
      {"Patients who have not received pembrolizumab", true, ""},
      {"Received a live vaccine within 4 weeks before screening", true, ""},  // when, not whether
      // biomarker: a term right next to the biomarker word
      {"EGFR mutation positive", false, "biomarker inclusion egfr_mutation"},
      {"Documented genetic mutation in the TTR gene", false, "biomarker inclusion ttr"},
      {"SARS-CoV-2 infection confirmed by PCR before randomization, with a positive antigen test", false,
       "diagnosis inclusion covid19"},  // not "randomized" or "PCR" as a biomarker
      // diagnosis
      {"Histologically confirmed non-small cell lung cancer", false, "diagnosis inclusion nsclc"},
      {"乳癌と組織学的に診断された患者", false, "diagnosis inclusion breast_cancer"},
      {"Known active hepatitis B infection", true, "diagnosis exclusion hepatitis_b"},
      {"Histologically confirmed lung or breast cancer", false, ""},  // two diagnoses: not one rule
      {"Active infectious disease requiring systemic treatment except for stable tuberculosis", true, ""},
      {"Has other known causes of neuropathy", true, ""},
      {"Stage 1 or Stage 2 familial amyloid polyneuropathy", false, "disease_stage inclusion I II"},
      // nothing to read
      {"Able to give written informed consent", false, ""},
      {"Adequate organ function", false, ""},
  };
  for (const auto& g : table) {
    const std::string line = g.line, expected = g.expected;
    CAPTURE(line);
    CHECK(one_line(line, g.exclusion) == expected);
  }
}

TEST_CASE("extract_criteria: a ClinicalTrials.gov block with markers, wrapped lines and a heading") {
  model::Eligibility e;
  e.inclusion = model::LocalizedText{std::nullopt, std::string("Key Inclusion Criteria:\n\n* Age 20 or older\n"
                                                               "* Stage IV non-small cell lung cancer with an\n"
                                                               "  EGFR mutation\n* ECOG performance status 0-1")};
  e.exclusion = model::LocalizedText{std::nullopt, std::string("1. Pregnant or lactating women\n2. Prior EGFR-TKI therapy")};
  const auto found = extract_criteria(e);
  REQUIRE(found.size() == 4);
  CHECK(describe(found[0]) == "disease_stage inclusion IV");
  CHECK(found[0].text.en.value_or("") == "Stage IV non-small cell lung cancer with an EGFR mutation");
  CHECK(describe(found[1]) == "performance_status inclusion ecog 0-1");
  CHECK(describe(found[2]) == "pregnancy_breastfeeding exclusion");
  CHECK(describe(found[3]) == "prior_treatment exclusion egfr_tki");
}

TEST_CASE("extract_criteria: the same rule in Japanese and English is one criterion with both texts") {
  model::Eligibility e;
  e.exclusion = model::LocalizedText{std::string("・妊娠中または授乳中の女性"), std::string("- Pregnant or breastfeeding women")};
  const auto found = extract_criteria(e);
  REQUIRE(found.size() == 1);
  CHECK(found[0].text.ja.value_or("") == "妊娠中または授乳中の女性");
  CHECK(found[0].text.en.value_or("") == "Pregnant or breastfeeding women");
}

TEST_CASE("extract_criteria: a rule found as both inclusion and exclusion is dropped, the rest kept") {
  model::Eligibility e;
  e.inclusion = model::LocalizedText{std::nullopt, std::string("- Documented TTR gene mutation\n- ECOG PS 0-1")};
  e.exclusion = model::LocalizedText{std::nullopt, std::string("- Documented TTR gene mutation\n- Pregnant women")};
  const auto found = extract_criteria(e);
  REQUIRE(found.size() == 2);
  CHECK(describe(found[0]) == "performance_status inclusion ecog 0-1");
  CHECK(describe(found[1]) == "pregnancy_breastfeeding exclusion");
}

TEST_CASE("fill_structured_criteria: never replaces what the registrant wrote, and caps the list") {
  model::Eligibility e;
  e.exclusion = model::LocalizedText{std::nullopt, std::string("- Pregnant women")};
  model::EligibilityCriterion own;
  own.kind = "other";
  own.type = "inclusion";
  own.text.en = "Lives within 2 hours of the site";
  e.criteria = std::vector{own};
  linkage::fill_structured_criteria(e);
  REQUIRE(e.criteria->size() == 1);
  CHECK(e.criteria->front().kind == "other");

  model::Eligibility many;
  std::string text;
  for (int lo = 0; lo <= 5; ++lo)  // 21 different ranges
    for (int hi = lo; hi <= 5; ++hi) text += "- ECOG performance status " + std::to_string(lo) + "-" + std::to_string(hi) + "\n";
  many.exclusion = model::LocalizedText{std::nullopt, text};
  linkage::fill_structured_criteria(many);
  REQUIRE(many.criteria);
  CHECK(many.criteria->size() == linkage::kMaxExtractedCriteria);
}
