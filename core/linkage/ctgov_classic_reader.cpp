// The retired "classic" ClinicalTrials.gov API (FullStudiesResponse, APIVrs 1.01): PascalCase
// modules whose lists are wrapped twice ("ConditionList": {"Condition": [...]}) -> CtgovStudy.
#include "linkage/ctgov_json.hpp"

namespace rinsho::linkage {
namespace {

using nlohmann::json;
using namespace ctgov_json;

void read_people_places(const json& ps, CtgovStudy& s) {
  const auto& cl = at(ps, {"ContactsLocationsModule"});
  for (const auto& c : items(at(cl, {"CentralContactList", "CentralContact"})))
    s.central_contacts.push_back({str(at(c, {"CentralContactName"})), "", str(at(c, {"CentralContactPhone"})),
                                  str(at(c, {"CentralContactEMail"}))});
  for (const auto& o : items(at(cl, {"OverallOfficialList", "OverallOfficial"})))
    s.officials.push_back({str(at(o, {"OverallOfficialName"})), str(at(o, {"OverallOfficialAffiliation"})), "", ""});
  for (const auto& l : items(at(cl, {"LocationList", "Location"})))
    s.locations.push_back({str(at(l, {"LocationFacility"})), str(at(l, {"LocationCity"})), str(at(l, {"LocationState"})),
                           str(at(l, {"LocationZip"})), str(at(l, {"LocationCountry"})), str(at(l, {"LocationStatus"})),
                           std::nullopt, std::nullopt});
  const auto& el = at(ps, {"EligibilityModule"});
  s.criteria = str(at(el, {"EligibilityCriteria"}));
  s.sex = str(at(el, {"Gender"}));
  s.minimum_age = str(at(el, {"MinimumAge"}));
  s.maximum_age = str(at(el, {"MaximumAge"}));
  s.healthy_volunteers = yes_no(at(el, {"HealthyVolunteers"}));
  const auto& sp = at(ps, {"SponsorCollaboratorsModule"});
  s.lead_sponsor = str(at(sp, {"LeadSponsor", "LeadSponsorName"}));
  for (const auto& c : items(at(sp, {"CollaboratorList", "Collaborator"}))) s.collaborators.push_back(str(at(c, {"CollaboratorName"})));
  s.ipd_sharing = str(at(ps, {"IPDSharingStatementModule", "IPDSharing"}));
  s.ipd_description = str(at(ps, {"IPDSharingStatementModule", "IPDSharingDescription"}));
}

void read_design(const json& ps, CtgovStudy& s) {
  const auto& d = at(ps, {"DesignModule"});
  s.study_type = str(at(d, {"StudyType"}));
  s.phases = strs(at(d, {"PhaseList", "Phase"}));
  s.allocation = str(at(d, {"DesignInfo", "DesignAllocation"}));
  s.intervention_model = str(at(d, {"DesignInfo", "DesignInterventionModel"}));
  s.masking = str(at(d, {"DesignInfo", "DesignMaskingInfo", "DesignMasking"}));
  s.primary_purpose = str(at(d, {"DesignInfo", "DesignPrimaryPurpose"}));
  s.enrollment = str(at(d, {"EnrollmentInfo", "EnrollmentCount"}));
  const auto& ai = at(ps, {"ArmsInterventionsModule"});
  for (const auto& a : items(at(ai, {"ArmGroupList", "ArmGroup"}))) s.arm_group_types.push_back(str(at(a, {"ArmGroupType"})));
  for (const auto& i : items(at(ai, {"InterventionList", "Intervention"})))
    s.interventions.push_back({str(at(i, {"InterventionType"})), str(at(i, {"InterventionName"})),
                               str(at(i, {"InterventionDescription"}))});
}

}  // namespace

CtgovStudy read_classic_study(const json& study) {
  const auto& ps = at(study, {"ProtocolSection"});
  CtgovStudy s;
  const auto& id = at(ps, {"IdentificationModule"});
  s.nct_id = str(at(id, {"NCTId"}));
  s.org_study_id = str(at(id, {"OrgStudyIdInfo", "OrgStudyId"}));
  s.organization = str(at(id, {"Organization", "OrgFullName"}));
  for (const auto& x : items(at(id, {"SecondaryIdInfoList", "SecondaryIdInfo"})))
    s.secondary_ids.push_back({str(at(x, {"SecondaryId"})), str(at(x, {"SecondaryIdType"})), str(at(x, {"SecondaryIdDomain"}))});
  s.brief_title = str(at(id, {"BriefTitle"}));
  s.official_title = str(at(id, {"OfficialTitle"}));
  s.acronym = str(at(id, {"Acronym"}));
  s.brief_summary = str(at(ps, {"DescriptionModule", "BriefSummary"}));
  const auto& st = at(ps, {"StatusModule"});
  s.overall_status = str(at(st, {"OverallStatus"}));
  s.last_known_status = str(at(st, {"LastKnownStatus"}));
  s.start_date = str(at(st, {"StartDateStruct", "StartDate"}));
  s.completion_date = str(at(st, {"CompletionDateStruct", "CompletionDate"}));
  s.first_submitted = str(at(st, {"StudyFirstSubmitDate"}));
  s.last_update_submitted = str(at(st, {"LastUpdateSubmitDate"}));
  read_design(ps, s);
  s.conditions = strs(at(ps, {"ConditionsModule", "ConditionList", "Condition"}));
  s.keywords = strs(at(ps, {"ConditionsModule", "KeywordList", "Keyword"}));
  for (const auto& o : items(at(ps, {"OutcomesModule", "PrimaryOutcomeList", "PrimaryOutcome"})))
    s.primary_outcomes.push_back({str(at(o, {"PrimaryOutcomeMeasure"})), str(at(o, {"PrimaryOutcomeTimeFrame"}))});
  for (const auto& o : items(at(ps, {"OutcomesModule", "SecondaryOutcomeList", "SecondaryOutcome"})))
    s.secondary_outcomes.push_back({str(at(o, {"SecondaryOutcomeMeasure"})), str(at(o, {"SecondaryOutcomeTimeFrame"}))});
  read_people_places(ps, s);
  return s;
}

}  // namespace rinsho::linkage
