#include <doctest/doctest.h>

#include <thread>
#include <vector>

#include "metrics/access_counter.hpp"

using namespace rinsho::metrics;

namespace {
Access access(int day, Audience a, AccessKind k, std::string_view trial = {}) {
  Access x;
  x.day = Day{std::chrono::days{day}};
  x.audience = a;
  x.kind = k;
  x.channel = Channel::api;
  x.device = a == Audience::person ? Device::phone : Device::other;
  x.trial_id = trial;
  return x;
}
}  // namespace

TEST_CASE("AccessCounter::add from many threads loses nothing, and drain empties it") {
  AccessCounter counter;
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&counter] {
      for (int i = 0; i < 1000; ++i) counter.add(access(20000, Audience::person, AccessKind::detail, "jRCT2031240001"));
    });
  for (auto& t : threads) t.join();
  auto batch = counter.drain();
  CHECK(batch.accesses() == 8000);
  REQUIRE(batch.cells.size() == 1);
  REQUIRE(batch.trials.size() == 1);
  CHECK(batch.trials.begin()->second == 8000);
  CHECK(counter.drain().empty());
  CHECK(counter.total(Audience::person, AccessKind::detail, Channel::api) == 8000);
}

TEST_CASE("CountBatch keeps days, audiences, organisations and concepts apart") {
  CountBatch b;
  const std::vector<std::string> concepts = {"lung_cancer", "cancer"};
  auto search = access(20000, Audience::person, AccessKind::search);
  search.concepts = &concepts;
  search.org_id = "org_0123456789abcdef";
  b.add(search);
  b.add(search);
  b.add(access(20001, Audience::person, AccessKind::search));
  b.add(access(20001, Audience::bot, AccessKind::search));
  CHECK(b.accesses() == 4);
  CHECK(b.cells.size() == 3);
  CHECK(b.concepts.size() == 2);
  CHECK((b.concepts[ConceptKey{20000, "lung_cancer"}]) == 2);
  CHECK((b.orgs[OrgKey{20000, "org_0123456789abcdef", AccessKind::search}]) == 2);
}

TEST_CASE("AccessCounter::restore puts a failed flush back for the next drain") {
  AccessCounter counter;
  counter.add(access(20000, Audience::person, AccessKind::other));
  auto failed = counter.drain();
  counter.add(access(20000, Audience::person, AccessKind::other));
  counter.restore(std::move(failed));
  auto next = counter.drain();
  CHECK(next.accesses() == 2);
  CHECK(next.cells.size() == 1);
}
