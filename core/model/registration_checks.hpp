#pragma once
// Advice for registrants beyond validity, the way ClinicalTrials.gov's PRS separates errors from
// advisories, and how complete a record is against the 24 WHO TRDS items.
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/error.hpp"

namespace rinsho::model {

// Warnings never block a registration. `today` is YYYY-MM-DD.
std::vector<FieldError> registration_warnings(const nlohmann::json& record, const std::string& today);

struct TrdsItem {
  int number;             // 1..24 as the WHO numbers them
  std::string name;       // English name in the WHO list
  std::string pointer;    // where the record keeps it
  bool present = false;
};

struct TrdsCompleteness {
  int present = 0;  // of 24
  std::vector<TrdsItem> items;
};

TrdsCompleteness trds_completeness(const nlohmann::json& record);

}  // namespace rinsho::model
