#include "store/trial_ids.hpp"

#include <cstdio>

#include "store/try.hpp"

namespace rinsho::store::detail {
namespace {

constexpr std::int64_t kBlockSize = 9999;
constexpr int kBlocks = 10;

Result<bool> trial_exists(Connection& conn, const std::string& id) {
  auto stmt = conn.prepare("SELECT 1 FROM trials WHERE id = ?1", "check whether a trial id is taken");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind(1, id);
  return stmt->step();
}

// The next free id in one block, or "" when the block is full. Records how far it got, so a full
// block is passed over with one read next time.
Result<std::string> next_in_block(Connection& conn, const std::string& block) {
  auto read = conn.prepare("SELECT next FROM id_blocks WHERE prefix = ?1", "read the next trial id");
  if (!read) return tl::unexpected(read.error());
  read->bind(1, block);
  auto row = read->step();
  if (!row) return tl::unexpected(row.error());
  std::int64_t n = *row ? read->int64(0) : 1;

  std::string id;
  for (; n <= kBlockSize; ++n) {
    char seq[24];
    std::snprintf(seq, sizeof seq, "%04lld", static_cast<long long>(n));
    auto taken = trial_exists(conn, block + seq);
    if (!taken) return tl::unexpected(taken.error());
    if (!*taken) {
      id = block + seq;
      break;
    }
  }
  auto save = conn.prepare("INSERT INTO id_blocks(prefix, next) VALUES (?1, ?2) "
                           "ON CONFLICT(prefix) DO UPDATE SET next = excluded.next",
                           "reserve a trial id");
  if (!save) return tl::unexpected(save.error());
  save->bind(1, block).bind(2, n + 1);
  RINSHO_TRY(save->run());
  return id;
}

}  // namespace

char category_code(std::string_view category) {
  if (category == "corporate_trial" || category == "investigator_initiated_trial") return '2';
  if (category == "specified_clinical_research") return 's';
  if (category == "regenerative_medicine") return 'b';
  return '1';
}

std::string assigned_id_block(std::string_view category, int year, int block) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "jRCT%c09%d%02d", category_code(category), block, year % 100);
  return buf;
}

bool is_server_assigned_id(std::string_view id) {
  return id.size() == 14 && id.substr(0, 4) == "jRCT" && id[5] == '0' && id[6] == '9';
}

Result<std::string> next_assigned_id(Connection& conn, std::string_view category, int year) {
  for (int block = kBlocks - 1; block >= 0; --block) {
    auto id = next_in_block(conn, assigned_id_block(category, year, block));
    if (!id) return id;
    if (!id->empty()) return id;
  }
  return fail(ErrorCode::conflict,
              "every server-assigned id for this category in " + std::to_string(year) + " is taken",
              {{"/id", "自動で割り当てる研究番号が残っていません。研究番号を指定して登録してください",
                "no server-assigned ids are left for this category this year; send the trial's id"}});
}

}  // namespace rinsho::store::detail
