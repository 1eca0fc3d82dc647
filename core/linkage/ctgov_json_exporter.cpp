// A ClinicalTrials.gov API v2-shaped study (protocolSection modules, English text), the shape the
// ctgov-json importer reads. Enum values use v2's spellings.
#include <algorithm>
#include <cstdint>
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

// v2 types each date: ACTUAL once it has happened, ESTIMATED while it is planned. Enrolment has
// started unless the trial is pending or was withdrawn; the completion date is actual once the
// trial has ended (completed or terminated).
bool started(const model::Trial& t) { return t.recruitment_status != "pending" && t.recruitment_status != "withdrawn"; }
bool ended(const model::Trial& t) { return t.recruitment_status == "completed" || t.recruitment_status == "terminated"; }

json dated(const std::string& date, bool actual) { return {{"date", date}, {"type", actual ? "ACTUAL" : "ESTIMATED"}}; }

json status(const model::Trial& t) {
  static const std::map<std::string, std::string> kStatus = {{"pending", "NOT_YET_RECRUITING"}};
  json s = {{"overallStatus", kStatus.count(t.recruitment_status) ? kStatus.at(t.recruitment_status) : upper(t.recruitment_status)}};
  if (t.dates) {
    if (t.dates->first_enrollment) s["startDateStruct"] = dated(*t.dates->first_enrollment, started(t));
    if (t.dates->completion) s["completionDateStruct"] = dated(*t.dates->completion, ended(t));
    if (t.dates->registered) s["studyFirstSubmitDate"] = *t.dates->registered;
    if (t.dates->last_updated) s["lastUpdateSubmitDate"] = *t.dates->last_updated;
  }
  return s;
}

std::string lower_ascii(std::string s) {
  for (auto& c : s) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return s;
}

// The record has no observational model or time perspective; v2 requires both for observational
// studies, so they are read from the words of the English scientific title, and OTHER otherwise.
json observational_info(const model::Trial& t) {
  const auto title = lower_ascii(english(t.scientific_title) + " " + english(t.public_title));
  auto has = [&](const char* w) { return title.find(w) != std::string::npos; };
  std::string model = "OTHER";
  if (t.design && t.design->purpose == "natural_history") model = "NATURAL_HISTORY";
  else if (has("case-control") || has("case control")) model = "CASE_CONTROL";
  else if (has("cohort")) model = "COHORT";
  std::string time = "OTHER";
  if (has("retrospective")) time = "RETROSPECTIVE";
  else if (has("cross-sectional") || has("cross sectional")) time = "CROSS_SECTIONAL";
  else if (has("prospective")) time = "PROSPECTIVE";
  return {{"observationalModel", model}, {"timePerspective", time}};
}

json interventional_info(const model::Design& g) {
  json info = json::object();
  if (g.allocation == "single_arm") info["allocation"] = "NA", info["interventionModel"] = "SINGLE_GROUP";
  else if (g.allocation && *g.allocation != "na") info["allocation"] = upper(*g.allocation);
  if (g.masking && *g.masking != "na") info["maskingInfo"] = {{"masking", *g.masking == "open" ? "NONE" : upper(*g.masking)}};
  if (g.purpose) {
    static const std::map<std::string, std::string> kPurpose = {{"diagnosis", "DIAGNOSTIC"}, {"natural_history", "OTHER"}};
    info["primaryPurpose"] = kPurpose.count(*g.purpose) ? kPurpose.at(*g.purpose) : upper(*g.purpose);
  }
  return info;
}

json design(const model::Trial& t) {
  static const std::map<std::string, json> kPhases = {
      {"0", {"EARLY_PHASE1"}}, {"1", {"PHASE1"}}, {"1/2", {"PHASE1", "PHASE2"}}, {"2", {"PHASE2"}},
      {"2/3", {"PHASE2", "PHASE3"}}, {"3", {"PHASE3"}}, {"4", {"PHASE4"}}, {"na", {"NA"}}};
  json d = {{"studyType", upper(t.study_type)}, {"phases", kPhases.count(t.phase) ? kPhases.at(t.phase) : json::array()}};
  if (t.study_type == "observational") d["designInfo"] = observational_info(t);
  else if (t.design)
    if (auto info = interventional_info(*t.design); !info.empty()) d["designInfo"] = info;
  // The record holds a target. A trial that has ended has an actual count, which the record does
  // not know, so none is claimed; a withdrawn trial enrolled no one (v2: ACTUAL 0).
  if (t.recruitment_status == "withdrawn") d["enrollmentInfo"] = {{"count", 0}, {"type", "ACTUAL"}};
  else if (t.target_enrollment && !ended(t)) d["enrollmentInfo"] = {{"count", *t.target_enrollment}, {"type", "ESTIMATED"}};
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

// "DIETARY_SUPPLEMENT" -> "Dietary Supplement", the spelling of v2's interventionNames prefixes.
std::string type_name(const std::string& type) {
  std::string out;
  bool start = true;
  for (char c : type) {
    if (c == '_') out += ' ', start = true;
    else out += start ? c : static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c), start = false;
  }
  return out;
}

bool placebo_like(const model::Intervention& iv) {
  const auto name = lower_ascii(english(iv.name)) + " " + iv.name.ja.value_or("");
  return name.find("placebo") != std::string::npos || name.find("sham") != std::string::npos ||
         name.find("プラセボ") != std::string::npos || name.find("偽薬") != std::string::npos;
}

// v2 lists arm groups (cohorts for observational studies) and names each intervention's groups.
// The record keeps only the number of arms and the kind of control: the last arm is the control
// arm when there is one; with one intervention per arm they pair up in order, otherwise every
// intervention belongs to every arm but a no-intervention one, placebos to the placebo arm only.
json arms_interventions(const model::Trial& t) {
  const bool observational = t.study_type == "observational";
  const auto ivs = t.interventions.value_or(std::vector<model::Intervention>{});
  const std::int64_t n = std::clamp<std::int64_t>(t.design && t.design->arms ? *t.design->arms : 1, 1, 100);
  static const std::map<std::string, std::string> kControl = {
      {"placebo", "PLACEBO_COMPARATOR"}, {"active", "ACTIVE_COMPARATOR"}, {"no_treatment", "NO_INTERVENTION"}};
  std::string control;
  if (!observational && n >= 2 && t.design && t.design->control && kControl.count(*t.design->control))
    control = kControl.at(*t.design->control);
  std::vector<std::string> labels, types;
  for (std::int64_t k = 1; k <= n; ++k) {
    const bool is_control = !control.empty() && k == n;
    labels.push_back(observational ? (n == 1 ? "Study population" : "Cohort " + std::to_string(k))
                                   : is_control ? "Control" : n == 1 ? "Study arm" : "Arm " + std::to_string(k));
    types.push_back(is_control ? control : "EXPERIMENTAL");
  }
  std::vector<json> group_interventions(labels.size(), json::array());
  json interventions = json::array();
  for (std::size_t i = 0; i < ivs.size(); ++i) {
    const auto& iv = ivs[i];
    // v2 has no CELL type; cell therapies are BIOLOGICAL there.
    const std::string type = iv.type == "cell" ? "BIOLOGICAL" : upper(iv.type);
    json item = {{"type", type}, {"name", english(iv.name)}};
    if (iv.description) item["description"] = english(*iv.description);
    json in = json::array();
    for (std::size_t k = 0; k < labels.size(); ++k) {
      bool member = types[k] != "NO_INTERVENTION";
      if (ivs.size() == labels.size()) member = k == i;
      else if (types[k] == "PLACEBO_COMPARATOR") member = placebo_like(iv);
      else if (control == "PLACEBO_COMPARATOR") member = member && !placebo_like(iv);
      if (!member) continue;
      in.push_back(labels[k]);
      group_interventions[k].push_back(type_name(type) + ": " + english(iv.name));
    }
    if (!in.empty()) item["armGroupLabels"] = in;
    interventions.push_back(item);
  }
  json groups = json::array();
  for (std::size_t k = 0; k < labels.size(); ++k) {
    json g = {{"label", labels[k]}};
    if (!observational) g["type"] = types[k];
    if (!group_interventions[k].empty()) g["interventionNames"] = group_interventions[k];
    groups.push_back(g);
  }
  json m = {{"armGroups", groups}};
  if (!interventions.empty()) m["interventions"] = interventions;
  return m;
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
  ps["armsInterventionsModule"] = arms_interventions(t);
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
