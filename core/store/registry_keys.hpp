#pragma once
// Internal: the trial_registry_ids table, which maps every id a trial carries (its own id and each
// secondary id) to the trial, by text::registry_id_key. Imports use it to find the trial another
// registry's record belongs to with an index probe, whatever width, case or hyphenation either
// side wrote the id in.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/db_connection.hpp"

namespace rinsho::store::detail {

// The keys of a record's id and secondary ids, de-duplicated, in record order.
std::vector<std::string> registry_keys(const nlohmann::json& record);

// Inside a write transaction: replaces the trial's keys with those of `record`.
Result<void> replace_registry_keys(Connection& conn, const std::string& trial_id, const nlohmann::json& record);

// Inside the migration's transaction: fills the table for every stored trial.
Result<void> fill_registry_keys(Connection& conn);

}  // namespace rinsho::store::detail
