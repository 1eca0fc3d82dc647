// Atom feeds end to end: /trials/{id}.atom and /search.atom after a registration and an update through
// the API, read by a real feed parser (feedparser, tests/integration/feed_parse.py); caching headers,
// gzip, hostile query strings and how feed reads are counted.
#include <cstdio>
#include <fstream>

#include <doctest/doctest.h>

#include "api_helpers.hpp"
#include "metrics_support.hpp"

using nlohmann::json;
using namespace rinsho::testing;

namespace {

// What feedparser made of `xml`.
json feedparser(const std::string& xml) {
  const auto file = fresh_temp_dir("feed") / "feed.xml";
  std::ofstream(file, std::ios::binary) << xml;
  // Debian's Python, where Debian's python3-feedparser is (not a python3 earlier on PATH).
  const std::string cmd = "/usr/bin/python3 " + (source_dir() / "tests/integration/feed_parse.py").string() + " " + file.string();
  std::string out;
  if (FILE* p = popen(cmd.c_str(), "r")) {
    char buf[4096];
    std::size_t n = 0;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    REQUIRE(pclose(p) == 0);
  }
  INFO(xml);
  const auto parsed = json::parse(out);
  CHECK(parsed["bozo"] == false);
  CHECK(parsed["bozo_exception"] == "");
  CHECK(parsed["version"] == "atom10");
  return parsed;
}

json get_feed(httplib::Client& c, const std::string& path) {
  auto res = c.Get(path.c_str());
  REQUIRE(res);
  INFO(path, " ", res->body);
  REQUIRE(res->status == 200);
  CHECK(res->get_header_value("Content-Type") == "application/atom+xml; charset=utf-8");
  return feedparser(res->body);
}

std::vector<std::string> entry_ids(const json& feed) {
  std::vector<std::string> ids;
  for (const auto& e : feed["entries"]) ids.push_back(e["id"]);
  return ids;
}

bool has_entry(const json& feed, const std::string& id) {
  const auto ids = entry_ids(feed);
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

}  // namespace

TEST_CASE("feeds: a registration gives a new entry, an update a second version entry naming the changed field") {
  TestServer server({.sample_count = 3});
  auto client = server.client();
  auto [org, auth] = server.registrant("Feed Pharma");
  auto record = new_record("ibis");
  // Markup in a title must come out as text in a feed reader, not as elements.
  record["public_title"]["en"] = "<b>Ibis</b> & \"friends\" </title> study";
  auto created = post_json(client, "/api/v1/trials", record, bearer(auth));
  REQUIRE(created);
  REQUIRE(created->status == 201);
  const std::string id = json::parse(created->body)["id"];
  const std::string base = "http://127.0.0.1:" + std::to_string(server.port());
  const std::string page = base + "/trials/" + id;

  auto trial_en = get_feed(client, "/trials/" + id + ".atom?lang=en");
  CHECK(trial_en["feed"]["title"].get<std::string>().find("<b>Ibis</b> & \"friends\" </title> study") != std::string::npos);
  CHECK(trial_en["feed"]["author"] != "");
  REQUIRE(trial_en["entries"].size() == 1);
  CHECK(trial_en["entries"][0]["id"] == page + "#v1");
  CHECK(trial_en["entries"][0]["summary"] == "Newly registered (version 1)");
  CHECK(trial_en["entries"][0]["links"][0]["href"] == page + "?lang=en");
  CHECK(trial_en["entries"][0]["links"][0]["rel"] == "alternate");

  const std::string search = "/search.atom?q=ibis&lang=en";
  CHECK(eventually([&] { return has_entry(get_feed(client, search), page + "#v1"); }));
  const auto first_search = get_feed(client, search);
  CHECK(first_search["entries"][0]["title"] == "<b>Ibis</b> & \"friends\" </title> study");
  CHECK(first_search["feed"]["links"].dump().find(base + "/search?q=ibis&lang=en") != std::string::npos);

  record["id"] = id;
  record["eligibility"]["min_age_years"] = 18;
  auto changed = put_json(client, "/api/v1/trials/" + id, record, with(bearer(auth), "If-Match", created->get_header_value("ETag")));
  REQUIRE(changed);
  REQUIRE(changed->status == 200);

  trial_en = get_feed(client, "/trials/" + id + ".atom?lang=en");
  CHECK(entry_ids(trial_en) == std::vector<std::string>{page + "#v2", page + "#v1"});
  CHECK(trial_en["entries"][0]["summary"] == "What changed: Eligibility");
  CHECK(trial_en["entries"][0]["title"].get<std::string>().starts_with("Version 2: "));
  const auto trial_ja = get_feed(client, "/trials/" + id + ".atom");
  CHECK(entry_ids(trial_ja) == entry_ids(trial_en));  // entry ids do not depend on the language
  CHECK(trial_ja["entries"][0]["summary"] == "変更された項目: 参加できる方");

  // The search feed carries the trial's new version as a new entry, saying what changed.
  CHECK(eventually([&] { return has_entry(get_feed(client, search), page + "#v2"); }));
  const auto updated = get_feed(client, search);
  CHECK(!has_entry(updated, page + "#v1"));
  for (const auto& e : updated["entries"])
    if (e["id"] == page + "#v2") CHECK(e["summary"].get<std::string>().find("What changed: Eligibility") != std::string::npos);
}

TEST_CASE("feeds: ETag and Last-Modified answer 304, and gzip is used when accepted") {
  TestServer server({.ids = {"jRCT2031240001", "jRCT1032190004"}});
  auto client = server.client();
  for (const std::string path : {"/trials/jRCT2031240001.atom", "/search.atom?status=recruiting&lang=en"}) {
    CAPTURE(path);
    auto res = client.Get(path.c_str());
    REQUIRE(res);
    REQUIRE(res->status == 200);
    const auto etag = res->get_header_value("ETag");
    const auto modified = res->get_header_value("Last-Modified");
    CHECK(!etag.empty());
    CHECK(modified.ends_with(" GMT"));
    CHECK(res->get_header_value("Vary") == "Accept-Encoding");
    auto again = client.Get(path.c_str(), {{"If-None-Match", etag}});
    REQUIRE(again);
    CHECK(again->status == 304);
    CHECK(again->body.empty());
    CHECK(client.Get(path.c_str(), {{"If-None-Match", "W/\"other\""}})->status == 200);
    CHECK(client.Get(path.c_str(), {{"If-Modified-Since", modified}})->status == 304);
    CHECK(client.Get(path.c_str(), {{"If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT"}})->status == 200);
    CHECK(client.Get(path.c_str(), {{"If-Modified-Since", "yesterday"}})->status == 200);

    httplib::Client raw("127.0.0.1", server.port());
    raw.set_decompress(false);
    auto gz = raw.Get(path.c_str(), {{"Accept-Encoding", "gzip"}});
    REQUIRE(gz);
    CHECK(gz->status == 200);
    CHECK(gz->get_header_value("Content-Encoding") == "gzip");
    CHECK(gz->body.size() < res->body.size());
    CHECK(gz->body.substr(0, 2) == "\x1f\x8b");
    auto plain = raw.Get(path.c_str(), {{"Accept-Encoding", "gzip;q=0, identity"}});
    REQUIRE(plain);
    CHECK(!plain->has_header("Content-Encoding"));
    CHECK(plain->body == res->body);
    // The client's own gunzip gives back the same document.
    auto unzipped = client.Get(path.c_str(), {{"Accept-Encoding", "gzip"}});
    REQUIRE(unzipped);
    CHECK(unzipped->body == res->body);
  }
}

TEST_CASE("feeds: hostile query strings get a 400 naming the parameter; markup in q stays text") {
  TestServer server({.sample_count = 3});
  auto client = server.client();
  const std::pair<std::string, std::string> bad[] = {
      {"/search.atom?colour=red", "colour"},
      {"/search.atom?q=%FF%FE", "q"},
      {"/search.atom?age=abc", "age"},
      {"/search.atom?status=nonsense", "status"},
      {"/search.atom?near=999,999", "near"},
      {"/search.atom?page=2", "page"},
      {"/search.atom?page_size=1000", "page_size"},
      {"/trials/jRCT2031240001.atom?x=1", "x"},
  };
  for (const auto& row : bad) {
    CAPTURE(row.first);
    auto res = client.Get(row.first.c_str());
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK(res->body.find(row.second) != std::string::npos);
  }
  auto missing = client.Get("/trials/jRCT2999999999.atom");
  REQUIRE(missing);
  CHECK(missing->status == 404);

  const auto feed = get_feed(client, "/search.atom?q=%3Cscript%3E%26%22%01&lang=en");
  CHECK(feed["feed"]["title"].get<std::string>().find("<script>&\"") != std::string::npos);
  // Empty values, as a GET form sends them, are forgiven like on /search.
  get_feed(client, "/search.atom?q=&age=&near=&within_km=10&lang=en");
}

TEST_CASE("feeds: feed requests are counted as client-program reads (the api channel)") {
  TestServer server({.ids = {"jRCT2031240001", "jRCT1032190004"}});
  auto c = server.client();
  CHECK(get_status(c, "/search.atom?status=recruiting", ua::curl) == 200);
  CHECK(get_status(c, "/trials/jRCT2031240001.atom", ua::curl) == 200);
  CHECK(get_status(c, "/trials/jRCT2031240001.atom?lang=en", ua::desktop) == 200);
  REQUIRE(server.app().access.flush().has_value());
  auto cells = server.app().store.access_breakdown("2000-01-01", "2100-12-31");
  REQUIRE(cells);
  std::map<std::string, std::int64_t> counted;  // "audience kind channel" -> count
  for (const auto& cell : *cells) counted[cell.audience + " " + cell.kind + " " + cell.channel] += cell.count;
  CHECK(counted == std::map<std::string, std::int64_t>{
                       {"program search api", 1}, {"program detail api", 1}, {"person detail api", 1}});
}
