// The whole server under every kind of load at once, for RINSHO_STRESS_SECONDS (60 by default; ctest
// sets a shorter RINSHO_STRESS_DEFAULT_SECONDS). Built with -fsanitize=thread (scripts/sanitize-suites)
// it is the data-race test; built plainly it still checks that nothing a client did was lost.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "api_helpers.hpp"
#include "workload.hpp"

using nlohmann::json;
using namespace rinsho::testing;

namespace {

int stress_seconds() {
  for (const char* name : {"RINSHO_STRESS_SECONDS", "RINSHO_STRESS_DEFAULT_SECONDS"})
    if (const char* v = std::getenv(name); v && *v) return std::max(1, std::atoi(v));
  return 60;
}

bool search_finds(httplib::Client& c, const std::string& word, const std::string& id) {
  auto res = c.Get(("/api/v1/trials?facets=false&page_size=100&q=" + url_encode(word)).c_str());
  if (!res || res->status != 200) return false;
  const auto body = json::parse(res->body);  // named: a range-for over a temporary's member dangles
  for (const auto& h : body["hits"])
    if (h["id"] == id) return true;
  return false;
}

}  // namespace

TEST_CASE("searches, writes, catch-up, exports and metrics at once: no 5xx, no write lost, all of it found") {
  // Catch-up and the metrics flush run every 50 ms, so they interleave with everything else many
  // times a second rather than a few times a test.
  TestServer server({.threads = 16, .background = true, .catch_up_interval_ms = 50, .metrics_flush_ms = 50});
  const auto trials_before = snapshot(server.app()).trials;
  auto [org_a, auth_a] = server.registrant("Stress Pharma A");
  auto [org_b, auth_b] = server.registrant("Stress Pharma B");

  Ledger ledger;
  std::atomic<bool> stop{false};
  const LoadTarget target{server.port(), &stop, &ledger};
  std::vector<std::thread> clients;
  for (unsigned r = 0; r < 8; ++r) clients.emplace_back(read_loop, std::cref(target), 1000 + r);
  clients.emplace_back(export_loop, std::cref(target), 7u);
  // Writers 0 and 1 share organisation A, so their shared Idempotency-Keys meet.
  clients.emplace_back(api_write_loop, std::cref(target), 0, 0, auth_a);
  clients.emplace_back(api_write_loop, std::cref(target), 1, 0, auth_a);
  clients.emplace_back(api_write_loop, std::cref(target), 2, 1, auth_b);
  clients.emplace_back(store_write_loop, std::cref(target), server.data_dir(), 3);

  const auto seconds = stress_seconds();
  MESSAGE("stress load for " << seconds << " s");
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  stop = true;
  for (auto& t : clients) t.join();

  for (const auto& note : ledger.failure_notes()) MESSAGE(note);
  CHECK(ledger.failures() == 0);

  auto client = server.client();
  // The store writer's last trials reach the index only by the catch-up timer.
  CHECK(eventually([&] { auto r = client.Get("/readyz"); return r && r->status == 200; }, std::chrono::seconds(60)));

  const auto writes = ledger.writes();
  MESSAGE(writes.size() << " trials written");
  CHECK(writes.size() >= 10);
  CHECK(snapshot(server.app()).trials == trials_before + static_cast<std::int64_t>(writes.size()));
  std::size_t unreadable = 0, not_found = 0, found_by_old_word = 0;
  for (const auto& [id, w] : writes) {
    auto res = client.Get(("/api/v1/trials/" + id).c_str());
    if (!res || res->status != 200 || json::parse(res->body)["public_title"]["ja"] != title_of(w.word)) {
      ++unreadable;
      MESSAGE(id << " does not read back as " << title_of(w.word));
    }
    if (!search_finds(client, w.word, id)) {
      ++not_found;
      MESSAGE(id << " is not found by its title word " << w.word);
    }
    if (!w.old_word.empty() && search_finds(client, w.old_word, id)) {
      ++found_by_old_word;
      MESSAGE(id << " is still found by its replaced title word " << w.old_word);
    }
  }
  CHECK(unreadable == 0);
  CHECK(not_found == 0);
  CHECK(found_by_old_word == 0);

  // Each shared Idempotency-Key registered one trial, however the writers raced.
  const auto keys = ledger.shared_keys();
  CHECK(!keys.empty());
  for (const auto& entry : keys) CHECK_MESSAGE(entry.second.size() == 1, entry.first);

  // The flusher ran throughout and the counts it flushed are in the store.
  CHECK(server.app().access.flushes() > 10);
  CHECK(server.app().access.flush_failures() == 0);
}
