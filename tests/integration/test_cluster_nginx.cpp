// The site as scripts/cluster-demo runs it and deploy/ ships it: a real PostgreSQL 15, two
// rinsho-server nodes, nginx with deploy/nginx/rinsho.conf (rendered by scripts/nginx-private-conf)
// and deploy/nginx/rinsho-readyz-watch. Through nginx: a registration reaches both nodes; a node
// killed under read load costs no errors after its first second; it catches up when restarted; a
// PostgreSQL restart under write load loses no acknowledged write and shows clients 503 with
// Retry-After, never 502; and the nodes rate-limit the client nginx names, not nginx itself.
#include <doctest/doctest.h>

#include <algorithm>
#include <future>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "api_helpers.hpp"
#include "cluster_nginx.hpp"
#include "store/store.hpp"

using nlohmann::json;
using namespace rinsho;
using namespace rinsho::testing;
using namespace std::chrono_literals;

namespace {

double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

// (b) Search through nginx from `threads` keep-alive clients until `until`; every answer's time
// and whether it was a 200.
struct Answer {
  double at_ms = 0;
  bool ok = false;
  std::string what;  // for a failure: the status, or why there was none
};

std::vector<Answer> read_load(int port, Clock::time_point t0, Clock::time_point until, int threads) {
  static const std::vector<std::string> queries = {"cancer", "肺がん", "糖尿病", "breast", "認知症", "recruiting"};
  std::mutex mutex;
  std::vector<Answer> all;
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      // A connection per request: a keep-alive connection that nginx closes as a reload retires
      // its old worker fails on the client's side (browsers resend then); that is not what is
      // measured here.
      httplib::Client c("127.0.0.1", port);
      c.set_read_timeout(10, 0);
      std::vector<Answer> mine;
      for (std::size_t n = t; Clock::now() < until; ++n) {
        const auto path = "/api/v1/trials?facets=false&q=" + url_encode(queries[n % queries.size()]);
        auto res = c.Get(path.c_str());
        const bool ok = res && res->status == 200;
        mine.push_back({ms_since(t0), ok, ok ? "" : res ? std::to_string(res->status) : httplib::to_string(res.error())});
      }
      std::lock_guard lock(mutex);
      all.insert(all.end(), mine.begin(), mine.end());
    });
  for (auto& t : pool) t.join();
  return all;
}

// (d) Registrations and updates through nginx from several writers until `until`: what was
// acknowledged (id, version, title) and every other answer.
struct Ack {
  std::string id, title;
  std::int64_t version = 0;
  double at_ms = 0;
};
struct Refusal {
  int status = 0;  // 0: no HTTP answer
  bool retry_after = false, problem = false;
  std::string title;
  double at_ms = 0;
};
struct WriteLog {
  std::vector<Ack> acks;
  std::vector<Refusal> refusals;
};

void write_one(httplib::Client& c, const std::string& token, int t, int n, Clock::time_point t0, WriteLog& out,
               std::string& id, std::string& etag, int& updates) {
  auto record = new_record("nginx-w" + std::to_string(t) + "-" + std::to_string(n));
  const std::string title = "cluster writer " + std::to_string(t) + " write " + std::to_string(n);
  record["public_title"]["en"] = title;
  const bool update = !id.empty() && updates < 2;
  auto res = update ? put_json(c, "/api/v1/trials/" + id, record, with(bearer(token), "If-Match", etag))
                    : post_json(c, "/api/v1/trials", record, bearer(token));
  if (res && (res->status == 200 || res->status == 201)) {
    const auto body = json::parse(res->body);
    id = body["id"];
    etag = res->get_header_value("ETag");
    updates = update ? updates + 1 : 0;
    out.acks.push_back({id, title, body["version"].get<std::int64_t>(), ms_since(t0)});
    return;
  }
  // A 412 means an update answered 503 had committed after all: go on with a new trial.
  if (res && res->status == 412) id.clear();
  out.refusals.push_back({res ? res->status : 0, res && res->has_header("Retry-After"),
                          res && res->get_header_value("Content-Type") == "application/problem+json", title, ms_since(t0)});
}

WriteLog write_load(int port, const std::string& token, Clock::time_point t0, const std::atomic<bool>& stop, int threads) {
  std::mutex mutex;
  WriteLog all;
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      httplib::Client c("127.0.0.1", port);  // a connection per request, as in read_load
      c.set_read_timeout(20, 0);
      WriteLog mine;
      std::string id, etag;
      int updates = 0;
      for (int n = 0; !stop; ++n) write_one(c, token, t, n, t0, mine, id, etag, updates);
      std::lock_guard lock(mutex);
      all.acks.insert(all.acks.end(), mine.acks.begin(), mine.acks.end());
      all.refusals.insert(all.refusals.end(), mine.refusals.begin(), mine.refusals.end());
    });
  for (auto& t : pool) t.join();
  return all;
}

std::string register_through(httplib::Client& c, const std::string& token, const std::string& word) {
  auto record = new_record(word);
  record["public_title"]["en"] = "A study named " + word;
  auto res = post_json(c, "/api/v1/trials", record, bearer(token));
  REQUIRE(res);
  REQUIRE(res->status == 201);
  return json::parse(res->body)["id"];
}

bool finds(ServerProcess& node, const std::string& word, const std::string& id) {
  auto c = node.client();
  const auto ids = search_ids(c, word);
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// A client whose connections come from another loopback address, as another person would.
httplib::Client client_from(int port, const std::string& address) {
  httplib::Client c("127.0.0.1", port);
  c.set_interface(address);
  return c;
}

// (d) Every acknowledged write is in the store at the version acknowledged; everything refused was
// a 503 with Retry-After; and writes were taken again once PostgreSQL was back.
void check_writes(NginxCluster& cluster, const WriteLog& log, double restart_from, double restart_to) {
  auto store = cluster.open_store();
  int missing = 0, after_restart = 0, refused_but_stored = 0;
  for (const auto& ack : log.acks) {
    auto version = store.get_version(ack.id, ack.version);
    REQUIRE(version);
    if (!*version || (*version)->record["public_title"].value("en", "") != ack.title) ++missing;
    if (ack.at_ms > restart_to) ++after_restart;
  }
  std::map<int, int> statuses;
  int without_retry_after = 0;
  double first_refusal = 1e9, last_refusal = 0;
  std::set<std::string> refused_titles;
  for (const auto& r : log.refusals) {
    ++statuses[r.status];
    if (r.status == 503 && (!r.retry_after || !r.problem)) ++without_retry_after;
    first_refusal = std::min(first_refusal, r.at_ms);
    last_refusal = std::max(last_refusal, r.at_ms);
    refused_titles.insert(r.title);
  }
  REQUIRE(store.for_each_trial([&](const store::StoredTrial& t) {
    refused_but_stored += static_cast<int>(refused_titles.count(t.record["public_title"].value("en", "")));
    return true;
  }));
  std::ostringstream seen;
  for (const auto& [status, n] : statuses) seen << " " << n << " x " << status;
  MESSAGE("write load: pg_ctl restart -m fast from " << restart_from << " to " << restart_to << " ms; "
                                                     << log.acks.size() << " writes acknowledged (" << after_restart
                                                     << " after the restart), " << missing << " of them missing from the store;"
                                                     << " refused:" << seen.str() << " between " << first_refusal << " and "
                                                     << last_refusal << " ms (the last " << std::max(0.0, last_refusal - restart_to)
                                                     << " ms after pg_ctl returned); refused yet stored: " << refused_but_stored);
  CHECK(missing == 0);
  CHECK(statuses[503] > 0);  // the outage was seen
  CHECK(without_retry_after == 0);
  // 412: an update answered 503 that had committed after all (its reply was lost with the
  // connection); the writer moves on. Anything else (502 from nginx, 500, no answer) is a failure.
  for (const auto& entry : statuses) {  // named, not bound: clang 14 cannot capture bindings
    const auto status = entry.first;
    const auto n = entry.second;
    CHECK_MESSAGE((status == 503 || status == 412), status << " x " << n);
  }
  // Writes were taken again, and nothing was refused in the last second of the load (it ran 3 s
  // past the restart).
  CHECK(after_restart > 0);
  CHECK(last_refusal < restart_to + 2000);
}

// (e) Node A alone, limited to 10 requests a minute per client address; node B stopped, so that
// nginx has one node to send to and every count lands in one place.
void check_client_addresses(NginxCluster& cluster) {
  cluster.b->kill(SIGTERM);
  cluster.a->kill(SIGTERM);
  cluster.a = cluster.node("node-a", cluster.port_a, {"--rate-limit", "10"});
  cluster.a->start();
  // Until the configuration nginx runs has A in it: the watcher may still have A down from a round
  // before the restarts (after the database restart A's /readyz can fail a little longer than B's).
  CHECK(eventually([&] { return cluster.marked_down() == std::vector<int>{cluster.port_b}; }, 5s));
  auto local = cluster.site();
  CHECK(eventually([&] {
    auto res = local.Get("/healthz");
    return res && res->status == 200;
  }, 5s));
  // The statuses of n searches from a client at `from`, as "200 200 429".
  auto statuses = [&](const std::string& from, int n, const httplib::Headers& headers = {}) {
    auto c = client_from(cluster.nginx_port, from);
    std::string out;
    for (int i = 0; i < n; ++i) {
      auto res = c.Get("/api/v1/trials?facets=false&q=cancer", headers);
      out += (out.empty() ? "" : " ") + std::to_string(res ? res->status : 0);
    }
    return out;
  };
  CHECK(statuses("127.0.0.2", 12) == "200 200 200 200 200 200 200 200 200 200 429 429");
  // Another client has its own allowance: the node saw two addresses, not nginx's one.
  CHECK(statuses("127.0.0.3", 3) == "200 200 200");
  // A client that names someone else in X-Forwarded-For is still itself: nginx replaces the header.
  CHECK(statuses("127.0.0.2", 2, {{"X-Forwarded-For", "127.0.0.9"}}) == "429 429");
  CHECK(statuses("127.0.0.3", 2, {{"X-Forwarded-For", "127.0.0.2"}}) == "200 200");
}

}  // namespace

TEST_CASE("cluster behind nginx: failover, catch-up, a database restart and client addresses") {
  NginxCluster cluster;
  INFO(cluster.logs());  // the watcher's and nginx's logs, on failure
  auto site = cluster.site();

  // (a) A registration through nginx is searchable on both nodes, asked directly.
  const std::string word_a = "nginxaaaa";
  const std::string id_a = register_through(site, cluster.token, word_a);
  CHECK(eventually([&] { return finds(*cluster.a, word_a, id_a) && finds(*cluster.b, word_a, id_a); }, 5s));

  // (b) kill -9 of node A while four clients search through nginx.
  const auto t0 = Clock::now();
  const auto kill_at = t0 + 1500ms, until = t0 + 7s;
  auto load = std::async(std::launch::async, [&] { return read_load(cluster.nginx_port, t0, until, 4); });
  std::this_thread::sleep_until(kill_at);
  const double killed_ms = ms_since(t0);
  cluster.a->kill(SIGKILL);
  const auto answers = load.get();
  int before = 0, first_second = 0, after = 0;
  std::ostringstream failures;
  for (const auto& a : answers)
    if (!a.ok) {
      ++(a.at_ms < killed_ms ? before : a.at_ms < killed_ms + 1000 ? first_second : after);
      failures << " [" << static_cast<int>(a.at_ms - killed_ms) << " ms: " << a.what << "]";
    }
  MESSAGE("read load: " << answers.size() << " searches through nginx in 7 s; failed: " << before << " before the kill, "
                        << first_second << " in the second after it, " << after << " later;" << failures.str());
  CHECK(answers.size() > 200);
  CHECK(before == 0);
  CHECK(after == 0);
  CHECK(eventually([&] { return cluster.marked_down() == std::vector<int>{cluster.port_a}; }, 3s));

  // Registrations go on while A is down (nginx sends a POST elsewhere when its connection is refused).
  std::vector<std::pair<std::string, std::string>> while_down;
  for (const std::string word : {"nginxbbbb", "nginxcccc", "nginxdddd"})
    while_down.emplace_back(word, register_through(site, cluster.token, word));

  // (c) A comes back on its port and catches up from the store before it says it is ready.
  const auto restart = Clock::now();
  cluster.a->start();
  const double ready_ms = ms_since(restart);
  for (const auto& entry : while_down) CHECK(finds(*cluster.a, entry.first, entry.second));
  MESSAGE("node A: restarted and caught up (/readyz 200, " << while_down.size()
                                                           << " registrations made while it was down found) in "
                                                           << ready_ms << " ms");
  CHECK(eventually([&] { return cluster.marked_down().empty(); }, 3s));
  // and nginx sends it requests again.
  const int answered_before = cluster.answered_by(cluster.port_a);
  CHECK(eventually([&] {
    search_ids(site, "cancer");
    return cluster.answered_by(cluster.port_a) > answered_before;
  }, 3s));

  // (d) pg_ctl restart -m fast while three clients register and update through nginx, from 1.5 s
  // before it to 3 s after it.
  const auto w0 = Clock::now();
  std::atomic<bool> stop_writing{false};
  auto writes = std::async(std::launch::async, [&] { return write_load(cluster.nginx_port, cluster.token, w0, stop_writing, 3); });
  std::this_thread::sleep_until(w0 + 1500ms);
  const double restart_from = ms_since(w0);
  cluster.pg.restart("fast");
  const double restart_to = ms_since(w0);
  std::this_thread::sleep_for(3s);
  stop_writing = true;
  const auto log = writes.get();
  check_writes(cluster, log, restart_from, restart_to);

  // (e) The nodes count requests per client, as nginx names it; a client cannot name another.
  check_client_addresses(cluster);
  CHECK_FALSE(cluster.ever_all_down());
}
