// One WHO ICTRP record (XML or CSV) -> a rinsho record. Field by field in README.md.
#include <algorithm>
#include <cctype>

#include "linkage/criteria_extract.hpp"
#include "linkage/ictrp.hpp"
#include "linkage/text.hpp"

namespace rinsho::linkage {
namespace {

const std::string kEmpty;

void map_identity(const IctrpFields& f, model::Trial& t, MapLog& log) {
  const auto own = classify_id(f.get("TrialID"), f.get("Source_Register"));
  std::vector<model::SecondaryId> ids;
  // A JPRN record keeps its jRCT number as the rinsho id; any other id is a secondary id and the
  // store assigns the rinsho id. secondary_ids[0] is then always the source's own id.
  if (own.registry == "jRCT" && is_jrct_id(own.id)) t.id = own.id;
  else ids.push_back(own);
  t.category = own.registry == "jRCT" && own.id.starts_with("jRCTs") ? "specified_clinical_research" : "other";
  for (const auto& raw : split_clean(f.get("Secondary_ID"), ';')) {
    auto id = classify_id(raw);
    if (id.id.size() > 100) {  // the schema's limit; such "ids" are sentences pasted into the field
      log.note("Secondary_ID", "'" + id.id.substr(0, 40) + "...' is longer than 100 characters; left out");
      continue;
    }
    const bool duplicate = id.id == t.id || std::any_of(ids.begin(), ids.end(), [&](const auto& x) { return x.id == id.id; });
    if (!duplicate) ids.push_back(std::move(id));
  }
  if (!ids.empty()) t.secondary_ids = std::move(ids);
}

void map_titles_and_sponsors(const IctrpFields& f, model::Trial& t, MapLog& log) {
  auto pub = ictrp_text(f, "Public_title"), sci = ictrp_text(f, "Scientific_title");
  if (!pub && sci) log.note("Public_title", "empty; the scientific title stands in for it");
  if (!sci && pub) log.note("Scientific_title", "empty; the public title stands in for it");
  if (!pub && !sci) log.error("Public_title", "missing, and so is Scientific_title");
  t.public_title = pub ? *pub : sci.value_or(model::LocalizedText{});
  t.scientific_title = sci ? *sci : pub.value_or(model::LocalizedText{});
  if (auto acronym = clean_text(f.get("Acronym")); !is_placeholder(acronym)) t.keywords = std::vector{acronym};

  if (auto primary = ictrp_text(f, "Primary_sponsor")) t.sponsor.primary = *primary;
  else log.error("Primary_sponsor", "missing; the schema requires a primary sponsor");
  if (auto secondary = ictrp_text_list(f, "Secondary_Sponsor"); !secondary.empty()) t.sponsor.secondary = std::move(secondary);
  auto funding = ictrp_text_list(f, "Source_Support");
  // ICTRP writes this sentence for ClinicalTrials.gov rows; it names no funder.
  std::erase_if(funding, [](const auto& x) { return x.en && lower_ascii(*x.en).starts_with("please refer to primary and secondary sponsors"); });
  if (!funding.empty()) t.sponsor.funding = std::move(funding);
}

void map_dates(const IctrpFields& f, model::Trial& t, MapLog& log) {
  model::Dates d;
  // Date_registration3 (YYYYMMDD) cannot be misread; Date_registration is day-first text.
  d.registered = log.optional(parse_date(f.get("Date_registration3")), "Date_registration3");
  if (!d.registered) d.registered = log.optional(parse_date(f.get("Date_registration")), "Date_registration");
  d.first_enrollment = log.optional(parse_date(f.get("Date_enrollement")), "Date_enrollement");
  d.completion = log.optional(parse_date(f.get("results_date_completed")), "results_date_completed");
  if (d.registered || d.first_enrollment || d.completion) t.dates = d;
}

// "randomized controlled trial, open(masking not used), historical control, treatment purpose"
// (jRCT), "Parallel Randomized" (UMIN), "Randomised: yes<br>Double blind: yes" (EU CTR).
std::optional<model::Design> parse_design(std::string_view raw) {
  const auto s = lower_ascii(clean_text(raw));
  if (is_placeholder(s)) return std::nullopt;
  auto has = [&](std::string_view w) { return s.find(w) != std::string::npos; };
  model::Design d;
  if (has("single arm") || has("single group")) d.allocation = "single_arm";
  else if (has("non-randomi") || has("nonrandomi") || has("non randomi") || has("randomised: no")) d.allocation = "non_randomized";
  else if (has("randomi")) d.allocation = "randomized";
  if (has("quadruple")) d.masking = "quadruple";
  else if (has("triple")) d.masking = "triple";
  else if (has("double blind: yes") || (has("double") && !has("double blind: no"))) d.masking = "double";
  else if (has("single blind: yes") || (has("single blind") && !has("single blind: no"))) d.masking = "single";
  else if (has("open(masking not used)") || has("open label") || has("open-label") || has("open: yes") || has(", open")) d.masking = "open";
  if (has("placebo") && !has("placebo: no")) d.control = "placebo";
  else if (has("active control")) d.control = "active";
  else if (has("dose comparison")) d.control = "dose_comparison";
  else if (has("historical")) d.control = "historical";
  else if (has("no treatment")) d.control = "no_treatment";
  else if (has("uncontrolled")) d.control = "none";
  static const std::pair<const char*, const char*> kPurposes[] = {
      {"treatment purpose", "treatment"}, {"prevention purpose", "prevention"}, {"diagnostic purpose", "diagnosis"},
      {"supportive care purpose", "supportive_care"}, {"screening purpose", "screening"},
      {"health services research purpose", "health_services_research"}, {"basic science purpose", "basic_science"},
      {"natural history purpose", "natural_history"}, {"other purpose", "other"}};
  for (const auto& [words, purpose] : kPurposes)
    if (has(words)) d.purpose = purpose;
  if (auto at = s.find(" arms"); at != std::string::npos) {
    auto begin = at;
    while (begin > 0 && std::isdigit(static_cast<unsigned char>(s[begin - 1]))) --begin;
    if (begin < at && at - begin <= 3) d.arms = std::stoll(s.substr(begin, at - begin));
  }
  if (d == model::Design{}) return std::nullopt;
  return d;
}

// True when the record went elsewhere (skipped).
bool map_study(const IctrpFields& f, model::Trial& t, MapLog& log, RecordSink& sink, const std::string& id) {
  auto type = log.required(parse_study_type(f.get("Study_type")), "Study_type");
  if (type == "expanded_access") {
    sink.skipped(id, "Study_type: an expanded-access programme is not a study the registry holds");
    return true;
  }
  if (!type && enum_key(f.get("Study_type")).empty()) log.error("Study_type", "missing; the schema requires interventional or observational");
  t.study_type = type.value_or("");
  t.phase = log.required(parse_phase(f.get("Phase")), "Phase").value_or("na");
  auto status = log.required(parse_recruitment_status(f.get("Recruitment_Status")), "Recruitment_Status");
  if (!status && enum_key(f.get("Recruitment_Status")).empty()) log.error("Recruitment_Status", "missing; the schema requires a recruitment status");
  t.recruitment_status = status.value_or("");
  t.target_enrollment = log.optional(parse_count(f.get("Target_size")), "Target_size");
  t.design = parse_design(f.get("Study_design"));
  t.eligibility.sex = log.required(parse_sex(f.get("Inclusion_gender")), "Inclusion_gender").value_or("all");
  t.eligibility.min_age_years = log.optional(parse_age_years(f.get("Inclusion_agemin"), false), "Inclusion_agemin");
  t.eligibility.max_age_years = log.optional(parse_age_years(f.get("Inclusion_agemax"), true), "Inclusion_agemax");
  map_ictrp_criteria(f, t.eligibility);
  fill_structured_criteria(t.eligibility);
  return false;
}

void map_results(const IctrpFields& f, model::Trial& t, MapLog& log) {
  t.results_summary = ictrp_text(f, "results_summary");
  const auto plan = enum_key(f.get("results_IPD_plan"));
  model::IpdSharing ipd;
  if (plan == "YES") ipd.plan = "yes";
  else if (plan == "NO") ipd.plan = "no";
  else if (plan == "UNDECIDED") ipd.plan = "undecided";
  else if (!plan.empty()) log.note("results_IPD_plan", "'" + f.get("results_IPD_plan") + "' is not yes, no or undecided; left out");
  ipd.description = ictrp_text(f, "results_IPD_description");
  if (ipd.plan || ipd.description) t.ipd_sharing = std::move(ipd);
}

}  // namespace

std::string ictrp_field_key(std::string_view name) {
  auto key = lower_ascii(trim(name));
  std::replace(key.begin(), key.end(), ' ', '_');
  return key;
}

void IctrpFields::add(std::string_view name, std::string value) {
  const auto key = ictrp_field_key(name);
  for (auto& [n, v] : fields_) {
    if (ictrp_field_key(n) != key) continue;
    v += ";" + value;
    return;
  }
  fields_.emplace_back(std::string(name), std::move(value));
}

const std::string& IctrpFields::get(std::string_view name) const {
  const auto key = ictrp_field_key(name);
  for (const auto& [n, v] : fields_)
    if (ictrp_field_key(n) == key) return v;
  return kEmpty;
}

void map_ictrp_record(const IctrpFields& f, RecordSink& sink) {
  const std::string trial_id(trim(f.get("TrialID")));
  const std::string source_id = trial_id.empty() || trial_id.size() > 200 ? sink.next_position_id() : trial_id;
  const auto own = classify_id(trial_id);
  const bool jrct = own.registry == "jRCT" && is_jrct_id(own.id);
  MapLog log;
  auto countries = map_countries(f.get("Countries"), "Countries", log);
  const bool has_jp = std::find(countries.begin(), countries.end(), "JP") != countries.end();
  if (sink.skip_unless_japanese(source_id, has_jp || jrct, "Countries: '" + std::string(trim(f.get("Countries"))).substr(0, 200) + "'"))
    return;
  std::vector<std::string> damaged;
  for (const auto& [name, value] : f.all())
    if (auto problem = raw_value_problem(name, value)) damaged.push_back(*problem);
  if (!damaged.empty()) return sink.failed(source_id, std::move(damaged));
  if (trial_id.empty()) log.error("TrialID", "missing");

  model::Trial t;
  map_identity(f, t, log);
  map_titles_and_sponsors(f, t, log);
  if (map_study(f, t, log, sink, source_id)) return;
  map_dates(f, t, log);
  map_ictrp_conditions(f, t, log);
  map_ictrp_interventions(f, t);
  map_ictrp_outcomes(f, t);
  map_ictrp_contacts(f, t, log);
  map_ictrp_ethics(f, t, log);
  map_results(f, t, log);
  // A jRCT number is issued only for research under Japan's Clinical Trials Act or PMD Act, which
  // is conducted in Japan: the registration itself is the link when the export lists no JP.
  if (jrct && !has_jp) {
    countries.insert(countries.begin(), "JP");
    log.note("Countries", "JP added: a jRCT registration means the study runs in Japan");
  }
  t.countries = std::move(countries);
  sink.finish(source_id, t, std::move(log));
}

}  // namespace rinsho::linkage
