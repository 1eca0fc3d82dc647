// Bridging: finding the trial another registry's record belongs to, the per-source snapshots a
// trial's record is recomputed from, and the batch write that saves both together.
#include <algorithm>

#include "store/store_impl.hpp"
#include "store/trial_write.hpp"

namespace rinsho::store {
namespace {

using nlohmann::json;

Result<void> save_snapshot(detail::Connection& conn, const std::string& trial_id, const SourceSnapshot& s) {
  std::string text;
  try {
    text = s.record.dump();
  } catch (const json::type_error&) {
    return fail(ErrorCode::invalid_json, "the imported record contains text that is not valid UTF-8");
  }
  // A source id belongs to one trial: saving it under another moves it there.
  auto stmt = conn.prepare(
      "INSERT INTO trial_sources(source_key, trial_id, registry, source_id, url, record, imported_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(source_key) DO UPDATE SET trial_id = excluded.trial_id, "
      "registry = excluded.registry, source_id = excluded.source_id, url = excluded.url, "
      "record = excluded.record, imported_at = excluded.imported_at",
      "save an imported record");
  RINSHO_TRY(stmt);
  stmt->bind(1, s.key).bind(2, trial_id).bind(3, s.registry).bind(4, s.id).bind_or_null(5, s.url);
  stmt->bind(6, text).bind(7, s.imported_at);
  return stmt->run();
}

}  // namespace

Result<std::vector<std::string>> Store::find_trials_by_registry_keys(const std::vector<std::string>& keys) const {
  using Ids = std::vector<std::string>;
  return detail::guarded("find trials by registry id", [&]() -> Result<Ids> {
    Ids out;
    if (keys.empty()) return out;
    auto lease = impl_->pool.reader();
    RINSHO_TRY(lease);
    for (const auto& key : keys) {
      auto stmt = lease->conn().prepare("SELECT trial_id FROM trial_registry_ids WHERE key = ?1",
                                        "find trials by registry id");
      RINSHO_TRY(stmt);
      stmt->bind(1, key);
      for (;;) {
        auto row = stmt->step();
        RINSHO_TRY(row);
        if (!*row) break;
        out.push_back(stmt->text(0));
      }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  });
}

Result<std::vector<SourceSnapshot>> Store::source_snapshots(std::string_view trial_id) const {
  using Out = std::vector<SourceSnapshot>;
  return detail::guarded("read a trial's imported records", [&]() -> Result<Out> {
    auto lease = impl_->pool.reader();
    RINSHO_TRY(lease);
    auto stmt = lease->conn().prepare(
        "SELECT source_key, registry, source_id, url, imported_at, record FROM trial_sources WHERE trial_id = ?1 "
        "ORDER BY source_key",
        "read a trial's imported records");
    RINSHO_TRY(stmt);
    stmt->bind(1, trial_id);
    Out out;
    for (;;) {
      auto row = stmt->step();
      RINSHO_TRY(row);
      if (!*row) return out;
      SourceSnapshot s{stmt->text(0), stmt->text(1), stmt->text(2), stmt->text(3), stmt->text(4), nullptr};
      s.record = json::parse(stmt->text(5), nullptr, false);
      if (s.record.is_discarded())
        return fail(ErrorCode::io, "the stored import of " + s.id + " is not valid JSON");
      out.push_back(std::move(s));
    }
  });
}

Result<bool> Store::has_registrant_version(std::string_view trial_id) const {
  return detail::guarded("read a trial's history", [&]() -> Result<bool> {
    auto lease = impl_->pool.reader();
    RINSHO_TRY(lease);
    auto stmt = lease->conn().prepare(
        "SELECT 1 FROM trial_versions WHERE id = ?1 AND source <> 'import' LIMIT 1", "read a trial's history");
    RINSHO_TRY(stmt);
    stmt->bind(1, trial_id);
    auto row = stmt->step();
    RINSHO_TRY(row);
    const bool found = *row;
    while (*row) {  // finish the statement before the connection goes back to the pool
      row = stmt->step();
      RINSHO_TRY(row);
    }
    return found;
  });
}

Result<std::vector<Result<WriteResult>>> Store::put_imported(std::vector<ImportWrite> writes, const WriteContext& ctx) {
  using Batch = std::vector<Result<WriteResult>>;
  return detail::guarded("write a batch of imported trials", [&]() -> Result<Batch> {
    std::vector<std::string> targets;
    std::vector<Result<json>> prepared;
    targets.reserve(writes.size());
    prepared.reserve(writes.size());
    for (auto& w : writes) {
      targets.push_back(detail::record_target(w.record));
      prepared.push_back(detail::prepare_record(std::move(w.record), impl_->validator));
    }
    Batch results;
    results.reserve(writes.size());
    auto lease = impl_->pool.writer();
    auto txn = detail::Transaction::begin_immediate(lease.conn());
    RINSHO_TRY(txn);
    for (std::size_t i = 0; i < prepared.size(); ++i) {
      WriteContext one = ctx;
      one.note = writes[i].note;
      one.expected_version = writes[i].expected_version;
      auto outcome = detail::write_one(lease.conn(), std::move(prepared[i]), targets[i], one);
      RINSHO_TRY(outcome);
      if (*outcome && writes[i].snapshot) RINSHO_TRY(save_snapshot(lease.conn(), (*outcome)->id, *writes[i].snapshot));
      results.push_back(std::move(*outcome));
    }
    RINSHO_TRY(lease.conn().notify_changes());
    RINSHO_TRY(txn->commit());
    return results;
  });
}

}  // namespace rinsho::store
