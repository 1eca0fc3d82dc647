// Version history: GET /api/v1/trials/{id}/versions and /versions/{n} after a registration and a change.
#include <doctest/doctest.h>

#include "api_helpers.hpp"

using nlohmann::json;
using namespace rinsho::testing;

TEST_CASE("a registration and one change give two versions, and version 2 lists exactly what changed") {
  TestServer server({.sample_count = 1});
  auto client = server.client();
  auto [org, auth] = server.registrant("Example Pharma");
  auto record = new_record("ibis");
  auto created = post_json(client, "/api/v1/trials", record, bearer(auth));
  REQUIRE(created);
  REQUIRE(created->status == 201);
  const std::string id = json::parse(created->body)["id"];
  const auto path = "/api/v1/trials/" + id;

  record["id"] = id;
  record["eligibility"]["min_age_years"] = 18;
  record["public_title"]["ja"] = "ibisを調べる新しい試験 (改訂)";
  auto changed = put_json(client, path, record, with(bearer(auth), "If-Match", created->get_header_value("ETag")));
  REQUIRE(changed);
  REQUIRE(changed->status == 200);

  auto list = client.Get((path + "/versions").c_str());
  REQUIRE(list);
  CHECK(list->status == 200);
  const auto versions = json::parse(list->body);
  CHECK(versions["id"] == id);
  REQUIRE(versions["versions"].size() == 2);
  CHECK(versions["versions"][0]["version"] == 1);
  CHECK(versions["versions"][1]["version"] == 2);
  CHECK(versions["versions"][1]["changed_fields"] == json::array({"/eligibility/min_age_years", "/public_title/ja"}));
  CHECK(versions["versions"][1]["url"].get<std::string>().ends_with(path + "/versions/2"));
  CHECK(versions["versions"][0]["source"] == "api");

  auto second = client.Get((path + "/versions/2").c_str());
  REQUIRE(second);
  CHECK(second->status == 200);
  const auto v2 = json::parse(second->body);
  CHECK(v2["version"] == 2);
  REQUIRE(v2["changes"].size() == 2);
  std::map<std::string, json> changes;
  for (const auto& c : v2["changes"]) changes[c["pointer"]] = c;
  REQUIRE(changes.count("/eligibility/min_age_years"));
  CHECK(changes["/eligibility/min_age_years"]["before"] == 20);
  CHECK(changes["/eligibility/min_age_years"]["after"] == 18);
  REQUIRE(changes.count("/public_title/ja"));
  CHECK(changes["/public_title/ja"]["before"] == "ibisを調べる新しい試験");
  CHECK(changes["/public_title/ja"]["after"] == "ibisを調べる新しい試験 (改訂)");
  CHECK(v2["record"]["eligibility"]["min_age_years"] == 18);

  // Version 1 is the record as registered.
  auto first = client.Get((path + "/versions/1").c_str());
  REQUIRE(first);
  CHECK(first->status == 200);
  CHECK(json::parse(first->body)["record"]["eligibility"]["min_age_years"] == 20);

  // An unchanged re-submission writes no version 3.
  auto same = put_json(client, path, record, with(bearer(auth), "If-Match", changed->get_header_value("ETag")));
  REQUIRE(same);
  CHECK(same->status == 200);
  CHECK(json::parse(same->body)["unchanged"] == true);
  CHECK(json::parse(client.Get((path + "/versions").c_str())->body)["versions"].size() == 2);

  for (const auto& missing : {path + "/versions/3", path + "/versions/999999999", std::string("/api/v1/trials/jRCT2999999999/versions"),
                              std::string("/api/v1/trials/jRCT2999999999/versions/1")}) {
    CAPTURE(missing);
    auto res = client.Get(missing.c_str());
    REQUIRE(res);
    CHECK(res->status == 404);
    CHECK(res->get_header_value("Content-Type") == "application/problem+json");
    CHECK(!json::parse(res->body)["errors"][0]["pointer"].get<std::string>().empty());
  }
}

TEST_CASE("GET /api/v1/trials/{id} honours If-None-Match and changes its ETag with each version") {
  TestServer server({.sample_count = 1});
  auto client = server.client();
  auto [org, auth] = server.registrant("Example Pharma");
  auto created = post_json(client, "/api/v1/trials", new_record("heron"), bearer(auth));
  REQUIRE(created);
  const std::string id = json::parse(created->body)["id"];
  const auto path = "/api/v1/trials/" + id;
  const auto v1 = created->get_header_value("ETag");

  auto cached = client.Get(path.c_str(), {{"If-None-Match", v1}});
  REQUIRE(cached);
  CHECK(cached->status == 304);
  CHECK(cached->body.empty());
  CHECK(cached->get_header_value("ETag") == v1);
  // A list that contains the current tag matches too, and so does "*".
  for (const std::string& list : {"\"other\", " + v1, std::string("*"), "W/" + v1}) {
    CAPTURE(list);
    auto res = client.Get(path.c_str(), {{"If-None-Match", list}});
    REQUIRE(res);
    CHECK(res->status == 304);
  }

  auto record = new_record("heron");
  record["id"] = id;
  record["target_enrollment"] = 42;
  auto put = put_json(client, path, record, with(bearer(auth), "If-Match", v1));
  REQUIRE(put);
  REQUIRE(put->status == 200);
  auto fresh = client.Get(path.c_str(), {{"If-None-Match", v1}});
  REQUIRE(fresh);
  CHECK(fresh->status == 200);
  CHECK(fresh->get_header_value("ETag") == put->get_header_value("ETag"));
  CHECK(json::parse(fresh->body)["target_enrollment"] == 42);
  CHECK(json::parse(fresh->body)["version"] == 2);

  auto missing = client.Get("/api/v1/trials/jRCT2999999999");
  REQUIRE(missing);
  CHECK(missing->status == 404);
  CHECK(missing->get_header_value("Content-Type") == "application/problem+json");
  CHECK(json::parse(missing->body)["errors"][0]["pointer"] == "id");
}
