#include "server/portal/portal_http.hpp"

#include <chrono>

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

}  // namespace rinsho::server
