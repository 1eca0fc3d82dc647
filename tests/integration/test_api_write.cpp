// Write API: POST /api/v1/trials, PUT /api/v1/trials/{id}, POST /api/v1/trials/validate, through the
// real server, with tokens issued by the store.
#include <doctest/doctest.h>

#include <barrier>
#include <regex>
#include <thread>

#include "api_helpers.hpp"

using nlohmann::json;
using namespace rinsho::testing;

namespace {

bool search_finds(httplib::Client& c, const std::string& q, const std::string& id) {
  auto res = c.Get(("/api/v1/trials?page_size=100&q=" + url_encode(q)).c_str());
  REQUIRE(res);
  REQUIRE(res->status == 200);
  const auto body = json::parse(res->body);
  for (const auto& h : body["hits"])
    if (h["id"] == id) return true;
  return false;
}

// Registers new_record(word) for `auth` and returns {id, etag}.
std::pair<std::string, std::string> register_trial(httplib::Client& c, const std::string& auth, const std::string& word) {
  auto res = post_json(c, "/api/v1/trials", new_record(word), bearer(auth));
  REQUIRE(res);
  REQUIRE(res->status == 201);
  return {json::parse(res->body)["id"].get<std::string>(), res->get_header_value("ETag")};
}

void check_problem(const httplib::Result& res, int status) {
  REQUIRE(res);
  CHECK(res->status == status);
  CHECK(res->get_header_value("Content-Type") == "application/problem+json");
  const auto body = json::parse(res->body);
  CHECK(body["status"] == status);
  CHECK(body.contains("title"));
}

}  // namespace

TEST_CASE("POST /api/v1/trials assigns an id, answers 201 with Location and ETag, and is searchable at once") {
  TestServer server({.sample_count = 5});
  auto client = server.client();
  auto [org, auth] = server.registrant("Example Pharma");
  const auto before = snapshot(server.app());

  auto res = post_json(client, "/api/v1/trials", new_record("quokkazephyr"), bearer(auth));
  REQUIRE(res);
  CHECK(res->status == 201);
  const auto body = json::parse(res->body);
  const std::string id = body["id"];
  CHECK(std::regex_match(id, std::regex("jRCT2099[0-9]{6}")));
  CHECK(body["version"] == 1);
  CHECK(res->get_header_value("Location") == "http://127.0.0.1:" + std::to_string(server.port()) + "/api/v1/trials/" + id);
  const auto etag = res->get_header_value("ETag");
  CHECK(!etag.empty());
  CHECK(body["etag"] == etag);

  auto got = client.Get(("/api/v1/trials/" + id).c_str());
  REQUIRE(got);
  CHECK(got->status == 200);
  CHECK(got->get_header_value("ETag") == etag);
  CHECK(json::parse(got->body)["owner_org"] == org);
  CHECK(search_finds(client, "quokkazephyr", id));
  CHECK(snapshot(server.app()) == StoreSnapshot{before.last_seq + 1, before.trials + 1});

  // Two registrations without ids get two different ids.
  auto second = post_json(client, "/api/v1/trials", new_record("wombatnebula"), bearer(auth));
  REQUIRE(second);
  CHECK(second->status == 201);
  CHECK(json::parse(second->body)["id"] != id);
}

TEST_CASE("POST /api/v1/trials with an id that exists is 409 and changes nothing") {
  TestServer server({.ids = {"jRCT2031240001"}});
  auto client = server.client();
  auto [org, auth] = server.registrant("Example Pharma");
  const auto before = snapshot(server.app());
  auto record = sample_record("jRCT2031240001");
  record["public_title"]["ja"] = "上書きしようとする試験";
  auto res = post_json(client, "/api/v1/trials", record, bearer(auth));
  check_problem(res, 409);
  CHECK(json::parse(res->body)["errors"][0]["pointer"] == "/id");
  CHECK(snapshot(server.app()) == before);

  // Its own registration, posted again, is a conflict too: POST never replaces.
  auto [id, etag] = register_trial(client, auth, "capybara");
  auto again = new_record("capybara2");
  again["id"] = id;
  check_problem(post_json(client, "/api/v1/trials", again, bearer(auth)), 409);
}

TEST_CASE("PUT /api/v1/trials/{id} needs If-Match: 428 without it, 412 when stale, 200 with the current ETag") {
  TestServer server({.sample_count = 1});
  auto client = server.client();
  auto [org, auth] = server.registrant("Example Pharma");
  auto [id, etag] = register_trial(client, auth, "okapi");
  auto record = new_record("okapi");
  record["id"] = id;
  record["eligibility"]["min_age_years"] = 18;
  const auto path = "/api/v1/trials/" + id;
  const auto before = snapshot(server.app());

  auto missing = put_json(client, path, record, bearer(auth));
  check_problem(missing, 428);
  CHECK(json::parse(missing->body)["errors"][0]["pointer"] == "If-Match");
  auto wrong = put_json(client, path, record, with(bearer(auth), "If-Match", "\"" + id + "-v7\""));
  check_problem(wrong, 412);
  CHECK(json::parse(wrong->body)["errors"][0]["pointer"] == "If-Match");
  CHECK(snapshot(server.app()) == before);

  auto ok = put_json(client, path, record, with(bearer(auth), "If-Match", etag));
  REQUIRE(ok);
  CHECK(ok->status == 200);
  const auto new_etag = ok->get_header_value("ETag");
  CHECK(new_etag != etag);
  CHECK(json::parse(ok->body)["version"] == 2);
  CHECK(json::parse(ok->body)["changed_fields"] == json::array({"/eligibility/min_age_years"}));

  // The ETag it replaced is stale now.
  record["eligibility"]["min_age_years"] = 19;
  check_problem(put_json(client, path, record, with(bearer(auth), "If-Match", etag)), 412);
  auto got = client.Get(path.c_str());
  REQUIRE(got);
  CHECK(got->get_header_value("ETag") == new_etag);
  CHECK(json::parse(got->body)["eligibility"]["min_age_years"] == 18);

  // A body whose id differs from the URL is refused by pointer.
  record["id"] = "jRCT2031240001";
  auto mismatch = put_json(client, path, record, with(bearer(auth), "If-Match", new_etag));
  check_problem(mismatch, 422);
  CHECK(json::parse(mismatch->body)["errors"][0]["pointer"] == "/id");
}

TEST_CASE("two concurrent PUTs with the same ETag: exactly one succeeds and the other gets 412") {
  TestServer server({.sample_count = 1});
  // Named, not bound: the writers' lambda captures them, which clang 14 does not allow for bindings.
  const std::string auth = server.registrant("Example Pharma").second;
  auto setup = server.client();
  const auto registered = register_trial(setup, auth, "narwhal");
  const std::string& id = registered.first;
  const auto path = "/api/v1/trials/" + id;
  std::string etag = registered.second;
  for (int round = 0; round < 10; ++round) {
    CAPTURE(round);
    std::barrier start(2);
    int status[2] = {0, 0};
    auto writer = [&](int k) {
      auto client = server.client();
      auto record = new_record("narwhal");
      record["id"] = id;
      record["public_title"]["ja"] = "同時更新 " + std::to_string(round) + (k == 0 ? " 甲" : " 乙");
      start.arrive_and_wait();
      auto res = put_json(client, path, record, with(bearer(auth), "If-Match", etag));
      status[k] = res ? res->status : -1;
    };
    std::thread a(writer, 0), b(writer, 1);
    a.join();
    b.join();
    CHECK(std::min(status[0], status[1]) == 200);
    CHECK(std::max(status[0], status[1]) == 412);
    auto got = setup.Get(path.c_str());
    REQUIRE(got);
    CHECK(json::parse(got->body)["version"] == round + 2);
    etag = got->get_header_value("ETag");
  }
}

TEST_CASE("only the owning organisation's token may update a trial") {
  TestServer server({.ids = {"jRCT2031240001"}});
  auto client = server.client();
  auto [owner, owner_auth] = server.registrant("Owner Pharma");
  auto [other, other_auth] = server.registrant("Other Pharma");
  auto [id, etag] = register_trial(client, owner_auth, "pangolin");
  auto record = new_record("pangolin");
  record["id"] = id;
  record["eligibility"]["max_age_years"] = 70;
  const auto before = snapshot(server.app());

  check_problem(put_json(client, "/api/v1/trials/" + id, record, with(bearer(other_auth), "If-Match", etag)), 403);
  // A trial the registry operator ingested belongs to no organisation.
  auto operator_trial = sample_record("jRCT2031240001");
  auto current = client.Get("/api/v1/trials/jRCT2031240001");
  REQUIRE(current);
  check_problem(put_json(client, "/api/v1/trials/jRCT2031240001", operator_trial,
                         with(bearer(owner_auth), "If-Match", current->get_header_value("ETag"))),
                403);
  CHECK(snapshot(server.app()) == before);

  auto ok = put_json(client, "/api/v1/trials/" + id, record, with(bearer(owner_auth), "If-Match", etag));
  REQUIRE(ok);
  CHECK(ok->status == 200);
}

TEST_CASE("missing, malformed and revoked tokens get 401, and the 401 never says which") {
  TestServer server({.sample_count = 1});
  auto client = server.client();
  auto [org, auth] = server.registrant("Example Pharma");
  auto [id, etag] = register_trial(client, auth, "axolotl");
  auto [revoked_org, revoked_auth] = server.registrant("Revoked Pharma");
  auto tokens = server.app().store.list_tokens(revoked_org);
  REQUIRE(tokens);
  REQUIRE(tokens->size() == 1);
  REQUIRE(server.app().store.revoke_token(tokens->front().token_id));
  const auto before = snapshot(server.app());

  const std::string unknown = "Bearer rin_" + std::string(64, 'a');
  std::map<std::string, std::string> bodies;
  for (const auto& header : std::vector<std::string>{"", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "bearer x",
                                                    "Bearer rin_short", unknown, revoked_auth,
                                                    auth + "x", "Bearer " + auth}) {
    CAPTURE(header);
    httplib::Headers h;
    if (!header.empty()) h = bearer(header);
    auto post = post_json(client, "/api/v1/trials", new_record("axolotl2"), h);
    check_problem(post, 401);
    CHECK(post->get_header_value("WWW-Authenticate").rfind("Bearer", 0) == 0);
    bodies[header] = post->body;
    auto put = put_json(client, "/api/v1/trials/" + id, new_record("axolotl3"), with(h, "If-Match", etag));
    check_problem(put, 401);
    CHECK(put->body == post->body);
  }
  // An unknown token and a revoked one are indistinguishable, and so is no token at all.
  CHECK(bodies[unknown] == bodies[revoked_auth]);
  CHECK(bodies[unknown] == bodies[""]);
  const auto problem = json::parse(bodies[unknown]);
  REQUIRE(problem["errors"].size() == 1);
  CHECK(problem["errors"][0]["pointer"] == "Authorization");
  CHECK(!problem["errors"][0]["message"]["ja"].get<std::string>().empty());
  CHECK(snapshot(server.app()) == before);

  // The scheme's letter case does not matter; the token's does.
  const std::string token = auth.substr(7);
  auto lower = post_json(client, "/api/v1/trials", new_record("axolotl4"), bearer("bearer " + token));
  REQUIRE(lower);
  CHECK(lower->status == 201);
  std::string upper_token = token;
  for (auto& c : upper_token) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  check_problem(post_json(client, "/api/v1/trials", new_record("axolotl5"), bearer("Bearer " + upper_token)), 401);
}

TEST_CASE("Idempotency-Key on POST replays the first response; another body with the same key is 422") {
  TestServer server({.sample_count = 1});
  auto client = server.client();
  auto [org, auth] = server.registrant("Example Pharma");
  auto [other, other_auth] = server.registrant("Other Pharma");
  const auto headers = with(bearer(auth), "Idempotency-Key", "register-tapir-1");
  const auto record = new_record("tapir");

  auto first = post_json(client, "/api/v1/trials", record, headers);
  REQUIRE(first);
  REQUIRE(first->status == 201);
  CHECK(!first->has_header("Idempotent-Replayed"));
  const auto after_first = snapshot(server.app());

  auto replay = post_json(client, "/api/v1/trials", record, headers);
  REQUIRE(replay);
  CHECK(replay->status == 201);
  CHECK(replay->get_header_value("Idempotent-Replayed") == "true");
  CHECK(replay->body == first->body);
  CHECK(json::parse(replay->body)["id"] == json::parse(first->body)["id"]);
  CHECK(replay->get_header_value("Location") == first->get_header_value("Location"));
  CHECK(replay->get_header_value("ETag") == first->get_header_value("ETag"));
  CHECK(snapshot(server.app()) == after_first);

  auto changed = record;
  changed["target_enrollment"] = 601;
  auto reused = post_json(client, "/api/v1/trials", changed, headers);
  check_problem(reused, 422);
  CHECK(json::parse(reused->body)["errors"][0]["pointer"] == "Idempotency-Key");
  CHECK(snapshot(server.app()) == after_first);

  // Keys belong to an organisation: another one using the same key registers its own trial.
  auto theirs = post_json(client, "/api/v1/trials", record, with(bearer(other_auth), "Idempotency-Key", "register-tapir-1"));
  REQUIRE(theirs);
  CHECK(theirs->status == 201);
  CHECK(!theirs->has_header("Idempotent-Replayed"));
  CHECK(json::parse(theirs->body)["id"] != json::parse(first->body)["id"]);
}

TEST_CASE("concurrent POSTs with one Idempotency-Key register one trial") {
  TestServer server({.sample_count = 1});
  // Named, not bound: the threads' lambda captures it, which clang 14 does not allow for a binding.
  const std::string auth = server.registrant("Example Pharma").second;
  const auto before = snapshot(server.app());
  constexpr int kClients = 4;
  std::barrier start(kClients);
  std::string ids[kClients];
  int statuses[kClients] = {};
  std::vector<std::thread> threads;
  for (int k = 0; k < kClients; ++k) {
    threads.emplace_back([&, k] {
      auto client = server.client();
      start.arrive_and_wait();
      auto res = post_json(client, "/api/v1/trials", new_record("quagga"), with(bearer(auth), "Idempotency-Key", "same-key"));
      statuses[k] = res ? res->status : -1;
      if (res && res->status == 201) ids[k] = json::parse(res->body)["id"];
    });
  }
  for (auto& t : threads) t.join();
  for (int k = 0; k < kClients; ++k) {
    CHECK(statuses[k] == 201);
    CHECK(ids[k] == ids[0]);
  }
  CHECK(snapshot(server.app()) == StoreSnapshot{before.last_seq + 1, before.trials + 1});
}

TEST_CASE("the audit log records accepted and rejected write attempts") {
  TestServer server({.sample_count = 1});
  auto client = server.client();
  auto [org, auth] = server.registrant("Audited Pharma");
  auto [other, other_auth] = server.registrant("Other Pharma");
  auto [id, etag] = register_trial(client, auth, "dugong");
  auto record = new_record("dugong");
  record["id"] = id;
  record["target_enrollment"] = 10;
  const auto path = "/api/v1/trials/" + id;
  post_json(client, "/api/v1/trials", new_record("dugong"), bearer("Bearer nope"));                // 401, not audited
  put_json(client, path, record, bearer(auth));                                                     // 428
  put_json(client, path, record, with(bearer(auth), "If-Match", "\"stale\""));                       // 412
  put_json(client, path, record, with(bearer(other_auth), "If-Match", etag));                        // 403
  client.Post("/api/v1/trials", bearer(auth), "{\"a\":", "application/json");                       // 400
  auto invalid = new_record("dugong");
  invalid["phase"] = "7";
  post_json(client, "/api/v1/trials", invalid, bearer(auth));                                       // 422
  put_json(client, path, record, with(bearer(auth), "If-Match", etag));                              // 200

  auto entries = server.app().store.recent_audit(50);
  REQUIRE(entries);
  std::multiset<std::string> outcomes;
  for (const auto& e : *entries)
    if (e.detail.find("\"source\":\"ingest\"") == std::string::npos) outcomes.insert(e.outcome);
  CHECK(outcomes.count("created") == 1);
  CHECK(outcomes.count("updated") == 1);
  // Without a valid token nothing is written: anyone could fill the log with such attempts.
  CHECK(outcomes.count("rejected:401") == 0);
  for (const char* rejected : {"rejected:428", "rejected:412", "rejected:403", "rejected:400"}) {
    CAPTURE(rejected);
    CHECK(outcomes.count(rejected) == 1);
  }
  CHECK(outcomes.count("rejected") >= 1);  // the schema violation, audited by the store
  // No audit entry carries a token.
  const auto token = auth.substr(7);
  for (const auto& e : *entries) CHECK(e.detail.find(token) == std::string::npos);
}
