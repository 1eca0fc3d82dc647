#pragma once
// Server settings: command-line flags win over RINSHO_* environment variables, which win over defaults.
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/error.hpp"

namespace rinsho::server {

struct ServerConfig {
  std::string listen_address = "127.0.0.1";
  int port = 8080;
  std::filesystem::path data_dir = "data";
  std::string database_url;                // empty: SQLite in data_dir; postgresql://...: shared store
  // Proxies (nginx) whose X-Forwarded-For names the client, for rate limits and access counts.
  std::vector<std::string> trusted_proxies;
  int threads = 64;                        // HTTP worker threads; each open connection holds one
  int search_concurrency = 0;              // searches run at once, the rest queue in order; 0 = cores
  std::size_t body_limit = 4u << 20;       // bytes; larger bodies get 413
  int rate_limit_per_minute = 600;         // per client address, reads and writes
  int write_rate_limit_per_minute = 120;   // per token, writes
  int keep_alive_max_count = 100;
  int keep_alive_timeout_seconds = 5;
  // Slow and idle clients (cpp-httplib gives each connection a worker thread; http_connection.cpp
  // takes it back): the request line and headers must arrive within header_timeout_ms, a body
  // within body_timeout_ms. While new connections wait for a thread, idle keep-alive connections
  // and requests whose headers are still incomplete after slow_request_ms are closed.
  int header_timeout_ms = 10000;
  int body_timeout_ms = 60000;
  int slow_request_ms = 500;
  int max_connections_per_address = 16;    // while connections wait for a thread; 0 = no limit
  int catch_up_interval_ms = 2000;         // how often the index looks for writes made by other processes
  int memory_trim_ms = 10000;              // how often free allocator memory goes back to the system; 0 = never
  std::string base_url = "http://127.0.0.1:8080";  // for canonical links, sitemaps and Location
  bool base_url_given = false;             // false: derived from the listen address and bound port
  bool access_log = true;
  bool metrics = true;                     // access counting and request metrics (--no-metrics turns both off)
  int metrics_flush_ms = 5000;             // how often access counts are added to the store
  // URLs per sitemap file; past it /sitemap.xml becomes an index of parts. sitemaps.org allows
  // 50,000; tests lower it to reach the index without loading 25,000 trials.
  std::size_t sitemap_max_urls = 50000;
  // Where "now" comes from for access metrics and /stats; empty: the system clock. Tests set it.
  std::function<std::chrono::system_clock::time_point()> clock;
};

struct ParsedConfig {
  ServerConfig config;
  bool show_help = false;
};

using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

// Errors name the flag or variable: "--port: must be a number from 1 to 65535".
Result<ParsedConfig> parse_config(const std::vector<std::string>& args, const EnvLookup& env);
const char* config_usage();

}  // namespace rinsho::server
