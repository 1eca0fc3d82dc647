// A trial id or a secondary id pasted into the search box (API and page) finds that trial first,
// whatever its case, width or hyphens; an id no trial lists finds nothing and still answers 200.
#include <doctest/doctest.h>

#include <map>
#include <set>

#include "api_helpers.hpp"

using nlohmann::json;
using namespace rinsho::testing;

namespace {

json search(httplib::Client& c, const std::string& q) {
  const std::string path = "/api/v1/trials?facets=false&page_size=5&q=" + url_encode(q);
  auto res = c.Get(path.c_str());
  REQUIRE(res);
  INFO(path);
  REQUIRE(res->status == 200);
  return json::parse(res->body);
}

std::string first_hit(httplib::Client& c, const std::string& q) {
  const auto body = search(c, q);
  return body["hits"].empty() ? "" : body["hits"][0]["id"].get<std::string>();
}

// The first trial the results page links to.
std::string first_linked_trial(const std::string& html) {
  const std::string marker = "href=\"/trials/";
  const auto at = html.find(marker);
  if (at == std::string::npos) return "";
  const auto start = at + marker.size();
  return html.substr(start, html.find_first_of("\"?", start) - start);
}

}  // namespace

TEST_CASE("GET /api/v1/trials?q=<id> puts the trial first for its id and every secondary id") {
  TestServer server;
  auto c = server.client();
  // Which trials list each secondary id (a study registered twice would list the same one).
  std::map<std::string, std::set<std::string>> listed_by;
  std::vector<std::pair<std::string, std::string>> cases;  // query, trial
  for (const auto& f : sample_trial_files()) {
    const auto r = json::parse(read_file(f));
    const std::string id = r["id"];
    cases.emplace_back(id, id);
    for (const auto& s : r.value("secondary_ids", json::array())) {
      listed_by[s["id"]].insert(id);
      cases.emplace_back(s["id"], id);
    }
  }
  REQUIRE(cases.size() > 400);  // 311 trials and their NCT, UMIN, JapicCTI and EudraCT ids
  for (const auto& entry : cases) {
    const auto& q = entry.first;  // not a binding: CAPTURE's lambda cannot take one in clang 14
    const auto& trial = entry.second;
    CAPTURE(q);
    const auto first = first_hit(c, q);
    if (listed_by.count(q)) CHECK(listed_by[q].count(first) == 1);
    else CHECK(first == trial);
  }
}

TEST_CASE("an id is found whatever its case, width and hyphens, and next to other words") {
  TestServer server;
  auto c = server.client();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"jrct2031240001", "jRCT2031240001"},
      {"JRCT2031240001", "jRCT2031240001"},
      {"ｊＲＣＴ２０３１２４０００１", "jRCT2031240001"},
      {"　jRCT2031240001　", "jRCT2031240001"},  // ideographic spaces around a pasted id
      {"nct06123457", "jRCT2031240001"},
      {"japiccti194987", "jRCT2042190012"},
      {"ＪａｐｉｃＣＴＩ－１９４９８７", "jRCT2042190012"},
      {"umin000031598", "jRCT1042180002"},
      {"202350441229", "jRCT2032230006"},
      {"\"NCT 06087203\"", "jRCT2032230006"},  // quoted with the space some documents print
      {"肺がん jRCT2031240001", "jRCT2031240001"},
  };
  for (const auto& entry : cases) {
    const auto& q = entry.first;  // not a binding: CAPTURE's lambda cannot take one in clang 14
    const auto& trial = entry.second;
    CAPTURE(q);
    const auto body = search(c, q);
    REQUIRE(!body["hits"].empty());
    CHECK(body["hits"][0]["id"] == trial);
    CHECK(body["total"]["estimated"] == 1);
  }
}

TEST_CASE("an id no trial lists finds nothing, with the usual suggestion instead of an error") {
  TestServer server;
  auto c = server.client();
  for (const char* q : {"NCT99999999", "jRCT9999999999", "UMIN000000001"}) {
    CAPTURE(q);
    const auto body = search(c, q);
    CHECK(body["hits"].empty());
    CHECK(body["total"]["estimated"] == 0);
    CHECK(body.contains("suggestion"));
  }
}

TEST_CASE("GET /search?q=<id> shows that trial first, without redirecting") {
  TestServer server;
  auto c = server.client();
  for (const auto& entry : std::vector<std::pair<std::string, std::string>>{
           {"jRCT2031240001", "jRCT2031240001"},
           {"ｊｒｃｔ２０３１２４０００１", "jRCT2031240001"},
           {"JapicCTI-194987", "jRCT2042190012"}}) {
    const auto& q = entry.first;  // not a binding: CAPTURE's lambda cannot take one in clang 14
    const auto& trial = entry.second;
    CAPTURE(q);
    auto res = c.Get(("/search?q=" + url_encode(q)).c_str());
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(first_linked_trial(res->body) == trial);
  }
  auto none = c.Get("/search?q=NCT99999999");
  REQUIRE(none);
  CHECK(none->status == 200);
  CHECK(first_linked_trial(none->body).empty());
}
