#pragma once
// Everything the handlers share, built once at start-up and passed by reference (no globals).
#include <memory>

#include "frontend/renderer.hpp"
#include "model/validator.hpp"
#include "server/config.hpp"
#include "server/index_sync.hpp"
#include "server/rate_limiter.hpp"
#include "server/searcher_pool.hpp"
#include "store/store.hpp"
#include "text/analyzer.hpp"

namespace rinsho::server {

struct AppContext {
  ServerConfig config;
  store::Store store;
  std::shared_ptr<const text::Dictionary> dictionary;
  text::Analyzer analyzer;  // prototype: copy it per thread
  model::RecordValidator validator;
  SearcherPool searchers;
  IndexSync index;
  RateLimiter limiter;
  frontend::Renderer pages;  // HTML pages; templates parsed and checked at start-up

  static Result<std::unique_ptr<AppContext>> create(const ServerConfig& config);

 private:
  AppContext(ServerConfig c, store::Store s, std::shared_ptr<const text::Dictionary> d, model::RecordValidator v,
             frontend::Renderer r);
};

}  // namespace rinsho::server
