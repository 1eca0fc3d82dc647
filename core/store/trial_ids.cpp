#include "store/trial_ids.hpp"

#include <cstdio>

#include "store/try.hpp"

namespace rinsho::store::detail {
namespace {

constexpr std::int64_t kBlockSize = 9999;

Result<bool> trial_exists(Connection& conn, const std::string& id) {
  auto stmt = conn.prepare("SELECT 1 FROM trials WHERE id = ?1", "check whether a trial id is taken");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind(1, id);
  return stmt->step();
}

}  // namespace

char category_code(std::string_view category) {
  if (category == "corporate_trial" || category == "investigator_initiated_trial") return '2';
  if (category == "specified_clinical_research") return 's';
  if (category == "regenerative_medicine") return 'b';
  return '1';
}

std::string assigned_id_block(std::string_view category, int year) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "jRCT%c099%02d", category_code(category), year % 100);
  return buf;
}

Result<std::string> next_assigned_id(Connection& conn, std::string_view category, int year) {
  const std::string block = assigned_id_block(category, year);
  auto read = conn.prepare("SELECT next FROM id_blocks WHERE prefix = ?1", "read the next trial id");
  if (!read) return tl::unexpected(read.error());
  read->bind(1, block);
  auto row = read->step();
  if (!row) return tl::unexpected(row.error());
  std::int64_t n = *row ? read->int64(0) : 1;

  std::string id;
  for (;; ++n) {
    if (n > kBlockSize)
      return fail(ErrorCode::internal, "the server-assigned id block " + block + " is full (9999 ids)");
    char seq[24];
    std::snprintf(seq, sizeof seq, "%04lld", static_cast<long long>(n));
    id = block + seq;
    auto taken = trial_exists(conn, id);
    if (!taken) return tl::unexpected(taken.error());
    if (!*taken) break;
  }
  auto save = conn.prepare("INSERT INTO id_blocks(prefix, next) VALUES (?1, ?2) "
                           "ON CONFLICT(prefix) DO UPDATE SET next = excluded.next",
                           "reserve a trial id");
  if (!save) return tl::unexpected(save.error());
  save->bind(1, block).bind(2, n + 1);
  RINSHO_TRY(save->run());
  return id;
}

}  // namespace rinsho::store::detail
