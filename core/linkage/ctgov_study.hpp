#pragma once
// One ClinicalTrials.gov study as the three shapes rinsho reads carry it (internal): API v2 JSON,
// the retired classic API's JSON and the legacy XML each fill this, and one mapper turns it into a
// rinsho record. Values stay as the source spells them; the mapper normalises.
#include <optional>
#include <string>
#include <vector>

#include "linkage/record_sink.hpp"

namespace rinsho::linkage {

struct CtgovStudy {
  struct SecondaryId { std::string id, type, domain; };
  struct Intervention { std::string type, name, description; };
  struct Outcome { std::string measure, time_frame; };
  struct Person { std::string name, affiliation, phone, email; };
  struct Location {
    std::string facility, city, state, zip, country, status;
    std::optional<double> lat, lon;
  };

  std::string nct_id, org_study_id, organization;
  std::vector<SecondaryId> secondary_ids;
  std::string brief_title, official_title, acronym, brief_summary;
  std::string overall_status, last_known_status;
  std::string start_date, completion_date, first_submitted, last_update_submitted;
  std::string study_type;
  std::vector<std::string> phases;
  std::string allocation, intervention_model, masking, primary_purpose;
  std::vector<std::string> arm_group_types;
  std::string number_of_arms, enrollment;
  std::vector<std::string> conditions, keywords;
  std::vector<Intervention> interventions;
  std::vector<Outcome> primary_outcomes, secondary_outcomes;
  std::string criteria, sex, minimum_age, maximum_age;
  std::optional<bool> healthy_volunteers;
  std::string lead_sponsor;
  std::vector<std::string> collaborators;
  std::vector<Person> central_contacts, officials;
  std::vector<Location> locations;
  std::vector<std::string> location_countries;  // legacy XML lists countries apart from sites
  std::string ipd_sharing, ipd_description;
};

// Maps one study and hands the outcome to `sink`. `damaged` lists source values that cannot be
// trusted (not UTF-8, over 1 MiB); a Japan-linked study with any fails with them as reasons.
void map_ctgov_study(const CtgovStudy& study, RecordSink& sink, std::vector<std::string> damaged = {});

}  // namespace rinsho::linkage
