#pragma once
// A criterion's "concept" must be an id the dictionary knows: the questionnaire matches a person's
// words to dictionary concepts, so an unknown id could never be met. The schema checks only its
// shape; this check needs the dictionary, which core/model does not see.
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/error.hpp"

namespace rinsho::text {
class Dictionary;
}

namespace rinsho::prescreen {

// One error per unknown id, at /eligibility/criteria/<i>/concept. Anything not shaped like a record
// with criteria is left to the schema.
std::vector<FieldError> unknown_concept_errors(const nlohmann::json& record, const text::Dictionary& dictionary);

}  // namespace rinsho::prescreen
