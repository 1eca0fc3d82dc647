// A ClinicalTrials.gov API v2-shaped study (protocolSection modules, English text), the shape the
// ctgov-json importer reads. Enum values use v2's spellings.
#include <map>

#include <nlohmann/json.hpp>

#include "linkage/export_common.hpp"
#include "linkage/mapping.hpp"
#include "model/prefectures.hpp"

namespace rinsho::linkage {
namespace {

using json = nlohmann::ordered_json;

std::string upper(std::string s) {
  for (auto& c : s) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  return s;
}

json identification(const model::Trial& t) {
  json id = {{"briefTitle", english(t.public_title)}, {"officialTitle", english(t.scientific_title)},
             {"organization", {{"fullName", english(t.sponsor.primary)}}}};
  if (t.id) id["orgStudyIdInfo"] = {{"id", *t.id}};
  json secondary = json::array();
  for (const auto& s : t.secondary_ids.value_or(std::vector<model::SecondaryId>{})) {
    if (s.registry == "NCT" && !id.contains("nctId")) {
      id["nctId"] = s.id;
      continue;
    }
    secondary.push_back({{"id", s.id}, {"type", s.registry == "EudraCT" ? "EUDRACT_NUMBER" : "REGISTRY"}, {"domain", s.registry}});
  }
  if (!secondary.empty()) id["secondaryIdInfos"] = secondary;
  return id;
}

json status(const model::Trial& t) {
  static const std::map<std::string, std::string> kStatus = {{"pending", "NOT_YET_RECRUITING"}};
  json s = {{"overallStatus", kStatus.count(t.recruitment_status) ? kStatus.at(t.recruitment_status) : upper(t.recruitment_status)}};
  if (t.dates) {
    if (t.dates->first_enrollment) s["startDateStruct"] = {{"date", *t.dates->first_enrollment}};
    if (t.dates->completion) s["completionDateStruct"] = {{"date", *t.dates->completion}};
    if (t.dates->registered) s["studyFirstSubmitDate"] = *t.dates->registered;
    if (t.dates->last_updated) s["lastUpdateSubmitDate"] = *t.dates->last_updated;
  }
  return s;
}

json design(const model::Trial& t) {
  static const std::map<std::string, json> kPhases = {
      {"0", {"EARLY_PHASE1"}}, {"1", {"PHASE1"}}, {"1/2", {"PHASE1", "PHASE2"}}, {"2", {"PHASE2"}},
      {"2/3", {"PHASE2", "PHASE3"}}, {"3", {"PHASE3"}}, {"4", {"PHASE4"}}, {"na", {"NA"}}};
  json d = {{"studyType", upper(t.study_type)}, {"phases", kPhases.count(t.phase) ? kPhases.at(t.phase) : json::array()}};
  if (t.design) {
    json info = json::object();
    const auto& g = *t.design;
    if (g.allocation == "single_arm") info["allocation"] = "NA", info["interventionModel"] = "SINGLE_GROUP";
    else if (g.allocation && *g.allocation != "na") info["allocation"] = upper(*g.allocation);
    if (g.masking && *g.masking != "na") info["maskingInfo"] = {{"masking", *g.masking == "open" ? "NONE" : upper(*g.masking)}};
    if (g.purpose) {
      static const std::map<std::string, std::string> kPurpose = {{"diagnosis", "DIAGNOSTIC"}, {"natural_history", "OTHER"}};
      info["primaryPurpose"] = kPurpose.count(*g.purpose) ? kPurpose.at(*g.purpose) : upper(*g.purpose);
    }
    if (!info.empty()) d["designInfo"] = info;
  }
  if (t.target_enrollment) d["enrollmentInfo"] = {{"count", *t.target_enrollment}, {"type", "ESTIMATED"}};
  return d;
}

json eligibility(const model::Trial& t) {
  const auto& e = t.eligibility;
  std::string criteria;
  if (e.inclusion) criteria += "Inclusion Criteria:\n\n" + english(*e.inclusion);
  if (e.exclusion) criteria += std::string(criteria.empty() ? "" : "\n\n") + "Exclusion Criteria:\n\n" + english(*e.exclusion);
  json el = {{"sex", upper(e.sex)}};
  if (!criteria.empty()) el["eligibilityCriteria"] = criteria;
  if (e.healthy_volunteers) el["healthyVolunteers"] = *e.healthy_volunteers;
  if (e.min_age_years) el["minimumAge"] = age_text(*e.min_age_years);
  if (e.max_age_years) el["maximumAge"] = age_text(*e.max_age_years);
  return el;
}

// Sites in Japan with their prefecture as the state; other countries as bare locations, because
// v2 lists countries only through locations.
json contacts_locations(const model::Trial& t) {
  json cl = json::object();
  auto person = [](const model::Contact& c, bool official) {
    json p = json::object();
    if (c.name) p["name"] = english(*c.name);
    if (official && c.organization) p["affiliation"] = english(*c.organization);
    if (!official && c.phone) p["phone"] = *c.phone;
    if (!official && c.email) p["email"] = *c.email;
    return p;
  };
  if (auto p = person(t.contacts.public_contact, false); !p.empty()) p["role"] = "CONTACT", cl["centralContacts"] = json::array({p});
  if (t.contacts.scientific)
    if (auto p = person(*t.contacts.scientific, true); !p.empty()) cl["overallOfficials"] = json::array({p});
  json locations = json::array();
  bool japan_listed = false;
  for (const auto& s : t.sites.value_or(std::vector<model::Site>{})) {
    json loc = {{"facility", english(s.name)}, {"country", "Japan"}};
    if (s.city) loc["city"] = english(*s.city);
    if (const auto* p = model::prefecture_by_code(s.prefecture)) loc["state"] = std::string(p->name_en);
    if (s.status) loc["status"] = s.status == "pending" ? std::string("NOT_YET_RECRUITING") : upper(*s.status);
    if (s.lat && s.lon) loc["geoPoint"] = {{"lat", *s.lat}, {"lon", *s.lon}};
    locations.push_back(loc);
    japan_listed = true;
  }
  for (const auto& c : t.countries)
    if (c != "JP" || !japan_listed) locations.push_back({{"country", std::string(country_name(c).empty() ? c : country_name(c))}});
  if (!locations.empty()) cl["locations"] = locations;
  return cl;
}

json outcomes(const model::Trial& t) {
  json o = json::object();
  for (const auto& [list, key] : {std::pair{t.outcomes ? t.outcomes->primary : std::nullopt, "primaryOutcomes"},
                                  std::pair{t.outcomes ? t.outcomes->secondary : std::nullopt, "secondaryOutcomes"}}) {
    for (const auto& x : list.value_or(std::vector<model::Outcome>{})) {
      json item = {{"measure", english(x.measure)}};
      if (x.time_frame) item["timeFrame"] = english(*x.time_frame);
      o[key].push_back(item);
    }
  }
  return o;
}

}  // namespace

json ctgov_v2_study(const model::Trial& t) {
  json ps = {{"identificationModule", identification(t)}, {"statusModule", status(t)}, {"designModule", design(t)},
             {"eligibilityModule", eligibility(t)}, {"contactsLocationsModule", contacts_locations(t)}};
  json sponsors = {{"leadSponsor", {{"name", english(t.sponsor.primary)}}}};
  for (const auto& s : t.sponsor.secondary.value_or(std::vector<model::LocalizedText>{})) sponsors["collaborators"].push_back({{"name", english(s)}});
  ps["sponsorCollaboratorsModule"] = sponsors;
  if (t.plain_summary) ps["descriptionModule"] = {{"briefSummary", english(*t.plain_summary)}};
  json conditions = {{"conditions", json::array()}};
  for (const auto& c : t.conditions) conditions["conditions"].push_back(english(c.name));
  if (t.keywords) conditions["keywords"] = *t.keywords;
  ps["conditionsModule"] = conditions;
  if (t.interventions) {
    // v2 has no CELL type; cell therapies are BIOLOGICAL there.
    for (const auto& iv : *t.interventions) {
      json item = {{"type", iv.type == "cell" ? "BIOLOGICAL" : upper(iv.type)}, {"name", english(iv.name)}};
      if (iv.description) item["description"] = english(*iv.description);
      ps["armsInterventionsModule"]["interventions"].push_back(item);
    }
  }
  if (auto o = outcomes(t); !o.empty()) ps["outcomesModule"] = o;
  if (t.ipd_sharing) {
    json ipd = json::object();
    if (t.ipd_sharing->plan) ipd["ipdSharing"] = upper(*t.ipd_sharing->plan);
    if (t.ipd_sharing->description) ipd["description"] = english(*t.ipd_sharing->description);
    ps["ipdSharingStatementModule"] = ipd;
  }
  return {{"protocolSection", ps}};
}

}  // namespace rinsho::linkage
