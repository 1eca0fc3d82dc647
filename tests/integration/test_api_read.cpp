#include <doctest/doctest.h>

#include "index/index_writer.hpp"
#include "test_server.hpp"

using nlohmann::json;
using rinsho::testing::TestServer;

TEST_CASE("GET /api/v1/trials finds a Japanese query and returns facets") {
  TestServer server;
  auto client = server.client();
  auto res = client.Get("/api/v1/trials?q=%E8%82%BA%E3%81%8C%E3%82%93");  // 肺がん
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->get_header_value("Content-Type").find("application/json") == 0);
  auto body = json::parse(res->body);
  CHECK(body["total"]["estimated"].get<int>() >= 1);
  bool found = false;
  for (const auto& h : body["hits"]) found = found || h["id"] == "jRCT2031240001";
  CHECK(found);
  CHECK(body["facets"].contains("status"));
  CHECK(body["facets"].contains("prefecture"));
}

TEST_CASE("GET /api/v1/trials facet counts are the totals of the searches they lead to") {
  TestServer server;
  auto client = server.client();
  const std::string base = "/api/v1/trials?q=%E3%81%8C%E3%82%93";  // がん
  auto first = client.Get(base.c_str());
  REQUIRE(first);
  const auto body = json::parse(first->body);
  const int total = body["total"]["estimated"].get<int>();
  REQUIRE(total > 20);
  for (const std::string facet : {"status", "phase", "category", "study_type", "modality", "prefecture"}) {
    CAPTURE(facet);
    REQUIRE(body["facets"][facet].size() >= 2);
    int sum = 0;
    for (const auto& v : body["facets"][facet]) {
      CAPTURE(v.dump());
      auto res = client.Get((base + "&" + facet + "=" + v["value"].get<std::string>()).c_str());
      REQUIRE(res);
      REQUIRE(res->status == 200);
      CHECK(json::parse(res->body)["total"]["estimated"].get<int>() == v["count"].get<int>());
      sum += v["count"].get<int>();
    }
    if (facet != "prefecture") CHECK(sum == total);  // one value per trial; a trial has sites in several prefectures
  }
}

TEST_CASE("GET /api/v1/trials rejects unknown parameters and bad values by name") {
  TestServer server({.sample_count = 1});
  auto client = server.client();
  struct Case {
    std::string query;
    std::string pointer;
  };
  for (const Case& c : {Case{"colour=red", "colour"}, Case{"status=open", "status"}, Case{"age=-4", "age"},
                        Case{"page_size=1000", "page_size"}, Case{"near=1000,2", "near"},
                        Case{"sort=nearest", "sort"}, Case{"pediatric=maybe", "pediatric"},
                        Case{"q=%FF%FE", "q"}}) {
    CAPTURE(c.query);
    auto res = client.Get(("/api/v1/trials?" + c.query).c_str());
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK(res->get_header_value("Content-Type") == "application/problem+json");
    auto body = json::parse(res->body);
    REQUIRE(body["errors"].size() >= 1);
    CHECK(body["errors"][0]["pointer"] == c.pointer);
  }
}

TEST_CASE("Xapian-special characters in q are plain text, never an error") {
  TestServer server({.sample_count = 3});
  auto client = server.client();
  for (const char* q : {"%22unbalanced", "AND%20OR%20NOT", "*", "a%3Ab%20(c", "%2B%2B%2B", "NEAR%2F3", "%5B%5D%7B%7D"}) {
    CAPTURE(q);
    auto res = client.Get((std::string("/api/v1/trials?q=") + q).c_str());
    REQUIRE(res);
    CHECK(res->status == 200);
  }
}

TEST_CASE("GET /api/v1/trials/{id} returns the record with an ETag, and 304 when unchanged") {
  TestServer server({.ids = {"jRCT2031240001"}});
  auto client = server.client();
  auto res = client.Get("/api/v1/trials/jRCT2031240001");
  REQUIRE(res);
  CHECK(res->status == 200);
  const auto etag = res->get_header_value("ETag");
  CHECK(!etag.empty());
  CHECK(json::parse(res->body)["id"] == "jRCT2031240001");
  auto again = client.Get("/api/v1/trials/jRCT2031240001", {{"If-None-Match", etag}});
  REQUIRE(again);
  CHECK(again->status == 304);
  auto missing = client.Get("/api/v1/trials/jRCT2999999999");
  REQUIRE(missing);
  CHECK(missing->status == 404);
  CHECK(missing->get_header_value("Content-Type") == "application/problem+json");
}

TEST_CASE("GET /healthz and /readyz answer once the index has caught up") {
  TestServer server({.sample_count = 2});
  auto client = server.client();
  auto health = client.Get("/healthz");
  REQUIRE(health);
  CHECK(health->status == 200);
  auto ready = client.Get("/readyz");
  REQUIRE(ready);
  CHECK(ready->status == 200);
  CHECK(json::parse(ready->body)["index_seq"] == json::parse(ready->body)["store_seq"]);
}

TEST_CASE("GET /readyz is 503 while the index is behind the store and 200 once it caught up") {
  TestServer server({.sample_count = 2});
  auto client = server.client();
  auto& app = server.app();
  {
    // Another process (rinsho-indexer, say) holds the index lock while a write lands in the store.
    auto writer = rinsho::index::IndexWriter::open(server.data_dir() / "index", app.analyzer);
    REQUIRE(writer);
    auto record = json::parse(rinsho::testing::read_file(rinsho::testing::sample_trial_files().back()));
    REQUIRE(app.store.put_trial(record, {.actor = "test", .source = "ingest"}));
    CHECK_FALSE(app.index.catch_up());
    auto behind = client.Get("/readyz");
    REQUIRE(behind);
    CHECK(behind->status == 503);
    const auto body = json::parse(behind->body);
    CHECK(body["status"] == "catching_up");
    CHECK(body["index_seq"].get<int>() < body["store_seq"].get<int>());
    // Liveness is not readiness: the process is still up.
    auto health = client.Get("/healthz");
    REQUIRE(health);
    CHECK(health->status == 200);
  }
  REQUIRE(app.index.catch_up());
  auto ready = client.Get("/readyz");
  REQUIRE(ready);
  CHECK(ready->status == 200);
  CHECK(json::parse(ready->body)["index_seq"] == 3);
}

TEST_CASE("the OpenAPI document and the trial schema are served as shipped") {
  TestServer server({.sample_count = 1});
  auto client = server.client();
  for (const auto& entry : std::vector<std::pair<std::string, std::string>>{
           {"/api/v1/openapi.json", "schema/openapi.json"}, {"/api/v1/trial.schema.json", "schema/trial.schema.json"}}) {
    const auto& route = entry.first;  // not a binding: CAPTURE's lambda cannot take one in clang 14
    const auto& file = entry.second;
    CAPTURE(route);
    auto res = client.Get(route.c_str());
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Content-Type").rfind("application/json", 0) == 0);
    CHECK(json::parse(res->body) == json::parse(rinsho::testing::read_file(rinsho::testing::source_dir() / file)));
  }
}

TEST_CASE("GET /api/v1/trials is gzip-compressed for clients that accept it, and the same JSON decompressed") {
  TestServer server;
  auto raw = server.client();
  raw.set_decompress(false);
  const char* path = "/api/v1/trials?q=%E3%81%8C%E3%82%93";  // がん: many hits and facets
  auto gz = raw.Get(path, {{"Accept-Encoding", "gzip"}});
  REQUIRE(gz);
  CHECK(gz->status == 200);
  CHECK(gz->get_header_value("Content-Encoding") == "gzip");
  CHECK(gz->get_header_value("Content-Type") == "application/json");
  auto plain = raw.Get(path);
  REQUIRE(plain);
  CHECK_FALSE(plain->has_header("Content-Encoding"));
  CHECK(gz->body.size() * 3 < plain->body.size());
  auto unzipped = server.client().Get(path, {{"Accept-Encoding", "gzip"}});
  REQUIRE(unzipped);
  CHECK(json::parse(unzipped->body) == json::parse(plain->body));
}
