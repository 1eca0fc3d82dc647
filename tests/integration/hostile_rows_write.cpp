// Hostile rows about who may write and how: forged, malformed, revoked and other organisations'
// tokens, wrong and missing media types, bad and conflicting If-Match and Idempotency-Key.
#include <nlohmann/json.hpp>

#include "hostile_table.hpp"

namespace rinsho::testing::hostile {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

const std::pair<std::string, std::string> kJson{"Content-Type", "application/json"};

std::string raw_post(const std::string& target, const std::string& headers, const std::string& body) {
  return "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + headers +
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

// The record of trial_a, changed, as a PUT body: accepted, it would write a version.
std::string changed_record(const Fixture& f, const std::string& id) {
  auto record = nlohmann::json::parse(f.valid_record);
  record["id"] = id;
  record["phase"] = "2";
  return record.dump();
}

Rows token_rows(const Fixture& f) {
  const std::string& v = f.valid_record;
  auto post_as = [&](std::string name, Headers headers, std::set<int> statuses = {401}) {
    headers.push_back(kJson);
    return Row{.category = "token", .name = std::move(name), .method = "POST", .target = "/api/v1/trials",
               .headers = std::move(headers), .body = v, .statuses = std::move(statuses), .pointer = "Authorization"};
  };
  std::string upper = f.token_a;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  Rows rows = {
      post_as("no Authorization", {}),
      post_as("a forged token", {{"Authorization", "Bearer rin_" + std::string(64, 'a')}}),
      post_as("Bearer and nothing else", {{"Authorization", "Bearer"}}),
      post_as("Basic credentials", {{"Authorization", "Basic dXNlcjpwYXNz"}}),
      post_as("a short non-hex token", {{"Authorization", "Bearer rin_zz"}}),
      post_as("a valid token with a byte appended", {{"Authorization", f.auth_a + "0"}}),
      post_as("a valid token in upper case", {{"Authorization", "Bearer " + upper}}),
      post_as("a revoked token", {{"Authorization", f.auth_revoked}}),
      post_as("a token of non-ASCII bytes", {{"Authorization", "Bearer トークン"}}),
      {.category = "token", .name = "a token with a NUL inside", .method = "POST", .target = "/api/v1/trials",
       .statuses = {400, 401},
       .raw = raw_post("/api/v1/trials", "Authorization: Bearer rin_" + std::string(32, 'a') + std::string(1, '\0') +
                                              std::string(31, 'a') + "\r\nContent-Type: application/json\r\n", v)},
      {.category = "token", .name = "the token in the query string", .method = "POST",
       .target = "/api/v1/trials?access_token=" + f.token_a, .headers = {kJson}, .body = v, .statuses = {400, 401}},
      // Two credentials: which one writes? A careful server takes neither.
      {.category = "token", .name = "two Authorization headers, valid first", .method = "POST", .target = "/api/v1/trials",
       .headers = {{"Authorization", f.auth_a}, {"Authorization", "Bearer rin_" + std::string(64, 'b')}, kJson}, .body = v,
       .statuses = {400, 401}, .writes = Writes::audit},
      {.category = "token", .name = "no token, wrong media type, bad body: 401 first", .method = "POST",
       .target = "/api/v1/trials", .headers = {{"Content-Type", "text/plain"}}, .body = "{", .statuses = {401},
       .pointer = "Authorization"},
      {.category = "token", .name = "no token on PUT", .method = "PUT", .target = "/api/v1/trials/" + f.trial_a,
       .headers = {kJson, {"If-Match", f.etag_a}}, .body = changed_record(f, f.trial_a), .statuses = {401},
       .pointer = "Authorization"},
      {.category = "token", .name = "a revoked token on PUT", .method = "PUT", .target = "/api/v1/trials/" + f.trial_a,
       .headers = {kJson, {"If-Match", f.etag_a}, {"Authorization", f.auth_revoked}}, .body = changed_record(f, f.trial_a),
       .statuses = {401}, .pointer = "Authorization"},
      {.category = "token", .name = "another organisation's trial", .method = "PUT", .target = "/api/v1/trials/" + f.trial_a,
       .headers = {kJson, {"If-Match", f.etag_a}, {"Authorization", f.auth_b}}, .body = changed_record(f, f.trial_a),
       .statuses = {403}, .writes = Writes::audit},
      {.category = "token", .name = "the operator's trial", .method = "PUT", .target = "/api/v1/trials/" + f.operator_trial,
       .headers = {kJson, {"If-Match", f.operator_etag}, {"Authorization", f.auth_a}},
       .body = changed_record(f, f.operator_trial), .statuses = {403}, .writes = Writes::audit},
      {.category = "token", .name = "B's trial id in A's body under A's URL", .method = "PUT",
       .target = "/api/v1/trials/" + f.trial_a, .headers = {kJson, {"If-Match", f.etag_a}, {"Authorization", f.auth_a}},
       .body = changed_record(f, f.trial_b), .statuses = {422}, .pointer = "/id", .writes = Writes::audit},
      {.category = "token", .name = "import without a token", .method = "POST", .target = "/api/v1/import?format=ctgov-json",
       .headers = {kJson}, .body = "{}", .statuses = {401}, .pointer = "Authorization"},
      {.category = "token", .name = "a forged token on the organisation's statistics", .target = "/api/v1/stats/trials",
       .headers = {{"Authorization", "Bearer rin_" + std::string(64, 'c')}}, .statuses = {401}, .pointer = "Authorization"},
  };
  return rows;
}

Rows media_rows(const Fixture& f) {
  const std::string& v = f.valid_record;
  const std::pair<std::string, std::string> a{"Authorization", f.auth_a};
  auto post_typed = [&](std::string name, Headers headers, std::string body = "") {
    headers.push_back(a);
    return Row{.category = "media", .name = std::move(name), .method = "POST", .target = "/api/v1/trials",
               .headers = std::move(headers), .body = body.empty() ? v : body, .statuses = {415},
               .pointer = "Content-Type", .writes = Writes::audit};
  };
  return {
      post_typed("no Content-Type", {}),
      post_typed("text/plain", {{"Content-Type", "text/plain"}}),
      post_typed("application/jsonx", {{"Content-Type", "application/jsonx"}}),
      post_typed("application/json-patch+json", {{"Content-Type", "application/json-patch+json"}}),
      post_typed("application/x-www-form-urlencoded", {{"Content-Type", "application/x-www-form-urlencoded"}}, "a=1&b=2"),
      post_typed("multipart/form-data", {{"Content-Type", "multipart/form-data; boundary=XyZ"}},
                 "--XyZ\r\nContent-Disposition: form-data; name=\"record\"\r\n\r\n" + v + "\r\n--XyZ--\r\n"),
      post_typed("text/json", {{"Content-Type", "text/json"}}),
      {.category = "media", .name = "two Content-Types, text/plain first", .method = "POST", .target = "/api/v1/trials",
       .headers = {a, {"Content-Type", "text/plain"}, kJson}, .body = v, .statuses = {400, 415}, .writes = Writes::audit},
      {.category = "media", .name = "a NUL inside the Content-Type", .method = "POST", .target = "/api/v1/trials",
       .statuses = {400, 415}, .writes = Writes::audit,
       .raw = raw_post("/api/v1/trials", "Authorization: " + f.auth_a + "\r\nContent-Type: text/html" + std::string(1, '\0') +
                                             "application/json\r\n", v)},
      {.category = "media", .name = "PUT as text/xml", .method = "PUT", .target = "/api/v1/trials/" + f.trial_a,
       .headers = {a, {"If-Match", f.etag_a}, {"Content-Type", "text/xml"}}, .body = changed_record(f, f.trial_a),
       .statuses = {415}, .pointer = "Content-Type", .writes = Writes::audit},
      {.category = "media", .name = "validate as text/plain", .method = "POST", .target = "/api/v1/trials/validate",
       .headers = {{"Content-Type", "text/plain"}}, .body = v, .statuses = {415}, .pointer = "Content-Type"},
  };
}

Rows if_match_rows(const Fixture& f) {
  auto put = [&](std::string name, Headers extra, std::set<int> statuses = {412}) {
    extra.push_back({"Authorization", f.auth_a});
    extra.push_back(kJson);
    return Row{.category = "if-match", .name = std::move(name), .method = "PUT", .target = "/api/v1/trials/" + f.trial_a,
               .headers = std::move(extra), .body = changed_record(f, f.trial_a), .statuses = std::move(statuses),
               .pointer = "If-Match", .writes = Writes::audit};
  };
  return {
      put("no If-Match", {}, {428}),
      put("a stale version", {{"If-Match", "\"" + f.trial_a + "-v7\""}}),
      put("garbage", {{"If-Match", "xyz"}}),
      put("the weak form of the current ETag", {{"If-Match", "W/" + f.etag_a}}),
      put("another trial's ETag", {{"If-Match", f.etag_b}}),
      put("a list that does not match", {{"If-Match", "\"a\", \"b\""}}),
      [&] {
        auto row = put("the current ETag and If-None-Match: *", {{"If-Match", f.etag_a}, {"If-None-Match", "*"}});
        row.pointer = "If-None-Match";  // the precondition that failed
        return row;
      }(),
      put("4,000 bytes", {{"If-Match", "\"" + std::string(4000, 'e') + "\""}}),
      put("full-width characters", {{"If-Match", "\"ｊＲＣＴ\""}}),
      put("an empty value", {{"If-Match", ""}}, {412, 428}),
  };
}

Rows idempotency_rows(const Fixture& f) {
  auto post = [&](std::string name, Headers keys, std::string body, std::set<int> statuses) {
    keys.push_back({"Authorization", f.auth_a});
    keys.push_back(kJson);
    return Row{.category = "idempotency", .name = std::move(name), .method = "POST", .target = "/api/v1/trials",
               .headers = std::move(keys), .body = std::move(body), .statuses = std::move(statuses),
               .pointer = "Idempotency-Key", .writes = Writes::audit};
  };
  auto other = nlohmann::json::parse(f.valid_record);
  other["public_title"]["en"] = "A different body under the same key";
  return {
      post("the same key with a different body", {{"Idempotency-Key", f.idempotency_key}}, other.dump(), {422}),
      post("a 201-character key", {{"Idempotency-Key", std::string(201, 'k')}}, f.valid_record, {400}),
      post("a non-ASCII key", {{"Idempotency-Key", "キー"}}, f.valid_record, {400}),
      post("a key with a space", {{"Idempotency-Key", "a b"}}, f.valid_record, {400}),
      post("an empty key", {{"Idempotency-Key", ""}}, f.valid_record, {400}),
      post("two different keys", {{"Idempotency-Key", "hostile-two-1"}, {"Idempotency-Key", "hostile-two-2"}},
           f.valid_record, {400}),
  };
}

}  // namespace

Rows write_rows(const Fixture& f) {
  Rows rows;
  for (auto part : {token_rows(f), media_rows(f), if_match_rows(f), idempotency_rows(f)})
    for (auto& r : part) rows.push_back(std::move(r));
  return rows;
}

}  // namespace rinsho::testing::hostile
