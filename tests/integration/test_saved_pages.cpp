// /saved, /compare and /saved/print through the real server: ids from the query, clear 400s for bad
// lists, and nothing cached by shared caches.
#include <doctest/doctest.h>

#include "api_helpers.hpp"

using namespace rinsho::testing;

namespace {

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("/saved, /compare and /saved/print show the trials named by ids, in ja and en") {
  TestServer server({.ids = {"jRCT2031240001", "jRCT1032190004", "jRCT1032190046"}});
  auto client = server.client();
  auto saved = client.Get("/saved?ids=jRCT2031240001,jRCT1032190004,jRCT2999999999&lang=en");
  REQUIRE(saved);
  CHECK(saved->status == 200);
  CHECK(saved->get_header_value("Cache-Control") == "private, no-store");
  CHECK(has(saved->body, "2 studies"));
  CHECK(has(saved->body, "No study was found for: jRCT2999999999"));
  CHECK(has(saved->body, R"(href="/trials/jRCT1032190004?lang=en")"));

  // The checkbox form sends ids=A&ids=B; a link sends ids=A,B. Both work.
  for (const std::string path : {"/compare?ids=jRCT2031240001&ids=jRCT1032190004&lang=en",
                                 "/compare?ids=jRCT2031240001%2CjRCT1032190004&near=35.6895%2C139.6917&lang=en"}) {
    CAPTURE(path);
    auto res = client.Get(path.c_str());
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(has(res->body, ">Nearest site</h2>"));
    CHECK(has(res->body, ">Clinic visits (approx.)</h2>"));
  }
  CHECK(has(client.Get("/compare?ids=jRCT2031240001%2CjRCT1032190004&near=35.6895%2C139.6917&lang=en")->body,
            "National Cancer Center Hospital"));

  auto print = client.Get("/saved/print?ids=jRCT2031240001,jRCT1032190046");
  REQUIRE(print);
  CHECK(print->status == 200);
  CHECK(has(print->body, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\""));
  CHECK(has(print->body, "jRCT1032190046 のページを開く QR コード"));
  CHECK(has(print->body, "0120-000-123"));

  auto empty = client.Get("/saved");
  REQUIRE(empty);
  CHECK(empty->status == 200);
  CHECK(has(empty->body, "保存のしくみ"));
}

TEST_CASE("bad id lists get a 400 page naming the parameter") {
  TestServer server({.ids = {"jRCT2031240001", "jRCT1032190004"}});
  auto client = server.client();
  std::string many = "/saved?ids=";
  for (int i = 0; i < 21; ++i) many += (i ? "," : "") + std::string("jRCT20312400") + (i < 10 ? "0" : "") + std::to_string(i);
  const std::pair<std::string, std::string> bad[] = {
      {"/saved?ids=nope", "ids"},
      {"/saved?ids=jRCT2031240001,%3Cscript%3E", "ids"},
      {many, "20"},
      {"/saved?ids=jRCT2031240001&colour=red", "colour"},
      {"/saved/print?ids=jRCT203124000", "ids"},
      {"/compare?ids=jRCT2031240001", "ids"},
      {"/compare?ids=jRCT2031240001,jRCT1032190004,jRCT2031240002,jRCT2031240003", "ids"},
      {"/compare?ids=jRCT2031240001,jRCT2999999999", "jRCT2999999999"},
      {"/compare?ids=jRCT2031240001,jRCT1032190004&near=north", "near"},
  };
  for (const auto& row : bad) {
    CAPTURE(row.first);
    auto res = client.Get(row.first.c_str());
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK(has(res->body, row.second));
    CHECK(!has(res->body, "<script>"));
  }
}
