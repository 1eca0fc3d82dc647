#include "store/migrations.hpp"

#include <iterator>
#include <string>

namespace rinsho::store::detail {
namespace {

struct Migration {
  int version;
  const char* sql;
};

// seq is trial_versions' INTEGER PRIMARY KEY AUTOINCREMENT: one global, strictly increasing number
// per accepted write that is never reused, even if rows were ever deleted by hand, so the index can
// trust "changes since seq N". (id, version) is UNIQUE, which is the natural key.
// trials(id, version) references trial_versions(id, version): a current row without its version
// row cannot exist, whatever happens between statements.
constexpr const char* kInitialSchema = R"sql(
CREATE TABLE trial_versions(
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  json TEXT NOT NULL,
  changed_fields TEXT NOT NULL,
  actor_org TEXT,
  actor TEXT NOT NULL,
  source TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (id, version)
);
CREATE TABLE trials(
  id TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  seq INTEGER NOT NULL UNIQUE,
  json TEXT NOT NULL,
  etag TEXT NOT NULL,
  owner_org TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  status TEXT NOT NULL,
  FOREIGN KEY (id, version) REFERENCES trial_versions(id, version)
);
CREATE INDEX trials_owner_org ON trials(owner_org);
CREATE INDEX trials_status ON trials(status);

-- Next number per server-assigned id block, e.g. "jRCT109924" -> 17.
CREATE TABLE id_blocks(
  prefix TEXT PRIMARY KEY,
  next INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE organizations(
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);
CREATE TABLE api_tokens(
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id),
  label TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX api_tokens_org ON api_tokens(org_id);

CREATE TABLE audit_log(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  org_id TEXT,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  outcome TEXT NOT NULL,
  detail TEXT NOT NULL
);

CREATE TABLE idempotency_keys(
  org_id TEXT NOT NULL,
  key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  response_status INTEGER NOT NULL,
  response_body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (org_id, key)
) WITHOUT ROWID;
)sql";

// Access metrics (issue 6): counts only, in Japan-time daily buckets ('YYYY-MM-DD', UTC+9). No
// address, cookie or user-agent string is ever stored. The server adds to these rows every few
// seconds (INSERT ... ON CONFLICT DO UPDATE SET count = count + excluded.count).
constexpr const char* kAccessMetrics = R"sql(
CREATE TABLE access_daily(
  day TEXT NOT NULL,
  audience TEXT NOT NULL,  -- person | program | bot
  kind TEXT NOT NULL,      -- detail | search | other
  channel TEXT NOT NULL,   -- page | api
  device TEXT NOT NULL,    -- phone | tablet | desktop | other
  lang TEXT NOT NULL,      -- ja | en
  count INTEGER NOT NULL CHECK (count >= 0),
  PRIMARY KEY (day, audience, kind, channel, device, lang)
) WITHOUT ROWID;
CREATE TABLE access_trial_daily(
  day TEXT NOT NULL,
  trial_id TEXT NOT NULL,
  audience TEXT NOT NULL,
  count INTEGER NOT NULL CHECK (count >= 0),
  PRIMARY KEY (day, trial_id, audience)
) WITHOUT ROWID;
CREATE INDEX access_trial_daily_trial ON access_trial_daily(trial_id, day);
CREATE TABLE access_org_daily(
  day TEXT NOT NULL,
  org_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  count INTEGER NOT NULL CHECK (count >= 0),
  PRIMARY KEY (day, org_id, kind)
) WITHOUT ROWID;
CREATE TABLE search_concept_daily(
  day TEXT NOT NULL,
  concept_id TEXT NOT NULL,
  count INTEGER NOT NULL CHECK (count >= 0),
  PRIMARY KEY (day, concept_id)
) WITHOUT ROWID;
)sql";

constexpr Migration kMigrations[] = {
  {1, kInitialSchema},
  {2, kAccessMetrics},
};

Result<int> current_version(Connection& conn) {
  auto text = conn.pragma_text("PRAGMA user_version", "read the schema version");
  if (!text) return tl::unexpected(text.error());
  return std::stoi(text->empty() ? "0" : *text);
}

}  // namespace

int latest_schema_version() { return std::prev(std::end(kMigrations))->version; }

Result<void> migrate(Connection& conn) {
  // The version is read inside the write transaction, so two processes opening a new database at
  // once cannot both run migration 1.
  auto txn = Transaction::begin_immediate(conn);
  if (!txn) return tl::unexpected(txn.error());
  auto version = current_version(conn);
  if (!version) return tl::unexpected(version.error());
  if (*version > latest_schema_version())
    return fail(ErrorCode::io, "the database has schema version " + std::to_string(*version) +
                                   ", newer than this program understands (" +
                                   std::to_string(latest_schema_version()) + ")");
  for (const auto& m : kMigrations) {
    if (m.version <= *version) continue;
    const std::string op = "apply schema migration " + std::to_string(m.version);
    // user_version cannot be a bound parameter; the number comes from the table above, not input.
    const std::string set_version = "PRAGMA user_version=" + std::to_string(m.version);
    if (auto r = conn.exec(m.sql, op); !r) return r;
    if (auto r = conn.exec(set_version.c_str(), op); !r) return r;
  }
  return txn->commit();
}

}  // namespace rinsho::store::detail
