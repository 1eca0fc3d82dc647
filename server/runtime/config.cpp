#include "server/runtime/config.hpp"

#include <algorithm>
#include <charconv>

#include "store/store.hpp"

namespace rinsho::server {
namespace {

struct Setting {
  const char* flag;
  const char* env;
  std::function<Result<void>(ServerConfig&, const std::string&)> apply;
};

Result<long long> number(const std::string& name, const std::string& value, long long lo, long long hi) {
  long long v = 0;
  auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
  if (ec != std::errc() || ptr != value.data() + value.size() || v < lo || v > hi)
    return fail(ErrorCode::invalid_argument,
                name + ": must be a number from " + std::to_string(lo) + " to " + std::to_string(hi));
  return v;
}

template <class T>
std::function<Result<void>(ServerConfig&, const std::string&)> integer(T ServerConfig::*field, const char* name,
                                                                      long long lo, long long hi) {
  return [=](ServerConfig& c, const std::string& v) -> Result<void> {
    auto n = number(name, v, lo, hi);
    if (!n) return tl::unexpected(n.error());
    c.*field = static_cast<T>(*n);
    return {};
  };
}

const std::vector<Setting>& settings() {
  static const std::vector<Setting> all = {
      {"--listen", "RINSHO_LISTEN", [](ServerConfig& c, const std::string& v) -> Result<void> { c.listen_address = v; return {}; }},
      {"--port", "RINSHO_PORT", integer(&ServerConfig::port, "--port", 0, 65535)},
      {"--data-dir", "RINSHO_DATA_DIR", [](ServerConfig& c, const std::string& v) -> Result<void> { c.data_dir = v; return {}; }},
      {"--database", "RINSHO_DATABASE", [](ServerConfig& c, const std::string& v) -> Result<void> {
         if (auto backend = store::database_backend(v); !backend) return tl::unexpected(backend.error());
         c.database_url = v;
         return {};
       }},
      {"--threads", "RINSHO_THREADS", integer(&ServerConfig::threads, "--threads", 1, 1024)},
      {"--search-concurrency", "RINSHO_SEARCH_CONCURRENCY", integer(&ServerConfig::search_concurrency, "--search-concurrency", 0, 1024)},
      {"--body-limit", "RINSHO_BODY_LIMIT", integer(&ServerConfig::body_limit, "--body-limit", 1024, 1LL << 30)},
      {"--rate-limit", "RINSHO_RATE_LIMIT", integer(&ServerConfig::rate_limit_per_minute, "--rate-limit", 0, 1000000)},
      {"--write-rate-limit", "RINSHO_WRITE_RATE_LIMIT", integer(&ServerConfig::write_rate_limit_per_minute, "--write-rate-limit", 0, 1000000)},
      {"--keep-alive-max", "RINSHO_KEEP_ALIVE_MAX", integer(&ServerConfig::keep_alive_max_count, "--keep-alive-max", 1, 100000)},
      {"--keep-alive-timeout", "RINSHO_KEEP_ALIVE_TIMEOUT", integer(&ServerConfig::keep_alive_timeout_seconds, "--keep-alive-timeout", 1, 3600)},
      {"--header-timeout-ms", "RINSHO_HEADER_TIMEOUT_MS", integer(&ServerConfig::header_timeout_ms, "--header-timeout-ms", 100, 600000)},
      {"--body-timeout-ms", "RINSHO_BODY_TIMEOUT_MS", integer(&ServerConfig::body_timeout_ms, "--body-timeout-ms", 100, 3600000)},
      {"--max-connections-per-address", "RINSHO_MAX_CONNECTIONS_PER_ADDRESS",
       integer(&ServerConfig::max_connections_per_address, "--max-connections-per-address", 0, 100000)},
      {"--trusted-proxy", "RINSHO_TRUSTED_PROXIES", [](ServerConfig& c, const std::string& v) -> Result<void> {
         // Comma-separated; the flag may be given more than once.
         std::size_t start = 0;
         while (start <= v.size()) {
           const auto end = std::min(v.find(',', start), v.size());
           std::string one = v.substr(start, end - start);
           if (one.empty() || one.find_first_not_of("0123456789abcdefABCDEF.:") != std::string::npos)
             return fail(ErrorCode::invalid_argument, "--trusted-proxy: \"" + one.substr(0, 60) + "\" is not an IP address");
           c.trusted_proxies.push_back(std::move(one));
           start = end + 1;
         }
         return {};
       }},
      {"--catch-up-ms", "RINSHO_CATCH_UP_MS", integer(&ServerConfig::catch_up_interval_ms, "--catch-up-ms", 50, 3600000)},
      {"--memory-trim-ms", "RINSHO_MEMORY_TRIM_MS", integer(&ServerConfig::memory_trim_ms, "--memory-trim-ms", 0, 3600000)},
      {"--metrics-flush-ms", "RINSHO_METRICS_FLUSH_MS", integer(&ServerConfig::metrics_flush_ms, "--metrics-flush-ms", 100, 3600000)},
      {"--base-url", "RINSHO_BASE_URL", [](ServerConfig& c, const std::string& v) -> Result<void> {
         if (v.rfind("http://", 0) != 0 && v.rfind("https://", 0) != 0)
           return fail(ErrorCode::invalid_argument, "--base-url: must start with http:// or https://");
         c.base_url = v;
         while (!c.base_url.empty() && c.base_url.back() == '/') c.base_url.pop_back();
         return {};
       }},
  };
  return all;
}

}  // namespace

const char* config_usage() {
  return R"(rinsho-server: the rinsho registry's JSON API and web pages

Usage: rinsho-server [options]

Options (each also read from the environment variable shown; flags win):
  --listen ADDR            Address to bind (RINSHO_LISTEN, default 127.0.0.1)
  --port N                 Port, 0 for any free one (RINSHO_PORT, default 8080)
  --data-dir DIR           Registry directory shared with rinsho-indexer and rinsho-admin
                           (RINSHO_DATA_DIR, default ./data); with --database, this node's own
                           search index and local state
  --database URL           postgresql://user@host:port/dbname: keep the registry in PostgreSQL,
                           shared by every node (RINSHO_DATABASE; default: SQLite in --data-dir)
  --threads N              HTTP worker threads (RINSHO_THREADS, default 64)
  --search-concurrency N   Searches run at once; more wait their turn in arrival order, so a burst
                           cannot slow every search down together (RINSHO_SEARCH_CONCURRENCY,
                           default 0 = one per CPU core)
  --body-limit BYTES       Largest request body accepted (RINSHO_BODY_LIMIT, default 4194304)
  --rate-limit N           Requests per minute per client address, 0 = off (RINSHO_RATE_LIMIT, default 600)
  --write-rate-limit N     Writes per minute per token, 0 = off (RINSHO_WRITE_RATE_LIMIT, default 120)
  --keep-alive-max N       Requests per keep-alive connection (RINSHO_KEEP_ALIVE_MAX, default 100)
  --keep-alive-timeout S   Idle seconds before a keep-alive connection closes (RINSHO_KEEP_ALIVE_TIMEOUT, default 5)
  --header-timeout-ms MS   Time a client has to send a request's line and headers, in total
                           (RINSHO_HEADER_TIMEOUT_MS, default 10000)
  --body-timeout-ms MS     Time a client has to send a request body, in total (RINSHO_BODY_TIMEOUT_MS,
                           default 60000)
  --max-connections-per-address N
                           While connections wait for a worker thread, one client address may hold
                           this many; past it its idle ones close first. 0 = no limit, for a proxy
                           in front (RINSHO_MAX_CONNECTIONS_PER_ADDRESS, default 16)
  --trusted-proxy ADDR     A proxy (nginx) whose X-Forwarded-For header names the client, for rate
                           limits; comma-separated or repeated (RINSHO_TRUSTED_PROXIES, default none)
  --catch-up-ms MS         How often to look for writes made by other processes when the store does
                           not announce them (SQLite; RINSHO_CATCH_UP_MS, default 2000)
  --memory-trim-ms MS      How often memory the allocator holds unused is given back to the system,
                           0 = never (RINSHO_MEMORY_TRIM_MS, default 10000)
  --base-url URL           Public address for canonical links and sitemaps (RINSHO_BASE_URL)
  --metrics-flush-ms MS    How often access counts are written to the registry; a crash loses at most
                           this much (RINSHO_METRICS_FLUSH_MS, default 5000)
  --no-metrics             Count nothing: no access metrics, no request metrics (RINSHO_NO_METRICS=1)
  --quiet                  No access log
  -h, --help               Show this help
)";
}

Result<ParsedConfig> parse_config(const std::vector<std::string>& args, const EnvLookup& env) {
  ParsedConfig parsed;
  bool base_url_set = false;
  for (const auto& s : settings()) {
    if (auto v = env(s.env)) {
      if (auto ok = s.apply(parsed.config, *v); !ok)
        return fail(ErrorCode::invalid_argument, std::string(s.env) + " (" + ok.error().message + ")");
      base_url_set = base_url_set || std::string(s.flag) == "--base-url";
    }
  }
  if (auto v = env("RINSHO_NO_METRICS"); v && *v != "0" && *v != "false") parsed.config.metrics = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto& a = args[i];
    if (a == "-h" || a == "--help") {
      parsed.show_help = true;
      continue;
    }
    if (a == "--quiet") {
      parsed.config.access_log = false;
      continue;
    }
    if (a == "--no-metrics") {
      parsed.config.metrics = false;
      continue;
    }
    const Setting* match = nullptr;
    for (const auto& s : settings())
      if (a == s.flag) match = &s;
    if (!match) return fail(ErrorCode::invalid_argument, "unknown option " + a);
    if (i + 1 >= args.size()) return fail(ErrorCode::invalid_argument, a + ": needs a value");
    if (auto ok = match->apply(parsed.config, args[++i]); !ok) return tl::unexpected(ok.error());
    base_url_set = base_url_set || a == "--base-url";
  }
  parsed.config.base_url_given = base_url_set;
  if (!base_url_set) {
    const std::string host = parsed.config.listen_address == "0.0.0.0" ? "127.0.0.1" : parsed.config.listen_address;
    parsed.config.base_url = "http://" + host + ":" + std::to_string(parsed.config.port);
  }
  return parsed;
}

}  // namespace rinsho::server
