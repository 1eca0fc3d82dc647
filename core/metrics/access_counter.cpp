#include "metrics/access_counter.hpp"

namespace rinsho::metrics {
namespace {

std::size_t total_index(Audience a, AccessKind k, Channel c) {
  return (static_cast<std::size_t>(a) * kKinds + static_cast<std::size_t>(k)) * kChannels + static_cast<std::size_t>(c);
}

// Each thread keeps to one shard; the server's pool threads are long-lived, so they spread evenly.
std::size_t my_shard() {
  static std::atomic<std::size_t> next{0};
  thread_local const std::size_t shard = next.fetch_add(1) % AccessCounter::kShards;
  return shard;
}

template <class Map>
void merge_map(Map& into, const Map& from) {
  for (const auto& [k, v] : from) into[k] += v;
}

}  // namespace

void CountBatch::add(const Access& a) {
  const int day = static_cast<int>(a.day.time_since_epoch().count());
  ++cells[CellKey{day, a.audience, a.kind, a.channel, a.device, a.lang}];
  if (!a.trial_id.empty()) ++trials[TrialKey{day, std::string(a.trial_id), a.audience}];
  if (!a.org_id.empty()) ++orgs[OrgKey{day, std::string(a.org_id), a.kind}];
  if (a.concepts)
    for (const auto& c : *a.concepts) ++concepts[ConceptKey{day, c}];
}

void CountBatch::merge(const CountBatch& other) {
  merge_map(cells, other.cells);
  merge_map(trials, other.trials);
  merge_map(orgs, other.orgs);
  merge_map(concepts, other.concepts);
}

std::uint64_t CountBatch::accesses() const {
  std::uint64_t n = 0;
  for (const auto& [k, v] : cells) n += v;
  return n;
}

void AccessCounter::add(const Access& a) {
  totals_[total_index(a.audience, a.kind, a.channel)].fetch_add(1, std::memory_order_relaxed);
  auto& shard = shards_[my_shard()];
  std::lock_guard lock(shard.mutex);
  shard.batch.add(a);
}

CountBatch AccessCounter::drain() {
  CountBatch out;
  for (auto& shard : shards_) {
    CountBatch taken;
    {
      std::lock_guard lock(shard.mutex);
      std::swap(taken, shard.batch);
    }
    if (out.empty()) out = std::move(taken);
    else out.merge(taken);
  }
  return out;
}

void AccessCounter::restore(CountBatch batch) {
  auto& shard = shards_[0];
  std::lock_guard lock(shard.mutex);
  shard.batch.merge(batch);
}

std::uint64_t AccessCounter::total(Audience a, AccessKind k, Channel c) const {
  return totals_[total_index(a, k, c)].load(std::memory_order_relaxed);
}

}  // namespace rinsho::metrics
