#pragma once
// Internal: ids the server assigns when a registration has none. They live in a reserved range so
// they can never collide with ids jRCT issued: jRCT + category code + "09" + block digit + 2-digit
// year + 4-digit sequence, e.g. jRCT2099260001 (a corporate trial, the first of 2026). jRCT's own
// region codes run 01 to 08, so "09" is ours: ten blocks of 9,999 ids per category and year.
#include <string>
#include <string_view>

#include "store/db_connection.hpp"

namespace rinsho::store::detail {

// jRCT's leading character per category: "2" for trials under the PMD Act, "s" for specified
// clinical research, "b" for regenerative medicine, "1" for everything else.
char category_code(std::string_view category);

// "jRCT" + code + "09" + block + yy: the prefix of block `block` (9 is used first, then 8, ...).
std::string assigned_id_block(std::string_view category, int year, int block = 9);

// Whether `id` lies in the server-assigned range. Registrants may not pick such ids themselves:
// otherwise one organisation could use up the range and every registration without an id would fail.
bool is_server_assigned_id(std::string_view id);

// The next free id, skipping ids that already exist (an operator's ingest may have used one).
// Must run inside the write transaction, which makes it race-free across threads and processes.
// When every block of the year is full (99,990 ids in one category) it is a conflict that tells
// the registrant to send an id, never an internal error.
Result<std::string> next_assigned_id(Connection& conn, std::string_view category, int year);

}  // namespace rinsho::store::detail
