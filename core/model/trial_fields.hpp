#pragma once
// The one list of JSON names per struct. Reading and writing both walk these lists, so a field
// added to a struct and listed here is round-tripped with no other change.
#include "model/trial.hpp"

namespace rinsho::model {

template <class S, class V> void visit_fields(S& s, V&& v) requires std::same_as<std::remove_const_t<S>, LocalizedText> {
  v("ja", s.ja); v("en", s.en);
}
template <class S, class V> void visit_fields(S& s, V&& v) requires std::same_as<std::remove_const_t<S>, SecondaryId> {
  v("registry", s.registry); v("id", s.id);
}
template <class S, class V> void visit_fields(S& s, V&& v) requires std::same_as<std::remove_const_t<S>, Condition> {
  v("name", s.name); v("icd10", s.icd10);
}
template <class S, class V> void visit_fields(S& s, V&& v) requires std::same_as<std::remove_const_t<S>, Intervention> {
  v("type", s.type); v("name", s.name); v("description", s.description); v("approval_status", s.approval_status);
}
template <class S, class V> void visit_fields(S& s, V&& v) requires std::same_as<std::remove_const_t<S>, Design> {
  v("allocation", s.allocation); v("masking", s.masking); v("control", s.control); v("arms", s.arms);
  v("purpose", s.purpose);
}
template <class S, class V> void visit_fields(S& s, V&& v) requires std::same_as<std::remove_const_t<S>, Dates> {
  v("registered", s.registered); v("first_enrollment", s.first_enrollment); v("completion", s.completion);
  v("last_updated", s.last_updated);
}
template <class S, class V> void visit_fields(S& s, V&& v) requires std::same_as<std::remove_const_t<S>, Eligibility> {
  v("min_age_years", s.min_age_years); v("max_age_years", s.max_age_years); v("sex", s.sex);
  v("healthy_volunteers", s.healthy_volunteers); v("inclusion", s.inclusion); v("exclusion", s.exclusion);
  v("criteria", s.criteria);
}
template <class S, class V> void visit_fields(S& s, V&& v) requires std::same_as<std::remove_const_t<S>, EligibilityCriterion> {
  v("kind", s.kind); v("type", s.type); v("concept", s.concept_id); v("text", s.text); v("stages", s.stages);
  v("min_ecog", s.min_ecog); v("max_ecog", s.max_ecog);
}
template <class S, class V> void visit_fields(S& s, V&& v) requires std::same_as<std::remove_const_t<S>, Sponsor> {
  v("primary", s.primary); v("secondary", s.secondary); v("funding", s.funding);
}
template <class S, class V> void visit_fields(S& s, V&& v) requires std::same_as<std::remove_const_t<S>, Contact> {
  v("name", s.name); v("organization", s.organization); v("department", s.department); v("email", s.email);
  v("phone", s.phone); v("url", s.url);
}
template <class S, class V> void visit_fields(S& s, V&& v) requires std::same_as<std::remove_const_t<S>, Contacts> {
  v("public", s.public_contact); v("scientific", s.scientific);
}
template <class S, class V> void visit_fields(S& s, V&& v) requires std::same_as<std::remove_const_t<S>, Site> {
  v("name", s.name); v("prefecture", s.prefecture); v("city", s.city); v("lat", s.lat); v("lon", s.lon);
  v("status", s.status); v("core_hospital", s.core_hospital);
}
template <class S, class V> void visit_fields(S& s, V&& v) requires std::same_as<std::remove_const_t<S>, DctFlags> {
  v("remote_visits", s.remote_visits); v("home_visits", s.home_visits); v("econsent", s.econsent);
  v("direct_to_patient_delivery", s.direct_to_patient_delivery); v("wearables", s.wearables);
}
template <class S, class V> void visit_fields(S& s, V&& v) requires std::same_as<std::remove_const_t<S>, Flags> {
  v("dct", s.dct); v("single_irb", s.single_irb); v("international", s.international); v("fih", s.fih);
  v("pediatric", s.pediatric); v("orphan", s.orphan); v("drug_loss", s.drug_loss);
}
template <class S, class V> void visit_fields(S& s, V&& v) requires std::same_as<std::remove_const_t<S>, EthicsReview> {
  v("committee", s.committee); v("certification_number", s.certification_number);
  v("approval_date", s.approval_date); v("status", s.status);
}
template <class S, class V> void visit_fields(S& s, V&& v) requires std::same_as<std::remove_const_t<S>, Outcome> {
  v("measure", s.measure); v("time_frame", s.time_frame);
}
template <class S, class V> void visit_fields(S& s, V&& v) requires std::same_as<std::remove_const_t<S>, Outcomes> {
  v("primary", s.primary); v("secondary", s.secondary);
}
template <class S, class V> void visit_fields(S& s, V&& v) requires std::same_as<std::remove_const_t<S>, Burden> {
  v("visits", s.visits); v("overnight_stays", s.overnight_stays); v("placebo_possible", s.placebo_possible);
  v("compensation", s.compensation); v("cost", s.cost);
}
template <class S, class V> void visit_fields(S& s, V&& v) requires std::same_as<std::remove_const_t<S>, IpdSharing> {
  v("plan", s.plan); v("description", s.description);
}
template <class S, class V> void visit_fields(S& s, V&& v) requires std::same_as<std::remove_const_t<S>, ResultsPosting> {
  v("url", s.url); v("posted", s.posted);
}
template <class S, class V> void visit_fields(S& s, V&& v) requires std::same_as<std::remove_const_t<S>, SourceRef> {
  v("registry", s.registry); v("id", s.id); v("url", s.url); v("last_imported", s.last_imported);
}
template <class S, class V> void visit_fields(S& s, V&& v) requires std::same_as<std::remove_const_t<S>, SourceValue> {
  v("registry", s.registry); v("id", s.id); v("value", s.value);
}
template <class S, class V> void visit_fields(S& s, V&& v) requires std::same_as<std::remove_const_t<S>, SourceConflict> {
  v("field", s.field); v("values", s.values);
}
template <class S, class V> void visit_fields(S& s, V&& v) requires std::same_as<std::remove_const_t<S>, Trial> {
  v("id", s.id); v("secondary_ids", s.secondary_ids); v("category", s.category); v("study_type", s.study_type);
  v("public_title", s.public_title); v("scientific_title", s.scientific_title); v("plain_summary", s.plain_summary);
  v("conditions", s.conditions); v("keywords", s.keywords); v("interventions", s.interventions);
  v("modality", s.modality); v("phase", s.phase); v("design", s.design);
  v("recruitment_status", s.recruitment_status); v("target_enrollment", s.target_enrollment); v("dates", s.dates);
  v("eligibility", s.eligibility); v("sponsor", s.sponsor); v("contacts", s.contacts); v("sites", s.sites);
  v("countries", s.countries); v("flags", s.flags); v("ethics_review", s.ethics_review); v("outcomes", s.outcomes);
  v("burden", s.burden); v("ipd_sharing", s.ipd_sharing); v("results_summary", s.results_summary);
  v("results", s.results); v("coi", s.coi);
  v("sources", s.sources); v("source_conflicts", s.source_conflicts);
  v("version", s.version); v("created_at", s.created_at); v("updated_at", s.updated_at); v("owner_org", s.owner_org);
}

}  // namespace rinsho::model
