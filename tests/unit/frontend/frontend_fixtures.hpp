#pragma once
// Shared inputs for the page tests: a renderer, contexts, and records full of hostile text.
#include <string>

#include <nlohmann/json.hpp>

#include "frontend/format.hpp"
#include "frontend/renderer.hpp"
#include "model/trial_json.hpp"
#include "support/sample_trials.hpp"

namespace rinsho::testing {

inline const std::string kXss = "<script>alert(1)</script>";
inline const std::string kXssEscaped = "&lt;script&gt;alert(1)&lt;/script&gt;";

inline const frontend::Renderer& renderer() {
  static const frontend::Renderer r = [] {
    auto created = frontend::Renderer::create();
    if (!created) throw std::runtime_error(created.error().message);
    return *created;
  }();
  return r;
}

inline frontend::PageContext page_context(const std::string& lang, const std::string& path = "/",
                                          frontend::Query query = {}) {
  frontend::PageContext ctx;
  ctx.lang = lang;
  ctx.base_url = "https://rinsho.example";
  ctx.path = path;
  ctx.query = std::move(query);
  ctx.today = "2026-11-21";
  return ctx;
}

inline model::Trial sample_trial() {
  auto j = nlohmann::json::parse(read_file(source_dir() / "sample_trials/records/jRCT2031240001.json"));
  return *model::trial_from_json(j);
}

// Every free-text field a registrant controls, set to a script tag.
inline model::Trial hostile_trial() {
  model::Trial t = sample_trial();
  const model::LocalizedText x{kXss, kXss};
  t.public_title = t.scientific_title = x;
  t.plain_summary = x;
  t.conditions[0].name = x;
  t.eligibility.inclusion = t.eligibility.exclusion = x;
  (*t.sites)[0].name = x;
  (*t.sites)[0].city = x;
  (*t.interventions)[0].name = x;
  (*t.interventions)[0].description = x;
  t.burden->cost = t.burden->compensation = x;
  t.contacts.public_contact.name = t.contacts.public_contact.organization = x;
  t.contacts.public_contact.email = "a\"><script>alert(1)</script>@x.example";
  t.contacts.public_contact.url = "javascript:alert(1)";
  t.sponsor.primary = x;
  t.coi = x;
  t.ethics_review->committee = x;
  t.secondary_ids = std::vector<model::SecondaryId>{{kXss, kXss}};
  t.outcomes->primary->at(0).measure = x;
  return t;
}

inline search::Hit sample_hit(const std::string& id, const std::string& title) {
  search::Hit h;
  h.id = id;
  h.public_title = {title, title};
  h.status = "recruiting";
  h.phase = "3";
  h.category = "corporate_trial";
  h.study_type = "interventional";
  h.conditions = {{"非小細胞肺癌", "Non-small cell lung cancer"}};
  h.flags = {"dct", "international", "pediatric"};
  h.site_count = 3;
  h.last_updated = "2026-05-20";
  h.snippet_html = "EGFR遺伝子変異のある<mark>肺がん</mark>の方";
  h.nearest_site = search::NearestSite{{"国立がん研究センター中央病院", "National Cancer Center Hospital"}, "13",
                                       {"中央区", "Chuo-ku"}, 3.24};
  return h;
}

// Script elements that are not JSON-LD and not an external file would break the CSP.
inline bool has_inline_script_or_style(const std::string& html) {
  for (std::size_t pos = html.find("<script"); pos != std::string::npos; pos = html.find("<script", pos + 1)) {
    const auto end = html.find('>', pos);
    const std::string tag = html.substr(pos, end - pos);
    if (tag.find(" src=") == std::string::npos && tag.find("application/ld+json") == std::string::npos) return true;
  }
  return html.find(" style=") != std::string::npos || html.find(" onclick=") != std::string::npos ||
         html.find(" onload=") != std::string::npos || html.find(" onerror=") != std::string::npos;
}

}  // namespace rinsho::testing
