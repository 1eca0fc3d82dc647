#include "server/portal/portal_http.hpp"

#include <algorithm>
#include <chrono>

#include <nlohmann/json.hpp>

#include "accounts/secret_token.hpp"
#include "server/runtime/app_context.hpp"
#include "server/pages/pages.hpp"
#include "server/portal/cookies.hpp"

namespace rinsho::server {
namespace {

constexpr auto kIdle = std::chrono::minutes(30);
constexpr auto kLifetime = std::chrono::hours(12);

}  // namespace

std::string form_value(const Form& form, std::string_view key) {
  for (const auto& kv : form)
    if (kv.first == key) return kv.second;
  return "";
}

std::string with_lang(std::string path, const std::string& lang, std::string_view extra) {
  std::string query = lang == "en" ? "lang=en" : "";
  if (!extra.empty()) query += (query.empty() ? "" : "&") + std::string(extra);
  return query.empty() ? path : path + "?" + query;
}

HttpResponse portal_page(std::string html, const std::string& lang, int status) {
  auto r = html_response(status, std::move(html), lang);
  r.set_header("Cache-Control", "no-store");
  r.set_header("Referrer-Policy", "no-referrer");
  return r;
}

HttpResponse see_other(const std::string& location) {
  HttpResponse r;
  r.status = 303;
  r.set_header("Location", location);
  r.set_header("Cache-Control", "no-store");
  return r;
}

std::optional<store::SessionInfo> current_session(AppContext& app, const HttpRequest& req) {
  auto secret = cookie_value(req, kSessionCookie);
  if (!secret) return std::nullopt;
  auto found = app.store.find_session(*secret, kIdle, kLifetime);
  if (!found) return std::nullopt;
  return *found;
}

HttpResponse to_sign_in(const HttpRequest& req, const std::string& lang) {
  return see_other(with_lang("/portal/sign-in", lang, cookie_value(req, kSessionCookie) ? "done=expired" : ""));
}

void portal_audit(AppContext& app, const std::string& org_id, const std::string& actor, const std::string& action,
                  const std::string& outcome, const std::string& target, const std::string& detail) {
  store::AuditEntry e;
  e.org_id = org_id;
  e.actor = actor;
  e.action = action;
  e.target = target;
  e.outcome = outcome;
  e.detail = detail;
  (void)app.store.audit(e);
}

std::variant<Visit, HttpResponse> visit(AppContext& app, const HttpRequest& req) {
  auto ctx = page_context(app, req);
  auto session = current_session(app, req);
  if (!session) return to_sign_in(req, ctx.lang);
  return Visit{std::move(ctx), std::move(*session)};
}

bool csrf_ok(const Visit& v, const Form& form) { return accounts::same_token(v.session.csrf, form_value(form, "csrf")); }

HttpResponse csrf_refused(AppContext& app, const HttpRequest& req, const Visit& v) {
  portal_audit(app, v.person().org_id, v.person().id, "portal_form", "rejected:403", req.path,
               nlohmann::json({{"reason", "csrf"}}).dump());
  return html_error(app, req, 403, {{"csrf", "フォームの有効期限が切れました。ページを読み込み直してください", "the form expired; reload the page"}});
}

std::variant<Visit, HttpResponse> admin_visit(AppContext& app, const HttpRequest& req) {
  auto got = visit(app, req);
  auto* v = std::get_if<Visit>(&got);
  if (!v || v->person().role == "admin") return got;
  portal_audit(app, v->person().org_id, v->person().id, "portal_admin_page", "rejected:403", req.path,
               nlohmann::json({{"reason", "role"}, {"role", v->person().role}}).dump());
  return html_error(app, req, 403, {{"role", "この機能は機関の管理者だけが使えます", "only the organisation's administrators can use this"}});
}

std::optional<HttpResponse> admit_urlencoded(AppContext& app, const HttpRequest& req, std::size_t max_bytes) {
  const auto type = req.header("Content-Type").value_or("");
  if (type.rfind("application/x-www-form-urlencoded", 0) != 0)
    return html_error(app, req, 415, {{"Content-Type", "フォームとして送信してください", "must be a form (application/x-www-form-urlencoded)"}});
  const auto length = req.header("Content-Length");
  if (length && !length->empty() && std::all_of(length->begin(), length->end(), [](char c) { return c >= '0' && c <= '9'; }) &&
      (length->size() > 9 || std::stoull(*length) > max_bytes))
    return html_error(app, req, 413);
  return std::nullopt;
}

}  // namespace rinsho::server
