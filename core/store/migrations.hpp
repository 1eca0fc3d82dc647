#pragma once
// Internal: the database schema as an ordered list of migrations. The version (SQLite: PRAGMA user_version; PostgreSQL: rinsho_schema) records how
// many have run; a later issue adds a table by appending a migration, never by editing one.
#include "store/db_connection.hpp"

namespace rinsho::store::detail {

int latest_schema_version();

// Runs the pending migrations in one transaction. Refuses a database written by a newer
// rinsho (its user_version is past the list) rather than guessing what its tables mean.
Result<void> migrate(Connection& conn);

}  // namespace rinsho::store::detail
