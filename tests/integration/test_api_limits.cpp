// Errors and limits: every rejected request answers problem+json, names what is wrong where a field
// or parameter is at fault, and leaves the store exactly as it was.
#include <doctest/doctest.h>

#include "api_helpers.hpp"

using nlohmann::json;
using namespace rinsho::testing;

namespace {

// The problem body of a response, checked for the RFC 9457 members the API promises.
json problem_of(const httplib::Result& res, int status) {
  REQUIRE(res);
  CHECK(res->status == status);
  CHECK(res->get_header_value("Content-Type") == "application/problem+json");
  auto body = json::parse(res->body, nullptr, false);
  REQUIRE(body.is_object());
  CHECK(body["status"] == status);
  CHECK(body["type"].is_string());
  CHECK(body["title"].is_string());
  return body;
}

// Every entry has a pointer and a message in both languages.
std::vector<std::string> pointers_of(const json& problem) {
  std::vector<std::string> out;
  REQUIRE(problem.contains("errors"));
  for (const auto& e : problem["errors"]) {
    REQUIRE(e["pointer"].is_string());
    CHECK(!e["message"]["ja"].get<std::string>().empty());
    CHECK(!e["message"]["en"].get<std::string>().empty());
    out.push_back(e["pointer"]);
  }
  return out;
}

bool healthy(const TestServer& server) {
  auto client = server.client();
  auto res = client.Get("/healthz");
  return res && res->status == 200;
}

struct WriteTarget {
  std::string method, path;
  httplib::Headers headers;
};

// POST /api/v1/trials and PUT /api/v1/trials/{id} (with a current If-Match), for one body.
httplib::Result send(httplib::Client& c, const WriteTarget& t, const std::string& body, const std::string& type) {
  return t.method == "POST" ? c.Post(t.path.c_str(), t.headers, body, type.c_str())
                            : c.Put(t.path.c_str(), t.headers, body, type.c_str());
}

std::vector<WriteTarget> write_targets(TestServer& server, const std::string& auth) {
  auto client = server.client();
  auto res = post_json(client, "/api/v1/trials", new_record("limits"), bearer(auth));
  REQUIRE(res);
  REQUIRE(res->status == 201);
  const std::string id = json::parse(res->body)["id"];
  return {{"POST", "/api/v1/trials", bearer(auth)},
          {"PUT", "/api/v1/trials/" + id, with(bearer(auth), "If-Match", res->get_header_value("ETag"))},
          {"POST", "/api/v1/trials/validate", bearer(auth)}};
}

}  // namespace

TEST_CASE("write bodies that are too large, mistyped, malformed or invalid are refused and change nothing") {
  TestServer server({.sample_count = 2, .body_limit = 16 * 1024});
  auto [org, auth] = server.registrant("Example Pharma");
  auto client = server.client();
  const auto targets = write_targets(server, auth);
  const auto before = snapshot(server.app());
  const auto valid = new_record("limits").dump();

  for (const auto& t : targets) {
    CAPTURE(t.method + " " + t.path);
    {
      auto big = new_record("limits");
      big["plain_summary"]["ja"] = std::string(20 * 1024, 'a');
      auto too_large = problem_of(send(client, t, big.dump(), "application/json"), 413);
      CHECK(too_large["detail"].is_string());
    }
    for (const std::string type : {"text/plain", "application/xml", "application/json-patch+json", "multipart/form-data",
                             "application/x-www-form-urlencoded"}) {
      CAPTURE(type);
      auto p = problem_of(send(client, t, valid, type), 415);
      CHECK(pointers_of(p) == std::vector<std::string>{"Content-Type"});
    }
    // Parameters and letter case in the media type are fine.
    {
      auto res = send(client, t, "{\"a\":", "Application/JSON; charset=utf-8");
      REQUIRE(res);
      CHECK(res->status == 400);  // got past the media type check
    }
    {
      auto p = problem_of(send(client, t, R"({"public_title": {"ja": "x",})", "application/json"), 400);
      CHECK(pointers_of(p) == std::vector<std::string>{""});
      CHECK(p["errors"][0]["message"]["en"].get<std::string>().find("byte") != std::string::npos);
    }
    {
      std::string bad_utf8 = valid;
      bad_utf8.replace(bad_utf8.find("limits"), 6, "\xff\xfe\x80");
      auto p = problem_of(send(client, t, bad_utf8, "application/json"), 400);
      CHECK(p["errors"][0]["message"]["en"].get<std::string>().find("UTF-8") != std::string::npos);
    }
    {
      std::string dup = valid;
      dup.replace(dup.find("\"sex\":"), 0, "\"sex\":\"male\",");
      auto p = problem_of(send(client, t, dup, "application/json"), 400);
      CHECK(pointers_of(p) == std::vector<std::string>{"/eligibility/sex"});
    }
    {
      std::string deep(100, '[');
      deep += std::string(100, ']');
      problem_of(send(client, t, deep, "application/json"), 400);
    }
    if (t.path != "/api/v1/trials/validate") {
      auto record = new_record("limits");
      record["phase"] = "7";
      record["eligibility"]["sex"] = "any";
      record["eligibility"]["min_age_years"] = -3;
      record.erase("countries");
      record["colour"] = "red";
      auto p = problem_of(send(client, t, record.dump(), "application/json"), 422);
      auto pointers = pointers_of(p);
      CHECK(pointers.size() >= 5);
      for (const char* expected : {"/phase", "/eligibility/sex", "/eligibility/min_age_years"}) {
        CAPTURE(expected);
        CHECK(std::find(pointers.begin(), pointers.end(), expected) != pointers.end());
      }
      auto not_object = problem_of(send(client, t, "[1,2]", "application/json"), 422);
      CHECK(!pointers_of(not_object).empty());
      auto system = new_record("limits");
      system["version"] = 99;
      CHECK(!pointers_of(problem_of(send(client, t, system.dump(), "application/json"), 422)).empty());
    }
    CHECK(snapshot(server.app()) == before);
  }
  CHECK(healthy(server));
}

TEST_CASE("a chunked body over the limit is refused too") {
  TestServer server({.sample_count = 1, .body_limit = 16 * 1024});
  auto [org, auth] = server.registrant("Example Pharma");
  const auto before = snapshot(server.app());
  std::string chunk(8 * 1024, ' ');
  std::string request = "POST /api/v1/trials HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                        "Authorization: " + auth + "\r\nContent-Type: application/json\r\n"
                        "Transfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 4; ++i) request += "2000\r\n" + chunk + "\r\n";
  request += "0\r\n\r\n";
  const auto response = raw_request(server.port(), request);
  CHECK(raw_status(response) == 413);
  CHECK(snapshot(server.app()) == before);
  CHECK(healthy(server));
}

TEST_CASE("an over-long request line or header is refused and the server stays healthy") {
  TestServer server({.sample_count = 1});
  const std::string long_path = "/api/v1/trials?q=" + std::string(20000, 'a');
  const auto line = raw_request(server.port(), "GET " + long_path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  INFO(line.substr(0, 300));
  CHECK((raw_status(line) == 414 || raw_status(line) == 400));
  CHECK(healthy(server));

  const auto header = raw_request(server.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'b') +
                                                     "\r\nConnection: close\r\n\r\n");
  INFO(header.substr(0, 300));
  CHECK((raw_status(header) == 431 || raw_status(header) == 400));
  CHECK(healthy(server));

  // Many headers, each short, add up the same way.
  std::string many = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 500; ++i) many += "X-H" + std::to_string(i) + ": " + std::string(100, 'c') + "\r\n";
  many += "Connection: close\r\n\r\n";
  const auto many_response = raw_request(server.port(), many);
  INFO(many_response.substr(0, 300));
  CHECK((raw_status(many_response) == 431 || raw_status(many_response) == 400));
  CHECK(healthy(server));

  // What the server says is problem+json, and it asks the client to close the connection.
  for (const auto& r : {line, header, many_response}) {
    CHECK(r.find("Content-Type: application/problem+json") != std::string::npos);
    CHECK(r.find("Connection: close") != std::string::npos);
    const auto problem = json::parse(raw_body(r), nullptr, false);
    REQUIRE(problem.is_object());
    CHECK(problem["title"] != "Error");
    CHECK(problem["status"] == raw_status(r));
  }
}

TEST_CASE("path traversal never returns a file") {
  TestServer server({.sample_count = 1});
  for (const char* path : {"/api/v1/../../etc/passwd", "/api/v1/%2e%2e/%2e%2e/etc/passwd", "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
                           "/api/v1/trials/..%2f..%2f..%2fetc%2fpasswd", "/static/../../etc/passwd",
                           "/static/%2e%2e/%2e%2e/etc/passwd", "/..%5c..%5cetc%5cpasswd", "/api/v1/openapi.json/../../../etc/passwd",
                           "//etc/passwd", "/api/v1/trials/jRCT2031240001/../../../../etc/passwd"}) {
    CAPTURE(path);
    const auto response =
        raw_request(server.port(), std::string("GET ") + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    const int status = raw_status(response);
    CHECK(status >= 400);
    CHECK(status < 500);
    CHECK(response.find("root:") == std::string::npos);
    CHECK(response.find("/bin/") == std::string::npos);
  }
  CHECK(healthy(server));
}

TEST_CASE("Xapian-special characters in q are plain text on every route that searches") {
  TestServer server({.sample_count = 5});
  auto client = server.client();
  for (const std::string q : {"\"unbalanced", "AND OR NOT", "*", "a:b (c", "+++", "NEAR/3", "[]{}", "title:肺がん",
                              "-", "- -", "\"\"", "(((", ")", "ADJ/2 XOR", "~", "^", "\\", "肺がん OR", "OR 肺がん",
                              "\"肺 がん\" -", "%", "NOT NOT NOT", "a..b", "$1", "😀", "\u3000", "ｴｸﾞﾌｧｰ*"}) {
    CAPTURE(q);
    for (const char* route : {"/api/v1/trials?q=", "/api/v1/export.ndjson?q=", "/api/v1/suggest?q="}) {
      auto res = client.Get((route + url_encode(q)).c_str());
      REQUIRE(res);
      CHECK(res->status == 200);
    }
  }
}

TEST_CASE("the per-address rate limit answers 429 with Retry-After") {
  TestServer server({.sample_count = 1, .rate_limit_per_minute = 5});
  auto client = server.client();
  for (int i = 0; i < 5; ++i) {
    auto res = client.Get("/api/v1/trials/jRCT2999999999");
    REQUIRE(res);
    CHECK(res->status == 404);
  }
  auto limited = client.Get("/api/v1/trials?q=x");
  auto p = problem_of(limited, 429);
  const int retry = std::stoi(limited->get_header_value("Retry-After"));
  CHECK(retry >= 1);
  CHECK(retry <= 60);
  // Writes from the same address count too, and change nothing.
  auto [org, auth] = server.registrant("Example Pharma");
  const auto before = snapshot(server.app());
  problem_of(post_json(client, "/api/v1/trials", new_record("ratelimit"), bearer(auth)), 429);
  CHECK(snapshot(server.app()) == before);
  // Health checks are exempt, so a load balancer never sees a limited server as down.
  auto health = client.Get("/healthz");
  REQUIRE(health);
  CHECK(health->status == 200);
  auto ready = client.Get("/readyz");
  REQUIRE(ready);
  CHECK(ready->status == 200);
}

TEST_CASE("the per-token write limit answers 429 with Retry-After and spares other tokens and reads") {
  TestServer server({.sample_count = 1, .write_rate_limit_per_minute = 2});
  auto client = server.client();
  auto [org, auth] = server.registrant("Busy Pharma");
  auto [other, other_auth] = server.registrant("Quiet Pharma");
  for (int i = 0; i < 2; ++i) {
    auto res = post_json(client, "/api/v1/trials", new_record("busy" + std::to_string(i)), bearer(auth));
    REQUIRE(res);
    CHECK(res->status == 201);
  }
  const auto before = snapshot(server.app());
  auto limited = post_json(client, "/api/v1/trials", new_record("busy3"), bearer(auth));
  problem_of(limited, 429);
  CHECK(std::stoi(limited->get_header_value("Retry-After")) >= 1);
  CHECK(snapshot(server.app()) == before);

  auto theirs = post_json(client, "/api/v1/trials", new_record("quiet"), bearer(other_auth));
  REQUIRE(theirs);
  CHECK(theirs->status == 201);
  auto read = client.Get("/api/v1/trials?q=busy0");
  REQUIRE(read);
  CHECK(read->status == 200);
}

TEST_CASE("unknown routes and methods answer problem+json") {
  TestServer server({.sample_count = 1});
  auto client = server.client();
  problem_of(client.Get("/api/v1/nothing-here"), 404);
  problem_of(client.Get("/api/v1/trials/not-an-id"), 404);
  problem_of(client.Get("/api/v1/trials/jRCT2031240001/versions/0"), 404);
  auto del = client.Delete("/api/v1/trials/jRCT2031240001");
  REQUIRE(del);
  CHECK(del->status >= 400);
  CHECK(del->get_header_value("Content-Type") == "application/problem+json");
}

TEST_CASE("an answer that closes the connection says Connection: close once, whoever asked for it") {
  TestServer server({.sample_count = 2});
  for (const std::string client_says : {"", "Connection: close\r\n"}) {
    CAPTURE(client_says);
    // A body no route reads: the server answers without reading it, then closes.
    const auto response = raw_request(server.port(), "DELETE /api/v1/trials/jRCT2031240001 HTTP/1.1\r\nHost: x\r\n" +
                                                         client_says + "Content-Length: 5\r\n\r\nhello");
    CHECK(raw_status(response) == 405);
    std::string head = response.substr(0, response.find("\r\n\r\n"));
    for (auto& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::size_t count = 0;
    for (auto at = head.find("\r\nconnection: close"); at != std::string::npos; at = head.find("\r\nconnection: close", at + 1))
      ++count;
    CHECK(count == 1);
  }
}
