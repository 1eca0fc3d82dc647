// GET /api/v1/export.ndjson: the whole registry or the trials matching the search parameters, one
// record per line, streamed with chunked transfer encoding.
#include <doctest/doctest.h>

#include <set>
#include <sstream>

#include "api_helpers.hpp"

using nlohmann::json;
using namespace rinsho::testing;

namespace {

// The records of an export, one per line; fails on a line that is not a JSON object with an id.
std::vector<json> export_lines(httplib::Client& c, const std::string& query, httplib::Result* keep = nullptr) {
  auto res = c.Get(("/api/v1/export.ndjson" + query).c_str());
  REQUIRE(res);
  INFO(res->body.substr(0, 300));
  REQUIRE(res->status == 200);
  CHECK(res->get_header_value("Content-Type").rfind("application/x-ndjson", 0) == 0);
  // Streamed: no Content-Length, chunked transfer encoding.
  CHECK(res->get_header_value("Transfer-Encoding") == "chunked");
  CHECK(!res->has_header("Content-Length"));
  std::vector<json> out;
  std::istringstream lines(res->body);
  std::string line;
  while (std::getline(lines, line)) {
    auto record = json::parse(line, nullptr, false);
    REQUIRE(record.is_object());
    REQUIRE(record["id"].is_string());
    out.push_back(std::move(record));
  }
  CHECK((res->body.empty() || res->body.back() == '\n'));
  if (keep) *keep = std::move(res);
  return out;
}

std::set<std::string> ids_of(const std::vector<json>& records) {
  std::set<std::string> ids;
  for (const auto& r : records) ids.insert(r["id"].get<std::string>());
  return ids;
}

// Every id a search finds, following next_cursor.
std::set<std::string> all_search_ids(httplib::Client& c, const std::string& query) {
  std::set<std::string> ids;
  std::string cursor;
  for (int pages = 0; pages < 50; ++pages) {
    auto res = c.Get(("/api/v1/trials?facets=false&page_size=100&" + query + (cursor.empty() ? "" : "&cursor=" + cursor)).c_str());
    REQUIRE(res);
    REQUIRE(res->status == 200);
    const auto body = json::parse(res->body);
    for (const auto& h : body["hits"]) ids.insert(h["id"].get<std::string>());
    if (body["next_cursor"].is_null()) break;
    cursor = body["next_cursor"];
  }
  return ids;
}

}  // namespace

TEST_CASE("export.ndjson of the whole registry has one line per trial") {
  TestServer server;
  auto client = server.client();
  const auto records = export_lines(client, "");
  const auto count = server.app().store.count_trials();
  REQUIRE(count);
  CHECK(records.size() == static_cast<std::size_t>(*count));
  CHECK(records.size() == sample_trial_files().size());
  CHECK(ids_of(records).size() == records.size());
  // Each line is the stored record, system fields included.
  for (const auto& r : records) {
    CHECK(r["version"] == 1);
    CHECK(r.contains("public_title"));
  }
  // A trial registered through the API is in the next export.
  auto [org, auth] = server.registrant("Example Pharma");
  auto created = post_json(client, "/api/v1/trials", new_record("export"), bearer(auth));
  REQUIRE(created);
  REQUIRE(created->status == 201);
  const auto after = export_lines(client, "");
  CHECK(after.size() == records.size() + 1);
  CHECK(ids_of(after).count(json::parse(created->body)["id"].get<std::string>()));
}

TEST_CASE("a filtered export.ndjson has exactly the trials the same search finds") {
  TestServer server;
  auto client = server.client();
  for (const std::string& query : std::vector<std::string>{"status=recruiting", "status=recruiting&phase=3", "q=" + url_encode("肺がん"),
                                  "prefecture=27&age=70", "near=35.68,139.76&within_km=5", "sort=updated&pediatric=true"}) {
    CAPTURE(query);
    const auto records = export_lines(client, "?" + query);
    const auto want = all_search_ids(client, query);
    CHECK(!want.empty());
    CHECK(ids_of(records) == want);
    CHECK(records.size() == want.size());
  }
  // Matching nothing is an empty export, not an error.
  CHECK(export_lines(client, "?q=zzqqxxnothingmatches").empty());
  // Every status in a status-filtered export is that status.
  for (const auto& r : export_lines(client, "?status=completed")) CHECK(r["recruitment_status"] == "completed");
}

TEST_CASE("export.ndjson rejects bad parameters before streaming") {
  TestServer server({.sample_count = 2});
  auto client = server.client();
  for (const char* bad : {"?status=open", "?colour=red", "?within_km=5"}) {
    CAPTURE(bad);
    auto res = client.Get((std::string("/api/v1/export.ndjson") + bad).c_str());
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK(res->get_header_value("Content-Type") == "application/problem+json");
    CHECK(json::parse(res->body)["errors"].size() >= 1);
  }
}
