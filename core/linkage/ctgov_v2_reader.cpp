// ClinicalTrials.gov API v2 JSON (camelCase modules) -> CtgovStudy.
#include "linkage/ctgov_json.hpp"

namespace rinsho::linkage {
namespace {

using nlohmann::json;
using namespace ctgov_json;

void read_v2_people_places(const json& ps, CtgovStudy& s) {
  const auto& cl = at(ps, {"contactsLocationsModule"});
  for (const auto& c : items(at(cl, {"centralContacts"})))
    s.central_contacts.push_back({str(at(c, {"name"})), "", str(at(c, {"phone"})), str(at(c, {"email"}))});
  for (const auto& o : items(at(cl, {"overallOfficials"})))
    s.officials.push_back({str(at(o, {"name"})), str(at(o, {"affiliation"})), "", ""});
  for (const auto& l : items(at(cl, {"locations"})))
    s.locations.push_back({str(at(l, {"facility"})), str(at(l, {"city"})), str(at(l, {"state"})), str(at(l, {"zip"})),
                           str(at(l, {"country"})), str(at(l, {"status"})), number(at(l, {"geoPoint", "lat"})),
                           number(at(l, {"geoPoint", "lon"}))});
  const auto& el = at(ps, {"eligibilityModule"});
  s.criteria = str(at(el, {"eligibilityCriteria"}));
  s.sex = str(at(el, {"sex"}));
  s.minimum_age = str(at(el, {"minimumAge"}));
  s.maximum_age = str(at(el, {"maximumAge"}));
  s.healthy_volunteers = yes_no(at(el, {"healthyVolunteers"}));
  const auto& sp = at(ps, {"sponsorCollaboratorsModule"});
  s.lead_sponsor = str(at(sp, {"leadSponsor", "name"}));
  for (const auto& c : items(at(sp, {"collaborators"}))) s.collaborators.push_back(str(at(c, {"name"})));
  s.ipd_sharing = str(at(ps, {"ipdSharingStatementModule", "ipdSharing"}));
  s.ipd_description = str(at(ps, {"ipdSharingStatementModule", "description"}));
}

}  // namespace

CtgovStudy read_v2_study(const json& study) {
  const auto& ps = at(study, {"protocolSection"});
  CtgovStudy s;
  const auto& id = at(ps, {"identificationModule"});
  s.nct_id = str(at(id, {"nctId"}));
  s.org_study_id = str(at(id, {"orgStudyIdInfo", "id"}));
  s.organization = str(at(id, {"organization", "fullName"}));
  for (const auto& x : items(at(id, {"secondaryIdInfos"})))
    s.secondary_ids.push_back({str(at(x, {"id"})), str(at(x, {"type"})), str(at(x, {"domain"}))});
  s.brief_title = str(at(id, {"briefTitle"}));
  s.official_title = str(at(id, {"officialTitle"}));
  s.acronym = str(at(id, {"acronym"}));
  s.brief_summary = str(at(ps, {"descriptionModule", "briefSummary"}));
  const auto& st = at(ps, {"statusModule"});
  s.overall_status = str(at(st, {"overallStatus"}));
  s.last_known_status = str(at(st, {"lastKnownStatus"}));
  s.start_date = str(at(st, {"startDateStruct", "date"}));
  s.completion_date = str(at(st, {"completionDateStruct", "date"}));
  s.first_submitted = str(at(st, {"studyFirstSubmitDate"}));
  s.last_update_submitted = str(at(st, {"lastUpdateSubmitDate"}));
  const auto& d = at(ps, {"designModule"});
  s.study_type = str(at(d, {"studyType"}));
  s.phases = strs(at(d, {"phases"}));
  s.allocation = str(at(d, {"designInfo", "allocation"}));
  s.intervention_model = str(at(d, {"designInfo", "interventionModel"}));
  s.masking = str(at(d, {"designInfo", "maskingInfo", "masking"}));
  s.primary_purpose = str(at(d, {"designInfo", "primaryPurpose"}));
  s.enrollment = str(at(d, {"enrollmentInfo", "count"}));
  const auto& ai = at(ps, {"armsInterventionsModule"});
  for (const auto& a : items(at(ai, {"armGroups"}))) s.arm_group_types.push_back(str(at(a, {"type"})));
  for (const auto& i : items(at(ai, {"interventions"})))
    s.interventions.push_back({str(at(i, {"type"})), str(at(i, {"name"})), str(at(i, {"description"}))});
  s.conditions = strs(at(ps, {"conditionsModule", "conditions"}));
  s.keywords = strs(at(ps, {"conditionsModule", "keywords"}));
  for (const auto& o : items(at(ps, {"outcomesModule", "primaryOutcomes"})))
    s.primary_outcomes.push_back({str(at(o, {"measure"})), str(at(o, {"timeFrame"}))});
  for (const auto& o : items(at(ps, {"outcomesModule", "secondaryOutcomes"})))
    s.secondary_outcomes.push_back({str(at(o, {"measure"})), str(at(o, {"timeFrame"}))});
  read_v2_people_places(ps, s);
  return s;
}

}  // namespace rinsho::linkage
