// WHO TRDS in the ICTRP export layout (<Trial><TrialID>...). ICTRP's layout is English only, so
// Japanese text goes into "<Field>_ja" siblings, which ICTRP tools ignore and the ictrp-xml
// importer reads back; lists are ";"-joined as ICTRP joins them, item for item in both languages.
#include <map>
#include <sstream>
#include <utility>

#include "linkage/export_common.hpp"
#include "linkage/mapping.hpp"
#include "linkage/trds_writer.hpp"

namespace rinsho::linkage {
namespace {

std::string source_register(const std::string& registry) {
  if (registry == "jRCT" || registry == "UMIN" || registry == "JapicCTI" || registry == "JMA-IIA") return "JPRN";
  if (registry == "NCT") return "ClinicalTrials.gov";
  if (registry == "EudraCT" || registry == "EU CTR") return "EU Clinical Trials Register";
  return registry;
}

void write_identity(const model::Trial& t, TrialWriter& w) {
  auto ids = t.secondary_ids.value_or(std::vector<model::SecondaryId>{});
  std::string own, registry;
  if (t.id) own = *t.id, registry = "jRCT";
  else if (!ids.empty()) own = ids.front().id, registry = ids.front().registry, ids.erase(ids.begin());
  const auto reg = source_register(registry);
  w.put("TrialID", (reg == "JPRN" ? "JPRN-" : "") + own);
  if (t.dates && t.dates->last_updated) w.put("Last_Refreshed_on", long_date(*t.dates->last_updated));
  w.text("Public_title", t.public_title);
  w.text("Scientific_title", t.scientific_title);
  w.text("Primary_sponsor", t.sponsor.primary);
  if (t.dates && t.dates->registered) {
    w.put("Date_registration3", compact_date(*t.dates->registered));
    w.put("Date_registration", day_first(*t.dates->registered));
  }
  w.put("Source_Register", reg);
  std::string secondary;
  for (const auto& s : ids) secondary += (secondary.empty() ? "" : ";") + s.id;
  w.put("Secondary_ID", secondary);
}

std::string design_text(const std::optional<model::Design>& d) {
  if (!d) return "";
  static const std::map<std::string, std::string> kWords = {
      {"randomized", "randomized"}, {"non_randomized", "non-randomized"}, {"single_arm", "single arm"},
      {"open", "open(masking not used)"}, {"single", "single blind"}, {"double", "double blind"},
      {"triple", "triple blind"}, {"quadruple", "quadruple blind"}, {"placebo", "placebo control"},
      {"active", "active control"}, {"dose_comparison", "dose comparison control"},
      {"historical", "historical control"}, {"no_treatment", "no treatment control"}, {"none", "uncontrolled control"}};
  std::string out;
  auto add = [&](const std::string& s) { out += (out.empty() ? "" : ", ") + s; };
  for (const auto& v : {d->allocation, d->masking, d->control})
    if (v && kWords.count(*v)) add(kWords.at(*v));
  if (d->arms) add(std::to_string(*d->arms) + " arms");
  if (d->purpose) {
    auto p = *d->purpose == "diagnosis" ? std::string("diagnostic") : *d->purpose;
    for (auto& c : p) c = c == '_' ? ' ' : c;
    add(p + " purpose");
  }
  return out;
}

void write_design(const model::Trial& t, TrialWriter& w) {
  static const std::map<std::string, std::string> kStatus = {
      {"pending", "Pending"}, {"recruiting", "Recruiting"}, {"enrolling_by_invitation", "Enrolling by invitation"},
      {"active_not_recruiting", "Active, not recruiting"}, {"completed", "Completed"}, {"suspended", "Suspended"},
      {"terminated", "Terminated"}, {"withdrawn", "Withdrawn"}};
  w.put("Recruitment_Status", kStatus.count(t.recruitment_status) ? kStatus.at(t.recruitment_status) : t.recruitment_status);
  const auto& e = t.eligibility;
  w.put("Inclusion_agemin", e.min_age_years ? age_text(*e.min_age_years) : "N/A");
  w.put("Inclusion_agemax", e.max_age_years ? age_text(*e.max_age_years) : "N/A");
  w.put("Inclusion_gender", e.sex == "female" ? "Female" : e.sex == "male" ? "Male" : "All");
  if (t.dates && t.dates->first_enrollment) w.put("Date_enrollement", day_first(*t.dates->first_enrollment));
  if (t.target_enrollment) w.put("Target_size", std::to_string(*t.target_enrollment));
  w.put("Study_type", t.study_type == "interventional" ? "Interventional" : "Observational");
  w.put("Study_design", design_text(t.design));
  static const std::map<std::string, std::string> kPhase = {
      {"0", "Phase 0"}, {"1", "Phase 1"}, {"1/2", "Phase 1/Phase 2"}, {"2", "Phase 2"},
      {"2/3", "Phase 2/Phase 3"}, {"3", "Phase 3"}, {"4", "Phase 4"}, {"na", "N/A"}};
  w.put("Phase", kPhase.count(t.phase) ? kPhase.at(t.phase) : t.phase);
  std::string countries;
  for (const auto& c : t.countries) countries += (countries.empty() ? "" : ";") + std::string(country_name(c).empty() ? c : country_name(c));
  w.put("Countries", countries);
}

// A Latin-script personal name as ICTRP's (first, last): "Naoki Horiuchi" -> ("Naoki", "Horiuchi").
// Names of offices ("Clinical Trial Information Desk") and names in Japanese script, whose family
// name comes first and which ICTRP's English layout cannot order, stay whole in Contact_Lastname.
std::pair<std::string, std::string> first_and_last(const std::string& name) {
  static const char* kNotPersonal[] = {"office", "desk", "center", "centre", "secretariat", "enquiries", "inquiries",
                                       "department", "team", "group", "unit", "clinic", "information", "support",
                                       "contact", "study", "trial", "research", "development", "hospital", "university"};
  std::vector<std::string> words;
  std::string word;
  for (char c : name + " ") {
    if (c == ',' || static_cast<unsigned char>(c) >= 0x80) return {"", name};
    if (c != ' ') { word += c; continue; }
    if (!word.empty()) words.push_back(std::exchange(word, {}));
  }
  if (words.size() < 2 || words.size() > 4) return {"", name};
  for (const auto& w : words) {
    std::string lower;
    for (char c : w) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    for (const char* stop : kNotPersonal)
      if (lower == stop) return {"", name};
  }
  std::string first;
  for (std::size_t i = 0; i + 1 < words.size(); ++i) first += (i ? " " : "") + words[i];
  return {first, words.back()};
}

// Public contact first, scientific second: the order the importer reads them back in. The Japanese
// name stays whole in Contact_Lastname_ja (rinsho's own sibling, read back as the name).
void write_contacts(const model::Trial& t, TrialWriter& w) {
  std::vector<const model::Contact*> people = {&t.contacts.public_contact};
  if (t.contacts.scientific) people.push_back(&*t.contacts.scientific);
  std::vector<std::pair<std::string, std::string>> firsts, lasts, orgs;
  std::string email, phone;
  bool any_email = false, any_phone = false, any_first = false;
  for (std::size_t i = 0; i < people.size(); ++i) {
    const auto& c = *people[i];
    if (c.name) {
      auto [main, ja] = item_pair(*c.name);
      auto [first, last] = first_and_last(main);
      any_first = any_first || !first.empty();
      firsts.emplace_back(first.empty() ? "-" : first, "");
      lasts.emplace_back(last, ja);
    } else {
      firsts.emplace_back("-", "");
      lasts.emplace_back("-", "");
    }
    orgs.push_back(c.organization ? item_pair(*c.organization) : std::pair<std::string, std::string>{"-", ""});
    email += (i ? ";" : "") + c.email.value_or("");
    phone += (i ? ";" : "") + c.phone.value_or("");
    any_email = any_email || c.email;
    any_phone = any_phone || c.phone;
  }
  if (any_first) w.list("Contact_Firstname", firsts);
  w.list("Contact_Lastname", lasts);
  if (any_email) w.put("Contact_Email", email);
  if (any_phone) w.put("Contact_Tel", phone);
  w.list("Contact_Affiliation", orgs);
}

}  // namespace

std::string trds_trial_xml(const model::Trial& t) {
  pugi::xml_document doc;
  TrialWriter w(doc.append_child("Trial"));
  write_identity(t, w);
  write_design(t, w);
  write_contacts(t, w);
  write_trds_lists(t, w);
  std::ostringstream out;
  doc.first_child().print(out, "  ", pugi::format_indent, pugi::encoding_utf8, 1);
  return out.str();
}

}  // namespace rinsho::linkage
