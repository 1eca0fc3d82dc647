// Crash matrix: round after round, the real rinsho-server takes concurrent registrations
// (Idempotency-Key) and updates (If-Match) while `rinsho-indexer ingest` writes a batch into the
// same data directory, and both are killed with SIGKILL at a random moment. After each kill the
// registry must hold every write that was acknowledged, exactly as acknowledged; nothing
// unacknowledged may be half there; a retry of an unanswered registration must not register the
// trial twice; and the restarted server's index must find every trial.
//
// Its own ctest suite (crash_matrix). RINSHO_CRASH_ROUNDS sets the rounds (default kDefaultRounds,
// about 30 s here; CI's full run should use 100) and RINSHO_CRASH_SEED replays a run's kill moments.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "api_helpers.hpp"
#include "crash_workload.hpp"
#include "server_process.hpp"

using nlohmann::json;
using namespace rinsho;
using namespace rinsho::testing;
using crash::Attempt;

namespace {

constexpr std::size_t kDefaultRounds = 12;
constexpr std::size_t kWriters = 3;
constexpr std::size_t kIngestRecords = 40;
// Kills land uniformly in this window after the writers and the indexer start: before, during and
// after the ingest (it starts, waits for gaps in the server's index lock and writes 4 batches: one
// to two seconds here), and at any point of an API write.
constexpr int kKillWindowMs = 3000;

std::size_t env_number(const char* name, std::size_t fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::strtoull(v, nullptr, 10) : fallback;
}

// What the rounds found, summed; `findings` keeps the first few for the failure message.
struct Tally {
  std::size_t rounds = 0, api_acked = 0, ingest_acked = 0, unanswered = 0, retried = 0;
  std::map<int, std::size_t> ingest_exits;  // the indexer's exit code (-9: killed) -> rounds
  std::size_t lost = 0, duplicates = 0, half = 0, damaged = 0, unfound = 0, unexpected = 0;
  std::vector<std::string> findings;
  void note(std::size_t& counter, const std::string& what) {
    ++counter;
    if (findings.size() < 30) findings.push_back(what);
  }
};

struct Round {
  std::size_t number = 0;
  std::vector<Attempt> attempts;
  std::vector<crash::IngestRecord> batch;
  int ingest_status = 0;  // the indexer's exit code, or -9 when it was killed
  std::set<std::string> tags() const {
    std::set<std::string> t;
    for (const auto& a : attempts) t.insert(a.tag);
    for (const auto& r : batch) t.insert(r.tag);
    return t;
  }
};

Round crash_round(ServerProcess& server, const std::filesystem::path& dir, const std::string& authorization,
                  std::size_t number, std::mt19937_64& random) {
  Round round;
  round.number = number;
  const auto jsonl = dir.string() + "-ingest.jsonl";
  round.batch = crash::write_ingest_batch(jsonl, number, kIngestRecords);
  std::vector<std::vector<Attempt>> per_writer(kWriters);
  std::vector<std::thread> writers;
  for (std::size_t w = 0; w < kWriters; ++w)
    writers.emplace_back(crash::write_until_killed, server.port(), std::cref(authorization), number, w,
                         std::ref(per_writer[w]));
  const pid_t indexer = spawn({binary("rinsho-indexer"), "--data-dir", dir.string(), "ingest", "--batch", "10", jsonl},
                              dir.string() + "-indexer.log");
  // The moment of the crash is what the matrix varies, not something to wait for.
  std::uniform_int_distribution<int> moment(0, kKillWindowMs);
  std::this_thread::sleep_for(std::chrono::milliseconds(moment(random)));
  server.kill(SIGKILL);
  round.ingest_status = wait_status(indexer, WNOHANG);
  if (round.ingest_status == 1000) {
    ::kill(indexer, SIGKILL);
    round.ingest_status = wait_status(indexer);
  }
  for (auto& t : writers) t.join();
  for (auto& list : per_writer) round.attempts.insert(round.attempts.end(), list.begin(), list.end());
  return round;
}

// tag -> ids of the current trials that carry it (more than one: a duplicate registration).
std::map<std::string, std::vector<std::string>> trials_by_tag(const store::Store& store) {
  std::map<std::string, std::vector<std::string>> by_tag;
  auto ok = store.for_each_trial([&](const store::StoredTrial& t) {
    by_tag[crash::tag_of(t.record)].push_back(t.id);
    return true;
  });
  REQUIRE(ok);
  return by_tag;
}

// With the server down, as the kill left the store: the file is sound, every acknowledged write
// (of every round so far) is there as acknowledged, and every trial this round touched consists of
// whole versions 1..n of its own record.
void check_store(const std::filesystem::path& dir, const Round& round, const std::vector<Attempt>& acked,
                 const std::vector<crash::IngestRecord>& ingested, Tally& tally) {
  auto store = store::Store::open({dir});
  REQUIRE(store);
  auto problems = store->verify_integrity();
  REQUIRE(problems);
  for (const auto& p : *problems) tally.note(tally.damaged, "round " + std::to_string(round.number) + ": " + p);
  for (const auto& a : acked) {
    auto v = store->get_version(a.id, a.version);
    REQUIRE(v);
    if (!*v || crash::ja_word((*v)->record) != a.word || crash::tag_of((*v)->record) != a.tag)
      tally.note(tally.lost, a.id + " v" + std::to_string(a.version) + " (" + a.word + ") acknowledged but not stored");
  }
  for (const auto& r : ingested) {
    auto t = store->get_trial(r.id);
    REQUIRE(t);
    if (!*t || crash::tag_of((*t)->record) != r.tag) tally.note(tally.lost, r.id + " ingested (exit 0) but not stored");
  }
  const auto tags = round.tags();
  for (const auto& [tag, ids] : trials_by_tag(*store)) {
    if (!tags.count(tag)) continue;
    for (const auto& id : ids) {
      auto current = store->get_trial(id);
      auto versions = store->list_versions(id);
      REQUIRE(current);
      REQUIRE(versions);
      bool whole = *current && std::int64_t(versions->size()) == (*current)->version;
      for (std::int64_t n = 1; whole && n <= std::int64_t(versions->size()); ++n) {
        auto v = store->get_version(id, n);
        whole = v && *v && (*versions)[n - 1].version == n && crash::tag_of((*v)->record) == tag;
      }
      if (!whole) tally.note(tally.half, id + " (" + tag + ") is not made of whole versions 1..n");
    }
  }
}

// Sends each unanswered registration again with its Idempotency-Key, as a client would; what it
// acknowledges now joins `acked`.
void retry_unanswered(ServerProcess& server, const std::string& authorization, Round& round,
                      std::vector<Attempt>& acked, Tally& tally) {
  auto c = server.client();
  for (auto& a : round.attempts) {
    if (!a.is_post || a.status != 0) continue;
    ++tally.retried;
    auto res = c.Post("/api/v1/trials", with(bearer(authorization), "Idempotency-Key", a.key), a.body, "application/json");
    REQUIRE(res);
    a.status = res->status;
    if (res->status != 201) {
      tally.note(tally.unexpected, "retry of " + a.key + " answered " + std::to_string(res->status) + ": " + res->body);
      continue;
    }
    const auto reply = json::parse(res->body);
    a.acked = true;
    a.id = reply["id"].get<std::string>();
    a.version = reply["version"];
    acked.push_back(a);
  }
}

// With the server up again: one trial per registration, and the index has caught up and finds each
// of this round's trials by its id and by its current title word.
void check_served(ServerProcess& server, const std::filesystem::path& dir, const Round& round, Tally& tally) {
  auto store = store::Store::open({dir});
  REQUIRE(store);
  const auto by_tag = trials_by_tag(*store);
  const auto tags = round.tags();
  auto c = server.client();
  const auto target = store->last_seq();
  REQUIRE(target);
  CHECK(eventually([&] {
    auto res = c.Get("/readyz");
    return res && res->status == 200 && json::parse(res->body)["index_seq"] == *target;
  }));
  for (const auto& [tag, ids] : by_tag) {
    if (!tags.count(tag)) continue;
    if (ids.size() > 1) tally.duplicates += ids.size() - 1;
    if (ids.size() > 1) tally.findings.push_back(tag + " is registered " + std::to_string(ids.size()) + " times");
    for (const auto& id : ids) {
      auto t = store->get_trial(id);
      REQUIRE(t);
      REQUIRE(*t);
      const auto by_id = search_ids(c, id);
      if (by_id.empty() || by_id.front() != id) tally.note(tally.unfound, id + " not found first by its id");
      const auto word = crash::ja_word((*t)->record);
      const auto by_word = search_ids(c, word);
      if (std::find(by_word.begin(), by_word.end(), id) == by_word.end())
        tally.note(tally.unfound, id + " not found by its title word " + word);
    }
  }
  auto all = c.Get("/api/v1/trials?facets=false&page_size=1");
  REQUIRE(all);
  const auto count = store->count_trials();
  REQUIRE(count);
  if (json::parse(all->body)["total"]["estimated"] != *count)
    tally.note(tally.unfound, "the index counts " + json::parse(all->body)["total"].dump() + " trials, the store " +
                                  std::to_string(*count));
}

void account(const Round& round, std::vector<Attempt>& acked, std::vector<crash::IngestRecord>& ingested, Tally& tally) {
  ++tally.rounds;
  ++tally.ingest_exits[round.ingest_status];
  for (const auto& a : round.attempts) {
    if (a.acked) {
      acked.push_back(a);
      ++tally.api_acked;
    } else if (a.status == 0) {
      ++tally.unanswered;
    } else if (a.status != 201 && a.status != 200) {
      tally.note(tally.unexpected, (a.is_post ? "POST " : "PUT ") + a.tag + " answered " + std::to_string(a.status));
    }
  }
  if (round.ingest_status == 0) {
    ingested.insert(ingested.end(), round.batch.begin(), round.batch.end());
    tally.ingest_acked += round.batch.size();
  }
}

}  // namespace

TEST_CASE("crash matrix: kill -9 during API writes and an ingest loses nothing acknowledged and registers nothing twice" *
          doctest::test_suite("crash")) {
  const std::size_t rounds = env_number("RINSHO_CRASH_ROUNDS", kDefaultRounds);
  const std::uint64_t seed = env_number("RINSHO_CRASH_SEED", std::random_device{}());
  std::mt19937_64 random(seed);
  const auto dir = fresh_temp_dir("crash-matrix");
  load_records(dir, {source_dir() / "sample_trials" / "records" / "jRCT2031240001.json",
                     source_dir() / "sample_trials" / "records" / "jRCT1032190004.json"});
  const std::string authorization = issue_bearer(dir, "Crash Matrix Pharma", "crash");
  ServerProcess server(dir, dir.string() + "-server.log");
  server.start();
  Tally tally;
  std::vector<Attempt> acked;
  std::vector<crash::IngestRecord> ingested;
  for (std::size_t n = 0; n < rounds; ++n) {
    auto round = crash_round(server, dir, authorization, n, random);
    account(round, acked, ingested, tally);
    check_store(dir, round, acked, ingested, tally);
    server.start();  // must come up on whatever the kill left, and serves the next round
    retry_unanswered(server, authorization, round, acked, tally);
    check_served(server, dir, round, tally);
  }
  CHECK(server.kill(SIGTERM) == 0);
  std::string summary = "crash matrix (seed " + std::to_string(seed) + "): rounds " + std::to_string(tally.rounds) +
                              ", acknowledged API writes " + std::to_string(tally.api_acked) + " + ingested records " +
                              std::to_string(tally.ingest_acked) + ", unanswered " + std::to_string(tally.unanswered) +
                              " (registrations retried " + std::to_string(tally.retried) + "), lost " +
                              std::to_string(tally.lost) + ", duplicates " + std::to_string(tally.duplicates) +
                              ", half-written " + std::to_string(tally.half) + ", integrity problems " +
                              std::to_string(tally.damaged) + ", not found in the index " + std::to_string(tally.unfound) +
                              ", unexpected answers " + std::to_string(tally.unexpected) + "; ingest exits";
  for (const auto& [code, count] : tally.ingest_exits) summary += " " + std::to_string(code) + ":" + std::to_string(count);
  std::fprintf(stderr, "%s\n", summary.c_str());
  for (const auto& f : tally.findings) std::fprintf(stderr, "  %s\n", f.c_str());
  CHECK(tally.lost == 0);
  CHECK(tally.duplicates == 0);
  CHECK(tally.half == 0);
  CHECK(tally.damaged == 0);
  CHECK(tally.unfound == 0);
  CHECK(tally.unexpected == 0);
  if (tally.lost + tally.duplicates + tally.half + tally.damaged + tally.unfound + tally.unexpected > 0) {
    std::fprintf(stderr, "kept for inspection: %s and its -server.log, -indexer.log\n", dir.c_str());
    return;
  }
  std::filesystem::remove_all(dir);
  for (const char* suffix : {"-ingest.jsonl", "-indexer.log", "-server.log"}) std::filesystem::remove(dir.string() + suffix);
}
