// schema.org MedicalTrial or MedicalObservationalStudy for search engines (https://schema.org/MedicalStudy).
#include <map>
#include <vector>

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

nlohmann::json hospital(const model::Site& s, const std::string& lang, const Messages& m) {
  nlohmann::json place = {{"@type", "Hospital"}, {"name", s.name.in(lang)}};
  nlohmann::json address = {{"@type", "PostalAddress"}, {"addressCountry", "JP"},
                            {"addressRegion", m.label("prefecture", s.prefecture, lang)}};
  if (s.city) address["addressLocality"] = s.city->in(lang);
  place["address"] = std::move(address);
  if (s.lat && s.lon) place["geo"] = {{"@type", "GeoCoordinates"}, {"latitude", *s.lat}, {"longitude", *s.lon}};
  return place;
}

// schema.org's studyLocation takes AdministrativeAreas: each prefecture with sites (in the order
// they first appear) holds its hospitals as containsPlace, and every other country is a Country.
nlohmann::json locations(const Trial& t, const std::string& lang, const Messages& m) {
  constexpr std::size_t kMax = 50;  // hospitals: enough for search engines; keeps big multi-site pages small
  nlohmann::json out = nlohmann::json::array();
  std::vector<std::string> order;
  std::map<std::string, nlohmann::json> hospitals;
  std::size_t count = 0;
  for (const auto& s : t.sites.value_or(std::vector<model::Site>{})) {
    if (!hospitals.count(s.prefecture)) order.push_back(s.prefecture), hospitals[s.prefecture] = nlohmann::json::array();
    if (count++ < kMax) hospitals[s.prefecture].push_back(hospital(s, lang, m));
  }
  for (const auto& code : order) {
    nlohmann::json area = {{"@type", "AdministrativeArea"}, {"name", m.label("prefecture", code, lang)},
                           {"containedInPlace", {{"@type", "Country"}, {"identifier", "JP"}}}};
    if (!hospitals[code].empty()) area["containsPlace"] = std::move(hospitals[code]);
    out.push_back(std::move(area));
  }
  for (const auto& c : t.countries)
    if (c != "JP" || order.empty()) out.push_back({{"@type", "Country"}, {"identifier", c}});
  return out;
}

}  // namespace

// MedicalTrial for interventional studies, MedicalObservationalStudy for observational ones (trial
// design does not apply to them). schema.org moved "phase" to its attic, so it is not given. Page
// facts (language, dates) belong to the WebPage about the study (subjectOf): schema.org gives
// MedicalStudy no inLanguage or datePublished.
nlohmann::json json_ld(const Trial& t, const std::string& url, const std::string& lang, const Messages& m) {
  const bool observational = t.study_type == "observational";
  nlohmann::json j = {{"@context", "https://schema.org"},
                      {"@type", observational ? "MedicalObservationalStudy" : "MedicalTrial"},
                      {"@id", url},
                      {"url", url},
                      {"name", t.public_title.in(lang)},
                      {"alternateName", t.scientific_title.in(lang)},
                      {"identifier", t.id.value_or("")}};
  if (t.plain_summary) j["description"] = t.plain_summary->in(lang);
  if (const char* s = study_status(t.recruitment_status)) j["status"] = s;
  if (observational) j["studyDesign"] = "https://schema.org/Observational";
  nlohmann::json conditions = nlohmann::json::array();
  for (const auto& c : t.conditions) {
    nlohmann::json cond = {{"@type", "MedicalCondition"}, {"name", c.name.in(lang)}};
    if (c.icd10) cond["code"] = {{"@type", "MedicalCode"}, {"codeValue", *c.icd10}, {"codingSystem", "ICD-10"}};
    conditions.push_back(std::move(cond));
  }
  j["healthCondition"] = std::move(conditions);
  j["sponsor"] = {{"@type", "Organization"}, {"name", t.sponsor.primary.in(lang)}};
  if (!observational)
    if (auto design = trial_design(t); !design.empty()) j["trialDesign"] = std::move(design);
  if (auto places = locations(t, lang, m); !places.empty()) j["studyLocation"] = std::move(places);
  nlohmann::json page = {{"@type", "WebPage"}, {"url", url}, {"inLanguage", lang}};
  if (t.dates && t.dates->registered) page["datePublished"] = *t.dates->registered;
  if (auto updated = last_updated(t); !updated.empty()) page["dateModified"] = updated;
  j["subjectOf"] = std::move(page);
  return j;
}

}  // namespace rinsho::frontend::trial_parts
