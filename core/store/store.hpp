#pragma once
// The system of record: trials and every accepted version of them, organisations, API tokens, the
// audit log and idempotency keys, in one SQLite file (<data_dir>/registry.sqlite3, WAL mode) or,
// for several nodes on one registry, in a PostgreSQL database (StoreOptions::database_url).
// The search index is derived from this store (changes_since / for_each_trial) and can be rebuilt
// from it at any time.
//
// Threads: one Store may be shared by any number of threads. Writes go through a single connection
// behind a mutex, in transactions that exclude every other writer (SQLite's BEGIN IMMEDIATE; a
// PostgreSQL advisory lock, which other nodes take too); reads borrow a connection from a pool, so
// they run in parallel with each other and with the writer. Because writers take turns, seq values
// become visible in the order they were assigned: "changes since N" never skips one that commits
// late, on one node or many.
//
// Errors: every database failure is ErrorCode::io naming the operation, except a full disk, which is
// ErrorCode::storage_full, and a PostgreSQL server that cannot be reached (or is restarting), which
// is ErrorCode::busy; no exception escapes.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "model/record_diff.hpp"
#include "store/access_counts.hpp"

namespace rinsho::store {

struct StoreOptions {
  std::filesystem::path data_dir;  // created if missing; holds registry.sqlite3 when database_url is empty
  int busy_timeout_ms = 5000;      // how long a write waits for another process's write lock (SQLite)
  // Empty: SQLite in data_dir (the embedded default). "postgresql://user@host:port/dbname" (or
  // "postgres://"): a PostgreSQL database that several nodes share.
  std::string database_url;
};

// "sqlite" or "postgresql" for a --database value; an error naming the value for anything else.
Result<std::string> database_backend(std::string_view database_url);

struct WriteResult;

// A registration sent with an Idempotency-Key. The store looks the key up and saves it in the same
// transaction as the trial, so no crash can leave a trial without its key: a retry after a crash
// replays the first answer instead of registering the trial twice.
struct IdempotencyClaim {
  std::string key;
  std::string request_hash;  // SHA-256 of the body: the same key with another body is refused
  int status = 201;
  std::function<std::string(const WriteResult&)> response_body;  // what a retry will be sent
};

struct WriteContext {
  std::string org_id;  // the writing organisation; empty for operator ingest (not checked for ownership)
  std::string actor;   // who, for the version history and the audit log
  std::string source = "api";  // "api", "ingest" or "import"
  std::optional<std::int64_t> expected_version;  // If-Match: any other current version -> conflict
  bool create_only = false;                      // POST: an existing id -> conflict
  std::optional<IdempotencyClaim> idempotency;   // put_trial only
  // Kept with the version (trial_versions.note): why it was written, when the history alone would
  // not say, e.g. an import that linked another registry's record to a registrant's trial.
  std::string note;
};

struct IdempotentResponse {
  std::string request_hash;
  int status = 0;
  std::string body;
  std::string created_at;
};

struct WriteResult {
  std::string id;
  std::int64_t version = 0;
  std::int64_t seq = 0;
  std::string etag;  // "\"<id>-v<version>\"": changes exactly when the version does
  bool created = false;
  bool unchanged = false;  // nothing but system fields differed: no version was written, seq not bumped
  std::vector<std::string> changed_fields;  // JSON Pointers; for a new trial, its top-level fields
  // Set when the WriteContext's Idempotency-Key had been used before: nothing was written, and
  // this is what was saved for it (the caller compares request_hash).
  std::optional<IdempotentResponse> earlier;
};

struct StoredTrial {
  std::string id;
  std::int64_t version = 0;
  std::int64_t seq = 0;
  std::string etag;
  std::string owner_org;  // empty when an operator ingested it
  std::string created_at, updated_at;  // RFC 3339 UTC
  nlohmann::json record;  // includes the system fields version, created_at, updated_at, owner_org
};

struct VersionSummary {
  std::int64_t version = 0;
  std::int64_t seq = 0;
  std::string created_at;
  std::string actor_org, actor, source;
  std::vector<std::string> changed_fields;
  std::string note;  // WriteContext::note; empty for most versions
};

struct StoredVersion {
  std::string id;
  VersionSummary summary;
  nlohmann::json record;                  // as it was at this version, with system fields
  std::vector<model::FieldChange> diff;   // from version n-1 (from nothing for version 1)
};

struct Change {
  std::int64_t seq = 0;
  std::string id;
  std::int64_t version = 0;
  nlohmann::json record;
};

// The last record imported from one other registry for a trial (trial_sources). The trial's
// record is recomputed from these on every import (core/linkage/bridging.hpp).
struct SourceSnapshot {
  std::string key;       // text::registry_id_key of id: one row per source registration
  std::string registry;  // "jRCT", "NCT", "UMIN", ...
  std::string id;        // the id in that registry, as it wrote it
  std::string url;       // its page there; may be empty
  std::string imported_at;  // RFC 3339 UTC: when this registration's values last changed here
  nlohmann::json record;    // the mapped record, as the importer made it
};

// One record of an import batch (put_imported).
struct ImportWrite {
  nlohmann::json record;
  std::optional<SourceSnapshot> snapshot;      // saved with the write, under the trial's id
  std::string note;                            // the version's note (WriteContext::note)
  std::optional<std::int64_t> expected_version;  // the version the merge was computed from
};

struct Organization {
  std::string id;  // "org_" + 16 hex digits
  std::string name;
  std::string created_at;
};

struct IssuedToken {
  std::string token_id;
  std::string token;  // plaintext "rin_" + 64 hex digits; shown once, only its SHA-256 is stored
  std::string prefix;  // the first 8 characters, for telling tokens apart in listings
};

struct TokenInfo {
  std::string token_id, org_id, label, prefix, created_at;
  std::optional<std::string> revoked_at;
};

// A person who signs in to the researcher portal for an organisation.
struct Person {
  std::string id;      // "usr_" + 16 hex digits
  std::string org_id;
  std::string email;   // lower-cased
  std::string role;    // editor | admin
  std::string created_at;
  bool has_password = false;
};

struct Credentials {
  Person person;
  std::string password_hash;  // Argon2id string; empty until the person sets a password
};

struct PortalSession {
  std::string secret;  // the cookie value; shown once, only its SHA-256 is stored
  std::string csrf;    // the session's form token
};

struct SessionInfo {
  Person person;
  std::string csrf;
  std::string created_at;
};

struct TrialDraft;  // store/trial_draft.hpp

struct AuditEntry {
  std::int64_t id = 0;  // assigned by the store
  std::string at;       // assigned by the store when empty
  std::string org_id;   // empty for operators and unauthenticated callers
  std::string actor, action, target, outcome, detail;
};

class Store {
 public:
  // Creates the directory, the file and the tables as needed. An unwritable directory, a file that
  // is not a database or one from a newer rinsho is an io error.
  static Result<Store> open(const StoreOptions& options);
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  std::filesystem::path database_file() const;  // SQLite's file; empty on PostgreSQL
  std::string backend() const;                   // "sqlite" or "postgresql"

  // Whether the database can be reached now (a trivial query on a read connection).
  Result<void> ping() const;
  // Waits until another connection (this node's or another's) announces a write, or the timeout
  // passes; true when a write was announced. Only PostgreSQL announces writes (LISTEN/NOTIFY);
  // on SQLite this returns false at once, and callers poll on their own timer.
  bool announces_changes() const;
  Result<bool> wait_for_change(std::chrono::milliseconds timeout) const;

  // Validates the record against the trial schema (system fields are stripped first, then set by
  // the store), assigns an id if it has none, and writes a new version unless nothing changed.
  // Rejections: validation, conflict (create_only, expected_version), forbidden (the trial belongs
  // to another organisation, or to the operator while ctx.org_id is set).
  // Every call is audited here (action "put_trial"), accepted or rejected, so callers audit only
  // the attempts they reject before calling the store (bad JSON, missing token).
  Result<WriteResult> put_trial(nlohmann::json record, const WriteContext& ctx);
  // The same for many records in one transaction (bulk ingest). A record's rejection is reported in
  // its slot and does not affect the others; only a database failure fails the whole batch, in
  // which case nothing of it was written. Records are applied in order, so a later record with the
  // same id sees the earlier one.
  Result<std::vector<Result<WriteResult>>> put_trials(std::vector<nlohmann::json> records, const WriteContext& ctx);

  Result<std::optional<StoredTrial>> get_trial(std::string_view id) const;
  Result<std::vector<VersionSummary>> list_versions(std::string_view id) const;  // oldest first
  Result<std::optional<StoredVersion>> get_version(std::string_view id, std::int64_t version) const;
  // Accepted writes with seq > `seq`, in seq order, at most `limit` of them.
  Result<std::vector<Change>> changes_since(std::int64_t seq, std::size_t limit) const;
  Result<std::int64_t> last_seq() const;  // 0 for an empty store
  // Streams the current trials in id order, one row at a time; return false to stop early. The
  // callback sees one consistent snapshot and may call the store (it gets another connection).
  Result<void> for_each_trial(const std::function<bool(const StoredTrial&)>& visit) const;
  Result<std::int64_t> count_trials() const;
  // The trial that lists {registry, id} among its secondary_ids, so re-importing a record from
  // another registry updates it instead of registering it again.
  Result<std::optional<std::string>> find_by_secondary_id(std::string_view registry, std::string_view id) const;

  // Bridging (store_linkage.cpp). The trials carrying any of these text::registry_id_key keys as
  // their id or a secondary id, sorted, each once.
  Result<std::vector<std::string>> find_trials_by_registry_keys(const std::vector<std::string>& keys) const;
  // What other registries said about the trial at their last import, by key.
  Result<std::vector<SourceSnapshot>> source_snapshots(std::string_view trial_id) const;
  // Whether any version of the trial came from a registrant (the API, the portal or an operator's
  // ingest) rather than an import: such a trial's own values are never replaced by an import.
  Result<bool> has_registrant_version(std::string_view trial_id) const;
  // put_trials for imports: each record with its source snapshot (saved in the same transaction,
  // also when the record itself is unchanged), its version note and the version it was merged
  // from (another version by then is a precondition_failed for that record alone).
  Result<std::vector<Result<WriteResult>>> put_imported(std::vector<ImportWrite> writes, const WriteContext& ctx);

  Result<Organization> create_org(std::string_view name);  // duplicate name -> conflict
  Result<std::optional<Organization>> find_org(std::string_view id) const;
  Result<IssuedToken> issue_token(std::string_view org_id, std::string_view label);  // unknown org -> not_found
  // nullopt for an unknown, malformed or revoked token; errors never say which.
  Result<std::optional<TokenInfo>> verify_token(std::string_view plaintext) const;
  Result<std::vector<TokenInfo>> list_tokens(std::string_view org_id) const;  // issue order, revoked included
  Result<void> revoke_token(std::string_view token_id);  // unknown -> not_found; revoking twice is fine
  // The portal's revoke: only a token of `org_id` (false for another organisation's or an unknown
  // one, so an admin cannot tell them apart); revoking twice is fine.
  Result<bool> revoke_org_token(std::string_view org_id, std::string_view token_id);

  // Portal accounts (store_people.cpp). Emails compare case-insensitively (kept lower-cased).
  // Unknown organisation -> not_found; an email already in use -> conflict; a role other than
  // editor or admin -> invalid_argument.
  Result<Person> create_person(std::string_view org_id, std::string_view email, std::string_view role);
  Result<std::optional<Person>> find_person_by_email(std::string_view email) const;
  Result<std::optional<Credentials>> find_credentials(std::string_view email) const;
  Result<std::vector<Person>> list_people(std::string_view org_id) const;
  // A one-time secret ("pwl_" + 64 hex digits) with which the person sets a password; it replaces
  // any earlier link of theirs.
  Result<std::string> issue_password_link(std::string_view person_id, std::chrono::seconds valid_for);
  // The person a link is for, while it is unused and unexpired.
  Result<std::optional<Person>> peek_password_link(std::string_view secret) const;
  // Sets the password hash and uses the link up, in one transaction; every session of the person
  // ends (a new password signs out everywhere). nullopt for an unknown, used or expired link.
  Result<std::optional<Person>> use_password_link(std::string_view secret, std::string_view password_hash);
  Result<PortalSession> start_session(std::string_view person_id);
  // The session's person while it has been used within `idle` and is younger than `lifetime`;
  // marks it used. nullopt for an unknown, ended or expired session.
  Result<std::optional<SessionInfo>> find_session(std::string_view secret, std::chrono::milliseconds idle,
                                                  std::chrono::milliseconds lifetime);
  Result<void> end_session(std::string_view secret);
  // The organisation's current trials, most recently updated first.
  Result<std::vector<StoredTrial>> list_org_trials(std::string_view org_id) const;

  // Portal drafts (store_drafts.cpp; the struct is in store/trial_draft.hpp). Every call names the
  // organisation, and a draft of another organisation is the same as none: it is not found, not
  // saved and not deleted. create_draft assigns the id and the times (unknown org or person ->
  // not_found); save_draft replaces record, step and updated_by, false when there is no such draft.
  Result<TrialDraft> create_draft(const TrialDraft& draft);
  Result<std::optional<TrialDraft>> find_draft(std::string_view org_id, std::string_view draft_id) const;
  Result<std::vector<TrialDraft>> list_drafts(std::string_view org_id) const;  // newest change first
  Result<bool> save_draft(const TrialDraft& draft);
  Result<bool> delete_draft(std::string_view org_id, std::string_view draft_id);

  Result<void> audit(const AuditEntry& entry);
  Result<std::vector<AuditEntry>> recent_audit(std::size_t limit) const;  // newest first

  // What was saved for an Idempotency-Key by a put_trial that carried it (WriteContext::idempotency).
  Result<std::optional<IdempotentResponse>> find_idempotent(std::string_view org_id, std::string_view key) const;

  // Access metrics (store_metrics.cpp). Days are inclusive 'YYYY-MM-DD' bounds, Japan time.
  Result<void> add_access_counts(const AccessBatch& batch);
  Result<std::vector<DailyAudienceCount>> daily_access(std::string_view from, std::string_view to) const;
  // Summed over the days; AccessCell::day is empty.
  Result<std::vector<AccessCell>> access_breakdown(std::string_view from, std::string_view to) const;
  Result<std::optional<std::string>> first_access_day() const;
  // Concepts searched at least min_count times in the period, most searched first.
  Result<std::vector<ConceptSearchCount>> top_search_concepts(std::string_view from, std::string_view to,
                                                              std::int64_t min_count, std::size_t limit) const;
  // Every current trial the organisation owns, with its views in the period (zero when none).
  Result<std::vector<TrialViews>> trial_views_for_org(std::string_view org_id, std::string_view from,
                                                      std::string_view to) const;
  // Reads made with the organisation's tokens in the period, by kind (detail, search, other).
  Result<std::vector<OrgAccessCount>> org_access(std::string_view org_id, std::string_view from,
                                                 std::string_view to) const;
  Result<std::int64_t> org_access_total(std::string_view from, std::string_view to) const;
  // Registrations (version 1) and updates (later versions) per Japan-time month, the last `months`
  // months that had any, oldest first.
  Result<std::vector<MonthlyActivity>> monthly_activity(std::size_t months) const;
  Result<std::vector<std::pair<std::string, std::int64_t>>> count_trials_by_status() const;

  // Problems found by SQLite's integrity check and by the store's own invariants (every current
  // trial has its version row with the same seq); empty when all is well. For operators and tests.
  Result<std::vector<std::string>> verify_integrity() const;

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace rinsho::store
