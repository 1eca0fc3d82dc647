// Two rinsho-server nodes on one PostgreSQL registry, as scripts/cluster-demo runs them: writes on
// either node reach both indexes (exactly the store's contents, however the writes interleave), a
// write on one is searchable on the other within a second, and a database outage stops writes
// with 503 while reads go on, until the database returns and both nodes recover by themselves.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "api_helpers.hpp"
#include "metrics_support.hpp"
#include "server_process.hpp"
#include "store/store.hpp"
#include "support/temp_postgres.hpp"

using nlohmann::json;
using namespace rinsho;
using namespace rinsho::testing;
using namespace std::chrono_literals;

namespace {

struct Cluster {
  std::filesystem::path dir = fresh_temp_dir("two-nodes");
  TempPostgres pg;
  std::string url;
  std::string token, org_id;
  std::unique_ptr<ServerProcess> a, b;

  explicit Cluster(std::vector<std::string> node_flags = {}) {
    pg.create_database("registry");
    url = pg.url("registry");
    auto store = store::Store::open({dir / "setup", 5000, url});
    if (!store) throw std::runtime_error(store.error().message);
    auto org = store->create_org("二拠点製薬");
    org_id = org->id;
    auto issued = store->issue_token(org->id, "two nodes");
    token = "Bearer " + issued->token;
    std::vector<std::string> flags = {"--database", url};
    flags.insert(flags.end(), node_flags.begin(), node_flags.end());
    a = std::make_unique<ServerProcess>(dir / "a", dir / "a.log", flags);
    b = std::make_unique<ServerProcess>(dir / "b", dir / "b.log", flags);
    a->start();
    b->start();
  }
  ~Cluster() {
    a.reset();
    b.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  store::Store store() const {
    auto s = store::Store::open({dir / "setup", 5000, url});
    if (!s) throw std::runtime_error(s.error().message);
    return std::move(*s);
  }
};

// What a node's index holds: id -> English public title, over every page of an empty search.
std::map<std::string, std::string> indexed_titles(ServerProcess& node) {
  auto c = node.client();
  std::map<std::string, std::string> out;
  for (int page = 1; page < 100; ++page) {
    auto res = c.Get(("/api/v1/trials?facets=false&page_size=100&sort=updated&page=" + std::to_string(page)).c_str());
    REQUIRE(res);
    REQUIRE(res->status == 200);
    const auto body = json::parse(res->body);
    if (body["hits"].empty()) break;
    for (const auto& h : body["hits"]) out[h["id"].get<std::string>()] = h["public_title"].value("en", "");
  }
  return out;
}

std::map<std::string, std::string> stored_titles(store::Store& store) {
  std::map<std::string, std::string> out;
  REQUIRE(store.for_each_trial([&](const store::StoredTrial& t) {
    out[t.id] = t.record["public_title"].value("en", "");
    return true;
  }));
  return out;
}

bool caught_up(ServerProcess& node, std::int64_t seq) {
  auto c = node.client();
  auto res = c.Get("/readyz");
  return res && res->status == 200 && json::parse(res->body)["index_seq"].get<std::int64_t>() >= seq;
}

// Letters only, so that each word is one search term.
std::string word_for(int n) {
  std::string w = "quol";
  for (int i = 0; i < 4; ++i, n /= 26) w += static_cast<char>('a' + n % 26);
  return w;
}

}  // namespace

TEST_CASE("two nodes: concurrent writes on both leave both indexes with exactly the store's trials") {
  Cluster cluster;
  constexpr int kThreads = 6, kPerThread = 15;
  std::atomic<int> created{0}, updated{0}, failed{0};
  std::mutex failures_mutex;
  std::vector<std::string> failures;
  std::vector<std::thread> writers;
  for (int t = 0; t < kThreads; ++t)
    writers.emplace_back([&, t] {
      // Each thread registers on one node and updates on the other, so both nodes' writes
      // interleave in the store's sequence.
      auto first = (t % 2 ? cluster.b : cluster.a)->client();
      auto second = (t % 2 ? cluster.a : cluster.b)->client();
      for (int n = 0; n < kPerThread; ++n) {
        auto record = new_record("並行" + std::to_string(t) + "の" + std::to_string(n));
        record["public_title"]["en"] = "first " + std::to_string(t) + "-" + std::to_string(n);
        auto res = post_json(first, "/api/v1/trials", record, bearer(cluster.token));
        if (!res || res->status != 201) {
          ++failed;
          continue;
        }
        ++created;
        const std::string id = json::parse(res->body)["id"];
        record["id"] = id;
        record["public_title"]["en"] = "second " + std::to_string(t) + "-" + std::to_string(n);
        auto put = put_json(second, "/api/v1/trials/" + id, record,
                            with(bearer(cluster.token), "If-Match", res->get_header_value("ETag")));
        if (put && put->status == 200) {
          ++updated;
        } else {
          ++failed;
          std::lock_guard lock(failures_mutex);
          failures.push_back(put ? std::to_string(put->status) + " " + put->body : "no answer");
        }
      }
    });
  for (auto& w : writers) w.join();
  for (const auto& f : failures) CAPTURE(f);
  if (!failures.empty()) MESSAGE("first failure: " << failures.front());
  CHECK(failed == 0);
  CHECK(created == kThreads * kPerThread);
  CHECK(updated == kThreads * kPerThread);

  auto store = cluster.store();
  const auto seq = store.last_seq().value();
  CHECK(eventually([&] { return caught_up(*cluster.a, seq) && caught_up(*cluster.b, seq); }, 10s));
  const auto expected = stored_titles(store);
  CHECK(expected.size() == static_cast<std::size_t>(kThreads * kPerThread));
  // No structured bindings inside doctest's assertions: clang 14 cannot capture them.
  for (const auto& entry : expected) REQUIRE(entry.second.rfind("second ", 0) == 0);
  CHECK(indexed_titles(*cluster.a) == expected);
  CHECK(indexed_titles(*cluster.b) == expected);
  CHECK(store.verify_integrity()->empty());
}

TEST_CASE("two nodes: a trial registered on one is searchable on the other within a second") {
  Cluster cluster;
  auto a = cluster.a->client();
  auto b = cluster.b->client();
  std::vector<double> ms;
  for (int n = 0; n < 40; ++n) {
    const std::string word = word_for(n);
    auto record = new_record("遅延");
    record["public_title"]["en"] = "A study named " + word;
    auto res = post_json(a, "/api/v1/trials", record, bearer(cluster.token));
    REQUIRE(res);
    REQUIRE(res->status == 201);
    const auto acknowledged = std::chrono::steady_clock::now();
    const std::string id = json::parse(res->body)["id"];
    CHECK(search_ids(a, word) == std::vector<std::string>{id});  // on the node that took it: at once
    bool seen = false;
    while (!seen && std::chrono::steady_clock::now() - acknowledged < 5s) {
      const auto ids = search_ids(b, word);
      seen = std::find(ids.begin(), ids.end(), id) != ids.end();
      if (!seen) std::this_thread::sleep_for(2ms);
    }
    REQUIRE(seen);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - acknowledged).count());
  }
  std::sort(ms.begin(), ms.end());
  const double p50 = ms[ms.size() / 2], p99 = ms[ms.size() * 99 / 100];
  MESSAGE("201 on node A to searchable on node B over " << ms.size() << " registrations: p50 " << p50 << " ms, p99 "
                                                           << p99 << " ms, max " << ms.back() << " ms");
  CHECK(p99 < 1000);
}

TEST_CASE("two nodes: a database outage stops writes with 503 and Retry-After, reads go on, both recover alone") {
  Cluster cluster;
  auto a = cluster.a->client();
  auto b = cluster.b->client();
  auto before = new_record("停電前");
  before["public_title"]["en"] = "before the outage " + word_for(1);
  REQUIRE(post_json(a, "/api/v1/trials", before, bearer(cluster.token))->status == 201);

  cluster.pg.stop("fast");
  auto write = post_json(a, "/api/v1/trials", new_record("停電中"), bearer(cluster.token));
  REQUIRE(write);
  CHECK(write->status == 503);
  CHECK(write->get_header_value("Content-Type") == "application/problem+json");
  CHECK(write->get_header_value("Retry-After") == "2");
  CHECK(write->body.find("socket") == std::string::npos);  // the cause stays in the log
  for (auto* c : {&a, &b}) {
    CHECK(search_ids(*c, word_for(1)).size() == 1);  // reads come from the node's own index
    auto ready = c->Get("/readyz");
    REQUIRE(ready);
    CHECK(ready->status == 503);
    CHECK(json::parse(ready->body)["status"] == "database_unreachable");
    CHECK(c->Get("/healthz")->status == 200);
  }

  cluster.pg.start();
  std::string id;
  CHECK(eventually([&] {
    auto res = post_json(b, "/api/v1/trials", new_record("復旧後"), bearer(cluster.token));
    if (!res || res->status != 201) return false;
    id = json::parse(res->body)["id"];
    return true;
  }, 15s));
  REQUIRE_FALSE(id.empty());
  CHECK(eventually([&] { return a.Get("/readyz")->status == 200 && b.Get("/readyz")->status == 200; }, 10s));
  CHECK(eventually([&] { return !search_ids(a, id).empty(); }, 5s));
  auto store = cluster.store();
  CHECK(store.count_trials().value() == 2);  // nothing of the refused write is there
  CHECK(store.verify_integrity()->empty());
}

TEST_CASE("two nodes: access counts from both add up, and a restarted node loses none it flushed") {
  Cluster cluster({"--metrics-flush-ms", "200"});
  auto store = cluster.store();
  auto a = cluster.a->client();
  auto made = post_json(a, "/api/v1/trials", new_record("計数"), bearer(cluster.token));
  REQUIRE(made);
  REQUIRE(made->status == 201);
  const std::string id = json::parse(made->body)["id"];
  auto views = [&](ServerProcess& node, int n) {
    auto c = node.client();
    for (int i = 0; i < n; ++i) {
      auto res = c.Get(("/trials/" + id).c_str(), {{"User-Agent", ua::desktop}});
      REQUIRE(res);
      REQUIRE(res->status == 200);
    }
  };
  auto counted = [&] {
    std::int64_t total = 0;
    const auto rows = store.daily_access("2000-01-01", "2999-12-31").value();
    for (const auto& row : rows)
      if (row.audience == "person") total += row.count;
    return total;
  };
  views(*cluster.a, 10);
  views(*cluster.b, 7);
  CHECK(eventually([&] { return counted() == 17; }, 5s));
  // A node stopped the usual way writes what it counted last; the other's counts stay.
  views(*cluster.b, 5);
  CHECK(cluster.b->kill(SIGTERM) == 0);
  CHECK(counted() == 22);
  cluster.b->start();
  views(*cluster.b, 3);
  views(*cluster.a, 2);
  CHECK(eventually([&] { return counted() == 27; }, 5s));
  std::int64_t trial_views = 0;
  const auto per_trial = store.trial_views_for_org(cluster.org_id, "2000-01-01", "2999-12-31").value();
  for (const auto& t : per_trial)
    if (t.trial_id == id) trial_views = t.person;
  CHECK(trial_views == 27);
}
