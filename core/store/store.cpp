#include "store/store.hpp"

#include <system_error>

#include "store/audit_log.hpp"
#include "store/migrations.hpp"
#include "store/raw_connection.hpp"
#include "store/sqlite_connection.hpp"
#include "store/store_impl.hpp"
#include "store/trial_write.hpp"

namespace rinsho::store {
namespace {

using detail::Connection;
using detail::PgConnection;
using detail::SqliteConnection;
using detail::Transaction;

// Idle read connections kept between calls; more than the server's worker threads buys nothing.
constexpr std::size_t kMaxIdleReaders = 16;

Result<std::unique_ptr<SqliteConnection>> open_sqlite_writer(const std::filesystem::path& file, int busy_timeout_ms) {
  auto conn = SqliteConnection::open(file, {true, busy_timeout_ms});
  RINSHO_TRY(conn);
  // The first statement that touches the file is where a corrupt or foreign file shows up.
  auto mode = (*conn)->pragma_text("PRAGMA journal_mode=WAL", "switch the database to WAL mode");
  RINSHO_TRY(mode);
  if (*mode != "wal") return fail(ErrorCode::io, "cannot switch " + file.string() + " to WAL mode (got " + *mode + ")");
  RINSHO_TRY(detail::configure_sqlite_connection(**conn));
  // A registry must not lose what it acknowledged. In WAL mode, synchronous=NORMAL survives a
  // process crash but a power loss can drop the last commits; FULL syncs the WAL at every commit,
  // so a 2xx means the write is on the disk. Only this connection writes, so only it pays.
  RINSHO_TRY((*conn)->exec("PRAGMA synchronous=FULL", "make commits durable"));
  RINSHO_TRY(detail::migrate(**conn));
  return conn;
}

std::filesystem::path sqlite_file(const std::filesystem::path& data_dir) { return data_dir / "registry.sqlite3"; }

Result<std::unique_ptr<Connection>> open_pg(const std::string& url) {
  auto conn = PgConnection::open(url);
  RINSHO_TRY(conn);
  return std::unique_ptr<Connection>(std::move(*conn));
}

// What a ConnectionPool is made of (the pool itself holds mutexes and cannot move).
struct PoolParts {
  std::unique_ptr<Connection> writer;
  detail::ConnectionOpener open_reader, reopen_writer;
};

Result<PoolParts> open_sqlite(const StoreOptions& options, const std::filesystem::path& file) {
  std::error_code ec;
  std::filesystem::create_directories(options.data_dir, ec);
  if (ec) return fail(ErrorCode::io, "cannot create the data directory " + options.data_dir.string() + ": " + ec.message());
  auto writer = open_sqlite_writer(file, options.busy_timeout_ms);
  if (!writer) {
    Error e = writer.error();
    e.message += " (" + file.string() + ")";
    return tl::unexpected(std::move(e));
  }
  const detail::ConnectionOptions read_options{false, options.busy_timeout_ms};
  auto open_reader = [file, read_options]() -> Result<std::unique_ptr<Connection>> {
    auto conn = SqliteConnection::open(file, read_options);
    RINSHO_TRY(conn);
    RINSHO_TRY(detail::configure_sqlite_connection(**conn));
    return std::unique_ptr<Connection>(std::move(*conn));
  };
  return PoolParts{std::move(*writer), open_reader, nullptr};
}

Result<PoolParts> open_postgres(const std::string& url) {
  auto open = [url] { return open_pg(url); };
  auto writer = open();
  RINSHO_TRY(writer);
  RINSHO_TRY(detail::migrate(**writer));
  return PoolParts{std::move(*writer), open, open};
}

}  // namespace

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

Result<std::string> database_backend(std::string_view url) {
  if (url.empty()) return std::string("sqlite");
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) return std::string("postgresql");
  return fail(ErrorCode::invalid_argument,
              "--database must be a postgresql:// URL (or absent, for SQLite in --data-dir); got \"" +
                  std::string(url.substr(0, 80)) + "\"");
}

Result<std::unique_ptr<Connection>> detail::open_raw_connection(const StoreOptions& options) {
  auto backend = database_backend(options.database_url);
  RINSHO_TRY(backend);
  if (*backend == "postgresql") return open_pg(options.database_url);
  auto conn = SqliteConnection::open(sqlite_file(options.data_dir), {});
  RINSHO_TRY(conn);
  return std::unique_ptr<Connection>(std::move(*conn));
}

Result<Store> Store::open(const StoreOptions& options) {
  return detail::guarded("open the store", [&]() -> Result<Store> {
    auto backend = database_backend(options.database_url);
    RINSHO_TRY(backend);
    const bool postgres = *backend == "postgresql";
    const auto file = postgres ? std::filesystem::path() : sqlite_file(options.data_dir);
    auto parts = postgres ? open_postgres(options.database_url) : open_sqlite(options, file);
    RINSHO_TRY(parts);
    auto validator = model::RecordValidator::builtin();
    RINSHO_TRY(validator);
    return Store(std::unique_ptr<Impl>(new Impl{
        file, postgres ? options.database_url : std::string(),
        detail::ConnectionPool(std::move(parts->writer), std::move(parts->open_reader), std::move(parts->reopen_writer),
                               kMaxIdleReaders),
        std::move(*validator), {}, nullptr}));
  });
}

std::filesystem::path Store::database_file() const { return impl_->file; }

std::string Store::backend() const {
  return impl_->pool.dialect() == detail::Dialect::postgres ? "postgresql" : "sqlite";
}

Result<void> Store::ping() const {
  return detail::guarded("reach the database", [&]() -> Result<void> {
    auto lease = impl_->pool.reader();
    RINSHO_TRY(lease);
    auto stmt = lease->conn().prepare("SELECT 1", "reach the database");
    RINSHO_TRY(stmt);
    auto row = stmt->step();
    RINSHO_TRY(row);
    return {};
  });
}

bool Store::announces_changes() const { return impl_->pool.dialect() == detail::Dialect::postgres; }

Result<bool> Store::wait_for_change(std::chrono::milliseconds timeout) const {
  return detail::guarded("wait for changes", [&]() -> Result<bool> {
    if (!announces_changes()) return false;
    std::lock_guard lock(impl_->listen_mutex);
    if (!impl_->listener || !impl_->listener->usable()) {
      impl_->listener.reset();
      auto conn = PgConnection::open(impl_->url);
      RINSHO_TRY(conn);
      RINSHO_TRY((*conn)->listen());
      impl_->listener = std::move(*conn);
      // Writes may have happened while nobody listened: the caller must look, as after a wake-up.
      return true;
    }
    return impl_->listener->wait_for_notification(timeout);
  });
}

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
    if (*outcome && !(*outcome)->unchanged) RINSHO_TRY(lease.conn().notify_changes());
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
    RINSHO_TRY(lease.conn().notify_changes());
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
    // SQLite checks its pages and foreign keys on request; PostgreSQL enforces foreign keys always
    // and checks pages as it reads them, so there the store's own invariants are what is left.
    const bool sqlite = lease->conn().dialect() == detail::Dialect::sqlite;
    const char* checks[] = {
      sqlite ? "PRAGMA integrity_check" : "SELECT 'ok'",
      sqlite ? "SELECT 'foreign key violation in ' || \"table\" FROM pragma_foreign_key_check" : "SELECT 'ok'",
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
