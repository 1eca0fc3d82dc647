#include "store/store.hpp"

#include <system_error>

#include "store/audit_log.hpp"
#include "store/migrations.hpp"
#include "store/store_impl.hpp"
#include "store/trial_write.hpp"

namespace rinsho::store {
namespace {

using detail::Connection;
using detail::Transaction;

// Idle read connections kept between calls; more than the server's worker threads buys nothing.
constexpr std::size_t kMaxIdleReaders = 16;

Result<std::unique_ptr<Connection>> open_writer(const std::filesystem::path& file, int busy_timeout_ms) {
  auto conn = Connection::open(file, {true, busy_timeout_ms});
  RINSHO_TRY(conn);
  // The first statement that touches the file is where a corrupt or foreign file shows up.
  auto mode = (*conn)->pragma_text("PRAGMA journal_mode=WAL", "switch the database to WAL mode");
  RINSHO_TRY(mode);
  if (*mode != "wal") return fail(ErrorCode::io, "cannot switch " + file.string() + " to WAL mode (got " + *mode + ")");
  RINSHO_TRY(detail::configure_connection(**conn));
  // A registry must not lose what it acknowledged. In WAL mode, synchronous=NORMAL survives a
  // process crash but a power loss can drop the last commits; FULL syncs the WAL at every commit,
  // so a 2xx means the write is on the disk. Only this connection writes, so only it pays.
  RINSHO_TRY((*conn)->exec("PRAGMA synchronous=FULL", "make commits durable"));
  RINSHO_TRY(detail::migrate(**conn));
  return conn;
}

}  // namespace

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

Result<Store> Store::open(const StoreOptions& options) {
  return detail::guarded("open the store", [&]() -> Result<Store> {
    std::error_code ec;
    std::filesystem::create_directories(options.data_dir, ec);
    if (ec) return fail(ErrorCode::io, "cannot create the data directory " + options.data_dir.string() + ": " + ec.message());
    const auto file = options.data_dir / "registry.sqlite3";
    auto writer = open_writer(file, options.busy_timeout_ms);
    if (!writer) {
      Error e = writer.error();
      e.message += " (" + file.string() + ")";
      return tl::unexpected(std::move(e));
    }
    auto validator = model::RecordValidator::builtin();
    RINSHO_TRY(validator);
    detail::ConnectionOptions read_options{false, options.busy_timeout_ms};
    return Store(std::unique_ptr<Impl>(new Impl{
        file, detail::ConnectionPool(file, std::move(*writer), read_options, kMaxIdleReaders), std::move(*validator)}));
  });
}

std::filesystem::path Store::database_file() const { return impl_->file; }

Result<WriteResult> Store::put_trial(nlohmann::json record, const WriteContext& ctx) {
  return detail::guarded("write a trial", [&]() -> Result<WriteResult> {
    const std::string target = detail::record_target(record);
    auto prepared = detail::prepare_record(std::move(record), impl_->validator);
    auto lease = impl_->pool.writer();
    auto txn = Transaction::begin_immediate(lease.conn());
    RINSHO_TRY(txn);
    if (ctx.idempotency) {
      auto earlier = detail::find_idempotent(lease.conn(), ctx.org_id, ctx.idempotency->key);
      RINSHO_TRY(earlier);
      if (*earlier) {
        WriteResult replay;
        replay.earlier = std::move(*earlier);
        return replay;  // the transaction rolls back: nothing was written
      }
    }
    auto outcome = detail::write_one(lease.conn(), std::move(prepared), target, ctx);
    RINSHO_TRY(outcome);
    if (ctx.idempotency && *outcome)
      RINSHO_TRY(detail::insert_idempotent(lease.conn(), ctx.org_id, *ctx.idempotency, **outcome));
    RINSHO_TRY(txn->commit());
    return std::move(*outcome);
  });
}

Result<std::vector<Result<WriteResult>>> Store::put_trials(std::vector<nlohmann::json> records,
                                                          const WriteContext& ctx) {
  using Batch = std::vector<Result<WriteResult>>;
  return detail::guarded("write a batch of trials", [&]() -> Result<Batch> {
    std::vector<std::string> targets;
    std::vector<Result<nlohmann::json>> prepared;
    targets.reserve(records.size());
    prepared.reserve(records.size());
    for (auto& r : records) {
      targets.push_back(detail::record_target(r));
      prepared.push_back(detail::prepare_record(std::move(r), impl_->validator));
    }
    Batch results;
    results.reserve(records.size());
    auto lease = impl_->pool.writer();
    auto txn = Transaction::begin_immediate(lease.conn());
    RINSHO_TRY(txn);
    for (std::size_t i = 0; i < prepared.size(); ++i) {
      auto outcome = detail::write_one(lease.conn(), std::move(prepared[i]), targets[i], ctx);
      RINSHO_TRY(outcome);
      results.push_back(std::move(*outcome));
    }
    RINSHO_TRY(txn->commit());
    return results;
  });
}

Result<std::vector<std::string>> Store::verify_integrity() const {
  using Problems = std::vector<std::string>;
  return detail::guarded("check the database", [&]() -> Result<Problems> {
    auto lease = impl_->pool.reader();
    RINSHO_TRY(lease);
    Problems problems;
    const char* checks[] = {
      "PRAGMA integrity_check",
      "SELECT 'foreign key violation in ' || \"table\" FROM pragma_foreign_key_check",
      "SELECT 'trial ' || t.id || ' v' || t.version || ' (seq ' || t.seq || ') has no matching version row' "
      "FROM trials t LEFT JOIN trial_versions v ON v.id = t.id AND v.version = t.version AND v.seq = t.seq "
      "WHERE v.seq IS NULL",
      "SELECT 'trial ' || t.id || ' is at v' || t.version || ' but v' || MAX(v.version) || ' exists' "
      "FROM trials t JOIN trial_versions v ON v.id = t.id GROUP BY t.id HAVING MAX(v.version) != t.version",
      "SELECT 'versions of ' || v.id || ' exist without a current trial' "
      "FROM trial_versions v LEFT JOIN trials t ON t.id = v.id WHERE t.id IS NULL GROUP BY v.id",
    };
    for (const char* sql : checks) {
      auto stmt = lease->conn().prepare(sql, "check the database");
      RINSHO_TRY(stmt);
      for (;;) {
        auto row = stmt->step();
        RINSHO_TRY(row);
        if (!*row) break;
        if (std::string text = stmt->text(0); text != "ok") problems.push_back(std::move(text));
      }
    }
    return problems;
  });
}

}  // namespace rinsho::store
