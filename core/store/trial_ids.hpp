#pragma once
// Internal: ids the server assigns when a registration has none. They live in a reserved block so
// they can never collide with ids jRCT issued: jRCT + category code + "0" + "99" + 2-digit year +
// 4-digit sequence, e.g. jRCT2099260001 (a corporate trial, the first of 2026).
#include <string>
#include <string_view>

#include "store/sqlite_connection.hpp"

namespace rinsho::store::detail {

// jRCT's leading character per category: "2" for trials under the PMD Act, "s" for specified
// clinical research, "b" for regenerative medicine, "1" for everything else.
char category_code(std::string_view category);

// "jRCT" + code + "099" + yy: the block the next id comes from.
std::string assigned_id_block(std::string_view category, int year);

// The next free id in the block, skipping ids that already exist (an import may have used one).
// Must run inside the write transaction, which makes it race-free across threads and processes.
// A full block (9,999 ids in a year for one category) is an error, not a wrap-around.
Result<std::string> next_assigned_id(Connection& conn, std::string_view category, int year);

}  // namespace rinsho::store::detail
