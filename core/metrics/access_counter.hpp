#pragma once
// Access counts in memory: one small map per shard, each behind its own mutex, so request threads
// rarely meet; a flusher drains them into the store every few seconds. Counts only.
#include <array>
#include <atomic>
#include <compare>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/access.hpp"
#include "metrics/calendar.hpp"

namespace rinsho::metrics {

struct Access {
  Day day;
  Audience audience = Audience::person;
  AccessKind kind = AccessKind::other;
  Channel channel = Channel::page;
  Device device = Device::other;
  Lang lang = Lang::ja;
  std::string_view trial_id;   // trial views only
  std::string_view org_id;     // requests that carried a valid token
  const std::vector<std::string>* concepts = nullptr;  // condition concepts of a search
};

struct CellKey {
  int day = 0;  // days since 1970-01-01, Japan time
  Audience audience{};
  AccessKind kind{};
  Channel channel{};
  Device device{};
  Lang lang{};
  auto operator<=>(const CellKey&) const = default;
};
struct TrialKey {
  int day = 0;
  std::string trial_id;
  Audience audience{};
  auto operator<=>(const TrialKey&) const = default;
};
struct OrgKey {
  int day = 0;
  std::string org_id;
  AccessKind kind{};
  auto operator<=>(const OrgKey&) const = default;
};
struct ConceptKey {
  int day = 0;
  std::string concept_id;
  auto operator<=>(const ConceptKey&) const = default;
};

// Counts drained from memory, waiting to be added to the store.
struct CountBatch {
  std::map<CellKey, std::uint64_t> cells;
  std::map<TrialKey, std::uint64_t> trials;
  std::map<OrgKey, std::uint64_t> orgs;
  std::map<ConceptKey, std::uint64_t> concepts;

  void add(const Access& a);
  void merge(const CountBatch& other);
  bool empty() const { return cells.empty() && trials.empty() && orgs.empty() && concepts.empty(); }
  std::uint64_t accesses() const;
};

class AccessCounter {
 public:
  static constexpr std::size_t kShards = 16;

  void add(const Access& a);
  // Takes everything counted so far; later adds go into the next batch.
  CountBatch drain();
  // Puts a batch back (the store was unavailable), to be tried again with the next drain.
  void restore(CountBatch batch);

  // Accesses since the process started, for /metrics: [audience][kind][channel].
  std::uint64_t total(Audience a, AccessKind k, Channel c) const;

 private:
  struct alignas(64) Shard {
    std::mutex mutex;
    CountBatch batch;
  };
  std::array<Shard, kShards> shards_;
  std::array<std::atomic<std::uint64_t>, kAudiences * kKinds * kChannels> totals_{};
};

}  // namespace rinsho::metrics
