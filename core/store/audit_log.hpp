#pragma once
// Internal: writing audit rows on a connection the caller already holds, so a write and its audit
// row commit (or vanish) together.
#include "store/sqlite_connection.hpp"
#include "store/store.hpp"

namespace rinsho::store::detail {

Result<void> insert_audit(Connection& conn, const AuditEntry& entry);

}  // namespace rinsho::store::detail
