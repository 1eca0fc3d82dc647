// HL7 FHIR R4 ResearchStudy. Japanese text rides on the standard translation extension; the
// sponsor, the enrolment group and the sites are contained resources (R4 references them).
#include <cstdint>
#include <map>

#include <nlohmann/json.hpp>

#include "linkage/export_common.hpp"
#include "model/prefectures.hpp"

namespace rinsho::linkage {
namespace {

using json = nlohmann::ordered_json;

constexpr const char* kTranslation = "http://hl7.org/fhir/StructureDefinition/translation";
// The HL7 Extensions Pack's Human Language extension, allowed on string and markdown elements
// (R4 core listed it for HumanName, Address and Annotation only).
constexpr const char* kLanguage = "http://hl7.org/fhir/StructureDefinition/language";
// Code systems rinsho itself defines (jRCT's categories, the record's intervention types). They
// have no home on the web, so they are fixed UUID URIs, which FHIR accepts for code systems
// without a URL; core/linkage/README.md lists them with their codes.
constexpr const char* kCategorySystem = "urn:uuid:4e05a204-6b7b-4fb1-8437-8520e0b95dd0";
constexpr const char* kInterventionTypeSystem = "urn:uuid:3b42d0df-a042-4df8-a279-46d8166c8e4a";
// Secondary ids of a registry without a known namespace; the registry's name is in type.text.
constexpr const char* kOtherRegistrySystem = "urn:uuid:660f5478-5f63-4673-bdac-00688d49ed6f";
constexpr const char* kNci = "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl";
constexpr const char* kHl7 = "http://terminology.hl7.org/CodeSystem/";

json language_extension(const std::string& lang) { return {{"url", kLanguage}, {"valueCode", lang}}; }

json translation_extension(const std::string& lang, const std::string& content) {
  return {{"url", kTranslation},
          {"extension", json::array({{{"url", "lang"}, {"valueCode", lang}}, {{"url", "content"}, {"valueString", content}}})}};
}

json translation(const std::string& lang, const std::string& content) {
  return {{"extension", json::array({translation_extension(lang, content)})}};
}

// English in the element, Japanese as its translation; Japanese alone when there is no English.
// An element in another language than the resource's `language` says so with the language
// extension, so a reader never takes Japanese for English.
void put_text(json& obj, const std::string& key, const model::LocalizedText& t, const std::string& lang) {
  json ext = json::array();
  if (t.en) {
    obj[key] = *t.en;
    if (lang != "en") ext.push_back(language_extension("en"));
    if (t.ja) ext.push_back(translation_extension("ja", *t.ja));
  } else if (t.ja) {
    obj[key] = *t.ja;
    if (lang != "ja") ext.push_back(language_extension("ja"));
  }
  if (!ext.empty()) obj["_" + key] = {{"extension", ext}};
}

// A free string (a keyword) is Japanese when it holds kana, kanji or full-width forms.
bool looks_japanese(const std::string& s) {
  for (std::size_t i = 0; i + 2 < s.size(); ++i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if ((b0 & 0xF0) != 0xE0) continue;
    const std::uint32_t cp = ((b0 & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
    if ((cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xFF00 && cp <= 0xFFEF)) return true;
  }
  return false;
}

json coding(const std::string& system, const std::string& code, const std::string& display = "") {
  json c = {{"system", system}, {"code", code}};
  if (!display.empty()) c["display"] = display;
  return {{"coding", json::array({c})}};
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

// Where each registry's ids live; the registries are those core/linkage/ids.cpp recognises.
std::string registry_system(const std::string& registry) {
  static const std::map<std::string, std::string> kSystems = {
      {"jRCT", "https://jrct.niph.go.jp"}, {"NCT", "https://clinicaltrials.gov"},
      {"UMIN", "https://www.umin.ac.jp/ctr"}, {"JapicCTI", "https://www.clinicaltrials.jp"},
      {"JMA-IIA", "https://dbcentre3.jmacct.med.or.jp/jmactr"}, {"EudraCT", "https://eudract.ema.europa.eu"},
      {"EU CTR", "https://www.clinicaltrialsregister.eu"}, {"CTIS", "https://euclinicaltrials.eu"},
      {"ISRCTN", "https://www.isrctn.com"}, {"ANZCTR", "https://www.anzctr.org.au"},
      {"ChiCTR", "https://www.chictr.org.cn"}, {"DRKS", "https://drks.de"}, {"IRCT", "https://irct.behdasht.gov.ir"},
      {"CRIS", "https://cris.nih.go.kr"}, {"CTRI", "https://ctri.nic.in"}, {"TCTR", "https://www.thaiclinicaltrials.org"},
      {"PACTR", "https://pactr.samrc.ac.za"}, {"ReBEC", "https://ensaiosclinicos.gov.br"}};
  auto it = kSystems.find(registry);
  return it == kSystems.end() ? kOtherRegistrySystem : it->second;
}

json identifiers(const model::Trial& t) {
  json ids = json::array();
  if (t.id) ids.push_back({{"use", "official"}, {"system", registry_system("jRCT")}, {"value", *t.id}});
  for (const auto& s : t.secondary_ids.value_or(std::vector<model::SecondaryId>{})) {
    json id = {{"use", "secondary"}};
    const auto system = registry_system(s.registry);
    if (system == kOtherRegistrySystem) id["type"] = {{"text", s.registry}};
    id["system"] = system;
    id["value"] = s.id;
    id["assigner"] = {{"display", s.registry}};
    ids.push_back(std::move(id));
  }
  return ids;
}

// Study type in NCI Thesaurus (CDISC's Study Type codelist C99077); jRCT's category in rinsho's own
// system, as no standard one exists.
json categories(const model::Trial& t) {
  static const std::map<std::string, std::pair<std::string, std::string>> kStudyType = {
      {"interventional", {"C98388", "Interventional Study"}}, {"observational", {"C16084", "Observational Study"}}};
  static const std::map<std::string, std::string> kCategory = {
      {"corporate_trial", "Corporate clinical trial (chiken)"},
      {"investigator_initiated_trial", "Investigator-initiated clinical trial (chiken)"},
      {"specified_clinical_research", "Specified clinical research"},
      {"non_specified_clinical_research", "Non-specified clinical research"},
      {"regenerative_medicine", "Regenerative medicine research"}, {"other", "Other"}};
  json out = json::array();
  if (auto it = kStudyType.find(t.study_type); it != kStudyType.end())
    out.push_back(coding(kNci, it->second.first, it->second.second));
  auto c = kCategory.find(t.category);
  out.push_back(coding(kCategorySystem, t.category, c == kCategory.end() ? "" : c->second));
  return out;
}

// The eligible population as the contained Group that ResearchStudy.enrollment references.
json enrollment_group(const model::Trial& t, const std::string& lang) {
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
    put_text(value, "text", *criteria, lang);
    chars.push_back({{"code", {{"text", exclude ? "exclusion criteria" : "inclusion criteria"}}},
                     {"valueCodeableConcept", value}, {"exclude", exclude}});
  }
  if (!chars.empty()) g["characteristic"] = chars;
  return g;
}

json site_location(const model::Site& s, std::size_t index, const std::string& lang) {
  json loc = {{"resourceType", "Location"}, {"id", "site-" + std::to_string(index + 1)}};
  put_text(loc, "name", s.name, lang);
  json address = {{"country", "JP"}};
  if (const auto* p = model::prefecture_by_code(s.prefecture)) {
    address["state"] = std::string(p->name_en);
    address["_state"] = translation("ja", std::string(p->name_ja));
  }
  if (s.city) put_text(address, "city", *s.city, lang);
  loc["address"] = address;
  if (s.lat && s.lon) loc["position"] = {{"latitude", *s.lat}, {"longitude", *s.lon}};
  return loc;
}

void add_people(const model::Trial& t, json& r, const std::string& lang) {
  json contacts = json::array();
  for (const auto* c : {&t.contacts.public_contact, t.contacts.scientific ? &*t.contacts.scientific : nullptr}) {
    if (!c) continue;
    json detail = json::object();
    if (c->name) put_text(detail, "name", *c->name, lang);
    else if (c->organization) put_text(detail, "name", *c->organization, lang);
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
void add_plan(const model::Trial& t, json& r, const std::string& lang) {
  for (const auto& iv : t.interventions.value_or(std::vector<model::Intervention>{})) {
    json arm = json::object();
    put_text(arm, "name", iv.name, lang);
    arm["type"] = coding(kInterventionTypeSystem, iv.type);
    if (iv.description) put_text(arm, "description", *iv.description, lang);
    r["arm"].push_back(arm);
  }
  for (const auto& [list, kind] : {std::pair{t.outcomes ? t.outcomes->primary : std::nullopt, "primary"},
                                   std::pair{t.outcomes ? t.outcomes->secondary : std::nullopt, "secondary"}}) {
    for (const auto& o : list.value_or(std::vector<model::Outcome>{})) {
      json obj = json::object();
      put_text(obj, "name", o.measure, lang);
      obj["type"] = coding(std::string(kHl7) + "research-study-objective-type", kind);
      r["objective"].push_back(obj);
    }
  }
}

// A stopped study says why (R4 reasonStopped). The record has no reason field; jRCT puts the
// reason in the results summary, so that text follows the status when there is one.
void add_reason_stopped(const model::Trial& t, json& r, const std::string& lang) {
  static const std::map<std::string, std::pair<std::string, std::string>> kStopped = {
      {"terminated", {"Terminated before its planned end", "予定より早く中止"}},
      {"suspended", {"Suspended", "一時中断"}},
      {"withdrawn", {"Withdrawn before enrolling participants", "参加者の登録前に取り下げ"}}};
  auto it = kStopped.find(t.recruitment_status);
  if (it == kStopped.end()) return;
  model::LocalizedText text{it->second.second, it->second.first};
  if (t.results_summary) {
    if (t.results_summary->en) *text.en += ". " + *t.results_summary->en;
    if (t.results_summary->ja) *text.ja += "。" + *t.results_summary->ja;
  }
  json reason = json::object();
  put_text(reason, "text", text, lang);
  r["reasonStopped"] = reason;
}

void add_keywords(const model::Trial& t, json& r, const std::string& lang) {
  if (!t.keywords) return;
  for (const auto& k : *t.keywords) {
    const bool ja = looks_japanese(k);
    model::LocalizedText text;
    (ja ? text.ja : text.en) = k;
    json keyword = json::object();
    put_text(keyword, "text", text, lang);
    r["keyword"].push_back(keyword);
  }
}

}  // namespace

json fhir_research_study(const model::Trial& t) {
  json r = {{"resourceType", "ResearchStudy"}};
  if (t.id) r["id"] = *t.id;
  const std::string lang = t.public_title.en ? "en" : "ja";
  r["language"] = lang;
  r["text"] = fhir_narrative(t);
  json sponsor = {{"resourceType", "Organization"}, {"id", "sponsor"}};
  put_text(sponsor, "name", t.sponsor.primary, lang);
  json contained = json::array({sponsor, enrollment_group(t, lang)});
  for (std::size_t i = 0; t.sites && i < t.sites->size(); ++i) contained.push_back(site_location((*t.sites)[i], i, lang));
  r["contained"] = contained;
  r["identifier"] = identifiers(t);
  put_text(r, "title", t.public_title, lang);
  r["status"] = fhir_status(t.recruitment_status);
  if (t.design && t.design->purpose) {
    static const std::map<std::string, std::string> kPurpose = {
        {"treatment", "treatment"}, {"prevention", "prevention"}, {"diagnosis", "diagnostic"},
        {"supportive_care", "supportive-care"}, {"screening", "screening"},
        {"health_services_research", "health-services-research"}, {"basic_science", "basic-science"}};
    if (auto it = kPurpose.find(*t.design->purpose); it != kPurpose.end())
      r["primaryPurposeType"] = coding(std::string(kHl7) + "research-study-prim-purp-type", it->second);
  }
  r["phase"] = coding(std::string(kHl7) + "research-study-phase", fhir_phase(t.phase));
  r["category"] = categories(t);
  r["condition"] = json::array();
  for (const auto& c : t.conditions) {
    json cc = c.icd10 ? coding("http://hl7.org/fhir/sid/icd-10", *c.icd10) : json::object();
    put_text(cc, "text", c.name, lang);
    r["condition"].push_back(cc);
  }
  add_people(t, r, lang);
  add_keywords(t, r, lang);
  for (const auto& c : t.countries) r["location"].push_back(coding("urn:iso:std:iso:3166", c));
  if (t.plain_summary) put_text(r, "description", *t.plain_summary, lang);
  // The posted results' page: RelatedArtifact is where R4 keeps a study's documents.
  if (t.results)
    r["relatedArtifact"] = json::array({{{"type", "documentation"}, {"label", "Results"}, {"url", t.results->url}}});
  r["enrollment"] = json::array({{{"reference", "#enrollment"}}});
  if (t.dates && (t.dates->first_enrollment || t.dates->completion)) {
    r["period"] = json::object();
    if (t.dates->first_enrollment) r["period"]["start"] = *t.dates->first_enrollment;
    if (t.dates->completion) r["period"]["end"] = *t.dates->completion;
  }
  r["sponsor"] = {{"reference", "#sponsor"}};
  for (std::size_t i = 0; t.sites && i < t.sites->size(); ++i) r["site"].push_back({{"reference", "#site-" + std::to_string(i + 1)}});
  add_reason_stopped(t, r, lang);
  add_plan(t, r, lang);
  return r;
}

}  // namespace rinsho::linkage
