#pragma once
// Turns valijson's English descriptions into our ja/en messages at a JSON Pointer.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/error.hpp"

namespace rinsho::model {

// `path` is valijson's context ("<root>", "[eligibility]", "[0]", ...); `record` the instance and
// `schema` the root schema, used to name the expected type or the allowed values.
// nullopt for summary errors that only repeat a child's error.
std::optional<FieldError> translate_validation_error(const std::vector<std::string>& path,
                                                     const std::string& description,
                                                     const nlohmann::json& record,
                                                     const nlohmann::json& schema);

// The sub-schema that governs the value at `pointer`, following properties, items and $ref.
const nlohmann::json* schema_at(const nlohmann::json& root, const std::string& pointer);

}  // namespace rinsho::model
