// One input = one HTTP request as text, no sockets:
//   METHOD /path?query\n
//   Header: value\n ...
//   \n
//   body
// decoded the way cpp-httplib decodes it (percent-decoded path; query split on & and =, '+' as
// space, repeated keys kept), matched against the server's route table with the same regexes and
// passed through the same dispatch (rate limits, handlers, security headers, counting). Unmatched
// requests get the server's 404/405 answers. "$TOKEN" in a header becomes a real bearer token for
// the first kMaxWrites successful writes, so writes are reached but the registry stays small.
// Invariants: a status from 100 to 599 and never 500; API and health-check errors are
// application/problem+json carrying their status; page errors are HTML; every answer carries the
// security headers.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <regex>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "fuzz_check.hpp"
#include "fuzz_http_request.hpp"
#include "server/runtime/app_context.hpp"
#include "server/http/middleware.hpp"
#include "server/pages/pages.hpp"
#include "server/routes.hpp"
#include "support/sample_registry.hpp"

namespace {

using namespace rinsho;
using namespace rinsho::server;

constexpr int kMaxWrites = 500;

// A few sample trials, enough for every page and API route to have something to show; a registry
// of a few records keeps each search, export and sitemap fast enough to fuzz.
constexpr std::size_t kSampleCount = 6;

class Registry {
 public:
  Registry() {
    char dir_template[] = "/tmp/rinsho-fuzz-http-XXXXXX";
    FUZZ_CHECK(::mkdtemp(dir_template) != nullptr);
    dir_ = dir_template;
    auto files = testing::sample_trial_files();
    FUZZ_CHECK(files.size() >= kSampleCount);
    files.resize(kSampleCount);
    files.push_back(testing::source_dir() / "sample_trials/records/jRCT2031240001.json");  // the seeds' trial
    testing::load_records(dir_, files);
    ServerConfig config;
    config.data_dir = dir_;
    config.access_log = false;
    config.rate_limit_per_minute = 0;  // one client sends everything; the limiter has its own tests
    config.write_rate_limit_per_minute = 0;
    config.body_limit = 256 * 1024;
    config.base_url = "http://127.0.0.1:8080";
    auto app = AppContext::create(config);
    FUZZ_CHECK(app.has_value());
    app_ = std::move(*app);
    auto org = app_->store.create_org("Fuzz Pharma");
    FUZZ_CHECK(org.has_value());
    auto token = app_->store.issue_token(org->id, "fuzz");
    FUZZ_CHECK(token.has_value());
    token_ = token->token;
    routes_ = all_routes(*app_);
    for (const auto& r : routes_) patterns_.emplace_back(r.pattern);
  }
  ~Registry() {
    app_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // What http_server.cpp does with a request: the first route of the method whose regex matches
  // the whole path runs; a path another method takes is 405, anything else 404.
  HttpResponse handle(HttpRequest request) {
    const std::string method = request.method == "HEAD" ? "GET" : request.method;
    bool path_known = false;
    for (std::size_t i = 0; i < routes_.size(); ++i) {
      std::smatch m;
      if (!std::regex_match(request.path, m, patterns_[i])) continue;
      if (routes_[i].method != method) {
        path_known = true;
        continue;
      }
      request.route = routes_[i].route_template;
      for (std::size_t k = 1; k < m.size(); ++k) request.path_params.push_back(m[k].str());
      return dispatch(*app_, routes_[i], request);
    }
    request.route = "(unmatched)";
    return unhandled(*app_, request, path_known ? 405 : 404);
  }

  // The real token while writes are allowed, a revoked-looking one after.
  std::string token() const { return writes_ < kMaxWrites ? token_ : "rinsho_exhausted"; }
  // RINSHO_FUZZ_VERBOSE=1: one line per request with its status, to see what a corpus reaches.
  bool verbose() const { return verbose_; }
  void count_write(const HttpRequest& r, const HttpResponse& res) {
    if ((r.method == "POST" || r.method == "PUT") && res.status >= 200 && res.status < 300) ++writes_;
  }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<AppContext> app_;
  std::string token_;
  std::vector<Route> routes_;
  std::vector<std::regex> patterns_;
  int writes_ = 0;
  bool verbose_ = std::getenv("RINSHO_FUZZ_VERBOSE") != nullptr;
};

std::string header_value(const HttpResponse& r, std::string_view name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return "";
}

void check_response(const HttpRequest& req, HttpResponse& res) {
  FUZZ_CHECK(res.status >= 100 && res.status <= 599);
  FUZZ_CHECK(res.status != 500);  // an internal error on a request we built ourselves is a bug
  FUZZ_CHECK(header_value(res, "X-Content-Type-Options") == "nosniff");
  // Streamed bodies (exports) are read as the server would send them, up to a bound.
  if (res.stream) {
    std::string body;
    res.stream([&body](std::string_view chunk) {
      body.append(chunk);
      return body.size() < (1u << 20);
    });
  }
  if (res.status < 400) return;
  if (is_page_path(req.path)) {
    FUZZ_CHECK(res.content_type.rfind("text/html", 0) == 0);
    return;
  }
  FUZZ_CHECK(res.content_type == "application/problem+json");
  const auto body = nlohmann::json::parse(res.body, nullptr, false);
  FUZZ_CHECK(body.is_object() && body.value("status", 0) == res.status && body.contains("title"));
}

Registry& registry() {
  static Registry instance;
  return instance;
}

}  // namespace

// Built before the first input, so start-up time never counts against an input's time limit.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)registry();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto& registry = ::registry();
  auto request = fuzz::parse_request(std::string_view(reinterpret_cast<const char*>(data), size), registry.token());
  if (!request) return 0;  // httplib would refuse it before any handler (no method, no path)
  auto response = registry.handle(*request);
  if (registry.verbose()) std::fprintf(stderr, "%s %s -> %d\n", request->method.c_str(), request->path.c_str(), response.status);
  check_response(*request, response);
  registry.count_write(*request, response);
  return 0;
}
