// Write API: register, replace and dry-run validate trials. Every attempt is audited; a write is
// committed to the store first and then indexed before the reply, so it is searchable at once.
#include <ctime>
#include <nlohmann/json.hpp>

#include "model/registration_checks.hpp"
#include "model/strict_json.hpp"
#include "model/trial.hpp"
#include "server/app_context.hpp"
#include "server/auth.hpp"
#include "server/problem.hpp"
#include "server/routes.hpp"

namespace rinsho::server {
namespace {

using nlohmann::json;

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string today() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof(buf), "%Y-%m-%d", &tm);
  return buf;
}

struct Caller {
  store::TokenInfo token;
};

Result<Caller> authenticate(AppContext& app, const HttpRequest& req) {
  auto token = bearer_token(app, req);
  if (!token) return tl::unexpected(token.error());
  return Caller{*token};
}

HttpResponse unauthorized(const Error& e) { return unauthorized_response(e); }

void audit(AppContext& app, const std::string& org, const std::string& actor, const std::string& action,
           const std::string& target, int status, const std::string& detail) {
  store::AuditEntry e;
  e.org_id = org;
  e.actor = actor;
  e.action = action;
  e.target = target;
  e.outcome = status < 300 ? "accepted" : "rejected:" + std::to_string(status);
  e.detail = detail;
  (void)app.store.audit(e);
}

bool json_content(const HttpRequest& req) {
  const auto type = req.header("Content-Type").value_or("");
  return type.rfind("application/json", 0) == 0;
}

// Body checks shared by POST and PUT: content type, strict JSON, system fields. The store validates
// the record against the schema as part of the write.
Result<json> parse_record(AppContext& app, const HttpRequest& req) {
  if (!json_content(req))
    return fail(ErrorCode::invalid_argument, "unsupported media type",
                {{"", "Content-Type は application/json にしてください", "Content-Type must be application/json"}});
  auto record = model::parse_json_strict(req.body, {app.config.body_limit, 32});
  if (!record) return tl::unexpected(record.error());
  auto errors = model::system_field_errors(*record);
  if (!errors.empty()) return fail(ErrorCode::validation, "the record is not valid", std::move(errors));
  return record;
}

HttpResponse record_error(const Error& e) {
  if (e.code == ErrorCode::invalid_argument && !e.fields.empty() && e.fields[0].message_en.find("Content-Type") != std::string::npos)
    return problem_response(415, e.message, e.fields);
  return problem_response(e);
}

HttpResponse written(AppContext& app, const store::WriteResult& w, int status) {
  if (auto ok = app.index.catch_up(); !ok)
    std::fprintf(stderr, "index catch-up after write: %s\n", ok.error().message.c_str());
  const std::string url = app.config.base_url + "/api/v1/trials/" + w.id;
  auto r = json_response(status, dump({{"id", w.id}, {"version", w.version}, {"etag", w.etag}, {"url", url},
                                       {"unchanged", w.unchanged}, {"changed_fields", w.changed_fields}}));
  r.set_header("ETag", w.etag);
  if (status == 201) r.set_header("Location", url);
  return r;
}

HttpResponse create_trial(AppContext& app, const HttpRequest& req) {
  auto caller = authenticate(app, req);
  if (!caller) {
    audit(app, "", "", "create", "", 401, "missing or unknown token");
    return unauthorized(caller.error());
  }
  const auto& org = caller->token.org_id;
  if (int wait = app.limiter.check_token(caller->token.token_id); wait > 0) {
    auto r = problem_response(429, "too many writes for this token; retry later");
    r.set_header("Retry-After", std::to_string(wait));
    return r;
  }
  const auto key = req.header("Idempotency-Key");
  const std::string request_hash = std::to_string(std::hash<std::string>{}(req.body));
  if (key) {
    auto seen = app.store.find_idempotent(org, *key);
    if (!seen) return problem_response(seen.error());
    if (*seen) {
      if ((*seen)->request_hash != request_hash)
        return problem_response(422, "Idempotency-Key was used before with a different body",
                                {{"", "同じ Idempotency-Key が別の内容で使われています", "Idempotency-Key reused with a different body"}});
      auto r = json_response((*seen)->status, (*seen)->body);
      r.set_header("Idempotent-Replayed", "true");
      return r;
    }
  }
  auto record = parse_record(app, req);
  if (!record) {
    audit(app, org, caller->token.label, "create", "", record_error(record.error()).status, record.error().message);
    return record_error(record.error());
  }
  store::WriteContext ctx;
  ctx.org_id = org;
  ctx.actor = caller->token.label;
  ctx.source = "api";
  ctx.create_only = true;
  auto w = app.store.put_trial(std::move(*record), ctx);  // audited by the store
  if (!w) return problem_response(w.error());
  auto r = written(app, *w, 201);
  if (key) (void)app.store.save_idempotent(org, *key, request_hash, r.status, r.body);
  return r;
}

HttpResponse replace_trial(AppContext& app, const HttpRequest& req) {
  const auto& id = req.path_params.at(0);
  auto caller = authenticate(app, req);
  if (!caller) {
    audit(app, "", "", "replace", id, 401, "missing or unknown token");
    return unauthorized(caller.error());
  }
  const auto& org = caller->token.org_id;
  if (int wait = app.limiter.check_token(caller->token.token_id); wait > 0) {
    auto r = problem_response(429, "too many writes for this token; retry later");
    r.set_header("Retry-After", std::to_string(wait));
    return r;
  }
  const auto if_match = req.header("If-Match");
  if (!if_match)
    return problem_response(428, "If-Match with the current ETag is required",
                            {{"If-Match", "現在の ETag を If-Match で指定してください", "must carry the current ETag"}});
  auto current = app.store.get_trial(id);
  if (!current) return problem_response(current.error());
  if (!*current) return problem_response(404, "no trial " + id, {{"id", "該当する研究はありません", "no trial has this id"}});
  if ((*current)->owner_org != org) {
    audit(app, org, caller->token.label, "replace", id, 403, "not the owner");
    return problem_response(403, "this trial belongs to another organisation");
  }
  if (*if_match != (*current)->etag) {
    audit(app, org, caller->token.label, "replace", id, 412, "stale If-Match");
    return problem_response(412, "the trial changed since you read it; fetch it again",
                            {{"If-Match", "他の更新が先に行われました。最新版を取得してください", "does not match the current ETag"}});
  }
  auto record = parse_record(app, req);
  if (record && record->contains("id") && (*record)["id"] != id)
    record = fail(ErrorCode::validation, "id differs from the URL", {{"/id", "URL の研究番号と一致しません", "differs from the id in the URL"}});
  if (!record) {
    audit(app, org, caller->token.label, "replace", id, record_error(record.error()).status, record.error().message);
    return record_error(record.error());
  }
  (*record)["id"] = id;
  store::WriteContext ctx;
  ctx.org_id = org;
  ctx.actor = caller->token.label;
  ctx.source = "api";
  ctx.expected_version = (*current)->version;
  auto w = app.store.put_trial(std::move(*record), ctx);  // audited by the store
  if (!w) {
    // Another write landed between our read and this one: the store's check is the atomic one.
    auto r = w.error().code == ErrorCode::conflict || w.error().code == ErrorCode::precondition_failed
                 ? problem_response(412, "the trial changed since you read it; fetch it again")
                 : problem_response(w.error());
    return r;
  }
  return written(app, *w, 200);
}

HttpResponse validate_trial(AppContext& app, const HttpRequest& req) {
  if (!json_content(req))
    return problem_response(415, "unsupported media type", {{"", "Content-Type は application/json にしてください", "Content-Type must be application/json"}});
  auto record = model::parse_json_strict(req.body, {app.config.body_limit, 32});
  if (!record) return problem_response(record.error());
  auto errors = model::system_field_errors(*record);
  for (auto& e : app.validator.validate(*record)) errors.push_back(std::move(e));
  auto to_json = [](const std::vector<FieldError>& list) {
    json out = json::array();
    for (const auto& f : list) out.push_back({{"pointer", f.pointer}, {"message", {{"ja", f.message_ja}, {"en", f.message_en}}}});
    return out;
  };
  const auto trds = model::trds_completeness(*record);
  json missing = json::array();
  for (const auto& item : trds.items)
    if (!item.present) missing.push_back({{"item", item.number}, {"name", item.name}, {"pointer", item.pointer}});
  return json_response(200, dump({{"valid", errors.empty()},
                                  {"errors", to_json(errors)},
                                  {"warnings", to_json(model::registration_warnings(*record, today()))},
                                  {"trds_completeness", {{"present", trds.present}, {"total", 24}, {"missing", missing}}}}));
}

}  // namespace

std::vector<Route> api_write_routes(AppContext& app) {
  return {
      {"POST", "/api/v1/trials/validate", "/api/v1/trials/validate", [&app](const HttpRequest& r) { return validate_trial(app, r); }},
      {"POST", "/api/v1/trials", "/api/v1/trials", [&app](const HttpRequest& r) { return create_trial(app, r); }},
      {"PUT", "/api/v1/trials/(jRCT[0-9a-z][0-9]{9})", "/api/v1/trials/{id}", [&app](const HttpRequest& r) { return replace_trial(app, r); }},
  };
}

}  // namespace rinsho::server
