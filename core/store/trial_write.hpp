#pragma once
// Internal: the steps of put_trial. Validation runs before the write lock is taken; everything that
// reads the current version and writes the next one runs inside the write transaction.
#include <string>

#include <nlohmann/json.hpp>

#include "model/validator.hpp"
#include "store/db_connection.hpp"
#include "store/store.hpp"

namespace rinsho::store::detail {

// The record's id when it has a usable one, for audit rows of records that never got further.
std::string record_target(const nlohmann::json& record);

// Drops the system fields (the store sets them) and validates the rest against the schema.
Result<nlohmann::json> prepare_record(nlohmann::json record, const model::RecordValidator& validator);

// Inside an open write transaction: applies one prepared record under a savepoint and writes its
// audit row. The outer Result fails only when the database does (the caller abandons the
// transaction); the inner one is this record's outcome, already rolled back if it is an error.
Result<Result<WriteResult>> write_one(Connection& conn, Result<nlohmann::json> prepared, const std::string& target,
                                      const WriteContext& ctx);

std::string make_etag(const std::string& id, std::int64_t version);

}  // namespace rinsho::store::detail
