// The access log: one JSON line per request on stderr, with the route template and never the query
// string, the body or a token.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <sstream>

#include "api_helpers.hpp"
#include "stderr_capture.hpp"

using nlohmann::json;
using namespace rinsho::testing;

TEST_CASE("access log lines never contain the bearer token or the query string") {
  TestServer server({.sample_count = 2, .access_log = true});
  auto [org, auth] = server.registrant("Logged Pharma");
  const std::string token = auth.substr(std::string("Bearer ").size());
  auto client = server.client();
  std::string text;
  {
    StderrCapture capture;
    client.Get("/api/v1/trials?q=secretword&status=recruiting", bearer(auth));
    client.Get("/api/v1/suggest?q=secretword");
    auto created = post_json(client, "/api/v1/trials", new_record("secretword"), bearer(auth));
    REQUIRE(created);
    REQUIRE(created->status == 201);
    const std::string id = json::parse(created->body)["id"];
    put_json(client, "/api/v1/trials/" + id + "?secretword=1", new_record("secretword"), with(bearer(auth), "If-Match", "\"x\""));
    post_json(client, "/api/v1/trials", new_record("secretword"), bearer("Bearer " + token + "secretword"));
    client.Get("/api/v1/secretword?token=" + token, bearer(auth));
    client.Get(("/api/v1/trials/" + id).c_str(), bearer(auth));
    text = capture.text();
  }
  std::istringstream lines(text);
  std::string line;
  std::vector<json> entries;
  while (std::getline(lines, line)) {
    CAPTURE(line);
    CHECK(line.find(token) == std::string::npos);
    CHECK(line.find(token.substr(0, 12)) == std::string::npos);
    CHECK(line.find("secretword") == std::string::npos);
    CHECK(line.find('?') == std::string::npos);
    auto entry = json::parse(line, nullptr, false);
    REQUIRE(entry.is_object());
    entries.push_back(entry);
  }
  REQUIRE(entries.size() == 7);
  const std::vector<std::pair<std::string, int>> expected = {
      {"GET /api/v1/trials", 200}, {"GET /api/v1/suggest", 200}, {"POST /api/v1/trials", 201},
      {"PUT /api/v1/trials/{id}", 412}, {"POST /api/v1/trials", 401}, {"GET (unmatched)", 404},
      {"GET /api/v1/trials/{id}", 200}};
  for (std::size_t i = 0; i < entries.size(); ++i) {
    CAPTURE(i);
    CHECK(entries[i]["method"].get<std::string>() + " " + entries[i]["route"].get<std::string>() == expected[i].first);
    CHECK(entries[i]["status"] == expected[i].second);
    CHECK(entries[i]["ms"].is_number());
    CHECK(entries[i]["t"].is_string());
  }
}
