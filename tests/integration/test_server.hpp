#pragma once
// Starts the real server (all routes, middleware, cpp-httplib) on 127.0.0.1 with a fresh registry
// in a temporary directory, loaded with sample trials, and stops it cleanly afterwards.
#include <atomic>
#include <chrono>
#include <functional>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "server/runtime/app_context.hpp"
#include "server/http/http_server.hpp"
#include "server/http/middleware.hpp"
#include "support/sample_registry.hpp"

namespace rinsho::testing {

inline std::filesystem::path fresh_temp_dir(const std::string& name) {
  static std::atomic<int> counter{0};
  auto dir = std::filesystem::temp_directory_path() /
             ("rinsho-" + name + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// Every sample trial, loaded and indexed once per test process, then copied for each server that
// wants them all: loading and indexing ~300 records takes seconds, copying two files does not.
class FullSampleTemplate {
 public:
  static const std::filesystem::path& dir() {
    static FullSampleTemplate instance;
    return instance.dir_;
  }
  ~FullSampleTemplate() {
    std::error_code ec;
    // A forked child that exits normally must not delete the parent's template.
    if (owner_ == ::getpid()) std::filesystem::remove_all(dir_, ec);
  }

 private:
  FullSampleTemplate() : dir_(fresh_temp_dir("template")), owner_(::getpid()) {
    load_records(dir_, sample_trial_files());
    server::ServerConfig config;
    config.data_dir = dir_;
    auto app = server::AppContext::create(config);  // builds the index by catching up
    if (!app) throw std::runtime_error(app.error().message);
  }
  std::filesystem::path dir_;
  pid_t owner_;
};

class TestServer {
 public:
  struct Options {
    std::size_t sample_count = 1000000;  // how many sample trials to load (all by default)
    std::vector<std::string> ids;        // load exactly these sample trials instead
    int rate_limit_per_minute = 0;
    std::size_t body_limit = 1u << 20;
    std::filesystem::path data_dir;      // reuse a directory instead of a fresh one
    int write_rate_limit_per_minute = 0;
    bool access_log = false;             // JSON lines on stderr
    bool metrics = true;
    std::size_t sitemap_max_urls = 50000;  // lower it to reach the sitemap index with few trials
    std::function<std::chrono::system_clock::time_point()> clock;  // empty: the system clock
    int header_timeout_ms = 10000;
    int threads = 4;                       // HTTP worker threads
    // As rinsho-server does: catch up with writes made by other processes on a timer and flush
    // access counts on another (tests/stress). Off by default, so counts and the index change only
    // when a test says so.
    bool background = false;
    int catch_up_interval_ms = 2000;
    int metrics_flush_ms = 5000;
    std::vector<std::string> trusted_proxies;  // --trusted-proxy
  };

  TestServer() : TestServer(Options{}) {}
  explicit TestServer(Options o) : owns_dir_(o.data_dir.empty()) {
    dir_ = owns_dir_ ? fresh_temp_dir("server") : o.data_dir;
    if (owns_dir_) {
      auto files = sample_trial_files();
      if (!o.ids.empty()) {
        files.clear();
        for (const auto& id : o.ids) files.push_back(source_dir() / "sample_trials" / "records" / (id + ".json"));
      }
      if (o.ids.empty() && files.size() <= o.sample_count) {
        std::filesystem::copy(FullSampleTemplate::dir(), dir_, std::filesystem::copy_options::recursive);
      } else {
        if (files.size() > o.sample_count) files.resize(o.sample_count);
        load_records(dir_, files);
      }
    }
    server::ServerConfig config;
    config.data_dir = dir_;
    config.port = 0;
    config.access_log = o.access_log;
    config.rate_limit_per_minute = o.rate_limit_per_minute;
    config.write_rate_limit_per_minute = o.write_rate_limit_per_minute;
    config.body_limit = o.body_limit;
    config.threads = o.threads;
    config.metrics = o.metrics;
    config.catch_up_interval_ms = o.catch_up_interval_ms;
    config.metrics_flush_ms = o.metrics_flush_ms;
    config.clock = o.clock;
    config.sitemap_max_urls = o.sitemap_max_urls;
    config.header_timeout_ms = o.header_timeout_ms;
    config.trusted_proxies = o.trusted_proxies;
    auto app = server::AppContext::create(config);
    if (!app) throw std::runtime_error(app.error().message);
    app_ = std::move(*app);
    auto& ctx = *app_;
    http_ = std::make_unique<server::HttpServer>(
        ctx.config, server::all_routes(ctx),
        [&ctx](const server::Route& route, server::HttpRequest& req) { return server::dispatch(ctx, route, req); },
        [&ctx](const server::HttpRequest& req, int status) { return server::unhandled(ctx, req, status); });
    auto port = http_->bind();
    if (!port) throw std::runtime_error(port.error().message);
    port_ = *port;
    ctx.config.base_url = "http://127.0.0.1:" + std::to_string(port_);
    if (o.background) {
      ctx.index.start(ctx.config.catch_up_interval_ms);
      ctx.access.start();
    }
    thread_ = std::thread([this] { http_->serve(); });
    while (!http_->running()) std::this_thread::yield();
  }
  ~TestServer() {
    http_->stop();
    thread_.join();
    app_.reset();
    if (owns_dir_) std::filesystem::remove_all(dir_);
  }

  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(30, 0);
    return c;
  }
  int port() const { return port_; }
  server::AppContext& app() { return *app_; }
  const std::filesystem::path& data_dir() const { return dir_; }

  // An organisation with a fresh token: {org_id, "Bearer <token>"}.
  std::pair<std::string, std::string> registrant(const std::string& name) {
    auto org = app_->store.create_org(name);
    if (!org) throw std::runtime_error(org.error().message);
    auto token = app_->store.issue_token(org->id, "test");
    if (!token) throw std::runtime_error(token.error().message);
    return {org->id, "Bearer " + token->token};
  }

 private:
  bool owns_dir_;
  std::filesystem::path dir_;
  std::unique_ptr<server::AppContext> app_;
  std::unique_ptr<server::HttpServer> http_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace rinsho::testing
