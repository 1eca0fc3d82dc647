// ClinicalTrials.gov legacy XML (public.xsd, <clinical_study>), one or more per stream.
#include "linkage/ctgov_study.hpp"
#include "linkage/importers.hpp"
#include "linkage/text.hpp"
#include "linkage/xml_util.hpp"

namespace rinsho::linkage {
namespace {

std::string text(const pugi::xml_node& parent, const char* path) {
  return element_text(parent.first_element_by_path(path));
}

std::vector<std::string> texts(const pugi::xml_node& parent, const char* name) {
  std::vector<std::string> out;
  for (auto node : parent.children(name)) out.push_back(element_text(node));
  return out;
}

// Every text node checked once for UTF-8 and size, named by its element path.
void find_damage(const pugi::xml_node& node, const std::string& path, std::vector<std::string>& out) {
  for (auto child : node.children()) {
    if (out.size() >= 10) return;
    if (child.type() == pugi::node_element) find_damage(child, path + "/" + child.name(), out);
    else if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata)
      if (auto problem = raw_value_problem(path, child.value())) out.push_back(*problem);
  }
}

void read_people_places(const pugi::xml_node& cs, CtgovStudy& s) {
  for (auto c : cs.children("overall_contact"))
    s.central_contacts.push_back({text(c, "last_name"), "", text(c, "phone"), text(c, "email")});
  for (auto o : cs.children("overall_official")) s.officials.push_back({text(o, "last_name"), text(o, "affiliation"), "", ""});
  for (auto l : cs.children("location"))
    s.locations.push_back({text(l, "facility/name"), text(l, "facility/address/city"), text(l, "facility/address/state"),
                           text(l, "facility/address/zip"), text(l, "facility/address/country"), text(l, "status"),
                           std::nullopt, std::nullopt});
  s.location_countries = texts(cs.child("location_countries"), "country");
  s.criteria = text(cs, "eligibility/criteria/textblock");
  s.sex = text(cs, "eligibility/gender");
  s.minimum_age = text(cs, "eligibility/minimum_age");
  s.maximum_age = text(cs, "eligibility/maximum_age");
  const auto healthy = text(cs, "eligibility/healthy_volunteers");
  if (healthy == "Accepts Healthy Volunteers" || healthy == "Yes") s.healthy_volunteers = true;
  else if (healthy == "No") s.healthy_volunteers = false;
  s.lead_sponsor = text(cs, "sponsors/lead_sponsor/agency");
  for (auto c : cs.child("sponsors").children("collaborator")) s.collaborators.push_back(text(c, "agency"));
  s.ipd_sharing = text(cs, "patient_data/sharing_ipd");
  s.ipd_description = text(cs, "patient_data/ipd_description");
}

CtgovStudy read_study(const pugi::xml_node& cs) {
  CtgovStudy s;
  s.nct_id = text(cs, "id_info/nct_id");
  s.org_study_id = text(cs, "id_info/org_study_id");
  s.organization = text(cs, "sponsors/lead_sponsor/agency");
  for (const auto& id : texts(cs.child("id_info"), "secondary_id")) s.secondary_ids.push_back({id, "", ""});
  s.brief_title = text(cs, "brief_title");
  s.official_title = text(cs, "official_title");
  s.acronym = text(cs, "acronym");
  s.brief_summary = text(cs, "brief_summary/textblock");
  s.overall_status = text(cs, "overall_status");
  s.last_known_status = text(cs, "last_known_status");
  s.start_date = text(cs, "start_date");
  s.completion_date = text(cs, "completion_date");
  s.first_submitted = cs.child("study_first_submitted") ? text(cs, "study_first_submitted") : text(cs, "firstreceived_date");
  s.last_update_submitted = cs.child("last_update_submitted") ? text(cs, "last_update_submitted") : text(cs, "lastchanged_date");
  s.study_type = text(cs, "study_type");
  if (auto phase = text(cs, "phase"); !phase.empty()) s.phases = {phase};
  s.allocation = text(cs, "study_design_info/allocation");
  s.intervention_model = text(cs, "study_design_info/intervention_model");
  s.masking = text(cs, "study_design_info/masking");
  s.primary_purpose = text(cs, "study_design_info/primary_purpose");
  s.number_of_arms = text(cs, "number_of_arms");
  s.enrollment = text(cs, "enrollment");
  for (auto a : cs.children("arm_group")) s.arm_group_types.push_back(text(a, "arm_group_type"));
  s.conditions = texts(cs, "condition");
  s.keywords = texts(cs, "keyword");
  for (auto i : cs.children("intervention"))
    s.interventions.push_back({text(i, "intervention_type"), text(i, "intervention_name"), text(i, "description")});
  for (auto o : cs.children("primary_outcome")) s.primary_outcomes.push_back({text(o, "measure"), text(o, "time_frame")});
  for (auto o : cs.children("secondary_outcome")) s.secondary_outcomes.push_back({text(o, "measure"), text(o, "time_frame")});
  read_people_places(cs, s);
  return s;
}

}  // namespace

Result<void> import_ctgov_xml(std::istream& in, RecordSink& sink) {
  XmlElementScanner scanner(in, "clinical_study", kMaxRecordBytes);
  for (;;) {
    if (sink.stop_requested()) return {};
    auto chunk = scanner.next();
    if (!chunk) return tl::unexpected(chunk.error());
    if (!*chunk) break;
    auto id = raw_element_text((*chunk)->text, "nct_id");
    if (id.empty()) id = sink.next_position_id();
    pugi::xml_document doc;
    if (auto problem = parse_chunk(**chunk, doc, "clinical_study")) {
      sink.failed(id, {*problem});
      continue;
    }
    const auto cs = doc.child("clinical_study");
    std::vector<std::string> damaged;
    find_damage(cs, "clinical_study", damaged);
    map_ctgov_study(read_study(cs), sink, std::move(damaged));
  }
  return scanner.finish();
}

}  // namespace rinsho::linkage
