#pragma once
// A trial record as plain structs. schema/trial.schema.json is the contract; these mirror it field by
// field so that JSON -> Trial -> JSON loses nothing (absent stays absent, [] stays []).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace rinsho::model {

template <class T>
using Opt = std::optional<T>;

struct LocalizedText {
  Opt<std::string> ja;
  Opt<std::string> en;
  // The text in the wanted language, falling back to the other one.
  const std::string& in(std::string_view lang) const;
  bool operator==(const LocalizedText&) const = default;
};

struct SecondaryId {
  std::string registry;
  std::string id;
  bool operator==(const SecondaryId&) const = default;
};

struct Condition {
  LocalizedText name;
  Opt<std::string> icd10;
  bool operator==(const Condition&) const = default;
};

struct Intervention {
  std::string type;
  LocalizedText name;
  Opt<LocalizedText> description;
  Opt<std::string> approval_status;
  bool operator==(const Intervention&) const = default;
};

struct Design {
  Opt<std::string> allocation, masking, control, purpose;
  Opt<std::int64_t> arms;
  bool operator==(const Design&) const = default;
};

struct Dates {
  Opt<std::string> registered, first_enrollment, completion, last_updated;
  bool operator==(const Dates&) const = default;
};

// One structured criterion beside the free text (which stays the authority): what pre-screening
// (core/prescreen) checks a person's answers against, and quotes back to them.
struct EligibilityCriterion {
  std::string kind;               // diagnosis | disease_stage | prior_treatment | biomarker | ...
  std::string type;               // inclusion | exclusion
  Opt<std::string> concept_id;    // "concept" in JSON: a core/text dictionary id
  LocalizedText text;             // the criterion's own words
  Opt<std::vector<std::string>> stages;  // disease_stage: the stages it names
  Opt<std::int64_t> min_ecog, max_ecog;  // performance_status: the ECOG range it names
  bool operator==(const EligibilityCriterion&) const = default;
};

struct Eligibility {
  Opt<double> min_age_years, max_age_years;
  std::string sex;
  Opt<bool> healthy_volunteers;
  Opt<LocalizedText> inclusion, exclusion;
  Opt<std::vector<EligibilityCriterion>> criteria;
  bool operator==(const Eligibility&) const = default;
};

struct Sponsor {
  LocalizedText primary;
  Opt<std::vector<LocalizedText>> secondary, funding;
  bool operator==(const Sponsor&) const = default;
};

struct Contact {
  Opt<LocalizedText> name, organization, department;
  Opt<std::string> email, phone, url;
  bool operator==(const Contact&) const = default;
};

struct Contacts {
  Contact public_contact;  // "public" in JSON
  Opt<Contact> scientific;
  bool operator==(const Contacts&) const = default;
};

struct Site {
  LocalizedText name;
  std::string prefecture;  // JIS X 0401 code "01".."47"
  Opt<LocalizedText> city;
  Opt<double> lat, lon;
  Opt<std::string> status;
  Opt<bool> core_hospital;
  bool operator==(const Site&) const = default;
};

struct DctFlags {
  Opt<bool> remote_visits, home_visits, econsent, direct_to_patient_delivery, wearables;
  bool any() const;
  bool operator==(const DctFlags&) const = default;
};

struct Flags {
  Opt<DctFlags> dct;
  Opt<bool> single_irb, international, fih, pediatric, orphan, drug_loss;
  bool operator==(const Flags&) const = default;
};

struct EthicsReview {
  Opt<LocalizedText> committee;
  Opt<std::string> certification_number, approval_date, status;
  bool operator==(const EthicsReview&) const = default;
};

struct Outcome {
  LocalizedText measure;
  Opt<LocalizedText> time_frame;
  bool operator==(const Outcome&) const = default;
};

struct Outcomes {
  Opt<std::vector<Outcome>> primary, secondary;
  bool operator==(const Outcomes&) const = default;
};

struct Burden {
  Opt<std::int64_t> visits, overnight_stays;
  Opt<bool> placebo_possible;
  Opt<LocalizedText> compensation, cost;
  bool operator==(const Burden&) const = default;
};

// A results posting (the portal's "post results"): only for completed or terminated trials
// (RecordValidator's semantic checks); the summary itself is Trial::results_summary.
struct ResultsPosting {
  std::string url;
  std::string posted;  // YYYY-MM-DD
  bool operator==(const ResultsPosting&) const = default;
};

struct IpdSharing {
  Opt<std::string> plan;
  Opt<LocalizedText> description;
  bool operator==(const IpdSharing&) const = default;
};

// Another registry's registration of the same trial, imported and linked (core/linkage/README.md,
// "One trial, however many registries list it").
struct SourceRef {
  std::string registry, id;
  Opt<std::string> url;
  std::string last_imported;
  bool operator==(const SourceRef&) const = default;
};

// One registration's value of a field on which registrations disagree. The value is kept as the
// JSON it is in the record (a string, a number, a bilingual text, a list), so nothing is lost.
struct SourceValue {
  std::string registry, id;
  nlohmann::json value;
  bool operator==(const SourceValue&) const = default;
};

struct SourceConflict {
  std::string field;  // JSON Pointer
  std::vector<SourceValue> values;
  bool operator==(const SourceConflict&) const = default;
};

struct Trial {
  Opt<std::string> id;
  Opt<std::vector<SecondaryId>> secondary_ids;
  std::string category;
  std::string study_type;
  LocalizedText public_title;
  LocalizedText scientific_title;
  Opt<LocalizedText> plain_summary;
  std::vector<Condition> conditions;
  Opt<std::vector<std::string>> keywords;
  Opt<std::vector<Intervention>> interventions;
  Opt<std::string> modality;
  std::string phase;
  Opt<Design> design;
  std::string recruitment_status;
  Opt<std::int64_t> target_enrollment;
  Opt<Dates> dates;
  Eligibility eligibility;
  Sponsor sponsor;
  Contacts contacts;
  Opt<std::vector<Site>> sites;
  std::vector<std::string> countries;
  Opt<Flags> flags;
  Opt<EthicsReview> ethics_review;
  Opt<Outcomes> outcomes;
  Opt<Burden> burden;
  Opt<IpdSharing> ipd_sharing;
  Opt<LocalizedText> results_summary;
  Opt<ResultsPosting> results;
  Opt<LocalizedText> coi;
  // Kept by imports (bridging): the other registrations and where they disagree.
  Opt<std::vector<SourceRef>> sources;
  Opt<std::vector<SourceConflict>> source_conflicts;
  // Kept by the system, never sent by a registrant.
  Opt<std::int64_t> version;
  Opt<std::string> created_at, updated_at, owner_org;
  bool operator==(const Trial&) const = default;
};

// The fields a registrant must not send; the store fills them in.
inline constexpr const char* kSystemFields[] = {"version", "created_at", "updated_at", "owner_org"};

}  // namespace rinsho::model
