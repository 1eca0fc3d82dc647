#pragma once
// A logical dump of the registry's SQLite file: every table's rows in primary-key order, hashed per
// table, read through a connection of our own. Comparing two dumps shows whether a request wrote
// anything at all, wherever it wrote it (StoreSnapshot only sees trials and the sequence).
#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace rinsho::testing {

// Table name -> {rows, FNV-1a hash of the rows}. AUTOINCREMENT counters appear as
// "sqlite_sequence:<table>", so a table's counter moves with the table.
struct StoreDump {
  struct Table {
    std::int64_t rows = 0;
    std::uint64_t hash = 1469598103934665603ull;
    bool operator==(const Table&) const = default;
  };
  std::map<std::string, Table> tables;

  // The tables that differ from `other`, for the failure message.
  std::vector<std::string> differences(const StoreDump& other) const {
    std::vector<std::string> out;
    for (const auto& [name, t] : tables) {
      auto it = other.tables.find(name);
      if (it == other.tables.end() || !(it->second == t)) out.push_back(name);
    }
    for (const auto& [name, t] : other.tables)
      if (!tables.count(name)) out.push_back(name);
    return out;
  }
};

namespace detail {

inline void fnv(std::uint64_t& h, const void* data, std::size_t n) {
  const auto* p = static_cast<const unsigned char*>(data);
  for (std::size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 1099511628211ull;
}

class ReadOnlyDb {
 public:
  explicit ReadOnlyDb(const std::filesystem::path& file) {
    if (sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
      throw std::runtime_error("cannot open " + file.string());
    sqlite3_busy_timeout(db_, 5000);
  }
  ~ReadOnlyDb() { sqlite3_close(db_); }
  ReadOnlyDb(const ReadOnlyDb&) = delete;
  ReadOnlyDb& operator=(const ReadOnlyDb&) = delete;

  // Calls `row` for every row of `sql`, with the statement positioned on it.
  template <class F> void each(const std::string& sql, F&& row) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK)
      throw std::runtime_error(std::string("cannot prepare ") + sql + ": " + sqlite3_errmsg(db_));
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) row(stmt);
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE) throw std::runtime_error("cannot read " + sql);
  }
  sqlite3* get() { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

inline std::string text_at(sqlite3_stmt* s, int col) {
  const auto* t = sqlite3_column_text(s, col);
  return t ? reinterpret_cast<const char*>(t) : "";
}

inline std::string quoted_identifier(const std::string& name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// Every cell with its type and length, so ("ab","c") and ("a","bc") hash differently.
inline void hash_row(sqlite3_stmt* s, StoreDump::Table& t) {
  ++t.rows;
  for (int c = 0; c < sqlite3_column_count(s); ++c) {
    const int type = sqlite3_column_type(s, c);
    fnv(t.hash, &type, sizeof type);
    const int n = type == SQLITE_NULL ? 0 : sqlite3_column_bytes(s, c);
    fnv(t.hash, &n, sizeof n);
    if (type == SQLITE_BLOB) fnv(t.hash, sqlite3_column_blob(s, c), static_cast<std::size_t>(n));
    else if (type != SQLITE_NULL) fnv(t.hash, sqlite3_column_text(s, c), static_cast<std::size_t>(n));
  }
}

}  // namespace detail

inline StoreDump dump_store(const std::filesystem::path& file) {
  detail::ReadOnlyDb db(file);
  StoreDump out;
  // One read transaction, so the dump is one consistent snapshot.
  sqlite3_exec(db.get(), "BEGIN", nullptr, nullptr, nullptr);
  std::vector<std::string> names;
  db.each("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
          [&](sqlite3_stmt* s) { names.push_back(detail::text_at(s, 0)); });
  for (const auto& name : names) {
    if (name == "sqlite_sequence") {
      db.each("SELECT name, seq FROM sqlite_sequence ORDER BY name", [&](sqlite3_stmt* s) {
        detail::hash_row(s, out.tables["sqlite_sequence:" + detail::text_at(s, 0)]);
      });
      continue;
    }
    // The primary key's columns in key order; tables without one are ordered by every column.
    std::map<int, std::string> key;
    std::string all;
    db.each("PRAGMA table_info(" + detail::quoted_identifier(name) + ")", [&](sqlite3_stmt* s) {
      const auto column = detail::quoted_identifier(detail::text_at(s, 1));
      all += (all.empty() ? "" : ", ") + column;
      if (const int pk = sqlite3_column_int(s, 5); pk > 0) key[pk] = column;
    });
    std::string order;
    for (const auto& [i, column] : key) order += (order.empty() ? "" : ", ") + column;
    auto& table = out.tables[name];
    db.each("SELECT * FROM " + detail::quoted_identifier(name) + " ORDER BY " + (order.empty() ? all : order),
            [&](sqlite3_stmt* s) { detail::hash_row(s, table); });
  }
  sqlite3_exec(db.get(), "COMMIT", nullptr, nullptr, nullptr);
  return out;
}

}  // namespace rinsho::testing
