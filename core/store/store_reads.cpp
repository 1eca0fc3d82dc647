// Reading trials, their versions and the change feed.
#include <algorithm>
#include <cstdint>

#include "store/store_impl.hpp"

namespace rinsho::store {
namespace {

using detail::Stmt;
using nlohmann::json;

constexpr const char* kTrialColumns =
    "SELECT id, version, seq, etag, owner_org, created_at, updated_at, json FROM trials";

Result<json> parse_stored(const std::string& text, std::string_view id) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) return fail(ErrorCode::io, "the stored record " + std::string(id) + " is not valid JSON");
  return j;
}

Result<StoredTrial> trial_from_row(const Stmt& s) {
  StoredTrial t{s.text(0), s.int64(1), s.int64(2), s.text(3), s.text(4), s.text(5), s.text(6), nullptr};
  auto record = parse_stored(s.text(7), t.id);
  RINSHO_TRY(record);
  t.record = std::move(*record);
  return t;
}

std::vector<std::string> string_list(const std::string& text) {
  std::vector<std::string> out;
  json j = json::parse(text, nullptr, false);
  if (j.is_array())
    for (const auto& v : j)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

// Columns: version, seq, created_at, actor_org, actor, source, changed_fields, (json), note.
VersionSummary summary_from_row(const Stmt& s) {
  return VersionSummary{s.int64(0), s.int64(1), s.text(2), s.text(3), s.text(4), s.text(5), string_list(s.text(6)),
                        s.text(8)};
}

constexpr const char* kVersionColumns =
    "SELECT version, seq, created_at, actor_org, actor, source, changed_fields, json, note FROM trial_versions";

}  // namespace

Result<std::optional<StoredTrial>> Store::get_trial(std::string_view id) const {
  using Out = std::optional<StoredTrial>;
  return detail::guarded("read a trial", [&]() -> Result<Out> {
    auto lease = impl_->pool.reader();
    RINSHO_TRY(lease);
    static const std::string sql = std::string(kTrialColumns) + " WHERE id = ?1";
    auto stmt = lease->conn().prepare(sql.c_str(), "read a trial");
    RINSHO_TRY(stmt);
    stmt->bind(1, id);
    auto row = stmt->step();
    RINSHO_TRY(row);
    if (!*row) return Out();
    auto trial = trial_from_row(*stmt);
    RINSHO_TRY(trial);
    return Out(std::move(*trial));
  });
}

Result<std::vector<VersionSummary>> Store::list_versions(std::string_view id) const {
  return detail::guarded("list the versions of a trial", [&]() -> Result<std::vector<VersionSummary>> {
    auto lease = impl_->pool.reader();
    RINSHO_TRY(lease);
    static const std::string sql = std::string(kVersionColumns) + " WHERE id = ?1 ORDER BY version";
    auto stmt = lease->conn().prepare(sql.c_str(), "list the versions of a trial");
    RINSHO_TRY(stmt);
    stmt->bind(1, id);
    std::vector<VersionSummary> out;
    for (;;) {
      auto row = stmt->step();
      RINSHO_TRY(row);
      if (!*row) return out;
      out.push_back(summary_from_row(*stmt));
    }
  });
}

Result<std::optional<StoredVersion>> Store::get_version(std::string_view id, std::int64_t version) const {
  using Out = std::optional<StoredVersion>;
  return detail::guarded("read a trial version", [&]() -> Result<Out> {
    auto lease = impl_->pool.reader();
    RINSHO_TRY(lease);
    // Versions n-1 and n together; versions never change once written, so two rows suffice.
    static const std::string sql =
        std::string(kVersionColumns) + " WHERE id = ?1 AND version IN (?2 - 1, ?2) ORDER BY version";
    auto stmt = lease->conn().prepare(sql.c_str(), "read a trial version");
    RINSHO_TRY(stmt);
    stmt->bind(1, id).bind(2, version);
    json previous = json::object();
    for (;;) {
      auto row = stmt->step();
      RINSHO_TRY(row);
      if (!*row) return Out();
      auto record = parse_stored(stmt->text(7), id);
      RINSHO_TRY(record);
      if (stmt->int64(0) != version) {
        previous = std::move(*record);
        continue;
      }
      auto diff = model::diff_records(previous, *record);
      return Out(StoredVersion{std::string(id), summary_from_row(*stmt), std::move(*record), std::move(diff)});
    }
  });
}

Result<std::vector<Change>> Store::changes_since(std::int64_t seq, std::size_t limit) const {
  return detail::guarded("read the change feed", [&]() -> Result<std::vector<Change>> {
    auto lease = impl_->pool.reader();
    RINSHO_TRY(lease);
    auto stmt = lease->conn().prepare(
        "SELECT seq, id, version, json FROM trial_versions WHERE seq > ?1 ORDER BY seq LIMIT ?2",
        "read the change feed");
    RINSHO_TRY(stmt);
    stmt->bind(1, seq).bind(2, static_cast<std::int64_t>(std::min<std::size_t>(limit, INT64_MAX)));
    std::vector<Change> out;
    for (;;) {
      auto row = stmt->step();
      RINSHO_TRY(row);
      if (!*row) return out;
      Change c{stmt->int64(0), stmt->text(1), stmt->int64(2), nullptr};
      auto record = parse_stored(stmt->text(3), c.id);
      RINSHO_TRY(record);
      c.record = std::move(*record);
      out.push_back(std::move(c));
    }
  });
}

Result<std::int64_t> Store::last_seq() const {
  return detail::guarded("read the last sequence number", [&]() -> Result<std::int64_t> {
    auto lease = impl_->pool.reader();
    RINSHO_TRY(lease);
    auto stmt = lease->conn().prepare("SELECT COALESCE(MAX(seq), 0) FROM trial_versions",
                                      "read the last sequence number");
    RINSHO_TRY(stmt);
    auto row = stmt->step();
    RINSHO_TRY(row);
    return stmt->int64(0);
  });
}

Result<void> Store::for_each_trial(const std::function<bool(const StoredTrial&)>& visit) const {
  return detail::guarded("read all trials", [&]() -> Result<void> {
    auto lease = impl_->pool.reader();
    RINSHO_TRY(lease);
    static const std::string sql = std::string(kTrialColumns) + " ORDER BY id";
    // One statement stepped row by row: SQLite reads pages as it goes, so memory stays flat, and
    // the statement's implicit read transaction gives one snapshot from the first row to the last.
    auto stmt = lease->conn().prepare(sql.c_str(), "read all trials");
    RINSHO_TRY(stmt);
    for (;;) {
      auto row = stmt->step();
      RINSHO_TRY(row);
      if (!*row) return {};
      auto trial = trial_from_row(*stmt);
      RINSHO_TRY(trial);
      if (!visit(*trial)) return {};
    }
  });
}

Result<std::vector<StoredTrial>> Store::list_org_trials(std::string_view org_id) const {
  return detail::guarded("list an organisation's trials", [&]() -> Result<std::vector<StoredTrial>> {
    auto lease = impl_->pool.reader();
    RINSHO_TRY(lease);
    static const std::string sql = std::string(kTrialColumns) + " WHERE owner_org = ?1 ORDER BY updated_at DESC, id";
    auto stmt = lease->conn().prepare(sql.c_str(), "list an organisation's trials");
    RINSHO_TRY(stmt);
    stmt->bind(1, org_id);
    std::vector<StoredTrial> out;
    for (;;) {
      auto row = stmt->step();
      RINSHO_TRY(row);
      if (!*row) return out;
      auto trial = trial_from_row(*stmt);
      RINSHO_TRY(trial);
      out.push_back(std::move(*trial));
    }
  });
}

Result<std::int64_t> Store::count_trials() const {
  return detail::guarded("count trials", [&]() -> Result<std::int64_t> {
    auto lease = impl_->pool.reader();
    RINSHO_TRY(lease);
    auto stmt = lease->conn().prepare("SELECT COUNT(*) FROM trials", "count trials");
    RINSHO_TRY(stmt);
    auto row = stmt->step();
    RINSHO_TRY(row);
    return stmt->int64(0);
  });
}

Result<std::optional<std::string>> Store::find_by_secondary_id(std::string_view registry, std::string_view id) const {
  return detail::guarded("find by secondary id", [&]() -> Result<std::optional<std::string>> {
    auto lease = impl_->pool.reader();
    RINSHO_TRY(lease);
    // Imports are rare next to reads, so a scan with JSON1 beats keeping another table in step.
    auto stmt = lease->conn().prepare(
        lease->conn().dialect() == detail::Dialect::postgres
            ? "SELECT trials.id FROM trials, jsonb_array_elements(CASE WHEN jsonb_typeof(trials.json::jsonb -> "
              "'secondary_ids') = 'array' THEN trials.json::jsonb -> 'secondary_ids' ELSE '[]'::jsonb END) AS s "
              "WHERE s ->> 'registry' = ?1 AND s ->> 'id' = ?2 ORDER BY trials.id LIMIT 1"
            : "SELECT trials.id FROM trials, json_each(trials.json, '$.secondary_ids') AS s "
              "WHERE json_extract(s.value, '$.registry') = ?1 AND json_extract(s.value, '$.id') = ?2 "
              "ORDER BY trials.id LIMIT 1",
        "find by secondary id");
    RINSHO_TRY(stmt);
    stmt->bind(1, registry).bind(2, id);
    auto row = stmt->step();
    RINSHO_TRY(row);
    if (!*row) return std::optional<std::string>{};
    return std::optional<std::string>(stmt->text(0));
  });
}

}  // namespace rinsho::store
