// POST /api/v1/trials/validate: a dry run that reports schema errors, registration warnings and
// WHO TRDS completeness, and writes nothing.
#include <doctest/doctest.h>

#include <set>

#include "api_helpers.hpp"

using nlohmann::json;
using namespace rinsho::testing;

TEST_CASE("POST /api/v1/trials/validate reports errors, warnings and WHO TRDS completeness without writing") {
  TestServer server({.sample_count = 1});
  auto client = server.client();
  auto [org, auth] = server.registrant("Example Pharma");
  const auto before = snapshot(server.app());

  SUBCASE("a complete record is valid with no warnings about the basics") {
    auto res = post_json(client, "/api/v1/trials/validate", sample_record("jRCT2031240001"), bearer(auth));
    REQUIRE(res);
    CHECK(res->status == 200);
    const auto report = json::parse(res->body);
    CHECK(report["valid"] == true);
    CHECK(report["errors"].empty());
    for (const auto& w : report["warnings"])
      for (const char* p : {"/plain_summary", "/public_title/en", "/eligibility", "/sites"}) CHECK(w["pointer"] != p);
    CHECK(report["trds_completeness"]["total"] == 24);
    CHECK(report["trds_completeness"]["present"].get<int>() >= 18);
  }
  SUBCASE("thin records get one warning per gap") {
    auto record = sample_record("jRCT2031240001");
    record.erase("plain_summary");
    record["public_title"].erase("en");
    record["eligibility"].erase("min_age_years");
    record["eligibility"].erase("max_age_years");
    record["recruitment_status"] = "recruiting";
    for (auto& site : record["sites"]) site["status"] = "pending";
    auto res = post_json(client, "/api/v1/trials/validate", record, bearer(auth));
    REQUIRE(res);
    CHECK(res->status == 200);
    const auto report = json::parse(res->body);
    CHECK(report["valid"] == true);
    std::set<std::string> pointers;
    for (const auto& w : report["warnings"]) {
      pointers.insert(w["pointer"]);
      CHECK(!w["message"]["ja"].get<std::string>().empty());
      CHECK(!w["message"]["en"].get<std::string>().empty());
    }
    for (const char* p : {"/plain_summary", "/public_title/en", "/eligibility", "/sites"}) {
      CAPTURE(p);
      CHECK(pointers.count(p));
    }
    bool summary_missing = false;
    for (const auto& m : report["trds_completeness"]["missing"]) summary_missing = summary_missing || m["item"] == 23;
    CHECK(summary_missing);
  }
  SUBCASE("an invalid record lists every error") {
    auto record = sample_record("jRCT2031240001");
    record["phase"] = "7";
    record["eligibility"]["sex"] = "any";
    record.erase("countries");
    auto res = post_json(client, "/api/v1/trials/validate", record, bearer(auth));
    REQUIRE(res);
    CHECK(res->status == 200);
    const auto report = json::parse(res->body);
    CHECK(report["valid"] == false);
    CHECK(report["errors"].size() >= 3);
  }
  CHECK(snapshot(server.app()) == before);
}

TEST_CASE("numbers out of range are a 400 naming the field on every write route, never a 500") {
  TestServer server({.sample_count = 1});
  auto client = server.client();
  auto [org, auth] = server.registrant("Example Pharma");
  auto created = post_json(client, "/api/v1/trials", new_record("範囲外"), bearer(auth));
  REQUIRE(created);
  REQUIRE(created->status == 201);
  const auto id = json::parse(created->body)["id"].get<std::string>();
  const auto etag = created->get_header_value("ETag");
  const auto before = snapshot(server.app());
  const std::string huge_int(400, '9');
  for (const std::string& body : std::vector<std::string>{R"({"a":1e400})", R"({"a":-1e400})", "{\"a\":" + huge_int + "}"}) {
    for (const auto& route : std::vector<std::pair<std::string, std::string>>{
             {"POST", "/api/v1/trials/validate"}, {"POST", "/api/v1/trials"},
             {"PUT", "/api/v1/trials/" + id}, {"POST", "/api/v1/import?format=ctgov-json"}}) {
      // Named copies: clang 14 cannot capture structured bindings in CAPTURE.
      const std::string& method = route.first;
      const std::string& path = route.second;
      CAPTURE(body);
      CAPTURE(path);
      auto headers = bearer(auth);
      if (method == "PUT") headers.emplace("If-Match", etag);
      auto res = method == "PUT" ? client.Put(path.c_str(), headers, body, "application/json")
                                 : client.Post(path.c_str(), headers, body, "application/json");
      REQUIRE(res);
      CHECK(res->status >= 400);
      CHECK(res->status < 500);
      const auto problem = json::parse(res->body, nullptr, false);
      REQUIRE(problem.is_object());
      if (path != "/api/v1/import?format=ctgov-json") CHECK(problem["errors"][0]["pointer"] == "/a");
    }
  }
  CHECK(snapshot(server.app()) == before);
}
