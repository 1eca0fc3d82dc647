// "My situation" on the results page: a few optional answers (age, sex, prefecture, diagnosis, prior
// treatments) in the same GET form as the filters, and a likely/maybe/unlikely label on each hit with
// the rule behind it. The verdicts come from core/prescreen via the server (ResultsView::situation).
#include "frontend/results_parts.hpp"
#include "frontend/trial_parts.hpp"

namespace rinsho::frontend::results_parts {
namespace {

std::string query_value(const PageContext& ctx, const std::string& key) {
  std::string out;
  for (const auto& [k, v] : ctx.query)
    if (k == key && !v.empty()) out = v;
  return out;
}

}  // namespace

nlohmann::json situation_form(const PageContext& ctx, const Messages& m) {
  const auto& lang = ctx.lang;
  nlohmann::json f;
  f["age"] = query_value(ctx, "me_age");
  f["dx"] = query_value(ctx, "me_dx");
  f["tx"] = query_value(ctx, "me_tx");
  f["rank"] = query_value(ctx, "me_rank") == "1";
  f["open"] = !f["age"].get<std::string>().empty() || !f["dx"].get<std::string>().empty() ||
              !f["tx"].get<std::string>().empty() || !query_value(ctx, "me_sex").empty() || !query_value(ctx, "me_pref").empty();
  const std::string sex = query_value(ctx, "me_sex");
  f["sex_options"] = nlohmann::json::array();
  for (const char* s : {"", "female", "male"})
    f["sex_options"].push_back({{"value", s}, {"label", *s ? m.label("sex", s, lang) : m.text("prescreen_unanswered", lang)},
                                {"selected", sex == s}});
  const std::string pref = query_value(ctx, "me_pref");
  f["pref_options"] = nlohmann::json::array();
  f["pref_options"].push_back({{"value", ""}, {"label", m.text("prescreen_unanswered", lang)}, {"selected", pref.empty()}});
  for (const auto& p : m.prefectures())
    f["pref_options"].push_back({{"value", p.code}, {"label", p.name(lang)}, {"selected", p.code == pref}});
  return f;
}

nlohmann::json situation_label(const std::string& id, const ResultsView& view, const PageContext& ctx, const Messages& m) {
  const auto it = view.situation.find(id);
  if (it == view.situation.end()) return false;
  const auto& lang = ctx.lang;
  const auto& hit = it->second;
  const std::string verdict(prescreen::name(hit.assessment.verdict));
  nlohmann::json reasons = nlohmann::json::array();
  // Three at most: the hit list stays short, and the trial page quotes them all.
  for (std::size_t i = 0; i < hit.assessment.reasons.size() && i < 3; ++i) {
    const auto& r = hit.assessment.reasons[i];
    reasons.push_back({{"text", trial_parts::prescreen_reason_text(hit.eligibility, r, lang, m)}});
  }
  std::string place;
  if (hit.site_in_prefecture && !view.situation_prefecture.empty())
    if (const auto* p = m.prefecture(view.situation_prefecture))
      place = m.format(*hit.site_in_prefecture ? "situation_pref_match" : "situation_pref_none", lang, {{"pref", p->name(lang)}});
  return {{"key", verdict}, {"label", m.text("situation_label_" + verdict, lang)}, {"reasons", reasons},
          {"has_reasons", !reasons.empty()}, {"place", place}};
}

}  // namespace rinsho::frontend::results_parts
