#pragma once
// Internal: the SQLite back end of db_connection.hpp, a thin RAII layer over one sqlite3
// connection with a cache of prepared statements.
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/db_connection.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace rinsho::store::detail {

struct ConnectionOptions {
  bool create = false;
  int busy_timeout_ms = 5000;
};

class SqliteConnection final : public Connection {
 public:
  static Result<std::unique_ptr<SqliteConnection>> open(const std::filesystem::path& file,
                                                        const ConnectionOptions& options);
  ~SqliteConnection() override;

  Dialect dialect() const override { return Dialect::sqlite; }
  Result<void> exec(const char* sql, std::string_view op) override;
  Result<Stmt> prepare(const char* sql, std::string_view op) override;
  std::int64_t changes() const override;
  // BEGIN IMMEDIATE takes the write lock up front, so two writers (threads or processes) queue on
  // busy_timeout instead of failing later with SQLITE_BUSY on lock upgrade.
  Result<void> begin_write() override { return exec("BEGIN IMMEDIATE", "begin a write transaction"); }

  // A single-row pragma's value as text, e.g. "wal" for journal_mode.
  Result<std::string> pragma_text(const char* sql, std::string_view op);
  sqlite3* raw() const { return db_; }

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  struct Cached {
    sqlite3_stmt* stmt = nullptr;
    bool busy = false;
  };
  sqlite3* db_;
  std::unordered_map<std::string, Cached> cache_;
};

// Pragmas every connection needs; journal_mode is set once by the writer when the store opens.
Result<void> configure_sqlite_connection(SqliteConnection& conn);

}  // namespace rinsho::store::detail
