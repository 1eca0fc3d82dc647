#pragma once
// Internal: audit rows and idempotency keys on a connection the caller already holds, so a write,
// its audit row and its key commit (or vanish) together.
#include <optional>
#include <string_view>

#include "store/db_connection.hpp"
#include "store/store.hpp"

namespace rinsho::store::detail {

Result<void> insert_audit(Connection& conn, const AuditEntry& entry);

Result<std::optional<IdempotentResponse>> find_idempotent(Connection& conn, std::string_view org_id,
                                                          std::string_view key);
// Saves the answer to a registration made with an Idempotency-Key; a key used before -> conflict.
Result<void> insert_idempotent(Connection& conn, std::string_view org_id, const IdempotencyClaim& claim,
                               const WriteResult& written);

}  // namespace rinsho::store::detail
