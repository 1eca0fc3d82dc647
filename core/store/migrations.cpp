#include "store/migrations.hpp"

#include <iterator>
#include <string>

#include "store/registry_keys.hpp"
#include "store/sqlite_connection.hpp"

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


// The researcher portal (issue 13): people of an organisation, one-time links to set a password,
// and sign-in sessions. Secrets (link and session) are kept only as their SHA-256, like API
// tokens; passwords only as an Argon2id string. Times are RFC 3339 UTC text, which sorts as time.
constexpr const char* kPortalAccounts = R"sql(
CREATE TABLE people(
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id),
  email TEXT NOT NULL UNIQUE,  -- lower-cased
  role TEXT NOT NULL CHECK (role IN ('editor', 'admin')),
  password_hash TEXT,          -- NULL until the person sets one
  created_at TEXT NOT NULL
);
CREATE INDEX people_org ON people(org_id);
CREATE TABLE password_links(
  token_hash TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES people(id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX password_links_person ON password_links(person_id);
CREATE TABLE portal_sessions(
  token_hash TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES people(id),
  csrf TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_seen TEXT NOT NULL
);
CREATE INDEX portal_sessions_person ON portal_sessions(person_id);
)sql";

// The same tables on PostgreSQL. seq and audit ids are identity columns (never reused); integers
// are BIGINT so that values read back exactly as SQLite's 64-bit INTEGER. Records stay TEXT, the
// canonical dump, so both back ends return byte-identical JSON. Text compares byte by byte
// (COLLATE "C", as SQLite does), whatever locale the database was created with, so ids, days and
// names sort the same on both.
constexpr const char* kPgInitialSchema = R"sql(
CREATE TABLE trial_versions(
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id TEXT COLLATE "C" NOT NULL,
  version BIGINT NOT NULL CHECK (version >= 1),
  json TEXT COLLATE "C" NOT NULL,
  changed_fields TEXT COLLATE "C" NOT NULL,
  actor_org TEXT COLLATE "C",
  actor TEXT COLLATE "C" NOT NULL,
  source TEXT COLLATE "C" NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  UNIQUE (id, version)
);
CREATE TABLE trials(
  id TEXT COLLATE "C" PRIMARY KEY,
  version BIGINT NOT NULL,
  seq BIGINT NOT NULL UNIQUE,
  json TEXT COLLATE "C" NOT NULL,
  etag TEXT COLLATE "C" NOT NULL,
  owner_org TEXT COLLATE "C",
  created_at TEXT COLLATE "C" NOT NULL,
  updated_at TEXT COLLATE "C" NOT NULL,
  status TEXT COLLATE "C" NOT NULL,
  FOREIGN KEY (id, version) REFERENCES trial_versions(id, version)
);
CREATE INDEX trials_owner_org ON trials(owner_org);
CREATE INDEX trials_status ON trials(status);
CREATE TABLE id_blocks(
  prefix TEXT COLLATE "C" PRIMARY KEY,
  next BIGINT NOT NULL
);
CREATE TABLE organizations(
  id TEXT COLLATE "C" PRIMARY KEY,
  name TEXT COLLATE "C" NOT NULL UNIQUE,
  created_at TEXT COLLATE "C" NOT NULL
);
CREATE TABLE api_tokens(
  id TEXT COLLATE "C" PRIMARY KEY,
  org_id TEXT COLLATE "C" NOT NULL REFERENCES organizations(id),
  label TEXT COLLATE "C" NOT NULL,
  token_hash TEXT COLLATE "C" NOT NULL UNIQUE,
  prefix TEXT COLLATE "C" NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  revoked_at TEXT COLLATE "C",
  issued BIGINT GENERATED ALWAYS AS IDENTITY  -- issue order, which SQLite reads from its rowid
);
CREATE INDEX api_tokens_org ON api_tokens(org_id);
CREATE TABLE audit_log(
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at TEXT COLLATE "C" NOT NULL,
  org_id TEXT COLLATE "C",
  actor TEXT COLLATE "C" NOT NULL,
  action TEXT COLLATE "C" NOT NULL,
  target TEXT COLLATE "C" NOT NULL,
  outcome TEXT COLLATE "C" NOT NULL,
  detail TEXT COLLATE "C" NOT NULL
);
CREATE TABLE idempotency_keys(
  org_id TEXT COLLATE "C" NOT NULL,
  key TEXT COLLATE "C" NOT NULL,
  request_hash TEXT COLLATE "C" NOT NULL,
  response_status BIGINT NOT NULL,
  response_body TEXT COLLATE "C" NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (org_id, key)
);
)sql";

constexpr const char* kPgAccessMetrics = R"sql(
CREATE TABLE access_daily(
  day TEXT COLLATE "C" NOT NULL,
  audience TEXT COLLATE "C" NOT NULL,
  kind TEXT COLLATE "C" NOT NULL,
  channel TEXT COLLATE "C" NOT NULL,
  device TEXT COLLATE "C" NOT NULL,
  lang TEXT COLLATE "C" NOT NULL,
  count BIGINT NOT NULL CHECK (count >= 0),
  PRIMARY KEY (day, audience, kind, channel, device, lang)
);
CREATE TABLE access_trial_daily(
  day TEXT COLLATE "C" NOT NULL,
  trial_id TEXT COLLATE "C" NOT NULL,
  audience TEXT COLLATE "C" NOT NULL,
  count BIGINT NOT NULL CHECK (count >= 0),
  PRIMARY KEY (day, trial_id, audience)
);
CREATE INDEX access_trial_daily_trial ON access_trial_daily(trial_id, day);
CREATE TABLE access_org_daily(
  day TEXT COLLATE "C" NOT NULL,
  org_id TEXT COLLATE "C" NOT NULL,
  kind TEXT COLLATE "C" NOT NULL,
  count BIGINT NOT NULL CHECK (count >= 0),
  PRIMARY KEY (day, org_id, kind)
);
CREATE TABLE search_concept_daily(
  day TEXT COLLATE "C" NOT NULL,
  concept_id TEXT COLLATE "C" NOT NULL,
  count BIGINT NOT NULL CHECK (count >= 0),
  PRIMARY KEY (day, concept_id)
);
)sql";

constexpr const char* kPgPortalAccounts = R"sql(
CREATE TABLE people(
  id TEXT COLLATE "C" PRIMARY KEY,
  org_id TEXT COLLATE "C" NOT NULL REFERENCES organizations(id),
  email TEXT COLLATE "C" NOT NULL UNIQUE,
  role TEXT COLLATE "C" NOT NULL CHECK (role IN ('editor', 'admin')),
  password_hash TEXT COLLATE "C",
  created_at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX people_org ON people(org_id);
CREATE TABLE password_links(
  token_hash TEXT COLLATE "C" PRIMARY KEY,
  person_id TEXT COLLATE "C" NOT NULL REFERENCES people(id),
  created_at TEXT COLLATE "C" NOT NULL,
  expires_at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX password_links_person ON password_links(person_id);
CREATE TABLE portal_sessions(
  token_hash TEXT COLLATE "C" PRIMARY KEY,
  person_id TEXT COLLATE "C" NOT NULL REFERENCES people(id),
  csrf TEXT COLLATE "C" NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  last_seen TEXT COLLATE "C" NOT NULL
);
CREATE INDEX portal_sessions_person ON portal_sessions(person_id);
)sql";

// Bridging (issue 17): one trial, however many registries list it.
// - trial_versions.note: why a version was written when the writer is not the registrant (an
//   import that linked another registration to a registrant's record says so here).
// - trial_registry_ids: every id a trial carries (its own and its secondary ids), reduced by
//   text::registry_id_key, so an import finds the trial that lists an id with one index probe
//   instead of scanning every record's JSON. Kept in step by every write (registry_keys.cpp);
//   filled for existing trials right after this migration.
// - trial_sources: the last mapped record imported from each other registry, per source id. The
//   trial's record is recomputed from these (and the registrant's own values) on every import, so
//   which registry's value wins never depends on the order the files arrived in.
constexpr const char* kBridging = R"sql(
ALTER TABLE trial_versions ADD COLUMN note TEXT;
CREATE TABLE trial_registry_ids(
  key TEXT NOT NULL,
  trial_id TEXT NOT NULL,
  PRIMARY KEY (key, trial_id)
) WITHOUT ROWID;
CREATE INDEX trial_registry_ids_trial ON trial_registry_ids(trial_id);
CREATE TABLE trial_sources(
  source_key TEXT PRIMARY KEY,
  trial_id TEXT NOT NULL,
  registry TEXT NOT NULL,
  source_id TEXT NOT NULL,
  url TEXT,
  record TEXT NOT NULL,
  imported_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX trial_sources_trial ON trial_sources(trial_id);
)sql";

constexpr const char* kPgBridging = R"sql(
ALTER TABLE trial_versions ADD COLUMN note TEXT COLLATE "C";
CREATE TABLE trial_registry_ids(
  key TEXT COLLATE "C" NOT NULL,
  trial_id TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (key, trial_id)
);
CREATE INDEX trial_registry_ids_trial ON trial_registry_ids(trial_id);
CREATE TABLE trial_sources(
  source_key TEXT COLLATE "C" PRIMARY KEY,
  trial_id TEXT COLLATE "C" NOT NULL,
  registry TEXT COLLATE "C" NOT NULL,
  source_id TEXT COLLATE "C" NOT NULL,
  url TEXT COLLATE "C",
  record TEXT COLLATE "C" NOT NULL,
  imported_at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX trial_sources_trial ON trial_sources(trial_id);
)sql";

// Drafts of the researcher portal's guided form (migration 5): one row per trial being written or
// changed, replaced at every step. Nothing that reads trials (search, index, export, sitemap) reads
// this table. trial_id and base_version are NULL for a new trial.
constexpr const char* kTrialDrafts = R"sql(
CREATE TABLE trial_drafts(
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations(id),
  created_by TEXT NOT NULL REFERENCES people(id),
  updated_by TEXT NOT NULL REFERENCES people(id),
  trial_id TEXT,
  base_version INTEGER,
  record TEXT NOT NULL,
  step INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX trial_drafts_org ON trial_drafts(org_id, updated_at);
)sql";

constexpr const char* kPgTrialDrafts = R"sql(
CREATE TABLE trial_drafts(
  id TEXT COLLATE "C" PRIMARY KEY,
  org_id TEXT COLLATE "C" NOT NULL REFERENCES organizations(id),
  created_by TEXT COLLATE "C" NOT NULL REFERENCES people(id),
  updated_by TEXT COLLATE "C" NOT NULL REFERENCES people(id),
  trial_id TEXT COLLATE "C",
  base_version BIGINT,
  record TEXT COLLATE "C" NOT NULL,
  step BIGINT NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  updated_at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX trial_drafts_org ON trial_drafts(org_id, updated_at);
)sql";

// Both lists always have the same length and meaning: migration n is the same change on each.
constexpr Migration kMigrations[] = {
  {1, kInitialSchema},
  {2, kAccessMetrics},
  {3, kPortalAccounts},
  {4, kBridging},
  {5, kTrialDrafts},
};
constexpr Migration kPgMigrations[] = {
  {1, kPgInitialSchema},
  {2, kPgAccessMetrics},
  {3, kPgPortalAccounts},
  {4, kPgBridging},
  {5, kPgTrialDrafts},
};
static_assert(std::size(kMigrations) == std::size(kPgMigrations));
// The migration after which trial_registry_ids is filled from the trials already stored (the keys
// need ICU's normalisation, which SQL cannot do).
constexpr int kBridgingVersion = 4;

Result<int> current_version(SqliteConnection& conn) {
  auto text = conn.pragma_text("PRAGMA user_version", "read the schema version");
  if (!text) return tl::unexpected(text.error());
  return std::stoi(text->empty() ? "0" : *text);
}

Result<void> newer_schema(std::int64_t found) {
  return fail(ErrorCode::io, "the database has schema version " + std::to_string(found) +
                                 ", newer than this program understands (" + std::to_string(latest_schema_version()) + ")");
}

Result<void> migrate_sqlite(SqliteConnection& conn) {
  // The version is read inside the write transaction, so two processes opening a new database at
  // once cannot both run migration 1.
  auto txn = Transaction::begin_immediate(conn);
  if (!txn) return tl::unexpected(txn.error());
  auto version = current_version(conn);
  if (!version) return tl::unexpected(version.error());
  if (*version > latest_schema_version()) return newer_schema(*version);
  for (const auto& m : kMigrations) {
    if (m.version <= *version) continue;
    const std::string op = "apply schema migration " + std::to_string(m.version);
    // user_version cannot be a bound parameter; the number comes from the table above, not input.
    const std::string set_version = "PRAGMA user_version=" + std::to_string(m.version);
    if (auto r = conn.exec(m.sql, op); !r) return r;
    if (auto r = conn.exec(set_version.c_str(), op); !r) return r;
    if (m.version == kBridgingVersion)
      if (auto r = fill_registry_keys(conn); !r) return r;
  }
  return txn->commit();
}

// PostgreSQL has no user_version: the number lives in rinsho_schema. The write transaction's
// advisory lock comes first, so nodes starting together run each migration once, one after the
// other, and the later ones find it done.
Result<void> migrate_postgres(Connection& conn) {
  auto txn = Transaction::begin_immediate(conn);
  if (!txn) return tl::unexpected(txn.error());
  if (auto r = conn.exec("CREATE TABLE IF NOT EXISTS rinsho_schema(version BIGINT NOT NULL)", "create the schema table"); !r)
    return r;
  auto read = conn.prepare("SELECT COALESCE(MAX(version), 0) FROM rinsho_schema", "read the schema version");
  if (!read) return tl::unexpected(read.error());
  auto row = read->step();
  if (!row) return tl::unexpected(row.error());
  const std::int64_t version = *row ? read->int64(0) : 0;
  while (*row) {  // finish the statement before the next one
    row = read->step();
    if (!row) return tl::unexpected(row.error());
  }
  if (version > latest_schema_version()) return newer_schema(version);
  for (const auto& m : kPgMigrations) {
    if (m.version <= version) continue;
    const std::string op = "apply schema migration " + std::to_string(m.version);
    if (auto r = conn.exec(m.sql, op); !r) return r;
    if (auto r = conn.exec("DELETE FROM rinsho_schema", op); !r) return r;
    auto set = conn.prepare("INSERT INTO rinsho_schema(version) VALUES (?1)", op);
    if (!set) return tl::unexpected(set.error());
    set->bind(1, std::int64_t{m.version});
    if (auto r = set->run(); !r) return r;
    if (m.version == kBridgingVersion)
      if (auto r = fill_registry_keys(conn); !r) return r;
  }
  return txn->commit();
}

}  // namespace

int latest_schema_version() { return std::prev(std::end(kMigrations))->version; }

Result<void> migrate(Connection& conn) {
  if (conn.dialect() == Dialect::postgres) return migrate_postgres(conn);
  return migrate_sqlite(static_cast<SqliteConnection&>(conn));
}

}  // namespace rinsho::store::detail
