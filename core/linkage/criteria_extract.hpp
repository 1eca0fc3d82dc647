#pragma once
// Structured eligibility read off an imported record's free-text criteria (internal to
// rinsho_linkage), so that the "Could I join?" pre-screen works on imported trials too.
//
// Only what a line says unambiguously becomes a criterion: an ECOG range, a pregnancy or
// breastfeeding exclusion, the disease stages an inclusion line names, and a diagnosis, prior
// treatment or biomarker line that names exactly one dictionary concept. A wrong criterion can turn
// a person away ("unlikely"), a missing one only leaves "maybe", so everything unclear is left out.
// Each criterion quotes its line as written; the free text stays the authority.
#include <vector>

#include "model/trial.hpp"

namespace rinsho::linkage {

// At most this many criteria come from one record (the schema allows 60; a questionnaire longer
// than this is no help on a phone).
inline constexpr std::size_t kMaxExtractedCriteria = 12;

// Criteria from e.inclusion and e.exclusion (both languages). Empty when nothing is clear.
std::vector<model::EligibilityCriterion> extract_criteria(const model::Eligibility& e);

// Fills e.criteria from the free text unless the record already has structured criteria.
void fill_structured_criteria(model::Eligibility& e);

}  // namespace rinsho::linkage
