// Posting results (issue 13): a results summary and a link with its date added to a completed or
// terminated trial, from the portal's form and through the API, as a new version; shown on the
// public trial page and in the FHIR and WHO TRDS exports; refused for a trial still running.
#include <doctest/doctest.h>

#include "api_helpers.hpp"
#include "portal_helpers.hpp"

using nlohmann::json;
using namespace rinsho::testing;

namespace {

json with_status(const std::string& word, const std::string& status) {
  auto r = new_record(word);
  r["recruitment_status"] = status;
  return r;
}

}  // namespace

TEST_CASE("portal results: a completed trial gets its results as a new version, on its page and in exports") {
  TestServer server({.ids = {"jRCT2031240001"}});
  Member editor(server, "臨床大学病院", "editor@example.jp", "editor");
  auto& store = server.app().store;
  const auto done = store.put_trial(with_status("完了", "completed"), portal_org_ctx(editor.portal.org_id)).value();
  const auto running = store.put_trial(with_status("募集中", "recruiting"), portal_org_ctx(editor.portal.org_id)).value();
  const std::string path = "/portal/trials/" + done.id + "/results";

  auto dash = editor.get("/portal");
  REQUIRE(dash);
  CHECK(dash->body.find("href=\"" + path + "\"") != std::string::npos);
  CHECK(dash->body.find("/portal/trials/" + running.id + "/results") == std::string::npos);

  auto page = editor.get(path);
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(page->body.find("<label for=\"results-url\">") != std::string::npos);
  CHECK(page->body.find("<label for=\"results-summary-ja\">") != std::string::npos);
  CHECK(editor.get(path + "?lang=en")->body.find("Post results") != std::string::npos);

  auto posted = editor.post(path, {{"version", "1"}, {"summary_ja", "主要評価項目を達成した。"}, {"summary_en", "The primary endpoint was met."},
                                   {"url", "https://example.org/results?a=1&b=2"}, {"posted", "2025-06-30"}});
  REQUIRE(posted);
  CHECK(posted->status == 303);
  CHECK(posted->get_header_value("Location") == "/portal?published=" + done.id);
  const auto now = store.get_trial(done.id).value().value();
  CHECK(now.version == 2);
  CHECK(now.record["results"] == json({{"url", "https://example.org/results?a=1&b=2"}, {"posted", "2025-06-30"}}));
  CHECK(now.record["results_summary"]["en"] == "The primary endpoint was met.");
  const auto versions = store.list_versions(done.id).value();
  REQUIRE(versions.size() == 2);
  CHECK(versions[1].actor == "editor@example.jp");
  CHECK(versions[1].source == "portal");

  // The public page links to the results, escaped; the API and the exports carry them.
  auto pub = server.client().Get(("/trials/" + done.id + "?lang=en").c_str());
  REQUIRE(pub);
  CHECK(pub->body.find("href=\"https://example.org/results?a=1&amp;b=2\"") != std::string::npos);
  CHECK(pub->body.find("Results posted on") != std::string::npos);
  CHECK(pub->body.find("The primary endpoint was met.") != std::string::npos);
  auto api = server.client().Get(("/api/v1/trials/" + done.id).c_str());
  REQUIRE(api);
  CHECK(json::parse(api->body)["results"]["posted"] == "2025-06-30");
  auto fhir = server.client().Get(("/api/v1/trials/" + done.id + "?format=fhir").c_str());
  REQUIRE(fhir);
  REQUIRE(fhir->status == 200);
  CHECK(json::parse(fhir->body)["relatedArtifact"][0]["url"] == "https://example.org/results?a=1&b=2");
  auto trds = server.client().Get(("/api/v1/trials/" + done.id + "?format=trds-xml").c_str());
  REQUIRE(trds);
  CHECK(trds->body.find("<results_date_posted>30/06/2025</results_date_posted>") != std::string::npos);
  CHECK(trds->body.find("<results_url_link>https://example.org/results?a=1&amp;b=2</results_url_link>") != std::string::npos);

  SUBCASE("a trial still recruiting is refused in ja and en, and nothing changes") {
    const std::string other = "/portal/trials/" + running.id + "/results";
    auto shown = editor.get(other);
    REQUIRE(shown);
    CHECK(shown->body.find("「完了」または「中止」") != std::string::npos);
    auto refused = editor.post(other + "?lang=en", {{"version", "1"}, {"url", "https://example.org/r"}, {"posted", "2025-06-30"}});
    REQUIRE(refused);
    CHECK(refused->status == 400);
    CHECK(refused->body.find("completed or terminated") != std::string::npos);
    CHECK(refused->body.find("class=\"error-summary\"") != std::string::npos);
    CHECK(store.get_trial(running.id).value()->version == 1);
    // The API refuses the same record with the same message: it is just a field of the record.
    auto [org, auth] = server.registrant("API Pharma");
    auto record = with_status("API", "recruiting");
    record["results"] = {{"url", "https://example.org/r"}, {"posted", "2025-06-30"}};
    auto client = server.client();
    auto api_refused = post_json(client, "/api/v1/trials", record, bearer(auth));
    REQUIRE(api_refused);
    CHECK(api_refused->status == 422);
    CHECK(api_refused->body.find("\"/results\"") != std::string::npos);
    record["recruitment_status"] = "terminated";
    CHECK(post_json(client, "/api/v1/trials", record, bearer(auth))->status == 201);
  }
  SUBCASE("a bad link or date is named beside its field; without the CSRF token or for another version nothing changes") {
    auto bad = editor.post(path, {{"version", "2"}, {"url", "javascript:alert(1)"}, {"posted", "2025-02-30"}});
    REQUIRE(bad);
    CHECK(bad->status == 400);
    CHECK(bad->body.find("<a href=\"#results-url\">") != std::string::npos);
    CHECK(bad->body.find("<a href=\"#results-posted\">") != std::string::npos);
    CHECK(editor.post(path, {{"version", "2"}, {"url", "https://example.org/x"}, {"posted", "2025-06-30"}}, false)->status == 403);
    auto stale = editor.post(path, {{"version", "1"}, {"url", "https://example.org/x"}, {"posted", "2025-06-30"}});
    REQUIRE(stale);
    CHECK(stale->status == 409);
    CHECK(store.get_trial(done.id).value()->version == 2);
  }
  SUBCASE("another organisation's trial is not found, to read or to post") {
    Member other(server, "別の製薬", "other@example.jp", "admin");
    CHECK(other.get(path)->status == 404);
    CHECK(other.post(path, {{"version", "2"}, {"url", "https://example.org/x"}, {"posted", "2025-06-30"}})->status == 404);
    CHECK(store.get_trial(done.id).value()->version == 2);
  }
}
