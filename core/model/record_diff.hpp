#pragma once
// Field-level differences between two versions of a trial record, for version history and for
// deciding whether a re-import changed anything at all.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace rinsho::model {

struct FieldChange {
  std::string pointer;    // RFC 6901 JSON Pointer into the record, e.g. "/eligibility/min_age_years"
  nlohmann::json before;  // null when the field was absent (the schema allows no nulls)
  nlohmann::json after;   // null when the field was removed
  bool operator==(const FieldChange&) const = default;
};

// Changes from `before` to `after`, keys in sorted order and array elements by index. Objects are recursed to their leaves; arrays
// are compared element by element when their lengths match and reported whole otherwise, because
// an insertion would otherwise show as a change to every later element. A field that appears or
// disappears is reported once at its own pointer, not per leaf. Numbers compare by value (20 == 20.0).
// The system fields (version, created_at, updated_at, owner_org) are ignored at the top level.
std::vector<FieldChange> diff_records(const nlohmann::json& before, const nlohmann::json& after);

}  // namespace rinsho::model
