#pragma once
// What /stats and GET /api/v1/stats show, built once as JSON (the page renders from the same object):
// progress toward the access KPI with a projection, daily accesses, the split by audience, device,
// language and kind, the most-searched conditions (k-anonymous), and a registry snapshot.
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "common/error.hpp"
#include "metrics/kpi.hpp"

namespace rinsho::server {

struct AppContext;

struct StatsOptions {
  metrics::KpiTargets targets;
  int chart_days = 90;                     // daily series, today included
  std::int64_t min_concept_searches = 10;  // k-anonymity: a condition shows only when this many searches share it
  std::size_t top_concepts = 20;
  int concept_days = 90;                   // the period "most searched" covers
  std::size_t months = 24;                 // registrations and updates per month
};

Result<nlohmann::json> build_stats(AppContext& app, const StatsOptions& options = {});

// A report takes tens of milliseconds with a year of counts, and it only changes when counts are
// flushed, the registry changes or the day turns: build_stats is rerun only when that key changes,
// and concurrent callers wait for one build instead of each starting their own.
class StatsCache {
 public:
  Result<std::shared_ptr<const nlohmann::json>> get(const std::string& key,
                                                    const std::function<Result<nlohmann::json>()>& build);

 private:
  std::mutex mutex_;
  std::string key_;
  std::shared_ptr<const nlohmann::json> value_;
};

// The report for now, from app.stats_cache.
Result<std::shared_ptr<const nlohmann::json>> cached_stats(AppContext& app);

// An organisation's own trials with their views between two Japan days (inclusive), and the reads
// made with its tokens.
Result<nlohmann::json> build_org_trial_stats(AppContext& app, const std::string& org_id, metrics::Day from,
                                             metrics::Day to);

}  // namespace rinsho::server
