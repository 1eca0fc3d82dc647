// One ClinicalTrials.gov study (v2 JSON, classic JSON or legacy XML) -> a rinsho record.
#include <algorithm>
#include <set>

#include "linkage/criteria_extract.hpp"
#include "linkage/ctgov_study.hpp"
#include "linkage/text.hpp"

namespace rinsho::linkage {
namespace {

constexpr std::size_t kMaxKeywords = 50, kMaxKeywordLength = 200;

void map_ids(const CtgovStudy& s, model::Trial& t, MapLog& log) {
  std::vector<model::SecondaryId> ids;
  auto add = [&](model::SecondaryId id) {
    if (id.id.empty() || std::any_of(ids.begin(), ids.end(), [&](const auto& x) { return x.id == id.id; })) return;
    if (id.id.size() > 100) return log.note("secondary id", "'" + id.id.substr(0, 40) + "...' is longer than 100 characters; left out");
    ids.push_back(std::move(id));
  };
  if (!s.nct_id.empty()) add(classify_id(s.nct_id));
  // The sponsor's protocol number is a secondary id issued by the sponsor (WHO TRDS item 3).
  const auto org = std::string(trim(s.organization));
  if (!trim(s.org_study_id).empty()) add({org.empty() || org.size() > 100 ? "sponsor" : org, std::string(trim(s.org_study_id))});
  for (const auto& sid : s.secondary_ids) {
    const auto type = enum_key(sid.type);
    auto id = classify_id(sid.id, trim(sid.domain).empty() ? std::string_view(sid.type) : std::string_view(sid.domain));
    if (type == "EUDRACTNUMBER") id.registry = "EudraCT";
    add(std::move(id));
  }
  if (!ids.empty()) t.secondary_ids = std::move(ids);
  t.category = "other";  // ClinicalTrials.gov says nothing of jRCT's categories
}

void map_texts(const CtgovStudy& s, model::Trial& t, MapLog& log) {
  auto pub = localized(s.brief_title), sci = localized(s.official_title);
  if (!pub && !sci) log.error("briefTitle", "missing, and so is officialTitle");
  t.public_title = pub ? *pub : sci.value_or(model::LocalizedText{});
  t.scientific_title = sci ? *sci : t.public_title;
  t.plain_summary = localized(s.brief_summary);
  std::vector<std::string> keywords;
  for (const auto& raw : [&] { auto all = std::vector<std::string>{s.acronym}; all.insert(all.end(), s.keywords.begin(), s.keywords.end()); return all; }()) {
    auto k = clean_text(raw);
    if (is_placeholder(k) || std::find(keywords.begin(), keywords.end(), k) != keywords.end()) continue;
    if (k.size() > kMaxKeywordLength) log.note("keywords", "'" + k.substr(0, 40) + "...' is longer than 200 characters; left out");
    else keywords.push_back(std::move(k));
  }
  if (keywords.size() > kMaxKeywords) {
    log.note("keywords", std::to_string(keywords.size() - kMaxKeywords) + " keywords beyond the schema's 50 left out");
    keywords.resize(kMaxKeywords);
  }
  if (!keywords.empty()) t.keywords = std::move(keywords);
  for (const auto& c : s.conditions)
    if (auto name = localized(c)) t.conditions.push_back({*name, std::nullopt});
  if (t.conditions.empty()) log.error("conditions", "missing; the schema requires at least one condition");
  std::vector<model::Intervention> interventions;
  for (const auto& iv : s.interventions) {
    auto name = localized(iv.name);
    if (!name) continue;
    auto type = log.optional(parse_intervention_type(iv.type), "interventions.type");
    interventions.push_back({type.value_or("other"), *name, localized(iv.description), std::nullopt});
  }
  if (!interventions.empty()) t.interventions = std::move(interventions);
}

void map_outcomes(const CtgovStudy& s, model::Trial& t) {
  auto read = [](const std::vector<CtgovStudy::Outcome>& list) {
    std::vector<model::Outcome> out;
    for (const auto& o : list)
      if (auto measure = localized(o.measure)) out.push_back({*measure, localized(o.time_frame)});
    return out;
  };
  auto primary = read(s.primary_outcomes), secondary = read(s.secondary_outcomes);
  if (primary.empty() && secondary.empty()) return;
  t.outcomes.emplace();
  if (!primary.empty()) t.outcomes->primary = std::move(primary);
  if (!secondary.empty()) t.outcomes->secondary = std::move(secondary);
}

std::optional<model::Design> map_design(const CtgovStudy& s) {
  model::Design d;
  const auto allocation = enum_key(s.allocation), model_key = enum_key(s.intervention_model);
  if (allocation == "RANDOMIZED") d.allocation = "randomized";
  else if (allocation == "NONRANDOMIZED") d.allocation = "non_randomized";
  else if (model_key.starts_with("SINGLEGROUP")) d.allocation = "single_arm";
  const auto masking = enum_key(s.masking.substr(0, s.masking.find('(')));
  if (masking == "NONE") d.masking = "open";
  else if (masking == "SINGLE" || masking == "DOUBLE" || masking == "TRIPLE" || masking == "QUADRUPLE") d.masking = lower_ascii(masking);
  static const std::pair<const char*, const char*> kPurposes[] = {
      {"TREATMENT", "treatment"}, {"PREVENTION", "prevention"}, {"DIAGNOSTIC", "diagnosis"},
      {"SUPPORTIVECARE", "supportive_care"}, {"SCREENING", "screening"},
      {"HEALTHSERVICESRESEARCH", "health_services_research"}, {"BASICSCIENCE", "basic_science"}};
  const auto purpose = enum_key(s.primary_purpose);
  for (const auto& [key, value] : kPurposes)
    if (purpose == key) d.purpose = value;
  if (!purpose.empty() && !d.purpose) d.purpose = "other";  // device feasibility, ECT, other
  std::set<std::string> arm_types;
  for (const auto& a : s.arm_group_types) arm_types.insert(enum_key(a));
  if (arm_types.count("PLACEBOCOMPARATOR") || arm_types.count("SHAMCOMPARATOR")) d.control = "placebo";
  else if (arm_types.count("ACTIVECOMPARATOR")) d.control = "active";
  else if (arm_types.count("NOINTERVENTION")) d.control = "no_treatment";
  long long arms = static_cast<long long>(s.arm_group_types.size());
  if (arms == 0 && !s.number_of_arms.empty()) arms = parse_count(s.number_of_arms).value.value_or(0);
  if (arms >= 1 && arms <= 100) d.arms = arms;
  if (d == model::Design{}) return std::nullopt;
  return d;
}

void map_status_and_dates(const CtgovStudy& s, model::Trial& t, MapLog& log) {
  auto status = parse_recruitment_status(s.overall_status);
  if (!status.error.empty() && !trim(s.last_known_status).empty()) status.error += " (last known status: " + s.last_known_status + ")";
  t.recruitment_status = log.required(status, "overallStatus").value_or("");
  if (trim(s.overall_status).empty()) log.error("overallStatus", "missing; the schema requires a recruitment status");
  t.phase = log.required(parse_phases(s.phases), "phases").value_or("na");
  t.design = map_design(s);
  t.target_enrollment = log.optional(parse_count(s.enrollment), "enrollmentInfo.count");
  model::Dates d;
  d.registered = log.optional(parse_date(s.first_submitted), "studyFirstSubmitDate");
  d.first_enrollment = log.optional(parse_date(s.start_date), "startDate");
  d.completion = log.optional(parse_date(s.completion_date), "completionDate");
  d.last_updated = log.optional(parse_date(s.last_update_submitted), "lastUpdateSubmitDate");
  if (d != model::Dates{}) t.dates = d;
}

void map_people(const CtgovStudy& s, model::Trial& t, MapLog& log) {
  t.eligibility.sex = log.required(parse_sex(s.sex), "sex").value_or("all");
  t.eligibility.min_age_years = log.optional(parse_age_years(s.minimum_age, false), "minimumAge");
  t.eligibility.max_age_years = log.optional(parse_age_years(s.maximum_age, true), "maximumAge");
  t.eligibility.healthy_volunteers = s.healthy_volunteers;
  split_criteria(s.criteria, t.eligibility);
  fill_structured_criteria(t.eligibility);
  if (auto lead = localized(s.lead_sponsor)) t.sponsor.primary = *lead;
  else log.error("leadSponsor", "missing; the schema requires a primary sponsor");
  std::vector<model::LocalizedText> collaborators;
  for (const auto& c : s.collaborators)
    if (auto name = localized(c)) collaborators.push_back(*name);
  if (!collaborators.empty()) t.sponsor.secondary = std::move(collaborators);
  auto contact = [&](const CtgovStudy::Person& p, std::string_view field) {
    model::Contact c;
    c.name = localized(p.name);
    c.organization = localized(p.affiliation);
    c.email = contact_email(p.email, field, log);
    c.phone = contact_phone(p.phone, field, log);
    return c;
  };
  if (!s.central_contacts.empty()) t.contacts.public_contact = contact(s.central_contacts[0], "centralContacts");
  if (!s.officials.empty()) t.contacts.scientific = contact(s.officials[0], "overallOfficials");
  const auto plan = enum_key(s.ipd_sharing);
  model::IpdSharing ipd;
  if (plan == "YES" || plan == "NO" || plan == "UNDECIDED") ipd.plan = lower_ascii(plan);
  ipd.description = localized(s.ipd_description);
  if (ipd.plan || ipd.description) t.ipd_sharing = std::move(ipd);
}

// Countries from every site; sites themselves only for Japan, where the schema wants a prefecture.
void map_places(const CtgovStudy& s, model::Trial& t, MapLog& log) {
  std::vector<std::string> unknown;
  auto country = [&](const std::string& name) {
    if (trim(name).empty()) return std::optional<std::string>();
    auto code = country_code(name);
    if (code) add_country(t.countries, *code);
    else if (std::find(unknown.begin(), unknown.end(), name) == unknown.end()) unknown.push_back(name);
    return code;
  };
  for (const auto& c : s.location_countries) country(c);
  std::vector<model::Site> sites;
  for (const auto& loc : s.locations) {
    if (country(loc.country) != "JP") continue;
    const auto where = "'" + (loc.facility.empty() ? loc.city : loc.facility) + "'";
    auto prefecture = site_prefecture(loc.state, loc.city);
    auto name = localized(loc.facility);
    if (!prefecture) { log.note("locations", "site " + where + " in " + loc.city + ": no prefecture known for it; left out"); continue; }
    if (!name) { log.note("locations", "a site in " + loc.city + " has no facility name; left out"); continue; }
    model::Site site{*name, *prefecture, localized(loc.city), loc.lat, loc.lon, std::nullopt, std::nullopt};
    site.status = log.optional(parse_site_status(loc.status), "locations.status");
    sites.push_back(std::move(site));
  }
  if (!sites.empty()) t.sites = std::move(sites);
  for (const auto& name : unknown) log.note("locations.country", "'" + name + "' not recognised as a country; left out");
}

}  // namespace

void map_ctgov_study(const CtgovStudy& s, RecordSink& sink, std::vector<std::string> damaged) {
  const std::string source_id = trim(s.nct_id).empty() ? sink.next_position_id() : std::string(trim(s.nct_id));
  MapLog log;
  model::Trial t;
  map_places(s, t, log);
  std::string where;
  for (const auto& c : t.countries) where += (where.empty() ? "" : ", ") + c;
  if (sink.skip_unless_japanese(source_id, std::find(t.countries.begin(), t.countries.end(), "JP") != t.countries.end(),
                                where.empty() ? "no sites listed" : "sites in " + where))
    return;
  if (!damaged.empty()) return sink.failed(source_id, std::move(damaged));
  auto type = log.required(parse_study_type(s.study_type), "studyType");
  const auto status = enum_key(s.overall_status);
  if (type == "expanded_access" || status == "AVAILABLE" || status == "NOLONGERAVAILABLE" ||
      status == "TEMPORARILYNOTAVAILABLE" || status == "APPROVEDFORMARKETING")
    return sink.skipped(source_id, "studyType: an expanded-access programme is not a study the registry holds");
  if (!type && trim(s.study_type).empty()) log.error("studyType", "missing");
  t.study_type = type.value_or("");
  map_ids(s, t, log);
  map_texts(s, t, log);
  map_outcomes(s, t);
  map_status_and_dates(s, t, log);
  map_people(s, t, log);
  sink.finish(source_id, t, std::move(log));
}

}  // namespace rinsho::linkage
