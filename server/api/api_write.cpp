// Write API: register, replace and dry-run validate trials. Every attempt is audited; a write is
// committed to the store first and then indexed before the reply, so it is searchable at once.
#include <algorithm>
#include <cctype>
#include <ctime>
#include <nlohmann/json.hpp>

#include "common/utc_time.hpp"
#include "model/registration_checks.hpp"
#include "model/strict_json.hpp"
#include "model/trial.hpp"
#include "prescreen/criteria_concepts.hpp"
#include "server/runtime/app_context.hpp"
#include "server/api/auth.hpp"
#include "server/http/problem.hpp"
#include "server/routes.hpp"
#include "store/secrets.hpp"

namespace rinsho::server {
namespace {

using nlohmann::json;

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// Who is writing, for ownership, the audit log and the write limit.
struct Caller {
  std::string org_id, actor, token_id;
};

// nullopt: no valid token (401). An error: the store failed (503), which is not the caller's fault.
Result<std::optional<Caller>> authenticate(AppContext& app, const HttpRequest& req) {
  auto token = bearer_token(app, req);
  if (!token) return tl::unexpected(token.error());
  if (!*token) return std::optional<Caller>();
  return std::optional<Caller>(Caller{(*token)->org_id, (*token)->label, (*token)->token_id});
}

// Attempts rejected before the store sees them; the store audits the ones it decides itself.
HttpResponse rejected(AppContext& app, const Caller& caller, const std::string& action, const std::string& target,
                      HttpResponse response) {
  store::AuditEntry e;
  e.org_id = caller.org_id;
  e.actor = caller.actor;
  e.action = action;
  e.target = target;
  e.outcome = "rejected:" + std::to_string(response.status);
  e.detail = dump({{"detail", json::parse(response.body, nullptr, false).value("detail", "")}});
  (void)app.store.audit(e);
  return response;
}

// Rate-limited attempts are not audited: writing a row for each would hand the flood to SQLite.
std::optional<HttpResponse> write_limited(AppContext& app, const Caller& caller) {
  const int wait = app.limiter.check_token(caller.token_id);
  if (wait <= 0) return std::nullopt;
  auto r = problem_response(429, "too many writes for this token; retry later");
  r.set_header("Retry-After", std::to_string(wait));
  return r;
}

// The media type without parameters, compared without regard to case: "Application/JSON; charset=utf-8"
// is JSON, "application/json-patch+json" is not.
bool is_json_media_type(const std::string& content_type) {
  std::string type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.pop_back();
  std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::tolower(c); });
  return type == "application/json";
}

std::optional<HttpResponse> unsupported_media_type(const HttpRequest& req) {
  if (is_json_media_type(req.header("Content-Type").value_or(""))) return std::nullopt;
  return problem_response(415, "unsupported media type",
                          {{"Content-Type", "Content-Type は application/json にしてください", "must be application/json"}});
}

// Strict JSON, then the system fields; the store validates the record against the schema as part
// of the write.
Result<json> parse_record(AppContext& app, const HttpRequest& req) {
  auto record = model::parse_json_strict(req.body, {app.config.body_limit, 32});
  if (!record) return tl::unexpected(record.error());
  auto errors = model::system_field_errors(*record);
  for (auto& e : prescreen::unknown_concept_errors(*record, *app.dictionary)) errors.push_back(std::move(e));
  if (!errors.empty()) {
    // The schema's complaints too, so one answer lists everything to fix.
    for (auto& e : app.validator.validate(*record)) errors.push_back(std::move(e));
    return fail(ErrorCode::validation, "the record is not valid", std::move(errors));
  }
  return record;
}

std::string written_body(AppContext& app, const store::WriteResult& w) {
  const std::string url = app.config.base_url + "/api/v1/trials/" + w.id;
  return dump({{"id", w.id}, {"version", w.version}, {"etag", w.etag}, {"url", url},
               {"unchanged", w.unchanged}, {"changed_fields", w.changed_fields}});
}

HttpResponse written(AppContext& app, const store::WriteResult& w, int status) {
  if (auto ok = app.index.catch_up(); !ok)
    std::fprintf(stderr, "index catch-up after write: %s\n", ok.error().message.c_str());
  auto r = json_response(status, written_body(app, w));
  r.set_header("ETag", w.etag);
  if (status == 201) r.set_header("Location", app.config.base_url + "/api/v1/trials/" + w.id);
  return r;
}

// The first response again, with the headers written() gave it (they are in its body).
HttpResponse replay(const store::IdempotentResponse& seen) {
  auto r = json_response(seen.status, seen.body);
  const auto body = json::parse(seen.body, nullptr, false);
  if (body.is_object() && body.contains("etag")) r.set_header("ETag", body["etag"].get<std::string>());
  if (seen.status == 201 && body.is_object() && body.contains("url")) r.set_header("Location", body["url"].get<std::string>());
  r.set_header("Idempotent-Replayed", "true");
  return r;
}

bool valid_idempotency_key(const std::string& key) {
  if (key.empty() || key.size() > 200) return false;
  for (unsigned char c : key)
    if (c < 0x21 || c > 0x7E) return false;
  return true;
}

HttpResponse register_record(AppContext& app, const HttpRequest& req, const Caller& caller,
                             std::optional<store::IdempotencyClaim> claim) {
  auto record = parse_record(app, req);
  if (!record) return rejected(app, caller, "create", "", problem_response(record.error()));
  store::WriteContext ctx;
  ctx.org_id = caller.org_id;
  ctx.actor = caller.actor;
  ctx.source = "api";
  ctx.create_only = true;
  const std::string hash = claim ? claim->request_hash : "";
  ctx.idempotency = std::move(claim);
  auto w = app.store.put_trial(std::move(*record), ctx);  // audited by the store
  if (!w && w.error().code == ErrorCode::conflict && w.error().fields.empty())
    return problem_response(409, w.error().message,
                            {{"/id", "この研究番号はすでに登録されています。変更は PUT で行ってください",
                              "is already registered; use PUT to change it"}});
  if (!w) return problem_response(w.error());
  if (w->earlier && w->earlier->request_hash != hash)
    return rejected(app, caller, "create", "",
                    problem_response(422, "Idempotency-Key was used before with a different body",
                                     {{"Idempotency-Key", "この Idempotency-Key は別の内容の登録に使われています",
                                       "was used before with a different body"}}));
  if (w->earlier) return replay(*w->earlier);
  return written(app, *w, 201);
}

// Before a write's body is read: a token, the token's write limit and the media type. Refusals
// here are not audited: anyone could fill the log with them.
std::optional<HttpResponse> admit_write(AppContext& app, const HttpRequest& req) {
  auto caller = authenticate(app, req);
  if (!caller) return problem_response(caller.error());
  if (!*caller) return unauthorized();
  if (auto limited = write_limited(app, **caller)) return limited;
  return unsupported_media_type(req);
}

HttpResponse create_trial(AppContext& app, const HttpRequest& req) {
  auto caller = authenticate(app, req);
  if (!caller) return problem_response(caller.error());
  if (!*caller) return unauthorized();
  const Caller& who = **caller;
  const auto key = req.header("Idempotency-Key");
  if (!key) return register_record(app, req, who, std::nullopt);
  if (!valid_idempotency_key(*key))
    return rejected(app, who, "create", "",
                    problem_response(400, "bad Idempotency-Key",
                                     {{"Idempotency-Key", "1〜200文字の表示可能な ASCII 文字で指定してください",
                                       "must be 1 to 200 printable ASCII characters"}}));
  auto hash = store::detail::sha256_hex(req.body);
  if (!hash) return problem_response(hash.error());
  // The store checks and saves the key in the trial's own transaction, so neither a retry racing
  // the first attempt nor a crash between the write and the reply can register the trial twice.
  return register_record(app, req, who,
                         store::IdempotencyClaim{*key, *hash, 201, [&app](const store::WriteResult& w) {
                                                   return written_body(app, w);
                                                 }});
}

HttpResponse stale(const std::string& detail) {
  return problem_response(412, detail, {{"If-Match", "他の更新が先に行われました。最新版を取得してください",
                                         "does not match the current ETag"}});
}

HttpResponse replace_trial(AppContext& app, const HttpRequest& req) {
  const auto& id = req.path_params.at(0);
  auto caller = authenticate(app, req);
  if (!caller) return problem_response(caller.error());
  if (!*caller) return unauthorized();
  const Caller& who = **caller;
  const auto if_match = req.header("If-Match");
  if (!if_match)
    return rejected(app, who, "replace", id,
                    problem_response(428, "If-Match with the current ETag is required",
                                     {{"If-Match", "現在の ETag を If-Match で指定してください", "must carry the current ETag"}}));
  auto current = app.store.get_trial(id);
  if (!current) return problem_response(current.error());
  if (!*current)
    return rejected(app, who, "replace", id,
                    problem_response(404, "no trial " + id, {{"id", "該当する研究はありません", "no trial has this id"}}));
  if ((*current)->owner_org != who.org_id)
    return rejected(app, who, "replace", id, problem_response(403, "this trial belongs to another organisation"));
  if (*if_match != (*current)->etag)
    return rejected(app, who, "replace", id, stale("the trial changed since you read it; fetch it again"));
  // RFC 9110 §13.1.2: "If-None-Match: *" or the current ETag means "only if it does not exist yet",
  // which a replace of an existing trial never is.
  if (auto none = req.header("If-None-Match");
      none && (none->find('*') != std::string::npos || none->find((*current)->etag) != std::string::npos))
    return rejected(app, who, "replace", id,
                    problem_response(412, "If-None-Match matches the current trial",
                                     {{"If-None-Match", "現在の版と一致するため更新しません", "matches the current version"}}));
  auto record = parse_record(app, req);
  if (record && record->is_object() && record->contains("id") && (*record)["id"] != id)
    record = fail(ErrorCode::validation, "id differs from the URL", {{"/id", "URL の研究番号と一致しません", "differs from the id in the URL"}});
  if (!record) return rejected(app, who, "replace", id, problem_response(record.error()));
  if (record->is_object()) (*record)["id"] = id;  // anything else is the store's schema error to report
  store::WriteContext ctx;
  ctx.org_id = who.org_id;
  ctx.actor = who.actor;
  ctx.source = "api";
  ctx.expected_version = (*current)->version;
  auto w = app.store.put_trial(std::move(*record), ctx);  // audited by the store
  if (!w) {
    // Another write landed between our read and this one: the store's check is the atomic one.
    const auto code = w.error().code;
    return code == ErrorCode::conflict || code == ErrorCode::precondition_failed
               ? stale("the trial changed since you read it; fetch it again")
               : problem_response(w.error());
  }
  return written(app, *w, 200);
}

json field_errors_json(const std::vector<FieldError>& list) {
  json out = json::array();
  for (const auto& f : list) out.push_back({{"pointer", f.pointer}, {"message", {{"ja", f.message_ja}, {"en", f.message_en}}}});
  return out;
}

HttpResponse validate_trial(AppContext& app, const HttpRequest& req) {
  if (auto bad_type = unsupported_media_type(req)) return *bad_type;
  auto record = model::parse_json_strict(req.body, {app.config.body_limit, 32});
  if (!record) return problem_response(record.error());
  auto errors = model::system_field_errors(*record);
  for (auto& e : app.validator.validate(*record)) errors.push_back(std::move(e));
  for (auto& e : prescreen::unknown_concept_errors(*record, *app.dictionary)) errors.push_back(std::move(e));
  const auto trds = model::trds_completeness(*record);
  json missing = json::array();
  for (const auto& item : trds.items)
    if (!item.present) missing.push_back({{"item", item.number}, {"name", item.name}, {"pointer", item.pointer}});
  return json_response(200, dump({{"valid", errors.empty()},
                                  {"errors", field_errors_json(errors)},
                                  {"warnings", field_errors_json(model::registration_warnings(*record, utc_today()))},
                                  {"trds_completeness", {{"present", trds.present}, {"total", 24}, {"missing", missing}}}}));
}

}  // namespace

std::vector<Route> api_write_routes(AppContext& app) {
  return {
      {"POST", "/api/v1/trials/validate", "/api/v1/trials/validate", [&app](const HttpRequest& r) { return validate_trial(app, r); },
       [](const HttpRequest& r) { return unsupported_media_type(r); }},
      {"POST", "/api/v1/trials", "/api/v1/trials", [&app](const HttpRequest& r) { return create_trial(app, r); },
       [&app](const HttpRequest& r) { return admit_write(app, r); }},
      {"PUT", "/api/v1/trials/(jRCT[0-9a-z][0-9]{9})", "/api/v1/trials/{id}", [&app](const HttpRequest& r) { return replace_trial(app, r); },
       [&app](const HttpRequest& r) { return admit_write(app, r); }},
  };
}

}  // namespace rinsho::server
