#include "prescreen/verdict.hpp"

#include <algorithm>
#include <cctype>

namespace rinsho::prescreen {
namespace {

using model::EligibilityCriterion;

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// Stages compare without case or spaces ("Stage IIIa" and "IIIA" are written both ways).
std::string stage_key(std::string_view s) {
  std::string out;
  for (char c : s)
    if (!std::isspace(static_cast<unsigned char>(c))) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (out.rfind("STAGE", 0) == 0) out.erase(0, 5);
  return out;
}

// Whether what the criterion describes is true of the person: yes, no, or not known from the answers.
std::optional<bool> describes_person(const EligibilityCriterion& c, std::size_t index, const Answers& a) {
  if (auto it = a.applies.find(index); it != a.applies.end()) return it->second;
  switch (question_for(c)) {
    case Question::diagnosis:
      if (a.diagnoses) return contains(*a.diagnoses, *c.concept_id);
      // A healthy volunteer has no diagnosis to meet a diagnosis criterion with.
      if (a.healthy_volunteer.value_or(false)) return false;
      return std::nullopt;
    case Question::prior_treatment:
      if (a.prior_treatments) return contains(*a.prior_treatments, *c.concept_id);
      return std::nullopt;
    case Question::stage: {
      if (!a.stage) return std::nullopt;
      const auto mine = stage_key(*a.stage);
      for (const auto& s : *c.stages)
        if (stage_key(s) == mine) return true;
      return false;
    }
    case Question::ecog:
      if (!a.ecog) return std::nullopt;
      return *a.ecog >= c.min_ecog.value_or(0) && *a.ecog <= c.max_ecog.value_or(5);
    case Question::pregnancy:
      return a.pregnant_or_breastfeeding;
    case Question::own:
      return std::nullopt;
  }
  return std::nullopt;
}

Outcome criterion_outcome(const EligibilityCriterion& c, std::size_t index, const Answers& a) {
  const auto is = describes_person(c, index, a);
  if (!is) return Outcome::unknown;
  const bool inclusion = c.type != "exclusion";
  return *is == inclusion ? Outcome::met : Outcome::failed;
}

Outcome age_outcome(const model::Eligibility& e, const Answers& a) {
  if (!e.min_age_years && !e.max_age_years) return Outcome::met;
  if (!a.age) return Outcome::unknown;
  // Bounds are inclusive: "20 to 75" takes people aged 20 and 75.
  if (e.min_age_years && *a.age < *e.min_age_years) return Outcome::failed;
  if (e.max_age_years && *a.age > *e.max_age_years) return Outcome::failed;
  return Outcome::met;
}

Outcome sex_outcome(const model::Eligibility& e, const Answers& a) {
  if (e.sex != "female" && e.sex != "male") return Outcome::met;  // "all"
  if (!a.sex) return Outcome::unknown;
  return *a.sex == e.sex ? Outcome::met : Outcome::failed;
}

// Only a healthy person can fail this: a trial that takes healthy volunteers may still take patients.
Outcome healthy_outcome(const model::Eligibility& e, const Answers& a) {
  if (!a.healthy_volunteer) {
    if (e.healthy_volunteers.value_or(false)) return Outcome::met;
    // Someone who named a diagnosis is not a healthy volunteer.
    return a.diagnoses && !a.diagnoses->empty() ? Outcome::met : Outcome::unknown;
  }
  if (!*a.healthy_volunteer) return Outcome::met;
  return e.healthy_volunteers.value_or(false) ? Outcome::met : Outcome::failed;
}

}  // namespace

bool Answers::empty() const {
  return !age && !sex && !healthy_volunteer && !diagnoses && !prior_treatments && !stage && !ecog &&
         !pregnant_or_breastfeeding && applies.empty();
}

Question question_for(const EligibilityCriterion& c) {
  if (c.kind == "diagnosis" && c.concept_id) return Question::diagnosis;
  if (c.kind == "prior_treatment" && c.concept_id) return Question::prior_treatment;
  if (c.kind == "disease_stage" && c.stages && !c.stages->empty()) return Question::stage;
  if (c.kind == "performance_status" && (c.min_ecog || c.max_ecog)) return Question::ecog;
  if (c.kind == "pregnancy_breastfeeding") return Question::pregnancy;
  return Question::own;
}

Assessment assess(const model::Eligibility& e, const Answers& a) {
  std::vector<Reason> all = {{Basis::age, 0, age_outcome(e, a)},
                             {Basis::sex, 0, sex_outcome(e, a)},
                             {Basis::healthy_volunteers, 0, healthy_outcome(e, a)}};
  if (e.criteria)
    for (std::size_t i = 0; i < e.criteria->size(); ++i)
      all.push_back({Basis::criterion, i, criterion_outcome((*e.criteria)[i], i, a)});
  // Rules with nothing to check (no age limit, sex "all") are left out of what "likely" quotes.
  auto trivial = [&](const Reason& r) {
    return (r.basis == Basis::age && !e.min_age_years && !e.max_age_years) ||
           (r.basis == Basis::sex && e.sex != "female" && e.sex != "male") ||
           (r.basis == Basis::healthy_volunteers && r.outcome == Outcome::met && !a.healthy_volunteer.value_or(false));
  };
  Assessment out;
  auto pick = [&](Outcome o) {
    for (const auto& r : all)
      if (r.outcome == o && !(o == Outcome::met && trivial(r))) out.reasons.push_back(r);
  };
  if (std::any_of(all.begin(), all.end(), [](const Reason& r) { return r.outcome == Outcome::failed; })) {
    out.verdict = Verdict::unlikely;
    pick(Outcome::failed);
  } else if (std::any_of(all.begin(), all.end(), [](const Reason& r) { return r.outcome == Outcome::unknown; })) {
    out.verdict = Verdict::maybe;
    pick(Outcome::unknown);
  } else {
    out.verdict = Verdict::likely;
    pick(Outcome::met);
  }
  return out;
}

std::string_view name(Verdict v) {
  switch (v) {
    case Verdict::likely: return "likely";
    case Verdict::maybe: return "maybe";
    case Verdict::unlikely: return "unlikely";
  }
  return "maybe";
}

}  // namespace rinsho::prescreen
