#pragma once
// Everything the handlers share, built once at start-up and passed by reference (no globals).
#include <array>
#include <memory>
#include <mutex>

#include "accounts/password.hpp"
#include "frontend/renderer.hpp"
#include "portal/renderer.hpp"
#include "metrics/user_agent.hpp"
#include "model/validator.hpp"
#include "server/ops/access_metrics.hpp"
#include "server/runtime/config.hpp"
#include "server/runtime/data_dir_lock.hpp"
#include "server/runtime/index_sync.hpp"
#include "server/portal/sign_in_throttle.hpp"
#include "server/http/rate_limiter.hpp"
#include "server/ops/request_metrics.hpp"
#include "server/runtime/searcher_pool.hpp"
#include "server/ops/stats_report.hpp"
#include "store/store.hpp"
#include "text/analyzer.hpp"

namespace rinsho::server {

struct AppContext {
  DataDirLock lock;  // first: held until everything below has closed its files
  ServerConfig config;
  store::Store store;
  std::shared_ptr<const text::Dictionary> dictionary;
  text::Analyzer analyzer;  // prototype: copy it per thread
  model::RecordValidator validator;
  SearcherPool searchers;
  IndexSync index;
  RateLimiter limiter;
  frontend::Renderer pages;  // HTML pages; templates parsed and checked at start-up
  portal::Renderer portal_pages;  // the researcher portal's pages, in the same layout
  accounts::PasswordHasher passwords;
  SignInThrottle sign_ins;
  RequestMetrics requests;
  AccessMetrics access;  // after store: it flushes into the store when destroyed
  StatsCache stats_cache;

  static Result<std::unique_ptr<AppContext>> create(const ServerConfig& config);

 private:
  AppContext(DataDirLock l, ServerConfig c, store::Store s, std::shared_ptr<const text::Dictionary> d, model::RecordValidator v,
             frontend::Renderer r, portal::Renderer p, metrics::UserAgentClassifier user_agents);
};

}  // namespace rinsho::server
