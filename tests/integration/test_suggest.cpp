// GET /api/v1/suggest: completions from the concept dictionary for a search box. Its latency is
// measured by bench/suggest_bench.cpp (bench/RESULTS.md), never asserted here.
#include <doctest/doctest.h>

#include "api_helpers.hpp"

using nlohmann::json;
using namespace rinsho::testing;

namespace {

json suggestions(httplib::Client& c, const std::string& q) {
  auto res = c.Get(("/api/v1/suggest?q=" + url_encode(q)).c_str());
  REQUIRE(res);
  REQUIRE(res->status == 200);
  CHECK(res->get_header_value("Content-Type").rfind("application/json", 0) == 0);
  const auto body = json::parse(res->body);
  CHECK(body["q"] == q);
  CHECK(body["suggestions"].size() <= 10);
  return body["suggestions"];
}

bool has(const json& list, const std::string& field, const std::string& value) {
  for (const auto& s : list)
    if (s[field] == value) return true;
  return false;
}

}  // namespace

TEST_CASE("GET /api/v1/suggest completes kana, katakana, kanji and English to concepts") {
  TestServer server({.sample_count = 1});
  auto client = server.client();

  // A reading typed in hiragana is offered in its written form.
  const auto diabetes = suggestions(client, "とうにょう");
  CHECK(has(diabetes, "text", "糖尿病"));
  CHECK(has(diabetes, "concept", "diabetes"));
  CHECK(has(suggestions(client, "とう"), "text", "糖尿病"));

  const auto alzheimer = suggestions(client, "アルツ");
  CHECK(has(alzheimer, "concept", "alzheimers"));
  CHECK(has(alzheimer, "label", "アルツハイマー病"));
  for (const auto& s : alzheimer) CHECK(s["text"].get<std::string>().rfind("アルツ", 0) == 0);
  CHECK(has(suggestions(client, "あるつ"), "text", "アルツハイマー病"));

  // Width and case fold: half-width katakana and upper-case Latin complete the same way.
  CHECK(has(suggestions(client, "ｱﾙﾂ"), "concept", "alzheimers"));
  CHECK(has(suggestions(client, "DIAB"), "concept", "diabetes"));
  CHECK(has(suggestions(client, "肺"), "concept", "lung_cancer"));

  // Nothing typed, or nothing known: an empty list, not an error.
  CHECK(suggestions(client, "").empty());
  CHECK(suggestions(client, "zzqqxx").empty());
  // Noise words (治験, 研究) are never suggested.
  for (const auto& s : suggestions(client, "ちけん")) CHECK(s["concept"] != "noise_trial");
}

TEST_CASE("GET /api/v1/suggest names a bad parameter") {
  TestServer server({.sample_count = 1});
  auto client = server.client();
  for (const auto& entry : std::vector<std::pair<std::string, std::string>>{
           {"q=%FF", "q"}, {"q=" + std::string(300, 'a'), "q"}, {"x=1", "x"}}) {
    const auto& query = entry.first;  // not a binding: CAPTURE's lambda cannot take one in clang 14
    const auto& pointer = entry.second;
    CAPTURE(query);
    auto res = client.Get(("/api/v1/suggest?" + query).c_str());
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK(res->get_header_value("Content-Type") == "application/problem+json");
    CHECK(json::parse(res->body)["errors"][0]["pointer"] == pointer);
  }
}
