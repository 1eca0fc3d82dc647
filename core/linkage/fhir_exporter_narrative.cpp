// The human-readable summary (Narrative) of an exported ResearchStudy. FHIR's dom-6 asks every
// resource for one, so that a reader without rinsho's codes still sees what the study is; it holds
// only what the structured elements also say ("generated").
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "common/escape.hpp"
#include "linkage/export_common.hpp"

namespace rinsho::linkage {
namespace {

// A row of the summary table; FHIR narrative allows only a subset of XHTML, and a table is in it.
std::string row(const std::string& label, const std::string& value) {
  return value.empty() ? "" : "<tr><th>" + label + "</th><td>" + html_escape(value) + "</td></tr>";
}

std::string status_text(const std::string& s) {
  static const std::map<std::string, std::string> kStatus = {
      {"pending", "Not yet recruiting"}, {"recruiting", "Recruiting"}, {"enrolling_by_invitation", "Enrolling by invitation"},
      {"active_not_recruiting", "Active, not recruiting"}, {"completed", "Completed"}, {"suspended", "Suspended"},
      {"terminated", "Terminated"}, {"withdrawn", "Withdrawn"}};
  auto it = kStatus.find(s);
  return it == kStatus.end() ? s : it->second;
}

}  // namespace

nlohmann::ordered_json fhir_narrative(const model::Trial& t) {
  const std::string lang = t.public_title.en ? "en" : "ja";
  std::string conditions;
  for (const auto& c : t.conditions) conditions += (conditions.empty() ? "" : "; ") + english(c.name);
  std::string period;
  if (t.dates && (t.dates->first_enrollment || t.dates->completion))
    period = t.dates->first_enrollment.value_or("") + " \u2013 " + t.dates->completion.value_or("");
  std::string div = "<div xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"" + lang + "\" xml:lang=\"" + lang + "\">";
  div += "<p><b>" + html_escape(english(t.public_title)) + "</b></p><table><tbody>";
  div += row("Identifier", t.id.value_or(""));
  div += row("Study type", t.study_type == "interventional" ? "Interventional" : "Observational");
  div += row("Phase", t.phase == "na" ? "Not applicable" : "Phase " + t.phase);
  div += row("Status", status_text(t.recruitment_status));
  div += row("Conditions", conditions);
  div += row("Sponsor", english(t.sponsor.primary));
  div += row("Period", period);
  if (t.target_enrollment) div += row("Target enrolment", std::to_string(*t.target_enrollment));
  div += "</tbody></table></div>";
  return {{"status", "generated"}, {"div", div}};
}

}  // namespace rinsho::linkage
