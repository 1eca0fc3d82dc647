// Access metrics: daily counts added by the server's flusher and the aggregates /stats shows.
// Every query sums in SQL, so a report reads a few hundred rows whatever the traffic was.
#include "store/store_impl.hpp"

namespace rinsho::store {
namespace {

using detail::Stmt;

template <class Row, class Bind>
Result<void> upsert_all(detail::Connection& conn, const char* sql, const std::vector<Row>& rows, Bind bind) {
  for (const auto& row : rows) {
    if (row.count < 0) return fail(ErrorCode::invalid_argument, "an access count cannot be negative");
    // One Stmt per row: the connection caches the prepared statement, and ending the Stmt resets it
    // so the next row can bind again.
    auto stmt = conn.prepare(sql, "add access counts");
    RINSHO_TRY(stmt);
    bind(*stmt, row);
    RINSHO_TRY(stmt->run());
  }
  return {};
}

template <class Out, class Read>
Result<std::vector<Out>> collect(Stmt& stmt, Read read) {
  std::vector<Out> out;
  for (;;) {
    auto row = stmt.step();
    RINSHO_TRY(row);
    if (!*row) return out;
    out.push_back(read(stmt));
  }
}

}  // namespace

Result<void> Store::add_access_counts(const AccessBatch& batch) {
  return detail::guarded("add access counts", [&]() -> Result<void> {
    if (batch.empty()) return {};
    auto lease = impl_->pool.writer();
    auto& conn = lease.conn();
    auto txn = detail::Transaction::begin_immediate(conn);
    RINSHO_TRY(txn);
    RINSHO_TRY(upsert_all(conn,
        "INSERT INTO access_daily(day, audience, kind, channel, device, lang, count) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
        "ON CONFLICT(day, audience, kind, channel, device, lang) DO UPDATE SET count = access_daily.count + excluded.count",
        batch.cells, [](Stmt& s, const AccessCell& c) {
          s.bind(1, c.day).bind(2, c.audience).bind(3, c.kind).bind(4, c.channel).bind(5, c.device).bind(6, c.lang);
          s.bind(7, c.count);
        }));
    RINSHO_TRY(upsert_all(conn,
        "INSERT INTO access_trial_daily(day, trial_id, audience, count) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT(day, trial_id, audience) DO UPDATE SET count = access_trial_daily.count + excluded.count",
        batch.trials, [](Stmt& s, const TrialViewCount& c) {
          s.bind(1, c.day).bind(2, c.trial_id).bind(3, c.audience).bind(4, c.count);
        }));
    RINSHO_TRY(upsert_all(conn,
        "INSERT INTO access_org_daily(day, org_id, kind, count) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT(day, org_id, kind) DO UPDATE SET count = access_org_daily.count + excluded.count",
        batch.orgs, [](Stmt& s, const OrgAccessCount& c) {
          s.bind(1, c.day).bind(2, c.org_id).bind(3, c.kind).bind(4, c.count);
        }));
    RINSHO_TRY(upsert_all(conn,
        "INSERT INTO search_concept_daily(day, concept_id, count) VALUES (?1, ?2, ?3) "
        "ON CONFLICT(day, concept_id) DO UPDATE SET count = search_concept_daily.count + excluded.count",
        batch.concepts, [](Stmt& s, const ConceptSearchCount& c) {
          s.bind(1, c.day).bind(2, c.concept_id).bind(3, c.count);
        }));
    return txn->commit();
  });
}

Result<std::vector<DailyAudienceCount>> Store::daily_access(std::string_view from, std::string_view to) const {
  return detail::guarded("read daily accesses", [&]() -> Result<std::vector<DailyAudienceCount>> {
    auto lease = impl_->pool.reader();
    RINSHO_TRY(lease);
    auto stmt = lease->conn().prepare(
        "SELECT day, audience, SUM(count) FROM access_daily WHERE day BETWEEN ?1 AND ?2 "
        "GROUP BY day, audience ORDER BY day, audience",
        "read daily accesses");
    RINSHO_TRY(stmt);
    stmt->bind(1, from).bind(2, to);
    return collect<DailyAudienceCount>(*stmt, [](const Stmt& s) {
      return DailyAudienceCount{s.text(0), s.text(1), s.int64(2)};
    });
  });
}

Result<std::vector<AccessCell>> Store::access_breakdown(std::string_view from, std::string_view to) const {
  return detail::guarded("read the access breakdown", [&]() -> Result<std::vector<AccessCell>> {
    auto lease = impl_->pool.reader();
    RINSHO_TRY(lease);
    auto stmt = lease->conn().prepare(
        "SELECT audience, kind, channel, device, lang, SUM(count) FROM access_daily WHERE day BETWEEN ?1 AND ?2 "
        "GROUP BY audience, kind, channel, device, lang",
        "read the access breakdown");
    RINSHO_TRY(stmt);
    stmt->bind(1, from).bind(2, to);
    return collect<AccessCell>(*stmt, [](const Stmt& s) {
      return AccessCell{"", s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), s.int64(5)};
    });
  });
}

Result<std::optional<std::string>> Store::first_access_day() const {
  using Out = std::optional<std::string>;
  return detail::guarded("read the first access day", [&]() -> Result<Out> {
    auto lease = impl_->pool.reader();
    RINSHO_TRY(lease);
    auto stmt = lease->conn().prepare("SELECT MIN(day) FROM access_daily", "read the first access day");
    RINSHO_TRY(stmt);
    auto row = stmt->step();
    RINSHO_TRY(row);
    if (!*row || stmt->is_null(0)) return Out();
    return Out(stmt->text(0));
  });
}

Result<std::vector<ConceptSearchCount>> Store::top_search_concepts(std::string_view from, std::string_view to,
                                                                   std::int64_t min_count, std::size_t limit) const {
  return detail::guarded("read the most searched concepts", [&]() -> Result<std::vector<ConceptSearchCount>> {
    auto lease = impl_->pool.reader();
    RINSHO_TRY(lease);
    auto stmt = lease->conn().prepare(
        "SELECT concept_id, SUM(count) AS n FROM search_concept_daily WHERE day BETWEEN ?1 AND ?2 "
        "GROUP BY concept_id HAVING SUM(count) >= ?3 ORDER BY n DESC, concept_id LIMIT ?4",
        "read the most searched concepts");
    RINSHO_TRY(stmt);
    stmt->bind(1, from).bind(2, to).bind(3, min_count).bind(4, static_cast<std::int64_t>(limit));
    return collect<ConceptSearchCount>(*stmt, [](const Stmt& s) {
      return ConceptSearchCount{"", s.text(0), s.int64(1)};
    });
  });
}

Result<std::vector<TrialViews>> Store::trial_views_for_org(std::string_view org_id, std::string_view from,
                                                           std::string_view to) const {
  return detail::guarded("read trial views", [&]() -> Result<std::vector<TrialViews>> {
    auto lease = impl_->pool.reader();
    RINSHO_TRY(lease);
    auto stmt = lease->conn().prepare(
        "SELECT t.id, "
        "  COALESCE(SUM(CASE WHEN v.audience = 'person' THEN v.count END), 0), "
        "  COALESCE(SUM(CASE WHEN v.audience = 'program' THEN v.count END), 0), "
        "  COALESCE(SUM(CASE WHEN v.audience = 'bot' THEN v.count END), 0) "
        "FROM trials t LEFT JOIN access_trial_daily v ON v.trial_id = t.id AND v.day BETWEEN ?2 AND ?3 "
        "WHERE t.owner_org = ?1 GROUP BY t.id ORDER BY t.id",
        "read trial views");
    RINSHO_TRY(stmt);
    stmt->bind(1, org_id).bind(2, from).bind(3, to);
    return collect<TrialViews>(*stmt, [](const Stmt& s) {
      return TrialViews{s.text(0), s.int64(1), s.int64(2), s.int64(3)};
    });
  });
}

Result<std::vector<OrgAccessCount>> Store::org_access(std::string_view org_id, std::string_view from,
                                                      std::string_view to) const {
  return detail::guarded("read an organisation's reads", [&]() -> Result<std::vector<OrgAccessCount>> {
    auto lease = impl_->pool.reader();
    RINSHO_TRY(lease);
    auto stmt = lease->conn().prepare(
        "SELECT kind, SUM(count) FROM access_org_daily WHERE org_id = ?1 AND day BETWEEN ?2 AND ?3 "
        "GROUP BY kind ORDER BY kind",
        "read an organisation's reads");
    RINSHO_TRY(stmt);
    stmt->bind(1, org_id).bind(2, from).bind(3, to);
    const std::string org(org_id);
    return collect<OrgAccessCount>(*stmt, [&](const Stmt& s) { return OrgAccessCount{"", org, s.text(0), s.int64(1)}; });
  });
}

Result<std::int64_t> Store::org_access_total(std::string_view from, std::string_view to) const {
  return detail::guarded("read token reads", [&]() -> Result<std::int64_t> {
    auto lease = impl_->pool.reader();
    RINSHO_TRY(lease);
    auto stmt = lease->conn().prepare(
        "SELECT COALESCE(SUM(count), 0) FROM access_org_daily WHERE day BETWEEN ?1 AND ?2", "read token reads");
    RINSHO_TRY(stmt);
    stmt->bind(1, from).bind(2, to);
    auto row = stmt->step();
    RINSHO_TRY(row);
    return stmt->int64(0);
  });
}

Result<std::vector<MonthlyActivity>> Store::monthly_activity(std::size_t months) const {
  return detail::guarded("read registrations by month", [&]() -> Result<std::vector<MonthlyActivity>> {
    auto lease = impl_->pool.reader();
    RINSHO_TRY(lease);
    // created_at is UTC ("...Z"); the month is Japan time, like the access buckets.
    auto stmt = lease->conn().prepare(
        lease->conn().dialect() == detail::Dialect::postgres
            ? "SELECT * FROM (SELECT to_char((created_at::timestamptz AT TIME ZONE 'UTC') + interval '9 hours', "
              "'YYYY-MM') AS month, SUM(CASE WHEN version = 1 THEN 1 ELSE 0 END), "
              "SUM(CASE WHEN version > 1 THEN 1 ELSE 0 END) FROM trial_versions GROUP BY month "
              "ORDER BY month DESC LIMIT ?1) AS m ORDER BY month"
            : "SELECT * FROM (SELECT strftime('%Y-%m', created_at, '+9 hours') AS month, "
              "  SUM(version = 1), SUM(version > 1) FROM trial_versions GROUP BY month ORDER BY month DESC LIMIT ?1) "
              "ORDER BY month",
        "read registrations by month");
    RINSHO_TRY(stmt);
    stmt->bind(1, static_cast<std::int64_t>(months));
    return collect<MonthlyActivity>(*stmt, [](const Stmt& s) {
      return MonthlyActivity{s.text(0), s.int64(1), s.int64(2)};
    });
  });
}

Result<std::vector<std::pair<std::string, std::int64_t>>> Store::count_trials_by_status() const {
  using Out = std::vector<std::pair<std::string, std::int64_t>>;
  return detail::guarded("count trials by status", [&]() -> Result<Out> {
    auto lease = impl_->pool.reader();
    RINSHO_TRY(lease);
    auto stmt = lease->conn().prepare("SELECT status, COUNT(*) FROM trials GROUP BY status ORDER BY status",
                                      "count trials by status");
    RINSHO_TRY(stmt);
    return collect<std::pair<std::string, std::int64_t>>(*stmt, [](const Stmt& s) {
      return std::make_pair(s.text(0), s.int64(1));
    });
  });
}

}  // namespace rinsho::store
