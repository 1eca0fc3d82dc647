// "Could I join?" end to end: structured criteria through the write API (validated, kept across
// versions), the trial page's questionnaire answered by GET, "my situation" on the results page, and
// the privacy rule: no answer in any access-log line or in the store, only a pre-screen counter.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "api_helpers.hpp"
#include "metrics_support.hpp"
#include "stderr_capture.hpp"
#include "store_dump.hpp"

using nlohmann::json;
using namespace rinsho::testing;

namespace {

// 20 to 75, any sex, no healthy volunteers; c0 diagnosis, c1 ECOG 0-1, c2 pregnancy exclusion.
json record_with_criteria(const std::string& word) {
  auto r = new_record(word);
  auto& e = r["eligibility"];
  e["min_age_years"] = 20;
  e["max_age_years"] = 75;
  e["sex"] = "all";
  e["healthy_volunteers"] = false;
  e["criteria"] = json::parse(R"json([
    {"kind": "diagnosis", "type": "inclusion", "concept": "lung_cancer",
     "text": {"ja": "肺がんと診断された方", "en": "Diagnosed with lung cancer"}},
    {"kind": "performance_status", "type": "inclusion", "max_ecog": 1,
     "text": {"ja": "日常生活に支障がない方 (ECOG PS 0〜1)", "en": "ECOG performance status 0 to 1"}},
    {"kind": "pregnancy_breastfeeding", "type": "exclusion",
     "text": {"ja": "妊娠中または授乳中の方", "en": "Pregnant or breastfeeding"}}
  ])json");
  return r;
}

std::string register_trial(TestServer& server, httplib::Client& c, const std::string& auth, const json& record) {
  auto res = post_json(c, "/api/v1/trials", record, bearer(auth));
  REQUIRE(res);
  INFO(res->body);
  REQUIRE(res->status == 201);
  return json::parse(res->body)["id"].get<std::string>();
}

std::vector<std::string> pointers(const json& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e["pointer"].get<std::string>());
  return out;
}

bool has(const std::vector<std::string>& list, const std::string& s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

// The line of the page holding `needle`; the verdict and every quote sit on one line each.
std::string line_with(const std::string& html, const std::string& needle) {
  const auto at = html.find(needle);
  if (at == std::string::npos) return "";
  const auto from = html.rfind('\n', at) + 1;
  return html.substr(from, html.find('\n', at) - from);
}

bool shown(const std::string& html, const std::string& needle) {
  const auto line = line_with(html, needle);
  return !line.empty() && line.find(" hidden") == std::string::npos;
}

std::string read_bytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("structured criteria are validated by path, registered, kept across versions and exported as JSON") {
  TestServer server({.sample_count = 1});
  auto c = server.client();
  auto [org, auth] = server.registrant("Prescreen Pharma");

  struct Row {
    const char* name;
    json criterion;
    const char* pointer;
  };
  const Row rows[] = {
      {"unknown kind", json::parse(R"({"kind": "blood_type", "type": "inclusion", "text": {"ja": "A型"}})"), "/eligibility/criteria/0/kind"},
      {"unknown type", json::parse(R"({"kind": "other", "type": "maybe", "text": {"ja": "x"}})"), "/eligibility/criteria/0/type"},
      {"unknown concept", json::parse(R"({"kind": "diagnosis", "type": "inclusion", "concept": "no_such_concept", "text": {"ja": "x"}})"),
       "/eligibility/criteria/0/concept"},
      {"ECOG as a string", json::parse(R"({"kind": "performance_status", "type": "inclusion", "max_ecog": "one", "text": {"ja": "x"}})"),
       "/eligibility/criteria/0/max_ecog"},
      {"ECOG above 5", json::parse(R"({"kind": "performance_status", "type": "inclusion", "max_ecog": 6, "text": {"ja": "x"}})"),
       "/eligibility/criteria/0/max_ecog"},
      {"stages on a diagnosis", json::parse(R"({"kind": "diagnosis", "type": "inclusion", "stages": ["IV"], "text": {"ja": "x"}})"),
       "/eligibility/criteria/0/stages"},
      {"stages not a list", json::parse(R"({"kind": "disease_stage", "type": "inclusion", "stages": "IV", "text": {"ja": "x"}})"),
       "/eligibility/criteria/0/stages"},
      {"text not an object", json::parse(R"({"kind": "other", "type": "inclusion", "text": "x"})"), "/eligibility/criteria/0/text"},
  };
  for (const auto& row : rows) {
    CAPTURE(row.name);
    auto record = new_record("validate");
    record["eligibility"]["criteria"] = json::array({row.criterion});
    auto checked = post_json(c, "/api/v1/trials/validate", record, {});
    REQUIRE(checked);
    REQUIRE(checked->status == 200);
    const auto body = json::parse(checked->body);
    CHECK(body["valid"] == false);
    CHECK(has(pointers(body["errors"]), row.pointer));
    auto refused = post_json(c, "/api/v1/trials", record, bearer(auth));
    REQUIRE(refused);
    CHECK(refused->status == 422);  // the API's status for a record that breaks the schema
    CHECK(has(pointers(json::parse(refused->body)["errors"]), row.pointer));
  }

  // A good record: accepted, read back whole, kept when a new version changes something else.
  const auto record = record_with_criteria("criteria");
  auto ok = post_json(c, "/api/v1/trials/validate", record, {});
  REQUIRE(ok);
  CHECK(json::parse(ok->body)["valid"] == true);
  const auto id = register_trial(server, c, auth, record);
  auto read = c.Get(("/api/v1/trials/" + id).c_str());
  REQUIRE(read);
  REQUIRE(read->status == 200);
  CHECK(json::parse(read->body)["eligibility"]["criteria"] == record["eligibility"]["criteria"]);
  auto next = record;
  next["public_title"]["en"] = "A renamed study";
  auto put = put_json(c, "/api/v1/trials/" + id, next, with(bearer(auth), "If-Match", read->get_header_value("ETag")));
  REQUIRE(put);
  REQUIRE(put->status == 200);
  auto again = c.Get(("/api/v1/trials/" + id).c_str());
  REQUIRE(again);
  const auto v2 = json::parse(again->body);
  CHECK(v2["version"] == 2);
  CHECK(v2["eligibility"]["criteria"] == record["eligibility"]["criteria"]);
}

TEST_CASE("the trial page answers its questionnaire from the query string, quoting the criterion") {
  TestServer server({.sample_count = 1});
  auto c = server.client();
  auto [org, auth] = server.registrant("Prescreen Pharma");
  const auto id = register_trial(server, c, auth, record_with_criteria("questionnaire"));
  const std::string page = "/trials/" + id;

  // The form itself: a GET to the same page, a question per criterion that needs one.
  auto plain = c.Get(page.c_str());
  REQUIRE(plain);
  REQUIRE(plain->status == 200);
  CHECK(plain->body.find("data-prescreen") != std::string::npos);
  CHECK(plain->body.find("action=\"" + page + "#sec-prescreen\"") != std::string::npos);
  CHECK(plain->body.find("name=\"c0\"") != std::string::npos);   // the diagnosis, asked as such
  CHECK(plain->body.find("name=\"ecog\"") != std::string::npos);  // ECOG, one shared question
  CHECK(plain->body.find("name=\"preg\"") != std::string::npos);
  CHECK(!shown(plain->body, "data-verdict=\"likely\""));

  // Everything answered and passing: likely, quoting every criterion, with "ask your doctor".
  auto likely = c.Get((page + "?ps=1&age=60&sex=female&hv=no&c0=yes&ecog=1&preg=no").c_str());
  REQUIRE(likely);
  REQUIRE(likely->status == 200);
  CHECK(likely->get_header_value("Cache-Control") == "no-store");
  CHECK(shown(likely->body, "data-verdict=\"likely\""));
  CHECK(!shown(likely->body, "data-verdict=\"unlikely\""));
  CHECK(likely->body.find("医師にご相談ください") != std::string::npos);
  CHECK(shown(likely->body, "選択基準: 日常生活に支障がない方 (ECOG PS 0〜1)"));
  CHECK(shown(likely->body, "除外基準: 妊娠中または授乳中の方"));
  CHECK(likely->body.find("value=\"60\"") != std::string::npos);  // the form keeps the answers

  // ECOG 3 fails the performance-status criterion: unlikely, quoting that criterion only.
  auto unlikely = c.Get((page + "?ps=1&age=60&c0=yes&ecog=3").c_str());
  REQUIRE(unlikely);
  CHECK(shown(unlikely->body, "data-verdict=\"unlikely\""));
  CHECK(shown(unlikely->body, "選択基準: 日常生活に支障がない方 (ECOG PS 0〜1)"));
  CHECK(!shown(unlikely->body, "除外基準: 妊娠中または授乳中の方"));

  // Over the age range (75 is in, 76 is not).
  CHECK(shown(c.Get((page + "?ps=1&age=75&hv=no&c0=yes&ecog=0&preg=no").c_str())->body, "data-verdict=\"likely\""));
  CHECK(shown(c.Get((page + "?ps=1&age=76").c_str())->body, "data-verdict=\"unlikely\""));

  // Nothing answered: maybe, never unlikely.
  auto maybe = c.Get((page + "?ps=1").c_str());
  REQUIRE(maybe);
  CHECK(shown(maybe->body, "data-verdict=\"maybe\""));
  CHECK(shown(maybe->body, "選択基準: 肺がんと診断された方"));

  // In English.
  auto en = c.Get((page + "?ps=1&lang=en&age=60&c0=no").c_str());
  REQUIRE(en);
  CHECK(shown(en->body, "data-verdict=\"unlikely\""));
  CHECK(en->body.find("ask your doctor") != std::string::npos);
  CHECK(shown(en->body, "Inclusion criterion: Diagnosed with lung cancer"));

  // An edited link: 400 naming the parameter.
  auto bad = c.Get((page + "?ps=1&age=old&ecog=9&c1=perhaps").c_str());
  REQUIRE(bad);
  CHECK(bad->status == 400);
  for (const char* param : {"age", "ecog", "c1"}) {
    CAPTURE(param);
    CHECK(bad->body.find(std::string("<code>") + param + "</code>") != std::string::npos);
  }
}

TEST_CASE("my situation labels and ranks the results page's hits") {
  TestServer server({.ids = {"jRCT2031240001"}});
  auto c = server.client();
  auto [org, auth] = server.registrant("Prescreen Pharma");
  auto young = record_with_criteria("situationword");
  young["eligibility"]["min_age_years"] = 0;
  young["eligibility"]["max_age_years"] = 30;
  const auto young_id = register_trial(server, c, auth, young);
  const auto old_id = register_trial(server, c, auth, record_with_criteria("situationword"));

  const std::string q = "/search?q=situationword";
  auto plain = c.Get(q.c_str());
  REQUIRE(plain);
  CHECK(plain->body.find("name=\"me_age\"") != std::string::npos);
  CHECK(plain->body.find("hit-situation") == std::string::npos);

  auto judged = c.Get((q + "&me_age=60&me_sex=female&me_pref=13&me_rank=1").c_str());
  REQUIRE(judged);
  REQUIRE(judged->status == 200);
  CHECK(judged->get_header_value("Cache-Control") == "no-store");
  const auto& html = judged->body;
  const auto young_at = html.find("/trials/" + young_id), old_at = html.find("/trials/" + old_id);
  REQUIRE(young_at != std::string::npos);
  REQUIRE(old_at != std::string::npos);
  CHECK(old_at < young_at);  // maybe (criteria unanswered) before unlikely (too old)
  CHECK(html.find("situation-unlikely") != std::string::npos);
  CHECK(html.find("situation-maybe") != std::string::npos);
  CHECK(html.find("対象年齢: 0歳〜30歳") != std::string::npos);  // the rule behind "unlikely"

  auto bad = c.Get((q + "&me_age=-3&me_pref=99").c_str());
  REQUIRE(bad);
  CHECK(bad->status == 400);
  CHECK(bad->body.find("<code>me_age</code>") != std::string::npos);
  CHECK(bad->body.find("<code>me_pref</code>") != std::string::npos);
}

TEST_CASE("pre-screen answers appear in no access-log line and nowhere in the store; only a counter moves") {
  TestServer server({.sample_count = 1, .access_log = true});
  auto c = server.client();
  auto [org, auth] = server.registrant("Prescreen Pharma");
  const auto id = register_trial(server, c, auth, record_with_criteria("privacyword"));
  REQUIRE(server.app().access.flush().has_value());
  const auto db = server.app().store.database_file();
  const auto before = dump_store(db);
  const auto prescreens = server.app().access.prescreens();
  const auto accesses = server.app().access.counter().total(rinsho::metrics::Audience::person,
                                                            rinsho::metrics::AccessKind::detail, rinsho::metrics::Channel::page);
  // Answers no log line could contain by chance.
  const std::string age = "67.125", dx = "zqxdiagnosisword", tx = "zqxtreatmentword";
  std::string log;
  {
    StderrCapture capture;
    const httplib::Headers browser = {{"User-Agent", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1"}};
    auto trial = c.Get(("/trials/" + id + "?ps=1&age=" + age + "&sex=female&c0=yes&ecog=1&preg=no").c_str(), browser);
    REQUIRE(trial);
    CHECK(trial->status == 200);
    auto results = c.Get(("/search?q=privacyword&me_age=" + age + "&me_sex=female&me_pref=13&me_dx=" + dx + "&me_tx=" + tx).c_str(), browser);
    REQUIRE(results);
    CHECK(results->status == 200);
    auto refused = c.Get(("/trials/" + id + "?ps=1&age=" + dx).c_str(), browser);  // a 400 is logged too
    REQUIRE(refused);
    CHECK(refused->status == 400);
    log = capture.text();
  }
  std::istringstream lines(log);
  std::string line;
  int logged = 0;
  while (std::getline(lines, line)) {
    CAPTURE(line);
    if (line.find("\"route\"") != std::string::npos) ++logged;
    for (const auto& answer : {age, dx, tx, std::string("me_age"), std::string("ps=1"), std::string("female")})
      CHECK(line.find(answer) == std::string::npos);
  }
  CHECK(logged >= 3);  // the requests were logged, without their answers
  // Counted as two pre-screens (the refused one is not a 2xx), and not as trial views.
  CHECK(server.app().access.prescreens() == prescreens + 2);
  CHECK(server.app().access.counter().total(rinsho::metrics::Audience::person, rinsho::metrics::AccessKind::detail,
                                            rinsho::metrics::Channel::page) == accesses);
  REQUIRE(server.app().access.flush().has_value());
  const auto after = dump_store(db);
  INFO("tables changed: " << json(after.differences(before)).dump());
  CHECK(after.tables == before.tables);
  for (const auto& file : {db, std::filesystem::path(db.string() + "-wal")}) {
    if (!std::filesystem::exists(file)) continue;
    const auto bytes = read_bytes(file);
    CHECK(bytes.find(age) == std::string::npos);
    CHECK(bytes.find(dx) == std::string::npos);
    CHECK(bytes.find(tx) == std::string::npos);
  }
  const auto metrics = c.Get("/metrics");
  REQUIRE(metrics);
  CHECK(metrics->body.find("rinsho_prescreens_total " + std::to_string(prescreens + 2)) != std::string::npos);
}
