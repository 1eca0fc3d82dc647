// GET /metrics: the Prometheus text format (checked by a parser here, and by promtool when it is
// installed: scripts/setup --promtool), and the values after a known set of requests.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "metrics_support.hpp"

using namespace rinsho::testing;

namespace {

struct Sample {
  std::string name, labels;
  double value = 0;
};

// The text exposition format 0.0.4, strictly: HELP and TYPE once per family and before its samples,
// valid names and labels, counters ending in _total, cumulative histogram buckets ending in +Inf
// that equal _count, no repeated series. Returns the problems found.
std::vector<std::string> check_exposition(const std::string& text, std::vector<Sample>& samples) {
  static const std::regex sample_re(R"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*",?)*\})? (\S+)$)");
  static const std::regex comment_re(R"(^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$)");
  std::vector<std::string> problems;
  std::map<std::string, std::string> types;
  std::set<std::string> helped, seen, closed;
  std::string current;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::smatch m;
    if (line.rfind("#", 0) == 0) {
      if (!std::regex_match(line, m, comment_re)) { problems.push_back("bad comment: " + line); continue; }
      const std::string name = m[2];
      if (m[1] == "HELP") {
        if (!helped.insert(name).second) problems.push_back("HELP twice: " + name);
      } else {
        if (types.count(name)) problems.push_back("TYPE twice: " + name);
        const std::string type = m[3];
        if (type != "counter" && type != "gauge" && type != "histogram") problems.push_back("unknown type: " + line);
        if (type == "counter" && !name.ends_with("_total")) problems.push_back("counter without _total: " + name);
        if (type != "counter" && name.ends_with("_total")) problems.push_back("_total on a " + type + ": " + name);
        types[name] = type;
        if (!current.empty()) closed.insert(current);
        current = name;
      }
      continue;
    }
    if (!std::regex_match(line, m, sample_re)) { problems.push_back("bad sample: " + line); continue; }
    Sample s{m[1], m[2], 0};
    const std::string value = m[5];
    if (value == "+Inf" || value == "-Inf" || value == "NaN") s.value = 0;
    else {
      std::size_t used = 0;
      try { s.value = std::stod(value, &used); } catch (...) { used = 0; }
      if (used != value.size()) problems.push_back("bad value: " + line);
    }
    std::string family = s.name;
    for (const char* suffix : {"_bucket", "_sum", "_count"})
      if (family.ends_with(suffix) && types.count(family.substr(0, family.size() - std::string(suffix).size())) &&
          types[family.substr(0, family.size() - std::string(suffix).size())] == "histogram")
        family = family.substr(0, family.size() - std::string(suffix).size());
    if (!types.count(family)) problems.push_back("sample before its TYPE: " + line);
    if (!helped.count(family)) problems.push_back("sample without HELP: " + line);
    if (family != current || closed.count(family)) problems.push_back("family not contiguous: " + line);
    if (!seen.insert(s.name + s.labels).second) problems.push_back("repeated series: " + line);
    samples.push_back(s);
  }
  // Histograms: buckets never decrease, and +Inf equals _count.
  std::map<std::string, double> last_bucket, inf_bucket;
  for (const auto& s : samples) {
    if (!s.name.ends_with("_bucket")) continue;
    const auto le = s.labels.find(",le=\"");
    const std::string series = s.name + s.labels.substr(0, le);
    if (last_bucket.count(series) && s.value < last_bucket[series]) problems.push_back("bucket decreases: " + series);
    last_bucket[series] = s.value;
    if (s.labels.find("le=\"+Inf\"") != std::string::npos) inf_bucket[series] = s.value;
  }
  for (const auto& s : samples) {
    if (!s.name.ends_with("_count")) continue;
    const auto base = s.name.substr(0, s.name.size() - 6) + "_bucket" + s.labels.substr(0, s.labels.size() - 1);
    if (!inf_bucket.count(base) || inf_bucket[base] != s.value) problems.push_back("+Inf bucket differs from _count: " + s.name + s.labels);
  }
  return problems;
}

double value_of(const std::vector<Sample>& samples, const std::string& name, const std::string& labels = "") {
  for (const auto& s : samples)
    if (s.name == name && s.labels == labels) return s.value;
  return -1;
}

std::string promtool() {
  for (const char* p : {"/usr/bin/promtool", "/usr/local/bin/promtool"})
    if (std::filesystem::exists(p)) return p;
  const auto local = source_dir() / ".deps" / "prometheus" / "promtool";
  return std::filesystem::exists(local) ? local.string() : "";
}

}  // namespace

TEST_CASE("GET /metrics is valid Prometheus text and counts requests, rate limits and rejected writes") {
  TestServer server({.sample_count = 3, .rate_limit_per_minute = 5});
  auto c = server.client();
  for (int i = 0; i < 7; ++i) get_status(c, "/api/v1/trials", ua::iphone);  // 5 answered, 2 refused with 429
  CHECK(get_status(c, "/healthz", ua::iphone) == 200);                     // health checks are never limited
  auto unauthenticated = c.Post("/api/v1/trials", "{}", "application/json");  // a rejected write (after the limit: 429)
  REQUIRE(unauthenticated);
  auto res = c.Get("/metrics");
  REQUIRE(res);
  REQUIRE(res->status == 200);
  CHECK(res->get_header_value("Content-Type") == "text/plain; version=0.0.4; charset=utf-8");

  std::vector<Sample> samples;
  const auto problems = check_exposition(res->body, samples);
  for (const auto& p : problems) FAIL_CHECK(p);

  const std::string trials = R"({route="/api/v1/trials",method="GET",status=")";
  CHECK(value_of(samples, "rinsho_http_requests_total", trials + "200\"}") == 5);
  CHECK(value_of(samples, "rinsho_http_requests_total", trials + "429\"}") == 2);
  CHECK(value_of(samples, "rinsho_http_requests_total", R"({route="/healthz",method="GET",status="200"})") == 1);
  CHECK(value_of(samples, "rinsho_http_request_duration_seconds_count", R"({route="/api/v1/trials",method="GET"})") == 7);
  CHECK(value_of(samples, "rinsho_rate_limited_requests_total") == 3);  // two reads and the write
  CHECK(value_of(samples, "rinsho_rejected_writes_total") == 1);
  CHECK(value_of(samples, "rinsho_http_requests_in_flight") == 1);  // this scrape
  CHECK(value_of(samples, "rinsho_index_documents") == 3);
  CHECK(value_of(samples, "rinsho_store_last_seq") == 3);
  CHECK(value_of(samples, "rinsho_index_last_seq") == 3);
  CHECK(value_of(samples, "rinsho_index_lag_changes") == 0);
  CHECK(value_of(samples, "rinsho_index_ready") == 1);
  CHECK(value_of(samples, "rinsho_index_age_seconds") >= 0);
  CHECK(value_of(samples, "rinsho_accesses_total", R"({audience="person",kind="search",channel="api"})") == 5);

  const auto tool = promtool();
  if (tool.empty()) {
    MESSAGE("promtool not installed (scripts/setup --promtool): checked by this test's parser only");
    return;
  }
  const auto file = fresh_temp_dir("promtool") / "metrics.txt";
  std::ofstream(file) << res->body;
  const std::string command = tool + " check metrics < " + file.string() + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe);
  std::string output;
  char buf[512];
  while (std::fgets(buf, sizeof buf, pipe)) output += buf;
  const int status = pclose(pipe);
  CAPTURE(output);
  CHECK(status == 0);
  CHECK(output.empty());  // promtool prints lint problems even when it exits 0
  std::filesystem::remove_all(file.parent_path());
}

TEST_CASE("check_exposition, the test's own format checker, finds what promtool would") {
  const char* bad[] = {
      "rinsho_x_total 1\n",                                                  // no HELP or TYPE
      "# HELP a x\n# TYPE a counter\na 1\n",                                  // counter without _total
      "# HELP a_total x\n# TYPE a_total counter\na_total{route=\"/x} 1\n",   // unterminated label
      "# HELP a_total x\n# TYPE a_total counter\na_total one\n",             // not a number
      "# HELP h x\n# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n",
      "# HELP g x\n# TYPE g gauge\ng 1\ng 2\n",                              // repeated series
  };
  for (const char* text : bad) {
    CAPTURE(text);
    std::vector<Sample> samples;
    CHECK_FALSE(check_exposition(text, samples).empty());
  }
  std::vector<Sample> samples;
  CHECK(check_exposition("# HELP g x\n# TYPE g gauge\ng{a=\"1\"} 1\ng{a=\"2\"} 2.5\n", samples).empty());
  CHECK(samples.size() == 2);
}

TEST_CASE("GET /metrics counts unmatched paths under one route label, never the raw path") {
  TestServer server({.sample_count = 1});
  auto c = server.client();
  c.Get("/secret/path/one");
  c.Get("/secret/path/two");
  auto res = c.Get("/metrics");
  REQUIRE(res);
  CHECK(res->body.find(R"x(rinsho_http_requests_total{route="(unmatched)",method="GET",status="404"} 2)x") != std::string::npos);
  CHECK(res->body.find("/secret/") == std::string::npos);
}
