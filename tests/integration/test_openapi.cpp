#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "server/routes.hpp"
#include "test_server.hpp"

using nlohmann::json;

namespace {
bool is_api(const std::string& path) {
  return path.rfind("/api/", 0) == 0 || path == "/healthz" || path == "/readyz" || path == "/metrics";
}
std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}
}  // namespace

TEST_CASE("the OpenAPI document describes exactly the API routes the server has") {
  rinsho::testing::TestServer server({.sample_count = 1});
  auto client = server.client();
  auto res = client.Get("/api/v1/openapi.json");
  REQUIRE(res);
  REQUIRE(res->status == 200);
  const auto doc = json::parse(res->body);
  CHECK(doc["openapi"] == "3.1.0");

  std::set<std::pair<std::string, std::string>> routes, documented;
  for (const auto& r : rinsho::server::all_routes(server.app()))
    if (is_api(r.route_template)) routes.insert({r.route_template, lower(r.method)});
  for (const auto& [path, ops] : doc["paths"].items())
    for (const auto& [method, op] : ops.items()) documented.insert({path, method});
  for (const auto& r : routes) {
    CAPTURE(r.first + " " + r.second);
    CHECK(documented.count(r));
  }
  for (const auto& d : documented) {
    CAPTURE(d.first + " " + d.second);
    CHECK(routes.count(d));
  }
}

TEST_CASE("the OpenAPI document's error responses are the problem+json the server sends") {
  rinsho::testing::TestServer server({.sample_count = 1});
  auto client = server.client();
  auto res = client.Get("/api/v1/trials?nonsense=1");
  REQUIRE(res);
  const auto problem = json::parse(res->body);
  for (const char* key : {"type", "title", "status", "detail", "errors"}) CHECK(problem.contains(key));
  CHECK(problem["errors"][0].contains("pointer"));
  CHECK(problem["errors"][0]["message"].contains("ja"));
  CHECK(problem["errors"][0]["message"].contains("en"));
}
