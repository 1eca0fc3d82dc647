// HL7 FHIR R4 ResearchStudy. Japanese text rides on the standard translation extension; the
// sponsor, the enrolment group and the sites are contained resources (R4 references them).
#include <map>

#include <nlohmann/json.hpp>

#include "linkage/export_common.hpp"
#include "model/prefectures.hpp"

namespace rinsho::linkage {
namespace {

using json = nlohmann::ordered_json;

constexpr const char* kTranslation = "http://hl7.org/fhir/StructureDefinition/translation";
constexpr const char* kLocalSystem = "https://rinsho.example/fhir/CodeSystem/";

json translation(const std::string& lang, const std::string& content) {
  return {{"extension", json::array({{{"url", kTranslation},
                                      {"extension", json::array({{{"url", "lang"}, {"valueCode", lang}},
                                                                 {{"url", "content"}, {"valueString", content}}})}}})}};
}

// English in the element, Japanese as its translation; Japanese alone when there is no English.
void put_text(json& obj, const std::string& key, const model::LocalizedText& t) {
  if (t.en) {
    obj[key] = *t.en;
    if (t.ja) obj["_" + key] = translation("ja", *t.ja);
  } else if (t.ja) {
    obj[key] = *t.ja;
  }
}

json coding(const std::string& system, const std::string& code) {
  return {{"coding", json::array({{{"system", system}, {"code", code}}})}};
}

std::string fhir_status(const std::string& s) {
  static const std::map<std::string, std::string> kStatus = {
      {"pending", "approved"}, {"recruiting", "active"}, {"enrolling_by_invitation", "active"},
      {"active_not_recruiting", "closed-to-accrual"}, {"completed", "completed"},
      {"suspended", "temporarily-closed-to-accrual"}, {"terminated", "administratively-completed"},
      {"withdrawn", "withdrawn"}};
  auto it = kStatus.find(s);
  return it == kStatus.end() ? "in-review" : it->second;
}

std::string fhir_phase(const std::string& p) {
  static const std::map<std::string, std::string> kPhase = {
      {"0", "early-phase-1"}, {"1", "phase-1"}, {"1/2", "phase-1-phase-2"}, {"2", "phase-2"},
      {"2/3", "phase-2-phase-3"}, {"3", "phase-3"}, {"4", "phase-4"}, {"na", "n-a"}};
  auto it = kPhase.find(p);
  return it == kPhase.end() ? "n-a" : it->second;
}

json identifiers(const model::Trial& t) {
  json ids = json::array();
  if (t.id) ids.push_back({{"use", "official"}, {"system", "https://jrct.niph.go.jp"}, {"value", *t.id}});
  for (const auto& s : t.secondary_ids.value_or(std::vector<model::SecondaryId>{})) {
    json id = {{"use", "secondary"}, {"value", s.id}, {"assigner", {{"display", s.registry}}}};
    if (s.registry == "NCT") id["system"] = "https://clinicaltrials.gov";
    if (s.registry == "jRCT") id["system"] = "https://jrct.niph.go.jp";
    ids.push_back(std::move(id));
  }
  return ids;
}

// The eligible population as the contained Group that ResearchStudy.enrollment references.
json enrollment_group(const model::Trial& t) {
  json g = {{"resourceType", "Group"}, {"id", "enrollment"}, {"type", "person"}, {"actual", false}};
  if (t.target_enrollment) g["quantity"] = *t.target_enrollment;
  json chars = json::array();
  const auto& e = t.eligibility;
  if (e.min_age_years || e.max_age_years) {
    json range = json::object();
    auto qty = [](double v) { return json{{"value", v}, {"unit", "a"}, {"system", "http://unitsofmeasure.org"}, {"code", "a"}}; };
    if (e.min_age_years) range["low"] = qty(*e.min_age_years);
    if (e.max_age_years) range["high"] = qty(*e.max_age_years);
    chars.push_back({{"code", {{"text", "age"}}}, {"valueRange", range}, {"exclude", false}});
  }
  if (e.sex != "all")
    chars.push_back({{"code", {{"text", "sex"}}},
                     {"valueCodeableConcept", coding("http://hl7.org/fhir/administrative-gender", e.sex)},
                     {"exclude", false}});
  for (const auto& [criteria, exclude] : {std::pair{e.inclusion, false}, std::pair{e.exclusion, true}}) {
    if (!criteria) continue;
    json value = json::object();
    put_text(value, "text", *criteria);
    chars.push_back({{"code", {{"text", exclude ? "exclusion criteria" : "inclusion criteria"}}},
                     {"valueCodeableConcept", value}, {"exclude", exclude}});
  }
  if (!chars.empty()) g["characteristic"] = chars;
  return g;
}

json site_location(const model::Site& s, std::size_t index) {
  json loc = {{"resourceType", "Location"}, {"id", "site-" + std::to_string(index + 1)}};
  put_text(loc, "name", s.name);
  json address = {{"country", "JP"}};
  if (const auto* p = model::prefecture_by_code(s.prefecture)) {
    address["state"] = std::string(p->name_en);
    address["_state"] = translation("ja", std::string(p->name_ja));
  }
  if (s.city) put_text(address, "city", *s.city);
  loc["address"] = address;
  if (s.lat && s.lon) loc["position"] = {{"latitude", *s.lat}, {"longitude", *s.lon}};
  return loc;
}

void add_people(const model::Trial& t, json& r) {
  json contacts = json::array();
  for (const auto* c : {&t.contacts.public_contact, t.contacts.scientific ? &*t.contacts.scientific : nullptr}) {
    if (!c) continue;
    json detail = json::object();
    if (c->name) put_text(detail, "name", *c->name);
    else if (c->organization) put_text(detail, "name", *c->organization);
    json telecom = json::array();
    if (c->phone) telecom.push_back({{"system", "phone"}, {"value", *c->phone}});
    if (c->email) telecom.push_back({{"system", "email"}, {"value", *c->email}});
    if (c->url) telecom.push_back({{"system", "url"}, {"value", *c->url}});
    if (!telecom.empty()) detail["telecom"] = telecom;
    if (!detail.empty()) contacts.push_back(detail);
  }
  if (!contacts.empty()) r["contact"] = contacts;
}

// Interventions as arms (R4 has no intervention element; the record has no arm list) and outcomes
// as objectives.
void add_plan(const model::Trial& t, json& r) {
  for (const auto& iv : t.interventions.value_or(std::vector<model::Intervention>{})) {
    json arm = {{"type", coding(std::string(kLocalSystem) + "intervention-type", iv.type)}};
    put_text(arm, "name", iv.name);
    if (iv.description) put_text(arm, "description", *iv.description);
    r["arm"].push_back(arm);
  }
  for (const auto& [list, kind] : {std::pair{t.outcomes ? t.outcomes->primary : std::nullopt, "primary"},
                                   std::pair{t.outcomes ? t.outcomes->secondary : std::nullopt, "secondary"}}) {
    for (const auto& o : list.value_or(std::vector<model::Outcome>{})) {
      json obj = {{"type", coding("http://terminology.hl7.org/CodeSystem/research-study-objective-type", kind)}};
      put_text(obj, "name", o.measure);
      r["objective"].push_back(obj);
    }
  }
}

}  // namespace

json fhir_research_study(const model::Trial& t) {
  json r = {{"resourceType", "ResearchStudy"}};
  if (t.id) r["id"] = *t.id;
  r["language"] = t.public_title.en ? "en" : "ja";
  json sponsor = {{"resourceType", "Organization"}, {"id", "sponsor"}};
  put_text(sponsor, "name", t.sponsor.primary);
  json contained = json::array({sponsor, enrollment_group(t)});
  for (std::size_t i = 0; t.sites && i < t.sites->size(); ++i) contained.push_back(site_location((*t.sites)[i], i));
  r["contained"] = contained;
  r["identifier"] = identifiers(t);
  put_text(r, "title", t.public_title);
  r["status"] = fhir_status(t.recruitment_status);
  if (t.design && t.design->purpose) {
    static const std::map<std::string, std::string> kPurpose = {
        {"treatment", "treatment"}, {"prevention", "prevention"}, {"diagnosis", "diagnostic"},
        {"supportive_care", "supportive-care"}, {"screening", "screening"},
        {"health_services_research", "health-services-research"}, {"basic_science", "basic-science"}};
    if (auto it = kPurpose.find(*t.design->purpose); it != kPurpose.end())
      r["primaryPurposeType"] = coding("http://terminology.hl7.org/CodeSystem/research-study-prim-purp-type", it->second);
  }
  r["phase"] = coding("http://terminology.hl7.org/CodeSystem/research-study-phase", fhir_phase(t.phase));
  r["category"] = json::array({coding(std::string(kLocalSystem) + "study-type", t.study_type),
                               coding(std::string(kLocalSystem) + "category", t.category)});
  r["condition"] = json::array();
  for (const auto& c : t.conditions) {
    json cc = c.icd10 ? coding("http://hl7.org/fhir/sid/icd-10", *c.icd10) : json::object();
    put_text(cc, "text", c.name);
    r["condition"].push_back(cc);
  }
  add_people(t, r);
  if (t.keywords) for (const auto& k : *t.keywords) r["keyword"].push_back({{"text", k}});
  r["location"] = json::array();
  for (const auto& c : t.countries) r["location"].push_back(coding("urn:iso:std:iso:3166", c));
  if (t.plain_summary) put_text(r, "description", *t.plain_summary);
  r["enrollment"] = json::array({{{"reference", "#enrollment"}}});
  if (t.dates && (t.dates->first_enrollment || t.dates->completion)) {
    r["period"] = json::object();
    if (t.dates->first_enrollment) r["period"]["start"] = *t.dates->first_enrollment;
    if (t.dates->completion) r["period"]["end"] = *t.dates->completion;
  }
  r["sponsor"] = {{"reference", "#sponsor"}};
  for (std::size_t i = 0; t.sites && i < t.sites->size(); ++i) r["site"].push_back({{"reference", "#site-" + std::to_string(i + 1)}});
  add_plan(t, r);
  return r;
}

}  // namespace rinsho::linkage
