#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "server/http/client_address.hpp"
#include "server/runtime/config.hpp"
#include "test_server.hpp"

using rinsho::server::client_address;

namespace {

rinsho::Result<rinsho::server::ParsedConfig> parse(const std::vector<std::string>& args,
                                                   std::map<std::string, std::string> env = {}) {
  return rinsho::server::parse_config(args, [env](const std::string& name) -> std::optional<std::string> {
    auto it = env.find(name);
    if (it == env.end()) return std::nullopt;
    return it->second;
  });
}

struct AddressRow {
  const char* peer;
  const char* forwarded_for;
  const char* expected;
};

}  // namespace

TEST_CASE("client_address believes X-Forwarded-For only from a trusted proxy, and only a valid address") {
  const std::vector<std::string> trusted = {"127.0.0.1", "::1"};
  const AddressRow rows[] = {
      {"127.0.0.1", "203.0.113.7", "203.0.113.7"},
      {"127.0.0.1", "198.51.100.1, 203.0.113.7", "203.0.113.7"},  // the proxy's own entry is the last
      {"127.0.0.1", " 2001:db8::1 ", "2001:db8::1"},
      {"::1", "203.0.113.7", "203.0.113.7"},
      {"127.0.0.1", "", "127.0.0.1"},
      {"127.0.0.1", "not-an-address", "127.0.0.1"},
      {"127.0.0.1", "203.0.113.7, <script>", "127.0.0.1"},
      {"127.0.0.1", "203.0.113.7,", "127.0.0.1"},
      {"127.0.0.1", "999.1.1.1", "127.0.0.1"},
      {"192.0.2.50", "203.0.113.7", "192.0.2.50"},  // anyone else may write the header: ignored
  };
  for (const auto& row : rows) {
    CAPTURE(row.forwarded_for);
    CHECK(client_address(row.peer, row.forwarded_for, trusted) == row.expected);
  }
  CHECK(client_address("127.0.0.1", "203.0.113.7", {}) == "127.0.0.1");
}

TEST_CASE("--database and RINSHO_DATABASE take a postgresql:// URL and refuse anything else by name") {
  auto none = parse({});
  REQUIRE(none.has_value());
  CHECK(none->config.database_url.empty());
  auto flag = parse({"--database", "postgresql://rinsho@db:5432/registry"});
  REQUIRE(flag.has_value());
  CHECK(flag->config.database_url == "postgresql://rinsho@db:5432/registry");
  auto env = parse({}, {{"RINSHO_DATABASE", "postgres://db/registry"}});
  REQUIRE(env.has_value());
  CHECK(env->config.database_url == "postgres://db/registry");
  auto bad = parse({"--database", "sqlite:///tmp/x"});
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().message.find("--database") != std::string::npos);
  auto bad_env = parse({}, {{"RINSHO_DATABASE", "mysql://db"}});
  REQUIRE_FALSE(bad_env.has_value());
  CHECK(bad_env.error().message.find("RINSHO_DATABASE") != std::string::npos);
}

TEST_CASE("--trusted-proxy takes addresses, comma-separated or repeated, and names a bad one") {
  auto ok = parse({"--trusted-proxy", "127.0.0.1,::1", "--trusted-proxy", "10.0.0.5"});
  REQUIRE(ok.has_value());
  CHECK(ok->config.trusted_proxies == std::vector<std::string>{"127.0.0.1", "::1", "10.0.0.5"});
  for (const char* bad : {"", "nginx.local", "127.0.0.1,", "1.2.3.4;rm"}) {
    CAPTURE(bad);
    auto r = parse({"--trusted-proxy", bad});
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().message.find("--trusted-proxy") != std::string::npos);
  }
}

TEST_CASE("behind a trusted proxy, the rate limit counts each forwarded client on its own") {
  rinsho::testing::TestServer server({.sample_count = 2, .rate_limit_per_minute = 3, .trusted_proxies = {"127.0.0.1"}});
  auto c = server.client();
  auto get_as = [&](const std::string& client) {
    auto r = c.Get("/api/v1/trials?q=x", {{"X-Forwarded-For", client}});
    REQUIRE(r);
    return r->status;
  };
  for (int i = 0; i < 3; ++i) CHECK(get_as("203.0.113.1") == 200);
  CHECK(get_as("203.0.113.1") == 429);
  CHECK(get_as("203.0.113.2") == 200);  // another person behind the same proxy is not punished
}

TEST_CASE("without --trusted-proxy, X-Forwarded-For cannot dodge the rate limit") {
  rinsho::testing::TestServer server({.sample_count = 2, .rate_limit_per_minute = 3});
  auto c = server.client();
  int limited = 0;
  for (int i = 0; i < 5; ++i) {
    auto r = c.Get("/api/v1/trials?q=x", {{"X-Forwarded-For", "203.0.113." + std::to_string(i)}});
    REQUIRE(r);
    limited += r->status == 429;
  }
  CHECK(limited == 2);
}
