#include "store/trial_write.hpp"

#include <algorithm>
#include <optional>

#include "model/record_diff.hpp"
#include "model/trial.hpp"
#include "store/audit_log.hpp"
#include "store/clock.hpp"
#include "store/registry_keys.hpp"
#include "store/trial_ids.hpp"
#include "store/try.hpp"

namespace rinsho::store::detail {
namespace {

using nlohmann::json;

struct CurrentRow {
  std::int64_t version = 0;
  std::int64_t seq = 0;
  std::string etag, owner_org, created_at;
  json record;
};

Result<std::optional<CurrentRow>> load_current(Connection& conn, const std::string& id) {
  auto stmt = conn.prepare("SELECT version, seq, etag, owner_org, created_at, json FROM trials WHERE id = ?1",
                           "read the current version of a trial");
  RINSHO_TRY(stmt);
  stmt->bind(1, id);
  auto row = stmt->step();
  RINSHO_TRY(row);
  if (!*row) return std::optional<CurrentRow>();
  CurrentRow current{stmt->int64(0), stmt->int64(1), stmt->text(2), stmt->text(3), stmt->text(4), nullptr};
  current.record = json::parse(stmt->text(5), nullptr, false);
  if (current.record.is_discarded()) return fail(ErrorCode::io, "the stored record " + id + " is not valid JSON");
  return std::optional<CurrentRow>(std::move(current));
}

// Ownership, create-only and If-Match, in that order of precedence: a trial owned by someone else
// is forbidden whatever its version. Records ingested by the operator (no owner) are the
// operator's: an organisation may not take them over through the API.
std::optional<Error> precondition_error(const std::string& id, const std::optional<CurrentRow>& current,
                                        const WriteContext& ctx) {
  if (current && ctx.create_only) return Error{ErrorCode::conflict, "trial " + id + " already exists", {}};
  if (current && !ctx.org_id.empty() && current->owner_org != ctx.org_id)
    return Error{ErrorCode::forbidden,
                 current->owner_org.empty() ? "trial " + id + " is maintained by the registry operator"
                                            : "trial " + id + " belongs to another organisation",
                 {}};
  if (ctx.expected_version && !current)
    return Error{ErrorCode::conflict, "trial " + id + " does not exist, so it cannot match version " +
                                          std::to_string(*ctx.expected_version), {}};
  if (ctx.expected_version && current->version != *ctx.expected_version)
    return Error{ErrorCode::precondition_failed, "trial " + id + " is at version " + std::to_string(current->version) +
                                          ", not " + std::to_string(*ctx.expected_version), {}};
  return std::nullopt;
}

Result<std::int64_t> insert_version_row(Connection& conn, const std::string& id, std::int64_t version,
                                        const std::string& text, const json& changed, const WriteContext& ctx,
                                        const std::string& now) {
  auto stmt = conn.prepare(
      "INSERT INTO trial_versions(id, version, json, changed_fields, actor_org, actor, source, created_at, note) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING seq",
      "write a trial version");
  RINSHO_TRY(stmt);
  stmt->bind(1, id).bind(2, version).bind(3, text).bind(4, changed.dump()).bind_or_null(5, ctx.org_id);
  stmt->bind(6, ctx.actor).bind(7, ctx.source).bind(8, now).bind_or_null(9, ctx.note);
  auto row = stmt->step();
  RINSHO_TRY(row);
  if (!*row) return fail(ErrorCode::io, "cannot write a trial version: no sequence number came back");
  const std::int64_t seq = stmt->int64(0);
  RINSHO_TRY(stmt->step());  // finish the statement
  return seq;
}

Result<void> upsert_current_row(Connection& conn, const WriteResult& w, const std::string& text,
                                const json& record) {
  auto stmt = conn.prepare(
      "INSERT INTO trials(id, version, seq, json, etag, owner_org, created_at, updated_at, status) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT(id) DO UPDATE SET version = excluded.version, "
      "seq = excluded.seq, json = excluded.json, etag = excluded.etag, updated_at = excluded.updated_at, "
      "status = excluded.status",
      "write the current version of a trial");
  RINSHO_TRY(stmt);
  stmt->bind(1, w.id).bind(2, w.version).bind(3, w.seq).bind(4, text).bind(5, w.etag);
  stmt->bind_or_null(6, record.value("owner_org", "")).bind(7, record["created_at"].get<std::string>());
  stmt->bind(8, record["updated_at"].get<std::string>()).bind(9, record.value("recruitment_status", ""));
  return stmt->run();
}

Result<WriteResult> write_new_version(Connection& conn, const std::string& id, json record,
                                      const std::optional<CurrentRow>& current,
                                      const std::vector<model::FieldChange>& changes, const WriteContext& ctx) {
  WriteResult w{id, current ? current->version + 1 : 1, 0, "", !current, false, {}};
  const std::string now = now_rfc3339();
  const std::string owner = current ? current->owner_org : ctx.org_id;
  record["version"] = w.version;
  record["created_at"] = current ? current->created_at : now;
  record["updated_at"] = now;
  if (!owner.empty()) record["owner_org"] = owner;

  std::string text;
  try {
    text = record.dump();  // keys sorted: the canonical form
  } catch (const json::type_error&) {
    return fail(ErrorCode::invalid_json, "the record contains text that is not valid UTF-8");
  }
  json changed = json::array();
  for (const auto& c : changes) {
    w.changed_fields.push_back(c.pointer);
    changed.push_back(c.pointer);
  }
  auto seq = insert_version_row(conn, id, w.version, text, changed, ctx, now);
  RINSHO_TRY(seq);
  w.seq = *seq;
  w.etag = make_etag(id, w.version);
  RINSHO_TRY(upsert_current_row(conn, w, text, record));
  RINSHO_TRY(replace_registry_keys(conn, id, record));
  return w;
}

// The year in a server-assigned id. An imported record (another registry's trial, which has no
// jRCT id) takes the year it was registered there, as jRCT's own numbers do: a full download of
// another registry spans decades, and numbering it all under the year of the import would run out
// of the 99,990 ids a category has per year.
int id_year(const json& record, const WriteContext& ctx) {
  if (ctx.source == "import")
    if (auto d = record.find("dates"); d != record.end() && d->is_object())
      if (auto r = d->find("registered"); r != d->end() && r->is_string() && r->get<std::string>().size() >= 4) {
        const std::string y = r->get<std::string>().substr(0, 4);
        if (std::all_of(y.begin(), y.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::stoi(y);
      }
  return current_utc_year();
}

// A registrant who sends the record without the fields imports maintain (which registries also
// list the trial, where they disagree) keeps them: they describe the other registrations, which a
// registrant's edit does not undo.
void keep_linkage(const CurrentRow& current, json& record) {
  for (const char* field : {"sources", "source_conflicts"})
    if (!record.contains(field) && current.record.contains(field)) record[field] = current.record[field];
}

Result<WriteResult> apply_record(Connection& conn, json record, const WriteContext& ctx) {
  std::string id = record.value("id", "");
  const bool chosen_by_caller = !id.empty();
  if (id.empty()) {
    if (ctx.expected_version) return fail(ErrorCode::conflict, "a record without an id cannot match a version");
    auto assigned = next_assigned_id(conn, record.value("category", ""), id_year(record, ctx));
    RINSHO_TRY(assigned);
    id = *assigned;
    record["id"] = id;
  }
  auto current = load_current(conn, id);
  RINSHO_TRY(current);
  if (auto rejected = precondition_error(id, *current, ctx)) return tl::unexpected(std::move(*rejected));
  // Organisations may keep a server-assigned id they were given, never pick a new one from that
  // range: a run of explicit ids could otherwise fill it and break registration without an id.
  if (chosen_by_caller && !*current && !ctx.org_id.empty() && is_server_assigned_id(id))
    return fail(ErrorCode::validation, "id " + id + " is in the range the registry assigns itself",
                {{"/id", "この研究番号の範囲 (jRCT?09…) は登録時に自動で割り当てるためのものです。id を省略してください",
                  "is in the range the registry assigns itself (jRCT?09...); leave id out to get one"}});
  if (*current && ctx.source != "import") keep_linkage(**current, record);
  const auto changes = model::diff_records(*current ? (*current)->record : json::object(), record);
  if (*current && changes.empty()) {
    const CurrentRow& c = **current;
    return WriteResult{id, c.version, c.seq, c.etag, false, true, {}};
  }
  return write_new_version(conn, id, std::move(record), *current, changes, ctx);
}

AuditEntry audit_entry(const WriteContext& ctx, const std::string& target, const Result<WriteResult>& outcome) {
  AuditEntry e{0, now_rfc3339(), ctx.org_id, ctx.actor, "put_trial", target, "", ""};
  json detail = {{"source", ctx.source}};
  if (outcome) {
    e.target = outcome->id;
    e.outcome = outcome->unchanged ? "unchanged" : outcome->created ? "created" : "updated";
    detail["version"] = outcome->version;
    detail["seq"] = outcome->seq;
    detail["changed_fields"] = outcome->changed_fields.size();
  } else {
    e.outcome = "rejected";
    detail["code"] = error_code_name(outcome.error().code);
    detail["message"] = outcome.error().message;
    if (!outcome.error().fields.empty()) detail["invalid_fields"] = outcome.error().fields.size();
  }
  e.detail = detail.dump(-1, ' ', false, json::error_handler_t::replace);
  return e;
}

}  // namespace

std::string record_target(const json& record) {
  if (!record.is_object()) return {};
  auto it = record.find("id");
  if (it == record.end() || !it->is_string()) return {};
  // Only as much as a real id needs; the rest of an oversized value is not worth keeping.
  return it->get<std::string>().substr(0, 64);
}

Result<json> prepare_record(json record, const model::RecordValidator& validator) {
  if (record.is_object())
    for (const char* field : model::kSystemFields) record.erase(field);
  auto errors = validator.validate(record);
  if (!errors.empty())
    return fail(ErrorCode::validation, "the record does not satisfy the trial schema", std::move(errors));
  return record;
}

Result<Result<WriteResult>> write_one(Connection& conn, Result<json> prepared, const std::string& target,
                                      const WriteContext& ctx) {
  RINSHO_TRY(conn.exec("SAVEPOINT put_trial", "start writing a trial"));
  Result<WriteResult> outcome = tl::unexpected(Error{});
  if (prepared) outcome = apply_record(conn, std::move(*prepared), ctx);
  else outcome = tl::unexpected(std::move(prepared).error());
  // A database failure (a full disk included) fails the whole transaction; anything else rejects
  // this record alone.
  if (!outcome && (outcome.error().code == ErrorCode::io || outcome.error().code == ErrorCode::storage_full))
    return tl::unexpected(outcome.error());
  if (!outcome) RINSHO_TRY(conn.exec("ROLLBACK TO put_trial", "undo a rejected trial write"));
  RINSHO_TRY(conn.exec("RELEASE put_trial", "finish writing a trial"));
  RINSHO_TRY(insert_audit(conn, audit_entry(ctx, target, outcome)));
  return outcome;
}

std::string make_etag(const std::string& id, std::int64_t version) {
  return "\"" + id + "-v" + std::to_string(version) + "\"";
}

}  // namespace rinsho::store::detail
