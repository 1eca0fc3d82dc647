// The audit log and idempotency keys.
#include <algorithm>
#include <cstdint>

#include "store/audit_log.hpp"
#include "store/clock.hpp"
#include "store/store_impl.hpp"

namespace rinsho::store {

Result<void> detail::insert_audit(Connection& conn, const AuditEntry& e) {
  auto stmt = conn.prepare(
      "INSERT INTO audit_log(at, org_id, actor, action, target, outcome, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
      "write an audit entry");
  RINSHO_TRY(stmt);
  stmt->bind(1, e.at.empty() ? now_rfc3339() : e.at).bind_or_null(2, e.org_id).bind(3, e.actor);
  stmt->bind(4, e.action).bind(5, e.target).bind(6, e.outcome).bind(7, e.detail);
  return stmt->run();
}

Result<void> Store::audit(const AuditEntry& entry) {
  return detail::guarded("write an audit entry", [&]() -> Result<void> {
    auto lease = impl_->pool.writer();
    return detail::insert_audit(lease.conn(), entry);
  });
}

Result<std::vector<AuditEntry>> Store::recent_audit(std::size_t limit) const {
  return detail::guarded("read the audit log", [&]() -> Result<std::vector<AuditEntry>> {
    auto lease = impl_->pool.reader();
    RINSHO_TRY(lease);
    auto stmt = lease->conn().prepare(
        "SELECT id, at, org_id, actor, action, target, outcome, detail FROM audit_log ORDER BY id DESC LIMIT ?1",
        "read the audit log");
    RINSHO_TRY(stmt);
    stmt->bind(1, static_cast<std::int64_t>(std::min<std::size_t>(limit, INT64_MAX)));
    std::vector<AuditEntry> out;
    for (;;) {
      auto row = stmt->step();
      RINSHO_TRY(row);
      if (!*row) return out;
      out.push_back(AuditEntry{stmt->int64(0), stmt->text(1), stmt->text(2), stmt->text(3), stmt->text(4),
                               stmt->text(5), stmt->text(6), stmt->text(7)});
    }
  });
}

Result<std::optional<IdempotentResponse>> detail::find_idempotent(Connection& conn, std::string_view org_id,
                                                                  std::string_view key) {
  using Out = std::optional<IdempotentResponse>;
  auto stmt = conn.prepare(
      "SELECT request_hash, response_status, response_body, created_at FROM idempotency_keys "
      "WHERE org_id = ?1 AND key = ?2",
      "read an idempotency key");
  RINSHO_TRY(stmt);
  stmt->bind(1, org_id).bind(2, key);
  auto row = stmt->step();
  RINSHO_TRY(row);
  if (!*row) return Out();
  return Out(IdempotentResponse{stmt->text(0), static_cast<int>(stmt->int64(1)), stmt->text(2), stmt->text(3)});
}

Result<void> detail::insert_idempotent(Connection& conn, std::string_view org_id, const IdempotencyClaim& claim,
                                       const WriteResult& written) {
  auto stmt = conn.prepare(
      "INSERT INTO idempotency_keys(org_id, key, request_hash, response_status, response_body, created_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
      "save an idempotency key");
  RINSHO_TRY(stmt);
  const std::string body = claim.response_body ? claim.response_body(written) : std::string();
  stmt->bind(1, org_id).bind(2, claim.key).bind(3, claim.request_hash).bind(4, std::int64_t{claim.status});
  stmt->bind(5, body).bind(6, now_rfc3339());
  RINSHO_TRY(stmt->run());
  if (conn.changes() == 0)
    return fail(ErrorCode::conflict, "idempotency key " + claim.key + " was already used");
  return {};
}

Result<std::optional<IdempotentResponse>> Store::find_idempotent(std::string_view org_id, std::string_view key) const {
  using Out = std::optional<IdempotentResponse>;
  return detail::guarded("read an idempotency key", [&]() -> Result<Out> {
    auto lease = impl_->pool.reader();
    RINSHO_TRY(lease);
    return detail::find_idempotent(lease->conn(), org_id, key);
  });
}

}  // namespace rinsho::store
