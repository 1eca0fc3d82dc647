// People of an organisation who use the researcher portal, the one-time links with which they set
// a password, and their sign-in sessions. Link and session secrets are 256 random bits kept only
// as SHA-256 (a copy of the database signs no one in); a lookup by hash needs no constant-time
// comparison, since the secret itself never meets a comparison. Password hashes are made and
// checked outside the store (core/accounts): the store only keeps the Argon2id string.
#include <algorithm>
#include <cctype>

#include "store/clock.hpp"
#include "store/secrets.hpp"
#include "store/store_impl.hpp"

namespace rinsho::store {
namespace {

using detail::Stmt;

constexpr std::string_view kLinkScheme = "pwl_";
constexpr std::string_view kSessionScheme = "ses_";
constexpr std::size_t kSecretLength = 4 + 64;
// A session is marked used at most this often: a write per page view would make reading the
// portal as costly as editing it.
constexpr std::chrono::seconds kTouchEvery{60};

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

bool plausible_email(std::string_view e) {
  const auto at = e.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= e.size() || e.size() > 254) return false;
  if (e.find('@', at + 1) != std::string_view::npos) return false;
  return std::none_of(e.begin(), e.end(), [](unsigned char c) { return c <= 0x20 || c == 0x7f; });
}

bool well_formed(std::string_view secret, std::string_view scheme) {
  return secret.size() == kSecretLength && secret.substr(0, scheme.size()) == scheme;
}

constexpr const char* kPersonColumns =
    "SELECT id, org_id, email, role, created_at, password_hash FROM people";

// The person of an unexpired link (?1 the link's hash, ?2 now), columns as kPersonColumns.
constexpr const char* kLinkPerson =
    "SELECT p.id, p.org_id, p.email, p.role, p.created_at, p.password_hash FROM password_links l "
    "JOIN people p ON p.id = l.person_id WHERE l.token_hash = ?1 AND l.expires_at > ?2";

// Columns as kPersonColumns.
Credentials credentials_from_row(const Stmt& s) {
  Credentials c{Person{s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), !s.is_null(5)}, ""};
  if (!s.is_null(5)) c.password_hash = s.text(5);
  return c;
}

}  // namespace

Result<Person> Store::create_person(std::string_view org_id, std::string_view email, std::string_view role) {
  return detail::guarded("create a person", [&]() -> Result<Person> {
    if (role != "editor" && role != "admin")
      return fail(ErrorCode::invalid_argument, "role must be editor or admin", {{"role", "editor または admin を指定してください", "must be editor or admin"}});
    if (!plausible_email(email))
      return fail(ErrorCode::invalid_argument, "not an email address: " + std::string(email),
                  {{"email", "メールアドレスの形式ではありません", "is not an email address"}});
    auto random = detail::random_hex(8);
    RINSHO_TRY(random);
    Person p{"usr_" + *random, std::string(org_id), lower_ascii(email), std::string(role), detail::now_rfc3339(), false};
    auto lease = impl_->pool.writer();
    auto org = lease.conn().prepare("SELECT 1 FROM organizations WHERE id = ?1", "create a person");
    RINSHO_TRY(org);
    org->bind(1, org_id);
    auto found = org->step();
    RINSHO_TRY(found);
    if (!*found) return fail(ErrorCode::not_found, "no organisation " + std::string(org_id));
    while (*found) {
      found = org->step();
      RINSHO_TRY(found);
    }
    auto stmt = lease.conn().prepare(
        "INSERT INTO people(id, org_id, email, role, created_at) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
        "create a person");
    RINSHO_TRY(stmt);
    stmt->bind(1, p.id).bind(2, p.org_id).bind(3, p.email).bind(4, p.role).bind(5, p.created_at);
    RINSHO_TRY(stmt->run());
    if (lease.conn().changes() == 0) return fail(ErrorCode::conflict, "a person with that email already exists");
    return p;
  });
}

Result<std::optional<Credentials>> Store::find_credentials(std::string_view email) const {
  using Out = std::optional<Credentials>;
  return detail::guarded("read a person", [&]() -> Result<Out> {
    auto lease = impl_->pool.reader();
    RINSHO_TRY(lease);
    static const std::string sql = std::string(kPersonColumns) + " WHERE email = ?1";
    auto stmt = lease->conn().prepare(sql.c_str(), "read a person");
    RINSHO_TRY(stmt);
    stmt->bind(1, lower_ascii(email));
    auto row = stmt->step();
    RINSHO_TRY(row);
    if (!*row) return Out();
    return Out(credentials_from_row(*stmt));
  });
}

Result<std::optional<Person>> Store::find_person_by_email(std::string_view email) const {
  auto found = find_credentials(email);
  RINSHO_TRY(found);
  if (!*found) return std::optional<Person>();
  return std::optional<Person>((*found)->person);
}

Result<std::vector<Person>> Store::list_people(std::string_view org_id) const {
  return detail::guarded("list people", [&]() -> Result<std::vector<Person>> {
    auto lease = impl_->pool.reader();
    RINSHO_TRY(lease);
    static const std::string sql = std::string(kPersonColumns) + " WHERE org_id = ?1 ORDER BY email";
    auto stmt = lease->conn().prepare(sql.c_str(), "list people");
    RINSHO_TRY(stmt);
    stmt->bind(1, org_id);
    std::vector<Person> out;
    for (;;) {
      auto row = stmt->step();
      RINSHO_TRY(row);
      if (!*row) return out;
      out.push_back(credentials_from_row(*stmt).person);
    }
  });
}

Result<std::string> Store::issue_password_link(std::string_view person_id, std::chrono::seconds valid_for) {
  return detail::guarded("issue a password link", [&]() -> Result<std::string> {
    auto random = detail::random_hex(32);
    RINSHO_TRY(random);
    const std::string secret = std::string(kLinkScheme) + *random;
    auto hash = detail::sha256_hex(secret);
    RINSHO_TRY(hash);
    auto lease = impl_->pool.writer();
    auto txn = detail::Transaction::begin_immediate(lease.conn());
    RINSHO_TRY(txn);
    auto drop = lease.conn().prepare("DELETE FROM password_links WHERE person_id = ?1", "issue a password link");
    RINSHO_TRY(drop);
    drop->bind(1, person_id);
    RINSHO_TRY(drop->run());
    auto stmt = lease.conn().prepare(
        "INSERT INTO password_links(token_hash, person_id, created_at, expires_at) "
        "SELECT ?1, id, ?3, ?4 FROM people WHERE id = ?2",
        "issue a password link");
    RINSHO_TRY(stmt);
    stmt->bind(1, *hash).bind(2, person_id).bind(3, detail::now_rfc3339()).bind(4, detail::rfc3339_from_now(valid_for));
    RINSHO_TRY(stmt->run());
    if (lease.conn().changes() == 0) return fail(ErrorCode::not_found, "no person " + std::string(person_id));
    RINSHO_TRY(txn->commit());
    return secret;
  });
}

Result<std::optional<Person>> Store::peek_password_link(std::string_view secret) const {
  using Out = std::optional<Person>;
  return detail::guarded("read a password link", [&]() -> Result<Out> {
    if (!well_formed(secret, kLinkScheme)) return Out();
    auto hash = detail::sha256_hex(secret);
    RINSHO_TRY(hash);
    auto lease = impl_->pool.reader();
    RINSHO_TRY(lease);
    auto stmt = lease->conn().prepare(
        kLinkPerson,
        "read a password link");
    RINSHO_TRY(stmt);
    stmt->bind(1, *hash).bind(2, detail::now_rfc3339());
    auto row = stmt->step();
    RINSHO_TRY(row);
    if (!*row) return Out();
    return Out(credentials_from_row(*stmt).person);
  });
}

Result<std::optional<Person>> Store::use_password_link(std::string_view secret, std::string_view password_hash) {
  using Out = std::optional<Person>;
  return detail::guarded("set a password", [&]() -> Result<Out> {
    if (!well_formed(secret, kLinkScheme)) return Out();
    auto hash = detail::sha256_hex(secret);
    RINSHO_TRY(hash);
    auto lease = impl_->pool.writer();
    auto txn = detail::Transaction::begin_immediate(lease.conn());
    RINSHO_TRY(txn);
    auto find = lease.conn().prepare(
        kLinkPerson,
        "set a password");
    RINSHO_TRY(find);
    find->bind(1, *hash).bind(2, detail::now_rfc3339());
    auto row = find->step();
    RINSHO_TRY(row);
    if (!*row) return Out();
    Person person = credentials_from_row(*find).person;
    while (*row) {
      row = find->step();
      RINSHO_TRY(row);
    }
    auto set = lease.conn().prepare("UPDATE people SET password_hash = ?2 WHERE id = ?1", "set a password");
    RINSHO_TRY(set);
    set->bind(1, person.id).bind(2, password_hash);
    RINSHO_TRY(set->run());
    for (const char* sql : {"DELETE FROM password_links WHERE person_id = ?1",
                            "DELETE FROM portal_sessions WHERE person_id = ?1"}) {
      auto stmt = lease.conn().prepare(sql, "set a password");
      RINSHO_TRY(stmt);
      stmt->bind(1, person.id);
      RINSHO_TRY(stmt->run());
    }
    person.has_password = true;
    RINSHO_TRY(txn->commit());
    return Out(std::move(person));
  });
}

Result<PortalSession> Store::start_session(std::string_view person_id) {
  return detail::guarded("start a session", [&]() -> Result<PortalSession> {
    auto random = detail::random_hex(32);
    RINSHO_TRY(random);
    auto csrf = detail::random_hex(32);
    RINSHO_TRY(csrf);
    PortalSession session{std::string(kSessionScheme) + *random, *csrf};
    auto hash = detail::sha256_hex(session.secret);
    RINSHO_TRY(hash);
    const std::string now = detail::now_rfc3339();
    auto lease = impl_->pool.writer();
    auto stmt = lease.conn().prepare(
        "INSERT INTO portal_sessions(token_hash, person_id, csrf, created_at, last_seen) "
        "SELECT ?1, id, ?3, ?4, ?4 FROM people WHERE id = ?2",
        "start a session");
    RINSHO_TRY(stmt);
    stmt->bind(1, *hash).bind(2, person_id).bind(3, session.csrf).bind(4, now);
    RINSHO_TRY(stmt->run());
    if (lease.conn().changes() == 0) return fail(ErrorCode::not_found, "no person " + std::string(person_id));
    return session;
  });
}

Result<std::optional<SessionInfo>> Store::find_session(std::string_view secret, std::chrono::milliseconds idle,
                                                       std::chrono::milliseconds lifetime) {
  using Out = std::optional<SessionInfo>;
  return detail::guarded("read a session", [&]() -> Result<Out> {
    if (!well_formed(secret, kSessionScheme)) return Out();
    auto hash = detail::sha256_hex(secret);
    RINSHO_TRY(hash);
    std::string last_seen;
    SessionInfo info;
    {
      auto lease = impl_->pool.reader();
      RINSHO_TRY(lease);
      auto stmt = lease->conn().prepare(
          "SELECT p.id, p.org_id, p.email, p.role, p.created_at, p.password_hash, s.csrf, s.created_at, s.last_seen "
          "FROM portal_sessions s JOIN people p ON p.id = s.person_id "
          "WHERE s.token_hash = ?1 AND s.last_seen > ?2 AND s.created_at > ?3",
          "read a session");
      RINSHO_TRY(stmt);
      stmt->bind(1, *hash).bind(2, detail::rfc3339_from_now(-idle)).bind(3, detail::rfc3339_from_now(-lifetime));
      auto row = stmt->step();
      RINSHO_TRY(row);
      if (!*row) return Out();
      info = SessionInfo{credentials_from_row(*stmt).person, stmt->text(6), stmt->text(7)};
      last_seen = stmt->text(8);
    }
    if (last_seen < detail::rfc3339_from_now(-kTouchEvery)) {
      auto lease = impl_->pool.writer();
      auto touch = lease.conn().prepare("UPDATE portal_sessions SET last_seen = ?2 WHERE token_hash = ?1", "read a session");
      RINSHO_TRY(touch);
      touch->bind(1, *hash).bind(2, detail::now_rfc3339());
      RINSHO_TRY(touch->run());
    }
    return Out(std::move(info));
  });
}

Result<void> Store::end_session(std::string_view secret) {
  return detail::guarded("end a session", [&]() -> Result<void> {
    if (!well_formed(secret, kSessionScheme)) return {};
    auto hash = detail::sha256_hex(secret);
    RINSHO_TRY(hash);
    auto lease = impl_->pool.writer();
    auto stmt = lease.conn().prepare("DELETE FROM portal_sessions WHERE token_hash = ?1", "end a session");
    RINSHO_TRY(stmt);
    stmt->bind(1, *hash);
    return stmt->run();
  });
}

}  // namespace rinsho::store
