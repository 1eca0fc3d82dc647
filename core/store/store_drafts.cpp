// Drafts of the researcher portal's guided form (trial_drafts, migration 5). Every statement
// carries the organisation in its WHERE clause, so a draft id guessed or copied from another
// organisation reads, saves and deletes nothing: the caller cannot forget the check.
#include "store/clock.hpp"
#include "store/secrets.hpp"
#include "store/store_impl.hpp"
#include "store/trial_draft.hpp"

namespace rinsho::store {
namespace {

using detail::Stmt;

constexpr const char* kDraftColumns =
    "SELECT id, org_id, created_by, updated_by, trial_id, base_version, record, step, created_at, updated_at "
    "FROM trial_drafts";

Result<TrialDraft> draft_from_row(const Stmt& s) {
  TrialDraft d;
  d.id = s.text(0);
  d.org_id = s.text(1);
  d.created_by = s.text(2);
  d.updated_by = s.text(3);
  if (!s.is_null(4)) d.trial_id = s.text(4);
  d.base_version = s.is_null(5) ? 0 : s.int64(5);
  d.record = nlohmann::json::parse(s.text(6), nullptr, false);
  if (d.record.is_discarded()) return fail(ErrorCode::io, "draft " + d.id + " holds no JSON");
  d.step = static_cast<int>(s.int64(7));
  d.created_at = s.text(8);
  d.updated_at = s.text(9);
  return d;
}

std::string dump(const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

}  // namespace

Result<TrialDraft> Store::create_draft(const TrialDraft& draft) {
  return detail::guarded("create a draft", [&]() -> Result<TrialDraft> {
    auto random = detail::random_hex(8);
    RINSHO_TRY(random);
    TrialDraft d = draft;
    d.id = "drf_" + *random;
    d.updated_by = d.created_by;
    d.created_at = d.updated_at = detail::now_rfc3339();
    auto lease = impl_->pool.writer();
    // The person must belong to the organisation: a draft is never made for another one.
    auto stmt = lease.conn().prepare(
        "INSERT INTO trial_drafts(id, org_id, created_by, updated_by, trial_id, base_version, record, step, created_at, updated_at) "
        // The casts give PostgreSQL a type for parameters bound as NULL (SQLite ignores them).
        "SELECT ?1, org_id, id, id, CAST(?4 AS TEXT), CAST(?5 AS BIGINT), ?6, ?7, ?8, ?8 FROM people WHERE id = ?3 AND org_id = ?2",
        "create a draft");
    RINSHO_TRY(stmt);
    stmt->bind(1, d.id).bind(2, d.org_id).bind(3, d.created_by);
    if (d.trial_id) stmt->bind(4, *d.trial_id).bind(5, d.base_version);
    else stmt->bind_null(4).bind_null(5);
    stmt->bind(6, dump(d.record)).bind(7, std::int64_t{d.step}).bind(8, d.created_at);
    RINSHO_TRY(stmt->run());
    if (lease.conn().changes() == 0)
      return fail(ErrorCode::not_found, "no person " + d.created_by + " in organisation " + d.org_id);
    return d;
  });
}

Result<std::optional<TrialDraft>> Store::find_draft(std::string_view org_id, std::string_view draft_id) const {
  using Out = std::optional<TrialDraft>;
  return detail::guarded("read a draft", [&]() -> Result<Out> {
    auto lease = impl_->pool.reader();
    RINSHO_TRY(lease);
    static const std::string sql = std::string(kDraftColumns) + " WHERE id = ?1 AND org_id = ?2";
    auto stmt = lease->conn().prepare(sql.c_str(), "read a draft");
    RINSHO_TRY(stmt);
    stmt->bind(1, draft_id).bind(2, org_id);
    auto row = stmt->step();
    RINSHO_TRY(row);
    if (!*row) return Out();
    auto d = draft_from_row(*stmt);
    RINSHO_TRY(d);
    return Out(std::move(*d));
  });
}

Result<std::vector<TrialDraft>> Store::list_drafts(std::string_view org_id) const {
  return detail::guarded("list drafts", [&]() -> Result<std::vector<TrialDraft>> {
    auto lease = impl_->pool.reader();
    RINSHO_TRY(lease);
    static const std::string sql = std::string(kDraftColumns) + " WHERE org_id = ?1 ORDER BY updated_at DESC, id";
    auto stmt = lease->conn().prepare(sql.c_str(), "list drafts");
    RINSHO_TRY(stmt);
    stmt->bind(1, org_id);
    std::vector<TrialDraft> out;
    for (;;) {
      auto row = stmt->step();
      RINSHO_TRY(row);
      if (!*row) return out;
      auto d = draft_from_row(*stmt);
      RINSHO_TRY(d);
      out.push_back(std::move(*d));
    }
  });
}

Result<bool> Store::save_draft(const TrialDraft& draft) {
  return detail::guarded("save a draft", [&]() -> Result<bool> {
    auto lease = impl_->pool.writer();
    // updated_by must be a person of the draft's organisation, like the creator.
    auto stmt = lease.conn().prepare(
        "UPDATE trial_drafts SET record = ?3, step = ?4, updated_by = ?5, updated_at = ?6 "
        "WHERE id = ?1 AND org_id = ?2 AND EXISTS (SELECT 1 FROM people WHERE id = ?5 AND org_id = ?2)",
        "save a draft");
    RINSHO_TRY(stmt);
    stmt->bind(1, draft.id).bind(2, draft.org_id).bind(3, dump(draft.record)).bind(4, std::int64_t{draft.step});
    stmt->bind(5, draft.updated_by).bind(6, detail::now_rfc3339());
    RINSHO_TRY(stmt->run());
    return lease.conn().changes() > 0;
  });
}

Result<bool> Store::delete_draft(std::string_view org_id, std::string_view draft_id) {
  return detail::guarded("delete a draft", [&]() -> Result<bool> {
    auto lease = impl_->pool.writer();
    auto stmt = lease.conn().prepare("DELETE FROM trial_drafts WHERE id = ?1 AND org_id = ?2", "delete a draft");
    RINSHO_TRY(stmt);
    stmt->bind(1, draft_id).bind(2, org_id);
    RINSHO_TRY(stmt->run());
    return lease.conn().changes() > 0;
  });
}

}  // namespace rinsho::store
