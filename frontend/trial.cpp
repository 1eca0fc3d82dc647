// The /trials/{id} page, ordered by what patients ask first: what is it, can I join, where, what it
// involves, how to join, status; researchers' details last and collapsed.
#include <algorithm>

#include "frontend/feeds.hpp"
#include "frontend/format.hpp"
#include "frontend/renderer.hpp"
#include "frontend/trial_parts.hpp"

namespace rinsho::frontend {
namespace {

using namespace trial_parts;
using model::Trial;

nlohmann::json badges(const Trial& t, const std::string& lang, const Messages& m) {
  std::vector<std::string> on;
  const auto& f = t.flags;
  if (f && f->dct && f->dct->any()) on.push_back("dct");
  if (t.eligibility.healthy_volunteers.value_or(false)) on.push_back("healthy");
  auto flag = [&](const model::Opt<bool>& v, const char* name) {
    if (v.value_or(false)) on.push_back(name);
  };
  if (f) {
    flag(f->pediatric, "pediatric");
    flag(f->orphan, "orphan");
    flag(f->international, "international");
    flag(f->fih, "fih");
    flag(f->drug_loss, "drug_loss");
    flag(f->single_irb, "single_irb");
  }
  nlohmann::json out = nlohmann::json::array();
  for (const auto& k : on) out.push_back({{"key", k}, {"label", m.label("flag", k, lang)}});
  return out;
}

nlohmann::json who(const Trial& t, const std::string& lang, const Messages& m) {
  nlohmann::json conditions = nlohmann::json::array();
  for (const auto& c : t.conditions) conditions.push_back({{"name", c.name.in(lang)}});
  const auto& e = t.eligibility;
  return {{"age", age_text(e, lang, m)},
          {"sex", m.label("sex", e.sex, lang)},
          {"healthy", m.text(e.healthy_volunteers.value_or(false) ? "healthy_yes" : "healthy_no", lang)},
          {"conditions", conditions},
          {"inclusion", text(e.inclusion, lang)},
          {"exclusion", text(e.exclusion, lang)}};
}

nlohmann::json site_json(const model::Site& s, std::optional<double> km, const std::string& lang, const Messages& m) {
  std::string place = m.label("prefecture", s.prefecture, lang);
  if (s.city) place += lang == "en" ? ", " + s.city->in(lang) : s.city->in(lang);
  nlohmann::json map = false;
  if (s.lat && s.lon)
    map = {{"href", "https://www.google.com/maps/search/?api=1&query=" + format_point(*s.lat, *s.lon)},
           {"label", m.format("site_map_label", lang, {{"name", s.name.in(lang)}})}};
  return {{"name", s.name.in(lang)}, {"place", place}, {"status", s.status.value_or("")},
          {"status_label", s.status ? m.label("site_status", *s.status, lang) : ""},
          {"core", s.core_hospital.value_or(false)},
          {"distance", km ? m.format("site_distance", lang, {{"km", format_km(*km)}}) : ""},
          {"map", map}};
}

nlohmann::json where(const TrialView& view, const std::string& lang, const Messages& m) {
  constexpr std::size_t kShown = 10;  // more behind a <details>, so the page stays short on phones
  std::vector<std::pair<const model::Site*, std::optional<double>>> sites;
  if (view.trial.sites)
    for (const auto& s : *view.trial.sites) {
      std::optional<double> km;
      if (view.near && s.lat && s.lon) km = distance_km(view.near->lat, view.near->lon, *s.lat, *s.lon);
      sites.emplace_back(&s, km);
    }
  if (view.near)  // nearest first; sites without coordinates last
    std::stable_sort(sites.begin(), sites.end(), [](const auto& a, const auto& b) {
      return a.second.value_or(1e9) < b.second.value_or(1e9);
    });
  nlohmann::json shown = nlohmann::json::array(), more = nlohmann::json::array();
  for (std::size_t i = 0; i < sites.size(); ++i)
    (i < kShown ? shown : more).push_back(site_json(*sites[i].first, sites[i].second, lang, m));
  return {{"sites", shown},
          {"has_sites", !shown.empty()},
          {"more", more.empty() ? nlohmann::json(false) : nlohmann::json{{"items", more}}},
          {"more_label", m.format("sites_more", lang, {{"n", std::to_string(more.size())}})},
          {"nearest_first", view.near.has_value() && !shown.empty()}};
}

}  // namespace

namespace trial_parts {

nlohmann::json involves(const Trial& t, const std::string& lang, const Messages& m) {
  nlohmann::json treatments = nlohmann::json::array();
  if (t.interventions)
    for (const auto& i : *t.interventions)
      treatments.push_back({{"name", i.name.in(lang)}, {"type", m.label("intervention_type", i.type, lang)},
                            {"description", text(i.description, lang)},
                            {"approval", i.approval_status ? m.label("approval_status", *i.approval_status, lang) : ""}});
  const model::Burden b = t.burden.value_or(model::Burden{});
  const std::string unknown = m.text("involves_unknown", lang);
  nlohmann::json dct = nlohmann::json::array();
  if (t.flags && t.flags->dct) {
    const auto& d = *t.flags->dct;
    const std::pair<const model::Opt<bool>*, const char*> elements[] = {
        {&d.remote_visits, "dct:remote_visits"}, {&d.home_visits, "dct:home_visits"}, {&d.econsent, "dct:econsent"},
        {&d.direct_to_patient_delivery, "dct:direct_to_patient_delivery"}, {&d.wearables, "dct:wearables"}};
    for (const auto& [on, key] : elements)
      if (on->value_or(false)) dct.push_back({{"label", m.label("flag", key, lang)}});
  }
  std::string placebo = unknown;
  if (b.placebo_possible) placebo = m.text(*b.placebo_possible ? "placebo_yes" : "placebo_no", lang);
  std::string overnight = unknown;
  if (b.overnight_stays)
    overnight = *b.overnight_stays == 0 ? m.text("overnight_none", lang)
                                        : m.format("overnight_n", lang, {{"n", std::to_string(*b.overnight_stays)}});
  return {{"has_treatments", !treatments.empty()},
          {"treatments", treatments},
          {"visits", b.visits ? m.format("visits_n", lang, {{"n", std::to_string(*b.visits)}}) : unknown},
          {"overnight", overnight},
          {"placebo", placebo},
          {"cost", b.cost ? b.cost->in(lang) : unknown},
          {"compensation", b.compensation ? b.compensation->in(lang) : unknown},
          {"dct", dct}};
}

}  // namespace trial_parts

namespace {

}  // namespace

namespace trial_parts {

nlohmann::json join(const Trial& t, const std::string& lang) {
  const auto& c = t.contacts.public_contact;
  std::string tel;
  if (c.phone)  // tel: URIs allow no spaces (RFC 3966)
    for (char ch : *c.phone)
      if (ch != ' ') tel += ch;
  const bool web = c.url && (c.url->rfind("https://", 0) == 0 || c.url->rfind("http://", 0) == 0);
  return {{"name", text(c.name, lang)}, {"organization", text(c.organization, lang)},
          {"department", text(c.department, lang)},
          {"phone", c.phone.value_or("")}, {"tel_href", tel.empty() ? "" : "tel:" + tel},
          {"email", c.email.value_or("")}, {"mailto_href", c.email ? "mailto:" + *c.email : ""},
          {"url", web ? *c.url : ""},
          {"any", c.phone || c.email || web}};
}

}  // namespace trial_parts

namespace {

nlohmann::json status(const Trial& t, const std::string& lang, const Messages& m) {
  nlohmann::json rows = nlohmann::json::array();
  auto row = [&](const char* label, const std::string& value) {
    if (!value.empty()) rows.push_back({{"label", m.text(label, lang)}, {"value", value}});
  };
  const model::Dates d = t.dates.value_or(model::Dates{});
  row("label_registered", format_date(d.registered.value_or(""), lang));
  row("label_first_enrollment", format_date(d.first_enrollment.value_or(""), lang));
  row("label_completion", format_date(d.completion.value_or(""), lang));
  row("label_last_updated", format_date(last_updated(t), lang));
  if (t.target_enrollment)
    row("label_target_enrollment", m.format("target_n", lang, {{"n", format_count(std::uint64_t(*t.target_enrollment))}}));
  return {{"status", t.recruitment_status}, {"label", m.label("status", t.recruitment_status, lang)}, {"rows", rows}};
}

}  // namespace

std::string Renderer::trial(const TrialView& view, const PageContext& ctx) const {
  const auto& m = messages();
  const auto& lang = ctx.lang;
  const Trial& t = view.trial;
  const std::string id = t.id.value_or("");
  const std::string summary = text(t.plain_summary, lang);
  const std::string updated = last_updated(t);
  const std::string url = ctx.base_url + build_url("/trials/" + id, with_lang({}, lang));
  nlohmann::json v;
  v["title"] = truncate_utf8(t.public_title.in(lang), 60);
  v["description"] = truncate_utf8(summary.empty() ? t.public_title.in(lang) : summary, 120);
  v["og_type"] = "article";
  v["header_search"] = true;
  v["json_ld"] = script_safe_json(json_ld(t, url, lang, m));
  v["what"] = {{"title", t.public_title.in(lang)}, {"id", id}, {"summary", summary},
               {"scientific_title", t.scientific_title.in(lang)},
               {"status", t.recruitment_status}, {"status_label", m.label("status", t.recruitment_status, lang)},
               {"phase_label", t.phase == "na" ? "" : m.label("phase", t.phase, lang)},
               {"category_label", m.label("category", t.category, lang)},
               {"badges", badges(t, lang, m)},
               {"has_badges", !badges(t, lang, m).empty()},
               {"updated", format_date(updated, lang)},
               {"stale", is_stale(updated, ctx.today)}};
  v["who"] = who(t, lang, m);
  v["prescreen"] = prescreen_form(view, ctx, m);
  v["where"] = where(view, lang, m);
  v["involves"] = involves(t, lang, m);
  v["join"] = join(t, lang);
  v["share_url"] = url;
  v["timeline"] = status(t, lang, m);
  v["details"] = details(view, lang, m);
  v["history"] = history(view, lang, m);
  const auto linked = registrations(t, lang, m);
  if (linked.contains("also")) v["what"]["also"] = linked["also"];
  if (linked.contains("conflicts")) v["conflicts"] = linked["conflicts"];
  v["has_history"] = !v["history"].empty();
  v["feed_href"] = trial_feed_href(id, lang);
  v["placebo_href"] = build_url("/glossary", with_lang({}, lang)) + "#placebo";
  return page("trial", std::move(v), ctx);
}

}  // namespace rinsho::frontend
