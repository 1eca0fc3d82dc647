// Organisations and their API tokens. Tokens are 256 random bits shown once; the database keeps
// only their SHA-256, so a copy of the file does not hand out working credentials. A lookup by
// hash needs no constant-time comparison: the secret never meets a comparison, only its hash does.
#include "store/clock.hpp"
#include "store/secrets.hpp"
#include "store/store_impl.hpp"

namespace rinsho::store {
namespace {

using detail::Stmt;

constexpr std::string_view kTokenScheme = "rin_";
constexpr std::size_t kTokenLength = 4 + 64;  // "rin_" + 32 bytes in hex
constexpr std::size_t kPrefixLength = 8;

// Columns: id, org_id, label, prefix, created_at, revoked_at.
TokenInfo token_from_row(const Stmt& s) {
  TokenInfo t{s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), std::nullopt};
  if (!s.is_null(5)) t.revoked_at = s.text(5);
  return t;
}

}  // namespace

Result<Organization> Store::create_org(std::string_view name) {
  return detail::guarded("create an organisation", [&]() -> Result<Organization> {
    if (name.empty()) return fail(ErrorCode::invalid_argument, "an organisation needs a name");
    auto random = detail::random_hex(8);
    RINSHO_TRY(random);
    Organization org{"org_" + *random, std::string(name), detail::now_rfc3339()};
    auto lease = impl_->pool.writer();
    // ON CONFLICT DO NOTHING turns a duplicate name into "no row changed" instead of an error code
    // we would have to tell apart from real failures.
    auto stmt = lease.conn().prepare(
        "INSERT INTO organizations(id, name, created_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
        "create an organisation");
    RINSHO_TRY(stmt);
    stmt->bind(1, org.id).bind(2, org.name).bind(3, org.created_at);
    RINSHO_TRY(stmt->run());
    if (lease.conn().changes() == 0)
      return fail(ErrorCode::conflict, "an organisation named \"" + org.name + "\" already exists");
    return org;
  });
}

Result<std::optional<Organization>> Store::find_org(std::string_view id) const {
  using Out = std::optional<Organization>;
  return detail::guarded("read an organisation", [&]() -> Result<Out> {
    auto lease = impl_->pool.reader();
    RINSHO_TRY(lease);
    auto stmt = lease->conn().prepare("SELECT id, name, created_at FROM organizations WHERE id = ?1",
                                      "read an organisation");
    RINSHO_TRY(stmt);
    stmt->bind(1, id);
    auto row = stmt->step();
    RINSHO_TRY(row);
    if (!*row) return Out();
    return Out(Organization{stmt->text(0), stmt->text(1), stmt->text(2)});
  });
}

Result<IssuedToken> Store::issue_token(std::string_view org_id, std::string_view label) {
  return detail::guarded("issue an API token", [&]() -> Result<IssuedToken> {
    auto secret = detail::random_hex(32);
    RINSHO_TRY(secret);
    auto token_id = detail::random_hex(8);
    RINSHO_TRY(token_id);
    IssuedToken issued{"tok_" + *token_id, std::string(kTokenScheme) + *secret, ""};
    issued.prefix = issued.token.substr(0, kPrefixLength);
    auto hash = detail::sha256_hex(issued.token);
    RINSHO_TRY(hash);

    auto lease = impl_->pool.writer();
    // INSERT ... SELECT writes nothing for an unknown organisation, so no separate existence check.
    auto stmt = lease.conn().prepare(
        "INSERT INTO api_tokens(id, org_id, label, token_hash, prefix, created_at) "
        "SELECT ?1, id, ?3, ?4, ?5, ?6 FROM organizations WHERE id = ?2",
        "issue an API token");
    RINSHO_TRY(stmt);
    stmt->bind(1, issued.token_id).bind(2, org_id).bind(3, label).bind(4, *hash).bind(5, issued.prefix);
    stmt->bind(6, detail::now_rfc3339());
    RINSHO_TRY(stmt->run());
    if (lease.conn().changes() == 0) return fail(ErrorCode::not_found, "no organisation " + std::string(org_id));
    return issued;
  });
}

Result<std::optional<TokenInfo>> Store::verify_token(std::string_view plaintext) const {
  using Out = std::optional<TokenInfo>;
  return detail::guarded("verify an API token", [&]() -> Result<Out> {
    if (plaintext.size() != kTokenLength || plaintext.substr(0, kTokenScheme.size()) != kTokenScheme) return Out();
    auto hash = detail::sha256_hex(plaintext);
    RINSHO_TRY(hash);
    auto lease = impl_->pool.reader();
    RINSHO_TRY(lease);
    auto stmt = lease->conn().prepare(
        "SELECT id, org_id, label, prefix, created_at, revoked_at FROM api_tokens "
        "WHERE token_hash = ?1 AND revoked_at IS NULL",
        "verify an API token");
    RINSHO_TRY(stmt);
    stmt->bind(1, *hash);
    auto row = stmt->step();
    RINSHO_TRY(row);
    if (!*row) return Out();
    return Out(token_from_row(*stmt));
  });
}

Result<std::vector<TokenInfo>> Store::list_tokens(std::string_view org_id) const {
  return detail::guarded("list API tokens", [&]() -> Result<std::vector<TokenInfo>> {
    auto lease = impl_->pool.reader();
    RINSHO_TRY(lease);
    // Issue order, even within one millisecond: SQLite's rowid, PostgreSQL's identity column.
    auto stmt = lease->conn().prepare(
        lease->conn().dialect() == detail::Dialect::postgres
            ? "SELECT id, org_id, label, prefix, created_at, revoked_at FROM api_tokens WHERE org_id = ?1 ORDER BY issued"
            : "SELECT id, org_id, label, prefix, created_at, revoked_at FROM api_tokens WHERE org_id = ?1 ORDER BY rowid",
        "list API tokens");
    RINSHO_TRY(stmt);
    stmt->bind(1, org_id);
    std::vector<TokenInfo> out;
    for (;;) {
      auto row = stmt->step();
      RINSHO_TRY(row);
      if (!*row) return out;
      out.push_back(token_from_row(*stmt));
    }
  });
}

Result<void> Store::revoke_token(std::string_view token_id) {
  return detail::guarded("revoke an API token", [&]() -> Result<void> {
    auto lease = impl_->pool.writer();
    // COALESCE keeps the first revocation time when a token is revoked twice.
    auto stmt = lease.conn().prepare("UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?2) WHERE id = ?1",
                                     "revoke an API token");
    RINSHO_TRY(stmt);
    stmt->bind(1, token_id).bind(2, detail::now_rfc3339());
    RINSHO_TRY(stmt->run());
    if (lease.conn().changes() == 0) return fail(ErrorCode::not_found, "no API token " + std::string(token_id));
    return {};
  });
}

Result<bool> Store::revoke_org_token(std::string_view org_id, std::string_view token_id) {
  return detail::guarded("revoke an API token", [&]() -> Result<bool> {
    auto lease = impl_->pool.writer();
    auto stmt = lease.conn().prepare(
        "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?3) WHERE id = ?1 AND org_id = ?2",
        "revoke an API token");
    RINSHO_TRY(stmt);
    stmt->bind(1, token_id).bind(2, org_id).bind(3, detail::now_rfc3339());
    RINSHO_TRY(stmt->run());
    return lease.conn().changes() > 0;
  });
}

}  // namespace rinsho::store
