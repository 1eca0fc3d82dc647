// A table of hostile requests against the real server (hostile_rows_*.cpp). Every row checks the
// status a careful registry answers; that /api/ errors are problem+json naming the field or
// parameter at fault; that HTML and XML never carry hostile markup unescaped and no response grows
// injected headers; that the server still answers /healthz; and that the store is unchanged, to the
// row, except for the audit row an authenticated, rejected write may leave.
#include <doctest/doctest.h>

#include <fstream>

#include "api_helpers.hpp"
#include "hostile_table.hpp"
#include "store_dump.hpp"

using nlohmann::json;
using namespace rinsho::testing;
using namespace rinsho::testing::hostile;

namespace {

// Text fields get this, each with its own number; the first character rotates through what starts a
// spreadsheet formula.
std::string payload(int k) {
  static const char kFormula[] = "=+-@\t\r";
  const auto n = std::to_string(k);
  return std::string(1, kFormula[k % 6]) + "xssprobe <script>alert(" + n + ")</script>\"><img src=x onerror=alert(" + n +
         ")>'><svg onload=alert(" + n + ")> {{t.title}}";
}

bool localized(const json& j) {
  if (!j.is_object() || j.empty()) return false;
  for (const auto& [key, value] : j.items())
    if ((key != "ja" && key != "en") || !value.is_string()) return false;
  return true;
}

// The record with a payload in every text field, and hostile but schema-valid contact details.
json hostile_record(json record) {
  int k = 0;
  std::function<void(json&)> walk = [&](json& j) {
    if (localized(j)) {
      for (auto& [lang, text] : j.items()) text = payload(k++);
    } else if (j.is_structured()) {
      for (auto& child : j) walk(child);
    }
  };
  walk(record);
  record["keywords"] = {payload(k++), payload(k++), "xssprobe"};
  auto& contact = record["contacts"]["public"];
  contact["email"] = "=cmd|'/Ccalc'!A0\"><img/src=x/onerror=alert(90)>@evil.example";
  contact["url"] = "https://evil.example/\"><img src=x onerror=alert(91)>";
  contact["phone"] = "+81-3-0000-0000";
  record["contacts"]["scientific"]["email"] = "-2+3\"><svg/onload=alert(92)>@evil.example";
  return record;
}

// Markup that, unescaped in HTML or XML, would run the payload.
// (The pages' own markup has <script src=...> and href="..."><img src="...">, never these.)
constexpr const char* kRawMarkup[] = {"<script>alert(", "<img src=x", "<img/src=x", "<svg onload", "<svg/onload"};

std::pair<std::string, std::string> registered(httplib::Client& c, const json& record, const std::string& auth,
                                               const httplib::Headers& extra = {}) {
  auto headers = bearer(auth);
  for (const auto& h : extra) headers.insert(h);
  auto res = post_json(c, "/api/v1/trials", record, headers);
  REQUIRE(res);
  INFO(res->body);
  REQUIRE(res->status == 201);
  return {json::parse(res->body)["id"].get<std::string>(), res->get_header_value("ETag")};
}

Fixture make_fixture(TestServer& server) {
  Fixture f;
  f.body_limit = 128 * 1024;
  auto client = server.client();
  auto [org_a, auth_a] = server.registrant("Hostile A");
  auto [org_b, auth_b] = server.registrant("Hostile B");
  f.auth_a = auth_a;
  f.auth_b = auth_b;
  f.token_a = auth_a.substr(7);
  auto org_c = server.app().store.create_org("Hostile C");
  REQUIRE(org_c);
  auto revoked = server.app().store.issue_token(org_c->id, "revoked");
  REQUIRE(revoked);
  REQUIRE(server.app().store.revoke_token(revoked->token_id));
  f.auth_revoked = "Bearer " + revoked->token;

  f.valid_record = new_record("hostile").dump();
  std::tie(f.trial_a, f.etag_a) = registered(client, new_record("hostile"), f.auth_a);
  std::tie(f.trial_b, f.etag_b) = registered(client, new_record("hostile"), f.auth_b);
  f.operator_trial = "jRCT2031240001";
  f.operator_etag = client.Get("/api/v1/trials/jRCT2031240001")->get_header_value("ETag");
  f.idempotency_key = "hostile-key-1";
  registered(client, new_record("idempotent"), f.auth_a, {{"Idempotency-Key", f.idempotency_key}});

  // The hostile record, then a second version of it, so the history has something to show.
  auto record = hostile_record(new_record("hostile"));
  auto [id, etag] = registered(client, record, f.auth_a);
  record["id"] = id;
  record["public_title"]["en"] = payload(99);
  auto second = put_json(client, "/api/v1/trials/" + id, record, with(bearer(f.auth_a), "If-Match", etag));
  REQUIRE(second);
  REQUIRE(second->status == 200);
  f.xss_trial = id;
  return f;
}

std::string request_bytes(const Row& row) {
  return row.raw.empty() ? http_request(row.method, row.target, row.headers, row.body, row.framing) : row.raw;
}

bool healthy(const TestServer& server) {
  auto client = server.client();
  auto res = client.Get("/healthz");
  return res && res->status == 200;
}

// /api/ errors: RFC 9457 problem+json, naming the field or parameter when the row expects one.
void check_problem(const Row& row, const RawResponse& r) {
  CHECK(r.header("content-type") == "application/problem+json");
  const auto body = json::parse(r.body, nullptr, false);
  CHECK(body.is_object());  // CHECK, never REQUIRE, in a row: one bad row must not end the table
  if (!body.is_object()) return;
  CHECK(body["status"] == r.status);
  CHECK(body["title"].is_string());
  if (row.pointer.empty()) return;
  std::vector<std::string> pointers;
  if (body.contains("errors") && body["errors"].is_array())
    for (const auto& e : body["errors"])
      if (e.contains("pointer") && e["pointer"].is_string()) pointers.push_back(e["pointer"]);
  INFO("pointers: " << json(pointers).dump());
  if (row.pointer == "*") CHECK(!pointers.empty());
  else CHECK(std::find(pointers.begin(), pointers.end(), row.pointer) != pointers.end());
}

void check_no_injection(const RawResponse& r) {
  for (const auto& [name, value] : r.headers) {
    CHECK(name != "x-injected");
    CHECK(name != "set-cookie");
  }
  const auto type = r.header("content-type");
  if (type.find("html") == std::string::npos && type.find("xml") == std::string::npos) return;
  for (const std::string markup : kRawMarkup) {
    CAPTURE(markup);
    CHECK(r.body.find(markup) == std::string::npos);
  }
}

// Everything but the audit log, which authenticated rejections may add to.
StoreDump without_audit(StoreDump d) {
  d.tables.erase("audit_log");
  d.tables.erase("sqlite_sequence:audit_log");
  return d;
}

// VmRSS or VmHWM of this process in bytes; 0 when /proc does not say.
std::size_t memory_bytes(const std::string& field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind(field + ":", 0) == 0) return std::stoul(line.substr(field.size() + 1)) * 1024;
  return 0;
}

// Sets the peak (VmHWM) back to the current size, so the next peak belongs to one request.
bool reset_peak_memory() {
  std::ofstream clear("/proc/self/clear_refs");
  clear << "5";
  clear.flush();
  return clear.good();
}

// Runs one row; returns how long the server took to answer it.
long long run(TestServer& server, const Row& row) {
  const auto db = server.app().store.database_file();
  const auto before = dump_store(db);
  const auto bytes = request_bytes(row);
  const bool measure = row.max_memory_growth > 0 && reset_peak_memory();
  if (row.max_memory_growth > 0 && !measure) MESSAGE("cannot reset the peak memory here; growth not checked");
  const auto rss = memory_bytes("VmRSS");
  const auto started = std::chrono::steady_clock::now();
  const auto response = parse_raw_response(raw_exchange(server.port(), bytes, row.options));
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  auto excerpt = response.body.substr(0, 200);
  std::replace(excerpt.begin(), excerpt.end(), '\n', ' ');
  INFO("answered " << response.status << " after " << ms << " ms: " << excerpt);
  if (measure) {
    const auto peak = memory_bytes("VmHWM");
    INFO("peak memory grew by " << (peak > rss ? (peak - rss) >> 20 : 0) << " MiB");
    CHECK(peak < rss + row.max_memory_growth);
  }
  CHECK(row.statuses.count(response.status) == 1);
  const bool api = row.target.rfind("/api/", 0) == 0;
  if (api && response.status >= 400) check_problem(row, response);
  check_no_injection(response);
  if (row.check && response.status > 0) row.check(response);
  CHECK(healthy(server));
  const auto after = dump_store(db);
  if (row.writes == Writes::nothing) {
    INFO("tables changed: " << json(after.differences(before)).dump());
    CHECK(after.tables == before.tables);
  } else {
    INFO("tables changed: " << json(without_audit(after).differences(without_audit(before))).dump());
    CHECK(without_audit(after).tables == without_audit(before).tables);
  }
  return ms;
}

}  // namespace

TEST_CASE("hostile requests: each row of the table gets a careful answer and leaves the store alone") {
  // Access metrics off, so counting never moves the store; a small body limit keeps big rows fast.
  TestServer server({.ids = {"jRCT2031240001"}, .body_limit = 128 * 1024, .metrics = false});
  const auto fixture = make_fixture(server);
  Rows rows;
  for (auto part : {protocol_rows(fixture), body_rows(fixture), write_rows(fixture), query_rows(fixture), render_rows(fixture)})
    for (auto& r : part) rows.push_back(std::move(r));
  CHECK(rows.size() >= 80);
  std::map<std::string, int> per_category;
  std::multimap<long long, std::string, std::greater<>> slowest;
  for (const auto& row : rows) {
    ++per_category[row.category];
    CAPTURE(row.category);
    CAPTURE(row.name);
    CAPTURE(row.method + " " + row.target.substr(0, 120));
    slowest.emplace(run(server, row), row.name);
  }
  std::string slow;
  for (auto it = slowest.begin(); it != slowest.end() && std::distance(slowest.begin(), it) < 5; ++it)
    slow += "\n  " + std::to_string(it->first) + " ms: " + it->second;
  MESSAGE("hostile rows: " << rows.size() << " " << json(per_category).dump() << "; slowest:" << slow);
}
