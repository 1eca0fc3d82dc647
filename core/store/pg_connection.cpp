#include "store/pg_connection.hpp"

#include <poll.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <optional>
#include <vector>

#include <libpq-fe.h>

namespace rinsho::store::detail {
namespace {

constexpr Oid kInt8Oid = 20;
constexpr Oid kTextOid = 25;

// A transaction-scoped advisory lock every write transaction takes first ("rinsho" in ASCII).
constexpr const char* kBeginWrite = "BEGIN; SELECT pg_advisory_xact_lock(125779216287855)";

// SQLSTATE classes that mean "the database cannot serve this right now", which the server turns
// into 503 with Retry-After, as opposed to a fault in the request or the data.
bool is_transient(std::string_view state) {
  return state.rfind("08", 0) == 0 ||   // connection exception
         state.rfind("57P", 0) == 0 ||  // admin/crash shutdown, cannot connect now
         state.rfind("53", 0) == 0 ||   // insufficient resources (53100, disk full, is handled first)
         state == "40001" || state == "40P01";  // serialization failure, deadlock
}

Error result_error(pg_conn* conn, const PGresult* res, std::string_view op) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string message = res ? PQresultErrorMessage(res) : "";
  if (message.empty()) message = PQerrorMessage(conn);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  const std::string_view sqlstate = state ? state : "";
  ErrorCode code = ErrorCode::io;
  if (sqlstate == "53100") code = ErrorCode::storage_full;
  else if (is_transient(sqlstate) || PQstatus(conn) != CONNECTION_OK) code = ErrorCode::busy;
  std::string text = "cannot " + std::string(op) + ": " + message;
  if (!sqlstate.empty()) text += " (sqlstate " + std::string(sqlstate) + ")";
  return Error{code, std::move(text), {}};
}

}  // namespace

class PgStmt final : public StmtBackend {
 public:
  PgStmt(PgConnection* conn, std::string sql, std::string op) : conn_(conn), sql_(std::move(sql)), op_(std::move(op)) {}
  ~PgStmt() override {
    if (conn_->streaming == this) finish();
    PQclear(row_);
    for (PGresult* r : buffered_) PQclear(r);
  }

  void bind_text(int index, std::string_view text) override { slot(index, std::string(text), kTextOid); }
  void bind_int64(int index, std::int64_t value) override { slot(index, std::to_string(value), kInt8Oid); }
  void bind_null(int index) override { slot(index, std::nullopt, 0); }

  Result<bool> step() override {
    if (!started_) {
      if (auto sent = send(); !sent) return tl::unexpected(sent.error());
    }
    PQclear(row_);
    row_ = nullptr;
    if (!buffered_.empty()) {
      row_ = buffered_.front();
      buffered_.pop_front();
      return true;
    }
    if (done_) {
      if (deferred_) {
        Error e = std::move(*deferred_);
        deferred_.reset();
        return tl::unexpected(std::move(e));
      }
      return false;
    }
    PGresult* r = PQgetResult(conn_->raw());
    if (!r) {
      finish();
      return false;
    }
    switch (PQresultStatus(r)) {
      case PGRES_SINGLE_TUPLE:
        row_ = r;
        return true;
      case PGRES_TUPLES_OK:
      case PGRES_COMMAND_OK:
        conn_->changes_ = std::strtoll(PQcmdTuples(r), nullptr, 10);
        PQclear(r);
        finish();
        return false;
      default: {
        Error e = result_error(conn_->raw(), r, op_);
        PQclear(r);
        finish();
        return tl::unexpected(std::move(e));
      }
    }
  }

  std::int64_t int64(int column) const override {
    return row_ ? std::strtoll(PQgetvalue(row_, 0, column), nullptr, 10) : 0;
  }
  std::string text(int column) const override {
    if (!row_ || PQgetisnull(row_, 0, column)) return {};
    return std::string(PQgetvalue(row_, 0, column), static_cast<std::size_t>(PQgetlength(row_, 0, column)));
  }
  bool is_null(int column) const override { return !row_ || PQgetisnull(row_, 0, column); }

  // Another statement needs the connection: keep the rest of this one's rows in memory.
  void buffer_rest() {
    while (PGresult* r = PQgetResult(conn_->raw())) {
      const auto status = PQresultStatus(r);
      if (status == PGRES_SINGLE_TUPLE) {
        buffered_.push_back(r);
        continue;
      }
      if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK)
        conn_->changes_ = std::strtoll(PQcmdTuples(r), nullptr, 10);
      else if (!deferred_)
        deferred_ = result_error(conn_->raw(), r, op_);
      PQclear(r);
    }
    done_ = true;
    conn_->streaming = nullptr;
  }

 private:
  void slot(int index, std::optional<std::string> value, Oid type) {
    if (index < 1) return;
    const auto i = static_cast<std::size_t>(index - 1);
    if (values_.size() <= i) {
      values_.resize(i + 1);
      types_.resize(i + 1, 0);
    }
    values_[i] = std::move(value);
    types_[i] = type;
  }

  Result<void> send() {
    started_ = true;
    if (conn_->streaming) conn_->streaming->buffer_rest();
    std::vector<const char*> values;
    values.reserve(values_.size());
    for (const auto& v : values_) values.push_back(v ? v->c_str() : nullptr);
    const int sent = PQsendQueryParams(conn_->raw(), sql_.c_str(), static_cast<int>(values.size()), types_.data(),
                                       values.data(), nullptr, nullptr, 0);
    if (!sent) {
      done_ = true;
      return tl::unexpected(result_error(conn_->raw(), nullptr, op_));
    }
    PQsetSingleRowMode(conn_->raw());
    conn_->streaming = this;
    return {};
  }

  // Reads what is left of this statement's results, so the connection is free for the next one.
  void finish() {
    while (PGresult* r = PQgetResult(conn_->raw())) PQclear(r);
    done_ = true;
    if (conn_->streaming == this) conn_->streaming = nullptr;
  }

  PgConnection* conn_;
  std::string sql_, op_;
  std::vector<std::optional<std::string>> values_;
  std::vector<Oid> types_;
  PGresult* row_ = nullptr;
  std::deque<PGresult*> buffered_;
  std::optional<Error> deferred_;
  bool started_ = false, done_ = false;
};

std::string to_pg_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  char quote = 0;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (quote) {
      if (c == quote) quote = 0;  // a doubled quote closes and reopens: same result
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '?' && i + 1 < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i + 1]))) {
      out += '$';
      continue;
    }
    out += c;
  }
  return out;
}

Result<std::unique_ptr<PgConnection>> PgConnection::open(const std::string& url) {
  // Defaults first: the URL's own settings, expanded from "dbname", override them. Keepalives and
  // tcp_user_timeout make a silently dead network an error within seconds instead of a hang.
  const char* keys[] = {"connect_timeout", "application_name", "keepalives_idle", "keepalives_interval",
                        "keepalives_count", "tcp_user_timeout", "dbname", nullptr};
  const char* values[] = {"5", "rinsho", "10", "5", "3", "15000", url.c_str(), nullptr};
  pg_conn* conn = PQconnectdbParams(keys, values, 1);
  if (!conn) return fail(ErrorCode::internal, "cannot connect to PostgreSQL: out of memory");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    PQfinish(conn);
    return fail(ErrorCode::busy, "cannot connect to PostgreSQL: " + message);
  }
  PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);  // "already exists, skipping" and the like
  const char* encoding = PQparameterStatus(conn, "server_encoding");
  if (!encoding || std::strcmp(encoding, "UTF8") != 0) {
    PQfinish(conn);
    return fail(ErrorCode::io, std::string("the PostgreSQL database must use the UTF8 encoding, not ") +
                                   (encoding ? encoding : "an unknown one"));
  }
  if (PQsetClientEncoding(conn, "UTF8") != 0) {
    PQfinish(conn);
    return fail(ErrorCode::io, "cannot set the PostgreSQL client encoding to UTF8");
  }
  return std::unique_ptr<PgConnection>(new PgConnection(conn));
}

PgConnection::~PgConnection() { PQfinish(conn_); }

bool PgConnection::usable() const { return PQstatus(conn_) == CONNECTION_OK; }

Error PgConnection::error(std::string_view op, const char* message) const {
  return Error{usable() ? ErrorCode::io : ErrorCode::busy, "cannot " + std::string(op) + ": " + message, {}};
}

Result<void> PgConnection::exec(const char* sql, std::string_view op) {
  if (streaming) streaming->buffer_rest();
  PGresult* res = PQexec(conn_, sql);
  const auto status = PQresultStatus(res);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    Error e = result_error(conn_, res, op);
    PQclear(res);
    return tl::unexpected(std::move(e));
  }
  // COMMIT of a transaction that already failed answers "ROLLBACK" instead of an error.
  const bool rolled_back = std::strcmp(sql, "COMMIT") == 0 && std::strcmp(PQcmdStatus(res), "ROLLBACK") == 0;
  PQclear(res);
  if (rolled_back) return tl::unexpected(error(op, "the transaction had failed and was rolled back"));
  return {};
}

Result<Stmt> PgConnection::prepare(const char* sql, std::string_view op) {
  if (!usable()) return tl::unexpected(error(op, "the connection to PostgreSQL was lost"));
  return Stmt(std::make_unique<PgStmt>(this, to_pg_placeholders(sql), std::string(op)), std::string(op));
}

Result<void> PgConnection::begin_write() { return exec(kBeginWrite, "begin a write transaction"); }

Result<void> PgConnection::notify_changes() {
  static const std::string sql = std::string("NOTIFY ") + kChangeChannel;
  return exec(sql.c_str(), "announce a change");
}

Result<void> PgConnection::listen() {
  static const std::string sql = std::string("LISTEN ") + kChangeChannel;
  return exec(sql.c_str(), "listen for changes");
}

Result<bool> PgConnection::wait_for_notification(std::chrono::milliseconds timeout) {
  auto take = [this] {
    bool any = false;
    while (PGnotify* n = PQnotifies(conn_)) {
      any = true;
      PQfreemem(n);
    }
    return any;
  };
  if (take()) return true;
  pollfd fd{PQsocket(conn_), POLLIN, 0};
  if (fd.fd < 0) return tl::unexpected(error("wait for changes", "the connection to PostgreSQL was lost"));
  const int ready = ::poll(&fd, 1, static_cast<int>(timeout.count()));
  if (ready <= 0) return false;
  if (!PQconsumeInput(conn_)) return tl::unexpected(error("wait for changes", PQerrorMessage(conn_)));
  return take();
}

}  // namespace rinsho::store::detail
