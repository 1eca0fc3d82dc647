#include <doctest/doctest.h>

#include <chrono>

#include <sqlite3.h>

#include <fstream>
#include <string>

#include "integration/store_dump.hpp"
#include "store/sqlite_backup.hpp"
#include "store/store.hpp"
#include "store/trial_draft.hpp"
#include "store_fixture.hpp"

using namespace rinsho;
namespace fs = std::filesystem;

namespace {

struct Filled {
  std::string org_id, token;
};

// A row in every table of the schema: trials with several versions, a server-assigned id
// (id_blocks), an organisation's registration with an Idempotency-Key, tokens (one revoked), audit
// rows and access counts of every kind.
Filled fill(store::Store& s) {
  auto org = s.create_org("Backup Pharma");
  REQUIRE(org.has_value());
  auto token = s.issue_token(org->id, "ci");
  auto old = s.issue_token(org->id, "old");
  REQUIRE(token.has_value());
  REQUIRE(old.has_value());
  REQUIRE(s.revoke_token(old->token_id).has_value());
  for (int i = 1; i <= 4; ++i)
    REQUIRE(s.put_trial(testing::small_record("jRCT203124000" + std::to_string(i)), testing::ingest_ctx()).has_value());
  // The fifth is imported, so the backup holds a source snapshot (trial_sources) too.
  auto imported = testing::small_record("jRCT2031240005");
  store::ImportWrite w{imported, store::SourceSnapshot{"jrct2031240005", "jRCT", "jRCT2031240005", "", "2026-05-10T00:00:00Z", imported}, "import", {}};
  auto import_ctx = testing::ingest_ctx();
  import_ctx.source = "import";
  REQUIRE(s.put_imported({w}, import_ctx).has_value());
  REQUIRE(s.put_trial(testing::small_record("jRCT2031240001", "改訂した試験"), testing::ingest_ctx()).has_value());
  auto ctx = testing::org_ctx(org->id);
  ctx.idempotency = store::IdempotencyClaim{"key-1", "hash-1", 201, [](const store::WriteResult& w) { return w.id; }};
  REQUIRE(s.put_trial(testing::small_record(), ctx).has_value());
  REQUIRE(s.audit({0, "", "", "operator", "create_org", org->id, "ok", "{}"}).has_value());
  store::AccessBatch batch;
  batch.cells.push_back({"2026-05-10", "person", "detail", "page", "phone", "ja", 3});
  batch.trials.push_back({"2026-05-10", "jRCT2031240001", "person", 2});
  batch.orgs.push_back({"2026-05-10", org->id, "search", 4});
  batch.concepts.push_back({"2026-05-10", "lung_cancer", 5});
  REQUIRE(s.add_access_counts(batch).has_value());
  // Portal accounts: a person with a pending password link and an open session.
  auto person = s.create_person(org->id, "backup@example.jp", "admin");
  REQUIRE(person.has_value());
  REQUIRE(s.issue_password_link(person->id, std::chrono::hours(72)).has_value());
  REQUIRE(s.start_session(person->id).has_value());
  // A draft of the guided form, which a backup must carry like everything else.
  store::TrialDraft draft;
  draft.org_id = org->id;
  draft.created_by = draft.updated_by = person->id;
  draft.record = {{"public_title", {{"ja", "下書きの試験"}}}};
  REQUIRE(s.create_draft(draft).has_value());
  return {org->id, token->token};
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void overwrite(const fs::path& file, std::size_t offset, const std::string& bytes) {
  std::fstream f(file, std::ios::binary | std::ios::in | std::ios::out);
  f.seekp(static_cast<std::streamoff>(offset));
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::size_t entries(const fs::path& dir) {
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

// Nothing of a refused restore is left: no registry, no temporary copy.
bool left_empty(const fs::path& dir) { return !fs::exists(dir) || entries(dir) == 0; }

// A registry in tmp/original and its backup in tmp/registry.backup, for the refusal cases.
fs::path backed_up(const testing::TempDir& tmp) {
  auto s = testing::open_store(tmp.path() / "original");
  fill(s);
  const auto file = tmp.path() / "registry.backup";
  auto backed = store::backup_registry({tmp.path() / "original", file});
  REQUIRE_MESSAGE(backed.has_value(), backed.error().message);
  return file;
}

Error refused_restore(const fs::path& file, const fs::path& dir) {
  auto r = store::restore_registry({file, dir});
  REQUIRE_FALSE(r.has_value());
  return r.error();
}

}  // namespace

// Backups copy SQLite's file: unit_postgres (RINSHO_TEST_STORE=postgresql) leaves this suite out.
TEST_SUITE("sqlite") {

TEST_CASE("backup_registry and restore_registry: the restored registry equals the original, table by table") {
  testing::TempDir tmp;
  const auto original = tmp.path() / "original";
  auto s = testing::open_store(original);  // open, as the server holds it: the backup is online
  const auto filled = fill(s);
  const auto file = tmp.path() / "registry.backup";
  auto backed = store::backup_registry({original, file});
  REQUIRE_MESSAGE(backed.has_value(), backed.error().message);
  CHECK(backed->trials == 6);
  CHECK(backed->versions == 7);
  CHECK(backed->last_seq == *s.last_seq());
  CHECK(backed->organizations == 1);
  CHECK(backed->tokens == 2);
  CHECK(backed->audit_rows >= 8);
  CHECK(backed->access_rows == 4);
  CHECK(backed->bytes == fs::file_size(file));
  // Token, session and password hashes and the audit log: for its owner's eyes only.
  CHECK((fs::status(file).permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write));
  CHECK(entries(tmp.path()) == 2);  // original/ and the backup: no .partial file, no -wal beside it

  const auto restored = tmp.path() / "restored";
  auto r = store::restore_registry({file, restored});
  REQUIRE_MESSAGE(r.has_value(), r.error().message);
  CHECK(r->trials == backed->trials);
  CHECK(r->last_seq == backed->last_seq);
  CHECK(r->schema_version == backed->schema_version);
  CHECK(entries(restored) == 1);

  const auto before = testing::dump_store(original / "registry.sqlite3");
  const auto after = testing::dump_store(restored / "registry.sqlite3");
  for (const auto& name : before.differences(after)) FAIL_CHECK("table " << name << " differs after the restore");
  // A table with no rows here would compare equal however badly it was copied.
  for (const auto& entry : before.tables) {  // named, not bound: clang 14 cannot capture bindings
    const std::string& name = entry.first;
    CHECK_MESSAGE(entry.second.rows > 0, name << " has no rows in this test");
  }

  auto back = testing::open_store(restored);
  auto problems = back.verify_integrity();
  REQUIRE(problems.has_value());
  CHECK(problems->empty());
  auto token = back.verify_token(filled.token);
  REQUIRE(token.has_value());
  REQUIRE(token->has_value());
  CHECK((*token)->org_id == filled.org_id);
  auto trial = back.get_trial("jRCT2031240001");
  REQUIRE(trial.has_value());
  REQUIRE(trial->has_value());
  CHECK((*trial)->version == 2);
  CHECK((*trial)->record == (*s.get_trial("jRCT2031240001"))->record);
}

TEST_CASE("backup_registry copies one snapshot: writes made between its steps are not in the backup") {
  testing::TempDir tmp;
  const auto dir = tmp.path() / "original";
  auto s = testing::open_store(dir);
  fill(s);
  for (int i = 10; i < 60; ++i)
    REQUIRE(s.put_trial(testing::small_record("jRCT20312400" + std::to_string(i)), testing::ingest_ctx()).has_value());
  const auto seq_before = *s.last_seq();
  const auto trials_before = *s.count_trials();
  int writes = 0, steps = 0;
  store::BackupOptions options{dir, tmp.path() / "registry.backup"};
  options.pages_per_step = 1;
  // Another connection commits while the copy is half done, as the server would. A backup that
  // took a new snapshot per step would restart and then hold these writes.
  options.after_step = [&](int, int) {
    ++steps;
    if (writes < 5 && s.put_trial(testing::small_record("jRCT203124010" + std::to_string(writes)), testing::ingest_ctx()))
      ++writes;
  };
  auto backed = store::backup_registry(options);
  REQUIRE_MESSAGE(backed.has_value(), backed.error().message);
  CHECK(writes == 5);
  CHECK(steps > 10);
  CHECK(*s.last_seq() == seq_before + 5);
  CHECK(backed->last_seq == seq_before);
  CHECK(backed->trials == trials_before);
  auto r = store::restore_registry({tmp.path() / "registry.backup", tmp.path() / "restored"});
  REQUIRE_MESSAGE(r.has_value(), r.error().message);
  auto back = testing::open_store(tmp.path() / "restored");
  CHECK(*back.last_seq() == seq_before);
  CHECK(back.verify_integrity()->empty());
}

TEST_CASE("backup_registry keeps an existing file unless forced") {
  testing::TempDir tmp;
  auto s = testing::open_store(tmp.path() / "original");
  fill(s);
  const auto file = tmp.path() / "registry.backup";
  std::ofstream(file) << "yesterday's backup";
  auto refused = store::backup_registry({tmp.path() / "original", file});
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().code == ErrorCode::conflict);
  CHECK(refused.error().message.find("--force") != std::string::npos);
  CHECK(slurp(file) == "yesterday's backup");
  CHECK(entries(tmp.path()) == 2);

  auto forced = store::backup_registry({tmp.path() / "original", file, true});
  REQUIRE_MESSAGE(forced.has_value(), forced.error().message);
  CHECK(slurp(file).rfind("SQLite format 3", 0) == 0);
  CHECK(store::restore_registry({file, tmp.path() / "restored"}).has_value());
}

TEST_CASE("backup_registry never writes over the registry it copies, even with --force") {
  testing::TempDir tmp;
  auto s = testing::open_store(tmp.path());
  fill(s);
  const auto dump = testing::dump_store(tmp.path() / "registry.sqlite3");
  for (const char* name : {"registry.sqlite3", "registry.sqlite3-wal"}) {
    auto r = store::backup_registry({tmp.path(), tmp.path() / "." / name, true});
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == ErrorCode::invalid_argument);
  }
  CHECK(testing::dump_store(tmp.path() / "registry.sqlite3").differences(dump).empty());
  REQUIRE(s.put_trial(testing::small_record("jRCT2031240009"), testing::ingest_ctx()).has_value());
}

TEST_CASE("backup_registry refuses a data directory without a registry and does not create one") {
  testing::TempDir tmp;
  auto r = store::backup_registry({tmp.path(), tmp.path() / "b.sqlite3"});
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().code == ErrorCode::not_found);
  CHECK(entries(tmp.path()) == 0);
}

TEST_CASE("restore_registry refuses a data directory that is not empty") {
  testing::TempDir tmp;
  const auto file = backed_up(tmp);
  const auto dump = testing::dump_store(tmp.path() / "original" / "registry.sqlite3");
  auto e = refused_restore(file, tmp.path() / "original");
  CHECK(e.code == ErrorCode::conflict);
  CHECK(e.message.find("already holds a registry") != std::string::npos);
  CHECK(testing::dump_store(tmp.path() / "original" / "registry.sqlite3").differences(dump).empty());

  // An index left by another registry could be caught up instead of rebuilt.
  const auto other = tmp.path() / "other";
  fs::create_directories(other / "index");
  e = refused_restore(file, other);
  CHECK(e.code == ErrorCode::conflict);
  CHECK(e.message.find("not empty (index)") != std::string::npos);
  CHECK(entries(other) == 1);
}

TEST_CASE("restore_registry refuses a file that is not a SQLite database") {
  testing::TempDir tmp;
  std::ofstream(tmp.path() / "notes.txt", std::ios::binary) << std::string(8192, 'z');
  auto e = refused_restore(tmp.path() / "notes.txt", tmp.path() / "data");
  CHECK(e.code == ErrorCode::invalid_argument);
  CHECK(e.message.find("not a SQLite database") != std::string::npos);
  CHECK(left_empty(tmp.path() / "data"));
  CHECK(refused_restore(tmp.path() / "missing.backup", tmp.path() / "data").code == ErrorCode::not_found);
}

TEST_CASE("restore_registry refuses a truncated backup") {
  testing::TempDir tmp;
  const auto file = backed_up(tmp);
  fs::resize_file(file, fs::file_size(file) / 2);
  auto e = refused_restore(file, tmp.path() / "data");
  CHECK(e.code == ErrorCode::invalid_argument);
  CHECK(e.message.find("truncated") != std::string::npos);
  CHECK(left_empty(tmp.path() / "data"));
}

TEST_CASE("restore_registry refuses a backup that fails the integrity check") {
  testing::TempDir tmp;
  const auto file = backed_up(tmp);
  overwrite(file, 4096, std::string(4096, '\xa5'));  // page 2, a b-tree page; the header stays sound
  auto e = refused_restore(file, tmp.path() / "data");
  CHECK(e.code == ErrorCode::invalid_argument);
  CHECK(e.message.find("integrity check") != std::string::npos);
  CHECK(left_empty(tmp.path() / "data"));
}

TEST_CASE("restore_registry refuses a backup from a newer schema version") {
  testing::TempDir tmp;
  const auto file = backed_up(tmp);
  overwrite(file, 60, std::string("\x00\x00\x03\xe7", 4));  // user_version, big-endian: 999
  auto e = refused_restore(file, tmp.path() / "data");
  CHECK(e.code == ErrorCode::invalid_argument);
  CHECK(e.message.find("schema version 999, newer") != std::string::npos);
  CHECK(left_empty(tmp.path() / "data"));
}

TEST_CASE("restore_registry refuses a SQLite database that is not a registry") {
  testing::TempDir tmp;
  const auto file = tmp.path() / "other.sqlite3";
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
  CHECK(sqlite3_exec(db, "CREATE TABLE notes(body TEXT); INSERT INTO notes VALUES ('x')", nullptr, nullptr, nullptr) ==
        SQLITE_OK);
  sqlite3_close(db);
  auto e = refused_restore(file, tmp.path() / "data");
  CHECK(e.code == ErrorCode::invalid_argument);
  CHECK(e.message.find("not a rinsho registry") != std::string::npos);
}

}  // TEST_SUITE("sqlite")
