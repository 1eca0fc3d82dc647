// The pre-screening rules as a golden table: (trial eligibility, a person's answers) -> verdict and the
// rules quoted for it. static/site.js mirrors these rules; tests/browser/prescreen.test.mjs checks a
// few of the same rows there.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "prescreen/verdict.hpp"

using namespace rinsho;
using prescreen::Answers;
using prescreen::Verdict;

namespace {

model::EligibilityCriterion crit(std::string kind, std::string type, std::string ja, std::string en = "") {
  model::EligibilityCriterion c;
  c.kind = std::move(kind);
  c.type = std::move(type);
  c.text.ja = std::move(ja);
  if (!en.empty()) c.text.en = std::move(en);
  return c;
}
model::EligibilityCriterion with_concept(model::EligibilityCriterion c, std::string id) {
  c.concept_id = std::move(id);
  return c;
}
model::EligibilityCriterion ecog(std::string type, std::int64_t min, std::int64_t max) {
  auto c = crit("performance_status", std::move(type), "ECOG PS " + std::to_string(min) + "〜" + std::to_string(max));
  c.min_ecog = min;
  c.max_ecog = max;
  return c;
}
model::EligibilityCriterion stage(std::string type, std::vector<std::string> stages) {
  auto c = crit("disease_stage", std::move(type), "病期");
  c.stages = std::move(stages);
  return c;
}

// A typical oncology trial: 20 to 75, any sex, no healthy volunteers, and five criteria.
//   c0 diagnosis lung_cancer (inclusion)        c1 stage III/IV (inclusion)
//   c2 ECOG 0-1 (inclusion)                      c3 prior chemotherapy (exclusion)
//   c4 pregnant or breastfeeding (exclusion)
model::Eligibility oncology() {
  model::Eligibility e;
  e.min_age_years = 20;
  e.max_age_years = 75;
  e.sex = "all";
  e.healthy_volunteers = false;
  e.criteria = {with_concept(crit("diagnosis", "inclusion", "非小細胞肺がんと診断された方", "Diagnosed with NSCLC"), "lung_cancer"),
                stage("inclusion", {"III", "IV"}), ecog("inclusion", 0, 1),
                with_concept(crit("prior_treatment", "exclusion", "化学療法を受けたことがある方"), "chemotherapy"),
                crit("pregnancy_breastfeeding", "exclusion", "妊娠中または授乳中の方")};
  return e;
}

// A phase 1 study in healthy men aged 20 to 45 with one organ-function criterion (c0).
model::Eligibility healthy_men() {
  model::Eligibility e;
  e.min_age_years = 20;
  e.max_age_years = 45;
  e.sex = "male";
  e.healthy_volunteers = true;
  e.criteria = {crit("organ_function", "exclusion", "肝機能・腎機能に異常がある方")};
  return e;
}

// A women's study with only the free text: no structured criteria, 18 and over.
model::Eligibility women_open() {
  model::Eligibility e;
  e.min_age_years = 18;
  e.sex = "female";
  return e;
}

// A paediatric study, 0.5 to 15 years, with a biomarker inclusion (c0) and an "other" exclusion (c1).
model::Eligibility paediatric() {
  model::Eligibility e;
  e.min_age_years = 0.5;
  e.max_age_years = 15;
  e.sex = "all";
  e.criteria = {crit("biomarker", "inclusion", "血清 IgE が陽性の方"), crit("other", "exclusion", "他の治験に参加中の方")};
  return e;
}

// Any age, any sex, takes healthy volunteers, no criteria.
model::Eligibility open_to_all() {
  model::Eligibility e;
  e.sex = "all";
  e.healthy_volunteers = true;
  return e;
}

// The full set of answers that passes oncology().
Answers fits_oncology() {
  Answers a;
  a.age = 60;
  a.sex = "female";
  a.healthy_volunteer = false;
  a.diagnoses = {{"lung_cancer", "cancer"}};
  a.stage = "IV";
  a.ecog = 1;
  a.prior_treatments = std::vector<std::string>{};
  a.pregnant_or_breastfeeding = false;
  return a;
}

template <class F> Answers change(Answers a, F f) {
  f(a);
  return a;
}

struct Row {
  const char* name;
  model::Eligibility eligibility;
  Answers answers;
  Verdict verdict;
  std::vector<std::string> quoted;  // "age", "sex", "hv" or "c<i>"
};

std::string key(const prescreen::Reason& r) {
  switch (r.basis) {
    case prescreen::Basis::age: return "age";
    case prescreen::Basis::sex: return "sex";
    case prescreen::Basis::healthy_volunteers: return "hv";
    case prescreen::Basis::criterion: return "c" + std::to_string(r.criterion);
  }
  return "";
}

std::vector<Row> rows() {
  using V = Verdict;
  const auto all_onc = std::vector<std::string>{"age", "c0", "c1", "c2", "c3", "c4"};
  return {
      // --- oncology: every answer passing, then one rule at a time ---
      {"all answered and passing", oncology(), fits_oncology(), V::likely, all_onc},
      {"nothing answered", oncology(), Answers{}, V::maybe, {"age", "hv", "c0", "c1", "c2", "c3", "c4"}},
      {"age at the lower bound is in", oncology(), change(fits_oncology(), [](Answers& a) { a.age = 20; }), V::likely, all_onc},
      {"age at the upper bound is in", oncology(), change(fits_oncology(), [](Answers& a) { a.age = 75; }), V::likely, all_onc},
      {"age just under the lower bound", oncology(), change(fits_oncology(), [](Answers& a) { a.age = 19.9; }), V::unlikely, {"age"}},
      {"age just over the upper bound", oncology(), change(fits_oncology(), [](Answers& a) { a.age = 76; }), V::unlikely, {"age"}},
      {"age unanswered", oncology(), change(fits_oncology(), [](Answers& a) { a.age.reset(); }), V::maybe, {"age"}},
      {"sex all takes men", oncology(), change(fits_oncology(), [](Answers& a) { a.sex = "male"; }), V::likely, all_onc},
      {"sex all needs no answer", oncology(), change(fits_oncology(), [](Answers& a) { a.sex.reset(); }), V::likely, all_onc},
      {"other diagnosis fails the diagnosis inclusion", oncology(),
       change(fits_oncology(), [](Answers& a) { a.diagnoses = {{"breast_cancer", "cancer"}}; }), V::unlikely, {"c0"}},
      {"diagnosis unanswered", oncology(), change(fits_oncology(), [](Answers& a) { a.diagnoses.reset(); }), V::maybe, {"c0"}},
      {"own answer overrides the diagnosis list", oncology(),
       change(fits_oncology(), [](Answers& a) { a.diagnoses.reset(); a.applies[0] = true; }), V::likely, all_onc},
      {"stage outside the list", oncology(), change(fits_oncology(), [](Answers& a) { a.stage = "II"; }), V::unlikely, {"c1"}},
      {"stage written with Stage and lower case", oncology(), change(fits_oncology(), [](Answers& a) { a.stage = "stage iii"; }), V::likely, all_onc},
      {"stage unanswered", oncology(), change(fits_oncology(), [](Answers& a) { a.stage.reset(); }), V::maybe, {"c1"}},
      {"ECOG 0 is within 0-1", oncology(), change(fits_oncology(), [](Answers& a) { a.ecog = 0; }), V::likely, all_onc},
      {"ECOG 2 is outside 0-1", oncology(), change(fits_oncology(), [](Answers& a) { a.ecog = 2; }), V::unlikely, {"c2"}},
      {"ECOG unanswered", oncology(), change(fits_oncology(), [](Answers& a) { a.ecog.reset(); }), V::maybe, {"c2"}},
      {"prior chemotherapy hits the exclusion", oncology(),
       change(fits_oncology(), [](Answers& a) { a.prior_treatments = {{"chemotherapy", "drug_therapy"}}; }), V::unlikely, {"c3"}},
      {"other prior treatment is no exclusion", oncology(),
       change(fits_oncology(), [](Answers& a) { a.prior_treatments = {{"radiotherapy"}}; }), V::likely, all_onc},
      {"prior treatments unanswered", oncology(), change(fits_oncology(), [](Answers& a) { a.prior_treatments.reset(); }), V::maybe, {"c3"}},
      {"pregnant hits the exclusion", oncology(), change(fits_oncology(), [](Answers& a) { a.pregnant_or_breastfeeding = true; }), V::unlikely, {"c4"}},
      {"pregnancy unanswered", oncology(), change(fits_oncology(), [](Answers& a) { a.pregnant_or_breastfeeding.reset(); }), V::maybe, {"c4"}},
      {"two failures quote both", oncology(), change(fits_oncology(), [](Answers& a) { a.age = 80; a.ecog = 3; }), V::unlikely, {"age", "c2"}},
      {"a failure wins over unanswered questions", oncology(),
       change(Answers{}, [](Answers& a) { a.ecog = 4; }), V::unlikely, {"c2"}},
      {"healthy volunteer where none are taken", oncology(),
       change(Answers{}, [](Answers& a) { a.healthy_volunteer = true; }), V::unlikely, {"hv", "c0"}},
      {"a named diagnosis answers the healthy-volunteer question", oncology(),
       change(fits_oncology(), [](Answers& a) { a.healthy_volunteer.reset(); }), V::likely, all_onc},
      // --- healthy volunteers, sex-restricted ---
      {"healthy man in range", healthy_men(),
       change(Answers{}, [](Answers& a) { a.age = 30; a.sex = "male"; a.healthy_volunteer = true; a.applies[0] = false; }),
       V::likely, {"age", "sex", "hv", "c0"}},
      {"woman in a men-only study", healthy_men(),
       change(Answers{}, [](Answers& a) { a.age = 30; a.sex = "female"; a.healthy_volunteer = true; a.applies[0] = false; }),
       V::unlikely, {"sex"}},
      {"sex unanswered in a men-only study", healthy_men(),
       change(Answers{}, [](Answers& a) { a.age = 30; a.healthy_volunteer = true; a.applies[0] = false; }), V::maybe, {"sex"}},
      {"organ-function exclusion applies", healthy_men(),
       change(Answers{}, [](Answers& a) { a.age = 30; a.sex = "male"; a.healthy_volunteer = true; a.applies[0] = true; }),
       V::unlikely, {"c0"}},
      {"organ-function unanswered", healthy_men(),
       change(Answers{}, [](Answers& a) { a.age = 30; a.sex = "male"; a.healthy_volunteer = true; }), V::maybe, {"c0"}},
      {"a patient may join a study that also takes healthy volunteers", healthy_men(),
       change(Answers{}, [](Answers& a) { a.age = 45; a.sex = "male"; a.healthy_volunteer = false; a.applies[0] = false; }),
       V::likely, {"age", "sex", "c0"}},
      {"46 is over 45", healthy_men(),
       change(Answers{}, [](Answers& a) { a.age = 46; a.sex = "male"; a.healthy_volunteer = true; a.applies[0] = false; }),
       V::unlikely, {"age"}},
      // --- no structured criteria ---
      {"woman of 18 with only free text", women_open(),
       change(Answers{}, [](Answers& a) { a.age = 18; a.sex = "female"; a.healthy_volunteer = false; }), V::likely, {"age", "sex"}},
      {"17 is under a lower bound with no upper bound", women_open(),
       change(Answers{}, [](Answers& a) { a.age = 17; a.sex = "female"; }), V::unlikely, {"age"}},
      {"no upper bound takes 99", women_open(),
       change(Answers{}, [](Answers& a) { a.age = 99; a.sex = "female"; a.healthy_volunteer = false; }), V::likely, {"age", "sex"}},
      {"healthy volunteer unanswered where none are taken", women_open(),
       change(Answers{}, [](Answers& a) { a.age = 30; a.sex = "female"; }), V::maybe, {"hv"}},
      // --- paediatric: fractional ages, biomarker and other criteria ---
      {"six months is the lower bound", paediatric(),
       change(Answers{}, [](Answers& a) { a.age = 0.5; a.healthy_volunteer = false; a.applies = {{0, true}, {1, false}}; }),
       V::likely, {"age", "c0", "c1"}},
      {"four months is under six months", paediatric(),
       change(Answers{}, [](Answers& a) { a.age = 0.34; a.applies = {{0, true}, {1, false}}; }), V::unlikely, {"age"}},
      {"biomarker not present fails the inclusion", paediatric(),
       change(Answers{}, [](Answers& a) { a.age = 8; a.healthy_volunteer = false; a.applies = {{0, false}, {1, false}}; }),
       V::unlikely, {"c0"}},
      {"in another trial hits the other exclusion", paediatric(),
       change(Answers{}, [](Answers& a) { a.age = 8; a.healthy_volunteer = false; a.applies = {{0, true}, {1, true}}; }),
       V::unlikely, {"c1"}},
      {"biomarker unknown", paediatric(),
       change(Answers{}, [](Answers& a) { a.age = 8; a.healthy_volunteer = false; a.applies = {{1, false}}; }), V::maybe, {"c0"}},
      {"16 is over 15", paediatric(),
       change(Answers{}, [](Answers& a) { a.age = 16; a.applies = {{0, true}, {1, false}}; }), V::unlikely, {"age"}},
      // --- nothing to check ---
      {"open to all, nothing answered", open_to_all(), Answers{}, V::likely, {}},
      {"open to all, healthy volunteer", open_to_all(),
       change(Answers{}, [](Answers& a) { a.healthy_volunteer = true; a.age = 0; }), V::likely, {"hv"}},
      // --- criteria of other shapes ---
      {"an exclusion stage list", [] { auto e = open_to_all(); e.criteria = {stage("exclusion", {"IV"})}; return e; }(),
       change(Answers{}, [](Answers& a) { a.stage = "IV"; }), V::unlikely, {"c0"}},
      {"an exclusion ECOG range 3-4", [] { auto e = open_to_all(); e.criteria = {ecog("exclusion", 3, 4)}; return e; }(),
       change(Answers{}, [](Answers& a) { a.ecog = 2; }), V::likely, {"c0"}},
      {"a pregnancy inclusion (a study of pregnant women)",
       [] { auto e = women_open(); e.criteria = {crit("pregnancy_breastfeeding", "inclusion", "妊娠中の方")}; return e; }(),
       change(Answers{}, [](Answers& a) { a.age = 30; a.sex = "female"; a.healthy_volunteer = false; a.pregnant_or_breastfeeding = false; }),
       V::unlikely, {"c0"}},
      {"a diagnosis with no concept waits for its own answer",
       [] { auto e = open_to_all(); e.criteria = {crit("diagnosis", "inclusion", "慢性疼痛のある方")}; return e; }(),
       change(Answers{}, [](Answers& a) { a.diagnoses = {{"lung_cancer"}}; }), V::maybe, {"c0"}},
      {"a broader diagnosis concept matches through the person's ancestors",
       [] { auto e = open_to_all(); e.criteria = {with_concept(crit("diagnosis", "inclusion", "がんの方"), "cancer")}; return e; }(),
       change(Answers{}, [](Answers& a) { a.diagnoses = {{"lung_cancer", "cancer"}}; }), V::likely, {"c0"}},
      {"an empty treatment list answers 'none' to a required treatment",
       [] { auto e = open_to_all(); e.criteria = {with_concept(crit("prior_treatment", "inclusion", "化学療法後の方"), "chemotherapy")}; return e; }(),
       change(Answers{}, [](Answers& a) { a.prior_treatments = std::vector<std::string>{}; }), V::unlikely, {"c0"}},
  };
}

}  // namespace

TEST_CASE("assess: golden table of criteria and answers") {
  const auto table = rows();
  CHECK(table.size() >= 40);
  for (const auto& row : table) {
    CAPTURE(row.name);
    const auto got = prescreen::assess(row.eligibility, row.answers);
    CHECK(prescreen::name(got.verdict) == prescreen::name(row.verdict));
    std::vector<std::string> quoted;
    for (const auto& r : got.reasons) quoted.push_back(key(r));
    CHECK(quoted == row.quoted);
  }
}

TEST_CASE("assess: an unanswered question never makes a verdict unlikely") {
  // Every criterion kind, each with nothing answered: maybe, never unlikely.
  for (const char* kind : {"diagnosis", "disease_stage", "prior_treatment", "biomarker", "performance_status",
                           "pregnancy_breastfeeding", "organ_function", "other"})
    for (const char* type : {"inclusion", "exclusion"}) {
      CAPTURE(kind);
      CAPTURE(type);
      model::Eligibility e;
      e.sex = "female";
      e.min_age_years = 20;
      auto c = crit(kind, type, "条件");
      if (std::string(kind) == "diagnosis" || std::string(kind) == "prior_treatment") c.concept_id = "lung_cancer";
      if (std::string(kind) == "disease_stage") c.stages = std::vector<std::string>{"I"};
      if (std::string(kind) == "performance_status") c.max_ecog = 1;
      e.criteria = {c};
      CHECK(prescreen::assess(e, Answers{}).verdict == Verdict::maybe);
    }
}

TEST_CASE("question_for: machine-checkable kinds share a question, the rest ask their own") {
  CHECK(prescreen::question_for(ecog("inclusion", 0, 1)) == prescreen::Question::ecog);
  CHECK(prescreen::question_for(stage("inclusion", {"IV"})) == prescreen::Question::stage);
  CHECK(prescreen::question_for(crit("pregnancy_breastfeeding", "exclusion", "妊娠中")) == prescreen::Question::pregnancy);
  CHECK(prescreen::question_for(with_concept(crit("diagnosis", "inclusion", "肺がん"), "lung_cancer")) == prescreen::Question::diagnosis);
  CHECK(prescreen::question_for(crit("diagnosis", "inclusion", "肺がん")) == prescreen::Question::own);
  CHECK(prescreen::question_for(crit("performance_status", "inclusion", "PS 良好")) == prescreen::Question::own);
  CHECK(prescreen::question_for(crit("biomarker", "inclusion", "HER2 陽性")) == prescreen::Question::own);
}
