#pragma once
#include <nlohmann/json_fwd.hpp>

#include "common/error.hpp"
#include "model/trial.hpp"

namespace rinsho::model {

// Expects a record that already passed validation; a shape it cannot read is an Error, never a throw.
Result<Trial> trial_from_json(const nlohmann::json& j);
nlohmann::json trial_to_json(const Trial& trial);

}  // namespace rinsho::model
