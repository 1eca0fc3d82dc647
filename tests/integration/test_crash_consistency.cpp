// kill -9 consistency: a process that writes to the store and dies before the index catches up (or
// in the middle of a catch-up) leaves a registry the server opens, repairs and serves without stale
// results. The writer is a forked child that SIGKILLs itself; the parent then starts a server on
// the same data directory.
#include <doctest/doctest.h>

#include <csignal>
#include <cstdlib>
#include <sys/wait.h>
#include <unistd.h>

#include "api_helpers.hpp"
#include "index/index_writer.hpp"
#include "search/searcher.hpp"
#include "text/analyzer.hpp"

using nlohmann::json;
using namespace rinsho;
using namespace rinsho::testing;

namespace {

const std::vector<std::string> kIds = {"jRCT2031240001", "jRCT1032190004", "jRCT1032190046", "jRCT1032200049"};

// A data directory with a few trials, one of them titled with `old_word`, fully indexed.
std::filesystem::path prepared_registry(const std::string& old_word) {
  auto dir = fresh_temp_dir("crash");
  std::vector<std::filesystem::path> files;
  for (const auto& id : kIds) files.push_back(source_dir() / "sample_trials" / "records" / (id + ".json"));
  load_records(dir, files);
  {
    auto store = store::Store::open({dir});
    REQUIRE(store);
    auto record = sample_record(kIds[0]);
    record["public_title"]["ja"] = old_word + "の患者さんを対象とする試験";
    REQUIRE(store->put_trial(record, {.actor = "test", .source = "ingest"}));
  }
  TestServer server({.data_dir = dir});  // catches the index up, then closes everything
  auto client = server.client();
  auto res = client.Get(("/api/v1/trials?q=" + old_word).c_str());
  REQUIRE(res);
  REQUIRE(json::parse(res->body)["hits"].size() == 1);
  return dir;
}

// The child's end: SIGKILL, with every object still alive (no destructor runs, nothing is flushed
// or committed on the way out, as with a real kill -9).
[[noreturn]] void die_now() {
  ::kill(::getpid(), SIGKILL);
  _exit(99);  // not reached
}

// What the child writes: kIds[0] retitled with `new_word`, and a new trial titled `added_word`.
// Exits with 10 + step on failure, so the parent can tell a failed child from a killed one. The
// store is returned open, so the child dies holding it.
store::Store write_store_changes(const std::filesystem::path& dir, const std::string& new_word, const std::string& added_word) {
  auto store = store::Store::open({dir});
  if (!store) _exit(10);
  auto record = sample_record(kIds[0]);
  record["public_title"]["ja"] = new_word + "の患者さんを対象とする試験";
  if (!store->put_trial(record, {.actor = "crash-test", .source = "ingest"})) _exit(11);
  auto added = new_record(added_word);
  added["id"] = "jRCT2099990001";
  if (!store->put_trial(added, {.actor = "crash-test", .source = "ingest"})) _exit(12);
  return std::move(*store);
}

// Runs `child` in a forked process, which must end with die_now().
template <class Body>
void run_and_kill(Body child) {
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    child();
    _exit(98);  // the child returned instead of dying
  }
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  INFO("child exit status " << (WIFEXITED(status) ? WEXITSTATUS(status) : -1));
  REQUIRE(WIFSIGNALED(status));
  REQUIRE(WTERMSIG(status) == SIGKILL);
}

std::vector<std::string> search(httplib::Client& c, const std::string& q) {
  auto res = c.Get(("/api/v1/trials?facets=false&q=" + url_encode(q)).c_str());
  REQUIRE(res);
  REQUIRE(res->status == 200);
  std::vector<std::string> ids;
  const auto body = json::parse(res->body);
  for (const auto& h : body["hits"]) ids.push_back(h["id"]);
  return ids;
}

// The server started on `dir` serves what the store holds: new words found, old ones gone.
void check_recovered(const std::filesystem::path& dir) {
  TestServer server({.data_dir = dir});
  auto client = server.client();
  auto ready = client.Get("/readyz");
  REQUIRE(ready);
  CHECK(ready->status == 200);
  const auto body = json::parse(ready->body);
  CHECK(body["index_seq"] == body["store_seq"]);
  CHECK(body["store_seq"] == *server.app().store.last_seq());

  CHECK(search(client, "ptarmigannew") == std::vector<std::string>{kIds[0]});
  CHECK(search(client, "ptarmiganold").empty());  // no stale result
  CHECK(search(client, "lemmingadded") == std::vector<std::string>{"jRCT2099990001"});
  auto hits = client.Get("/api/v1/trials?facets=false&page_size=100");
  REQUIRE(hits);
  CHECK(json::parse(hits->body)["hits"].size() == kIds.size() + 1);  // no duplicates, nothing lost
  auto integrity = server.app().store.verify_integrity();
  REQUIRE(integrity);
  CHECK(integrity->empty());
}

}  // namespace

TEST_CASE("kill -9 after store writes, before the index caught up: the server repairs the index at start-up") {
  const auto dir = prepared_registry("ptarmiganold");
  run_and_kill([&] {
    auto store = write_store_changes(dir, "ptarmigannew", "lemmingadded");
    die_now();
  });
  check_recovered(dir);
  std::filesystem::remove_all(dir);
}

TEST_CASE("kill -9 in the middle of an index catch-up: the index opens afterwards and catches up") {
  const auto dir = prepared_registry("ptarmiganold");
  std::string flush_threshold;
  SUBCASE("nothing of the catch-up reached the disk") { flush_threshold = ""; }
  SUBCASE("Xapian flushed part of it on its own") { flush_threshold = "1"; }
  CAPTURE(flush_threshold);
  run_and_kill([&] {
    auto store = write_store_changes(dir, "ptarmigannew", "lemmingadded");
    // A catch-up that upserts every change and dies before its commit (which records the sequence).
    if (!flush_threshold.empty()) ::setenv("XAPIAN_FLUSH_THRESHOLD", flush_threshold.c_str(), 1);
    auto dictionary = text::Dictionary::builtin();
    if (!dictionary) _exit(20);
    text::Analyzer analyzer(std::make_shared<const text::Dictionary>(std::move(*dictionary)));
    auto writer = index::IndexWriter::open(dir / "index", analyzer);
    if (!writer) _exit(21);
    auto changes = store.changes_since(writer->last_applied_seq(), 1000);
    if (!changes || changes->size() != 2) _exit(22);
    for (const auto& c : *changes)
      if (!writer->upsert(c.record)) _exit(23);
    die_now();
  });
  {
    // What the dead process left: an index behind the store, with or without the new documents.
    auto dictionary = text::Dictionary::builtin();
    REQUIRE(dictionary);
    text::Analyzer analyzer(std::make_shared<const text::Dictionary>(std::move(*dictionary)));
    auto searcher = search::Searcher::open(dir / "index", analyzer);
    REQUIRE(searcher);
    auto store = store::Store::open({dir});
    REQUIRE(store);
    CHECK(searcher->last_applied_seq() < *store->last_seq());
    search::SearchRequest request;
    request.q = "lemmingadded";
    auto found = searcher->search(request);
    REQUIRE(found);
    CHECK(found->hits.size() == (flush_threshold.empty() ? 0u : 1u));
  }
  check_recovered(dir);
  std::filesystem::remove_all(dir);
}
