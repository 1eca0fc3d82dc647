#pragma once
// Shared by the exporters (internal).
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "model/trial.hpp"

namespace rinsho::linkage {

// The typed record; throws std::invalid_argument for a record trial_from_json cannot read.
model::Trial trial_for_export(const nlohmann::json& record);

// "20 Years", "6 Months", "2 Weeks", "3 Days": the unit ClinicalTrials.gov would use.
std::string age_text(double years);
// "2024-04-12" -> "12/04/2024" (ICTRP), "20240412" (ICTRP's Date_registration3), "12 April 2024".
std::string day_first(std::string_view iso);
std::string compact_date(std::string_view iso);
std::string long_date(std::string_view iso);

// The English text, or the Japanese one when there is no English (exports for English readers).
const std::string& english(const model::LocalizedText& t);

// Serialisers behind export_trial and the writers (one .cpp each).
nlohmann::ordered_json fhir_research_study(const model::Trial& t);  // ordered: resourceType first
nlohmann::ordered_json fhir_narrative(const model::Trial& t);       // the ResearchStudy's text
nlohmann::ordered_json ctgov_v2_study(const model::Trial& t);
std::string trds_trial_xml(const model::Trial& t);      // one <Trial> element, indented one level
std::string csv_header_line();
std::string csv_row_line(const model::Trial& t);

}  // namespace rinsho::linkage
