// schema.org MedicalTrial for search engines (https://schema.org/MedicalTrial).
#include "frontend/trial_parts.hpp"

namespace rinsho::frontend::trial_parts {
namespace {

using model::Trial;

// jRCT statuses as schema.org MedicalStudyStatus members.
const char* study_status(const std::string& s) {
  if (s == "pending") return "https://schema.org/NotYetRecruiting";
  if (s == "recruiting") return "https://schema.org/Recruiting";
  if (s == "enrolling_by_invitation") return "https://schema.org/EnrollingByInvitation";
  if (s == "active_not_recruiting") return "https://schema.org/ActiveNotRecruiting";
  if (s == "completed") return "https://schema.org/Completed";
  if (s == "suspended") return "https://schema.org/Suspended";
  if (s == "terminated") return "https://schema.org/Terminated";
  if (s == "withdrawn") return "https://schema.org/Withdrawn";
  return nullptr;
}

nlohmann::json trial_design(const Trial& t) {
  nlohmann::json out = nlohmann::json::array();
  if (t.design) {
    const auto& d = *t.design;
    if (d.allocation == "randomized") out.push_back("https://schema.org/RandomizedTrial");
    if (d.masking == "open") out.push_back("https://schema.org/OpenTrial");
    if (d.masking == "single") out.push_back("https://schema.org/SingleBlindedTrial");
    if (d.masking == "double") out.push_back("https://schema.org/DoubleBlindedTrial");
    if (d.masking == "triple" || d.masking == "quadruple") out.push_back("https://schema.org/TripleBlindedTrial");
    if (d.control == "placebo") out.push_back("https://schema.org/PlaceboControlledTrial");
  }
  if (t.flags && t.flags->international.value_or(false)) out.push_back("https://schema.org/InternationalTrial");
  const std::size_t sites = t.sites ? t.sites->size() : 0;
  if (sites > 1) out.push_back("https://schema.org/MultiCenterTrial");
  if (sites == 1) out.push_back("https://schema.org/SingleCenterTrial");
  return out;
}

nlohmann::json locations(const Trial& t, const std::string& lang, const Messages& m) {
  constexpr std::size_t kMax = 50;  // enough for search engines; keeps big multi-site pages small
  nlohmann::json out = nlohmann::json::array();
  if (!t.sites) return out;
  for (const auto& s : *t.sites) {
    if (out.size() == kMax) break;
    nlohmann::json address = {{"@type", "PostalAddress"}, {"addressCountry", "JP"},
                              {"addressRegion", m.label("prefecture", s.prefecture, lang)}};
    if (s.city) address["addressLocality"] = s.city->in(lang);
    nlohmann::json place = {{"@type", "Hospital"}, {"name", s.name.in(lang)}, {"address", address}};
    if (s.lat && s.lon) place["geo"] = {{"@type", "GeoCoordinates"}, {"latitude", *s.lat}, {"longitude", *s.lon}};
    out.push_back(std::move(place));
  }
  return out;
}

}  // namespace

nlohmann::json json_ld(const Trial& t, const std::string& url, const std::string& lang, const Messages& m) {
  nlohmann::json j = {{"@context", "https://schema.org"},
                      {"@type", "MedicalTrial"},
                      {"@id", url},
                      {"url", url},
                      {"inLanguage", lang},
                      {"name", t.public_title.in(lang)},
                      {"alternateName", t.scientific_title.in(lang)},
                      {"identifier", t.id.value_or("")}};
  if (t.plain_summary) j["description"] = t.plain_summary->in(lang);
  if (const char* s = study_status(t.recruitment_status)) j["status"] = s;
  if (t.phase != "na") j["phase"] = m.label("phase", t.phase, "en");
  nlohmann::json conditions = nlohmann::json::array();
  for (const auto& c : t.conditions) {
    nlohmann::json cond = {{"@type", "MedicalCondition"}, {"name", c.name.in(lang)}};
    if (c.icd10) cond["code"] = {{"@type", "MedicalCode"}, {"codeValue", *c.icd10}, {"codingSystem", "ICD-10"}};
    conditions.push_back(std::move(cond));
  }
  j["healthCondition"] = std::move(conditions);
  j["sponsor"] = {{"@type", "Organization"}, {"name", t.sponsor.primary.in(lang)}};
  if (auto design = trial_design(t); !design.empty()) j["trialDesign"] = std::move(design);
  if (auto places = locations(t, lang, m); !places.empty()) j["studyLocation"] = std::move(places);
  if (t.dates && t.dates->registered) j["datePublished"] = *t.dates->registered;
  if (auto updated = last_updated(t); !updated.empty()) j["dateModified"] = updated;
  return j;
}

}  // namespace rinsho::frontend::trial_parts
