#pragma once
// The pre-screening verdict: "likely", "maybe" or "unlikely", with the criteria behind it. Rules
// (README.md here): a question left unanswered never makes a verdict "unlikely", only "maybe"; a
// failed inclusion or a met exclusion makes it "unlikely"; everything answered and passing makes it
// "likely". The free-text criteria stay the authority; this only says whom to send to a doctor.
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/trial.hpp"

namespace rinsho::prescreen {

enum class Verdict { likely, maybe, unlikely };

// Every answer is optional: absent means "not answered".
struct Answers {
  std::optional<double> age;                      // years
  std::optional<std::string> sex;                 // "female" | "male"
  std::optional<bool> healthy_volunteer;          // "I have no illness and would volunteer"
  // Concept ids of what the person was diagnosed with / treated with, each with its broader
  // concepts already added (text::Dictionary::with_ancestors), so that a criterion naming a broader
  // concept matches. An empty list is an answer: "none".
  std::optional<std::vector<std::string>> diagnoses, prior_treatments;
  std::optional<std::string> stage;               // "I".."IV", as the criteria's stages are written
  std::optional<int> ecog;                        // 0..5
  std::optional<bool> pregnant_or_breastfeeding;
  // "Does this criterion apply to me?", by criterion index: wins over the shared answers above.
  std::map<std::size_t, bool> applies;
  bool empty() const;
};

// Which question a criterion is answered by on the questionnaire.
enum class Question { diagnosis, stage, prior_treatment, ecog, pregnancy, own };
Question question_for(const model::EligibilityCriterion& c);

enum class Basis { age, sex, healthy_volunteers, criterion };
enum class Outcome { met, failed, unknown };  // met: the person passes this rule

struct Reason {
  Basis basis = Basis::criterion;
  std::size_t criterion = 0;  // index into eligibility.criteria when basis is criterion
  Outcome outcome = Outcome::unknown;
  bool operator==(const Reason&) const = default;
};

struct Assessment {
  Verdict verdict = Verdict::maybe;
  // The rules that decided it: the failed ones for "unlikely", the unanswered ones for "maybe",
  // every rule checked for "likely"; in the order age, sex, healthy volunteers, criteria.
  std::vector<Reason> reasons;
};

Assessment assess(const model::Eligibility& eligibility, const Answers& answers);

std::string_view name(Verdict v);

}  // namespace rinsho::prescreen
