// Backups under load: the real rinsho-server takes concurrent registrations and updates (the crash
// matrix's workload) while `rinsho-admin backup` copies the registry. Every write acknowledged
// before the backup started must come back from `rinsho-admin restore` with the same version and
// content; the restored registry must be one moment of the original (a prefix of its change log,
// nothing half-written); and a server started on the restored directory, which has no index,
// must build one that answers searches with the same trials as the original.
#include <doctest/doctest.h>

#include <thread>

#include "api_helpers.hpp"
#include "crash_workload.hpp"
#include "server_process.hpp"
#include "store_dump.hpp"

using nlohmann::json;
using namespace rinsho;
using namespace rinsho::testing;
using crash::Attempt;
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kWriters = 3;
// Commits the server takes before the backup starts, and again after it ends, so that the backup
// really runs in the middle of the load.
constexpr std::int64_t kWritesAround = 40;

std::int64_t last_seq_of(const fs::path& file) {
  detail::ReadOnlyDb db(file);
  std::int64_t seq = 0;
  db.each("SELECT COALESCE(MAX(seq), 0) FROM trial_versions", [&](sqlite3_stmt* s) { seq = sqlite3_column_int64(s, 0); });
  return seq;
}

struct AdminRun {
  int status = 0;
  std::string output;  // stdout and stderr
};

// spawn(), not run_process(): the writer threads are running, so the child must not allocate.
AdminRun admin(const std::vector<std::string>& args, const fs::path& log) {
  std::vector<std::string> argv = {binary("rinsho-admin")};
  argv.insert(argv.end(), args.begin(), args.end());
  fs::remove(log);
  const pid_t pid = spawn(argv, log);
  const int status = wait_status(pid);
  return {status, slurp(log)};
}

struct Load {
  std::vector<Attempt> attempts;
  AdminRun backup;
  std::chrono::steady_clock::time_point backup_started;
  std::int64_t seq_before = 0, seq_after = 0;  // the store's last seq just before and just after the backup
  bool load_around = false;                    // kWritesAround commits landed on both sides
};

// Writers on the server until after the backup; the server is stopped (SIGTERM) and the writers
// joined on every path, so a failed check cannot leave threads behind.
Load backup_under_load(ServerProcess& server, const fs::path& dir, const std::string& authorization,
                       const std::string& backup_file) {
  Load load;
  const auto db = dir / "registry.sqlite3";
  const auto start_seq = last_seq_of(db);
  std::vector<std::vector<Attempt>> per_writer(kWriters);
  std::vector<std::thread> writers;
  for (std::size_t w = 0; w < kWriters; ++w)
    writers.emplace_back(crash::write_until_killed, server.port(), std::cref(authorization), 0, w, std::ref(per_writer[w]));
  const bool before = eventually([&] { return last_seq_of(db) >= start_seq + kWritesAround; });
  load.seq_before = last_seq_of(db);
  load.backup_started = std::chrono::steady_clock::now();
  load.backup = admin({"--data-dir", dir.string(), "backup", backup_file}, dir.string() + "-admin.log");
  load.seq_after = last_seq_of(db);
  const bool after = eventually([&] { return last_seq_of(db) >= load.seq_after + kWritesAround; });
  load.load_around = before && after;
  server.kill(SIGTERM);
  for (auto& t : writers) t.join();
  for (auto& list : per_writer) load.attempts.insert(load.attempts.end(), list.begin(), list.end());
  return load;
}

// Every acknowledged write the backup must hold is in the restored registry with the version the
// 2xx named and the same record as the original's; returns how many were checked.
std::size_t check_acknowledged(const store::Store& original, const store::Store& restored,
                               const std::vector<Attempt>& acked_before) {
  for (const auto& a : acked_before) {
    auto theirs = original.get_version(a.id, a.version);
    auto ours = restored.get_version(a.id, a.version);
    REQUIRE(theirs.has_value());
    REQUIRE(ours.has_value());
    REQUIRE_MESSAGE(ours->has_value(), a.id << " v" << a.version << " (" << a.word << ") was acknowledged before the backup "
                                              << "started but is not in the restored registry");
    CHECK((*ours)->record == (**theirs).record);
    CHECK(crash::ja_word((*ours)->record) == a.word);
    CHECK(crash::tag_of((*ours)->record) == a.tag);
  }
  return acked_before.size();
}

// One moment of the original: the restored change log is the original's, cut at one seq.
void check_one_moment(const store::Store& original, const store::Store& restored, const Load& load) {
  auto theirs = original.changes_since(0, 1000000);
  auto ours = restored.changes_since(0, 1000000);
  REQUIRE(theirs.has_value());
  REQUIRE(ours.has_value());
  REQUIRE(ours->size() < theirs->size());
  for (std::size_t i = 0; i < ours->size(); ++i) {
    CHECK((*ours)[i].seq == (*theirs)[i].seq);
    CHECK((*ours)[i].id == (*theirs)[i].id);
    CHECK((*ours)[i].record == (*theirs)[i].record);
  }
  const auto cut = ours->back().seq;
  CHECK(cut >= load.seq_before);
  CHECK(cut <= load.seq_after);
  auto problems = restored.verify_integrity();  // whole versions 1..n, current rows match
  REQUIRE(problems.has_value());
  CHECK(problems->empty());
}

}  // namespace

TEST_CASE("rinsho-admin backup during concurrent API writes restores every write acknowledged before it started") {
  const auto dir = fresh_temp_dir("backup-original");
  auto samples = sample_trial_files();
  samples.resize(std::min<std::size_t>(samples.size(), 20));
  load_records(dir, samples);
  const std::string authorization = issue_bearer(dir, "Backup Test Pharma", "backup");
  ServerProcess server(dir, dir.string() + "-server.log");
  server.start();
  const auto backup_file = dir.string() + "-backup.sqlite3";
  const Load load = backup_under_load(server, dir, authorization, backup_file);
  REQUIRE_MESSAGE(load.backup.status == 0, load.backup.output);
  CHECK(load.backup.output.find("integrity_check ok") != std::string::npos);
  CHECK(load.load_around);

  std::vector<Attempt> acked_before;
  std::size_t acked_after = 0, unexpected = 0;
  for (const auto& a : load.attempts) {
    if (a.acked && a.answered_at < load.backup_started) acked_before.push_back(a);
    else if (a.acked) ++acked_after;
    else if (a.status != 0) ++unexpected;
  }
  CHECK(acked_before.size() + kWriters >= std::size_t(kWritesAround));  // a commit's answer may still be on its way
  CHECK(acked_after >= std::size_t(kWritesAround));
  CHECK_MESSAGE(unexpected == 0, "writes refused during the backup");  // the backup blocks no writer

  const auto restored_dir = fresh_temp_dir("backup-restored");
  const auto restore = admin({"--data-dir", restored_dir.string(), "restore", backup_file}, dir.string() + "-admin.log");
  REQUIRE_MESSAGE(restore.status == 0, restore.output);
  CHECK(restore.output.find("rinsho-server builds it") != std::string::npos);
  const auto refused = admin({"--data-dir", dir.string(), "restore", backup_file}, dir.string() + "-admin.log");
  CHECK(refused.status == 1);
  CHECK(refused.output.find("already holds a registry") != std::string::npos);
  // A registry in PostgreSQL is not the SQLite file in --data-dir: copying that would back up the wrong one.
  const auto postgres = admin({"--database", "postgresql://rinsho@127.0.0.1:1/registry", "--data-dir", dir.string(),
                               "backup", backup_file + "-pg"},
                              dir.string() + "-admin.log");
  CHECK(postgres.status == 1);
  CHECK(postgres.output.find("pg_dump") != std::string::npos);
  CHECK_FALSE(fs::exists(backup_file + "-pg"));

  std::vector<std::string> integrity;
  detail::ReadOnlyDb(restored_dir / "registry.sqlite3").each("PRAGMA integrity_check", [&](sqlite3_stmt* s) {
    integrity.push_back(detail::text_at(s, 0));
  });
  CHECK(integrity == std::vector<std::string>{"ok"});

  std::int64_t restored_seq = 0;
  // Trials registered before the backup: by id (it must come first) and by tag (only it has it).
  std::vector<std::string> ids, tags;
  {
    auto original = store::Store::open({dir});
    auto restored = store::Store::open({restored_dir});
    REQUIRE(original);
    REQUIRE(restored);
    const auto checked = check_acknowledged(*original, *restored, acked_before);
    check_one_moment(*original, *restored, load);
    restored_seq = *restored->last_seq();
    std::fprintf(stderr, "backup under load: %zu writes acknowledged before the backup all restored, %zu after; "
                         "backup at seq %lld (store at %lld before, %lld after)\n",
                 checked, acked_after, (long long)restored_seq, (long long)load.seq_before, (long long)load.seq_after);
    for (std::size_t i = 0; i < acked_before.size() && tags.size() < 6; i += 7) {
      if (!acked_before[i].is_post) continue;
      ids.push_back(acked_before[i].id);
      tags.push_back(acked_before[i].tag);
    }
    ids.push_back(samples.front().stem().string());
  }

  // The index is not in the backup: the server builds it from the restored store before it says ready.
  CHECK_FALSE(fs::exists(restored_dir / "index"));
  ServerProcess again(restored_dir, restored_dir.string() + "-server.log");
  again.start();
  server.start();
  auto restored_client = again.client();
  auto original_client = server.client();
  auto ready = restored_client.Get("/readyz");
  REQUIRE(ready);
  CHECK(json::parse(ready->body)["index_seq"] == restored_seq);
  REQUIRE(tags.size() >= 3);
  for (const auto& id : ids) {
    const auto ours = search_ids(restored_client, id), theirs = search_ids(original_client, id);
    CAPTURE(id);
    REQUIRE_FALSE(ours.empty());
    REQUIRE_FALSE(theirs.empty());
    CHECK(ours.front() == id);
    CHECK(theirs.front() == id);
  }
  for (const auto& tag : tags) {
    const auto ours = search_ids(restored_client, tag);
    CAPTURE(tag);
    CHECK(ours.size() == 1);
    CHECK(ours == search_ids(original_client, tag));
  }
  CHECK(again.kill(SIGTERM) == 0);
  CHECK(server.kill(SIGTERM) == 0);
  fs::remove_all(dir);
  fs::remove_all(restored_dir);
  for (const char* suffix : {"-server.log", "-admin.log", "-backup.sqlite3"}) fs::remove(dir.string() + suffix);
  fs::remove(restored_dir.string() + "-server.log");
}
