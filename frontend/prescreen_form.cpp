// The "Could I join?" questionnaire on the trial page: a GET form to the page itself, filled in again
// from the query string, and the verdict the server computed from it. Every verdict text and every
// criterion the verdict could quote is on the page; static/site.js recomputes the verdict in the
// browser with the same rules (core/prescreen) and only shows or hides them.
#include <algorithm>
#include <set>

#include "frontend/format.hpp"
#include "frontend/trial_parts.hpp"

namespace rinsho::frontend::trial_parts {
namespace {

using nlohmann::json;
using prescreen::Basis;
using prescreen::Question;

std::string query_value(const PageContext& ctx, const std::string& key) {
  std::string out;
  for (const auto& [k, v] : ctx.query)
    if (k == key && !v.empty()) out = v;
  return out;
}

// {value, label, selected} with a first "not answered" option.
json options(const PageContext& ctx, const std::string& name, const std::vector<std::pair<std::string, std::string>>& choices,
             const Messages& m) {
  const std::string current = query_value(ctx, name);
  json out = json::array();
  out.push_back({{"value", ""}, {"label", m.text("prescreen_unanswered", ctx.lang)}, {"selected", current.empty()}});
  for (const auto& [value, label] : choices) out.push_back({{"value", value}, {"label", label}, {"selected", current == value}});
  return out;
}

std::vector<std::pair<std::string, std::string>> yes_no(const std::string& lang, const Messages& m) {
  return {{"yes", m.text("prescreen_yes", lang)}, {"no", m.text("prescreen_no", lang)}};
}

std::string reason_key(const prescreen::Reason& r) {
  switch (r.basis) {
    case Basis::age: return "age";
    case Basis::sex: return "sex";
    case Basis::healthy_volunteers: return "hv";
    case Basis::criterion: return "c" + std::to_string(r.criterion);
  }
  return "";
}

const char* question_name(Question q) {
  switch (q) {
    case Question::ecog: return "ecog";
    case Question::stage: return "stage";
    case Question::pregnancy: return "preg";
    case Question::diagnosis: return "diagnosis";
    default: return "own";
  }
}

}  // namespace

std::string age_text(const model::Eligibility& e, const std::string& lang, const Messages& m) {
  if (e.min_age_years && e.max_age_years)
    return m.format("age_range", lang, {{"min", format_number(*e.min_age_years)}, {"max", format_number(*e.max_age_years)}});
  if (e.min_age_years) return m.format("age_min_only", lang, {{"min", format_number(*e.min_age_years)}});
  if (e.max_age_years) return m.format("age_max_only", lang, {{"max", format_number(*e.max_age_years)}});
  return m.text("age_any", lang);
}

json prescreen_reason_text(const model::Eligibility& e, const prescreen::Reason& r, const std::string& lang, const Messages& m) {
  switch (r.basis) {
    case Basis::age: return m.format("prescreen_reason_age", lang, {{"age", age_text(e, lang, m)}});
    case Basis::sex: return m.format("prescreen_reason_sex", lang, {{"sex", m.label("sex", e.sex, lang)}});
    case Basis::healthy_volunteers:
      return m.text(e.healthy_volunteers.value_or(false) ? "prescreen_reason_hv_yes" : "prescreen_reason_hv_no", lang);
    case Basis::criterion: {
      const auto& c = (*e.criteria).at(r.criterion);
      return m.text(c.type == "exclusion" ? "prescreen_exclusion" : "prescreen_inclusion", lang) + ": " + c.text.in(lang);
    }
  }
  return "";
}

json prescreen_form(const TrialView& view, const PageContext& ctx, const Messages& m) {
  const auto& e = view.trial.eligibility;
  const auto& lang = ctx.lang;
  const std::string id = view.trial.id.value_or("");
  json f;
  f["action"] = "/trials/" + id;
  f["en"] = lang == "en";
  f["age"] = query_value(ctx, "age");
  f["min_age"] = e.min_age_years ? format_number(*e.min_age_years) : "";
  f["max_age"] = e.max_age_years ? format_number(*e.max_age_years) : "";
  f["trial_sex"] = e.sex;
  f["trial_hv"] = e.healthy_volunteers.value_or(false) ? "yes" : "no";
  f["sex_options"] = options(ctx, "sex", {{"female", m.label("sex", "female", lang)}, {"male", m.label("sex", "male", lang)}}, m);
  f["hv_options"] = options(ctx, "hv", yes_no(lang, m), m);
  // One shared question per machine-checkable kind; every other criterion asks "does this apply?".
  std::vector<std::string> stages;
  bool ecog = false, pregnancy = false;
  json own = json::array(), reasons = json::array();
  for (auto basis : {Basis::age, Basis::sex, Basis::healthy_volunteers}) {
    prescreen::Reason r{basis, 0, prescreen::Outcome::unknown};
    reasons.push_back({{"key", reason_key(r)}, {"text", prescreen_reason_text(e, r, lang, m)}, {"attrs", ""}});
  }
  const auto& criteria = e.criteria ? *e.criteria : std::vector<model::EligibilityCriterion>{};
  for (std::size_t i = 0; i < criteria.size(); ++i) {
    const auto& c = criteria[i];
    const auto q = prescreen::question_for(c);
    prescreen::Reason r{Basis::criterion, i, prescreen::Outcome::unknown};
    std::string stage_list;
    if (q == Question::stage)
      for (const auto& s : *c.stages) {
        if (std::find(stages.begin(), stages.end(), s) == stages.end()) stages.push_back(s);
        stage_list += (stage_list.empty() ? "" : "|") + s;
      }
    ecog = ecog || q == Question::ecog;
    pregnancy = pregnancy || q == Question::pregnancy;
    reasons.push_back({{"key", reason_key(r)}, {"text", prescreen_reason_text(e, r, lang, m)},
                       {"q", question_name(q)}, {"type", c.type}, {"stages", stage_list},
                       {"min_ecog", c.min_ecog ? std::to_string(*c.min_ecog) : ""},
                       {"max_ecog", c.max_ecog ? std::to_string(*c.max_ecog) : ""}, {"criterion", true}});
    if (q == Question::own || q == Question::diagnosis || q == Question::prior_treatment)
      own.push_back({{"name", "c" + std::to_string(i)}, {"id", "ps-c" + std::to_string(i)},
                     {"type_label", m.text(c.type == "exclusion" ? "prescreen_exclusion" : "prescreen_inclusion", lang)},
                     {"text", c.text.in(lang)}, {"options", options(ctx, "c" + std::to_string(i), yes_no(lang, m), m)}});
  }
  std::vector<std::pair<std::string, std::string>> stage_choices;
  for (const auto& s : stages) stage_choices.emplace_back(s, s);
  stage_choices.emplace_back("other", m.text("prescreen_stage_other", lang));
  f["stage"] = stages.empty() ? json(false) : json{{"options", options(ctx, "stage", stage_choices, m)}};
  std::vector<std::pair<std::string, std::string>> ecog_choices;
  for (int score = 0; score <= 4; ++score)
    ecog_choices.emplace_back(std::to_string(score), m.text("prescreen_ecog_" + std::to_string(score), lang));
  f["ecog"] = ecog ? json{{"options", options(ctx, "ecog", ecog_choices, m)}} : json(false);
  f["preg"] = pregnancy ? json{{"options", options(ctx, "preg", yes_no(lang, m), m)}} : json(false);
  f["questions"] = own;
  // The verdict: the server's when the page was asked with answers; otherwise all hidden, for the script.
  std::set<std::string> shown;
  std::string verdict;
  if (view.prescreen) {
    verdict = std::string(prescreen::name(view.prescreen->verdict));
    for (const auto& r : view.prescreen->reasons) shown.insert(reason_key(r));
  }
  for (auto& r : reasons) r["hidden"] = !shown.count(r["key"].get<std::string>());
  f["reasons"] = reasons;
  json verdicts = json::array();
  for (const char* v : {"likely", "maybe", "unlikely"})
    verdicts.push_back({{"key", v}, {"title", m.text(std::string("prescreen_verdict_") + v, lang)},
                        {"advice", m.text(std::string("prescreen_advice_") + v, lang)}, {"hidden", verdict != v}});
  f["verdicts"] = verdicts;
  f["answered"] = view.prescreen.has_value();
  return f;
}

}  // namespace rinsho::frontend::trial_parts
