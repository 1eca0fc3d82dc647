#include <doctest/doctest.h>

#include <csignal>
#include <cstdio>
#include <set>
#include <thread>

#include <sys/wait.h>
#include <unistd.h>

#include "store/store.hpp"
#include "store_fixture.hpp"

using namespace rinsho;
using nlohmann::json;

namespace {

std::string trial_id(int thread, int n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "jRCT1%d%08d", thread, n);
  return buf;
}

// The child of the crash test: writes until killed, telling the parent once it is well under way.
[[noreturn]] void write_until_killed(const store::StoreOptions& options, int ready_fd) {
  auto s = store::Store::open(options);
  if (!s) _exit(2);
  for (int n = 0;; ++n) {
    std::vector<json> batch;
    for (int i = 0; i < 5; ++i) batch.push_back(testing::small_record(trial_id(3, (n * 5 + i) % 300), "版 " + std::to_string(n)));
    if (!s->put_trials(batch, testing::ingest_ctx())) _exit(3);
    if (!s->put_trial(testing::small_record(trial_id(4, n % 50), "版 " + std::to_string(n)), testing::ingest_ctx())) _exit(4);
    if (n == 50) {
      const char byte = 'r';
      if (write(ready_fd, &byte, 1) != 1) _exit(5);
    }
  }
}

}  // namespace

TEST_CASE("Store::put_trial from two threads at once: every write lands with its own seq") {
  testing::TempDir tmp;
  auto s = testing::open_store(tmp.path());
  std::vector<std::int64_t> seqs[2];
  std::vector<std::string> errors[2];
  auto writer = [&](int t) {
    for (int n = 0; n < 100; ++n) {
      auto w = s.put_trial(testing::small_record(trial_id(t, n)), testing::org_ctx("org_" + std::to_string(t)));
      if (w) seqs[t].push_back(w->seq);
      else errors[t].push_back(w.error().message);
      (void)s.get_trial(trial_id(1 - t, n));  // reads interleave with the other thread's writes
    }
  };
  std::thread a(writer, 0), b(writer, 1);
  a.join();
  b.join();
  CHECK(errors[0].empty());
  CHECK(errors[1].empty());
  std::set<std::int64_t> unique(seqs[0].begin(), seqs[0].end());
  unique.insert(seqs[1].begin(), seqs[1].end());
  CHECK(unique.size() == 200);
  CHECK(*unique.rbegin() == s.last_seq().value());
  CHECK(s.count_trials().value() == 200);
  CHECK(s.changes_since(0, 1000)->size() == 200);
  CHECK(s.verify_integrity()->empty());
}

TEST_CASE("Store survives a writer killed mid-transaction: it reopens consistent") {
  testing::TempDir tmp;
  const auto options = testing::store_options(tmp.path());  // before fork: the child must not make the database
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    close(fds[0]);
    write_until_killed(options, fds[1]);
  }
  close(fds[1]);
  char byte = 0;
  const bool ready = read(fds[0], &byte, 1) == 1;
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  close(fds[0]);
  REQUIRE(ready);
  REQUIRE(WIFSIGNALED(status));

  auto s = store::Store::open(options);
  REQUIRE(s.has_value());
  auto problems = s->verify_integrity();
  REQUIRE(problems.has_value());
  for (const auto& p : *problems) CAPTURE(p);
  CHECK(problems->empty());

  // The same invariants through the public API: each current trial's seq is its version's seq,
  // and the change feed has no seq twice.
  std::int64_t trials = 0;
  REQUIRE(s->for_each_trial([&](const store::StoredTrial& t) {
    ++trials;
    auto v = s->get_version(t.id, t.version);
    CHECK(v.has_value());
    if (v && *v) CHECK((*v)->summary.seq == t.seq);
    else FAIL_CHECK("no version row for " << t.id);
    return true;
  }).has_value());
  CHECK(trials > 0);
  auto changes = s->changes_since(0, 1'000'000).value();
  CHECK(changes.size() >= 51 * 6);
  std::set<std::int64_t> seqs;
  for (const auto& c : changes) seqs.insert(c.seq);
  CHECK(seqs.size() == changes.size());
  CHECK(*seqs.rbegin() == s->last_seq().value());
  // And it still accepts writes.
  CHECK(s->put_trial(testing::small_record(trial_id(5, 1)), testing::ingest_ctx()).has_value());
}
