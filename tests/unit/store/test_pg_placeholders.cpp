#include <doctest/doctest.h>

#include "store/pg_connection.hpp"

using rinsho::store::detail::to_pg_placeholders;

TEST_CASE("to_pg_placeholders turns ?N into $N outside quotes and leaves everything else alone") {
  struct Row {
    const char* sqlite;
    const char* postgres;
  };
  const Row rows[] = {
      {"SELECT 1", "SELECT 1"},
      {"WHERE id = ?1", "WHERE id = $1"},
      {"VALUES (?1, ?2, ?10)", "VALUES ($1, $2, $10)"},
      {"version IN (?2 - 1, ?2)", "version IN ($2 - 1, $2)"},
      {"WHERE a = '?1' AND b = ?1", "WHERE a = '?1' AND b = $1"},
      {"WHERE a = 'it''s ?1' AND b = ?2", "WHERE a = 'it''s ?1' AND b = $2"},
      {"SELECT \"odd?1\" FROM t WHERE x = ?1", "SELECT \"odd?1\" FROM t WHERE x = $1"},
      {"WHERE a = ? AND b = ?x", "WHERE a = ? AND b = ?x"},  // only numbered parameters
      {"ends with ?", "ends with ?"},
      {"", ""},
  };
  for (const auto& row : rows) {
    CAPTURE(row.sqlite);
    CHECK(to_pg_placeholders(row.sqlite) == row.postgres);
  }
}
