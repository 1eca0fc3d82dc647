// The researcher portal's sign-in, password and dashboard pages (issue 13). Sessions live in the
// store, so every node behind a proxy knows them; cookies carry only random secrets. Every form
// carries a CSRF token: the session's own once signed in, and before that a double-submit token
// in a cookie of its own (SameSite=Strict), so a sign-in cannot be forged either.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "accounts/password.hpp"
#include "accounts/password_link.hpp"
#include "accounts/secret_token.hpp"
#include "frontend/i18n.hpp"
#include "model/registration_checks.hpp"
#include "portal/trial_form.hpp"
#include "store/trial_draft.hpp"
#include "server/runtime/app_context.hpp"
#include "server/pages/pages.hpp"
#include "server/portal/cookies.hpp"
#include "server/portal/portal_http.hpp"
#include "server/portal/portal_trial_form.hpp"
#include "server/routes.hpp"

namespace rinsho::server {
namespace {

constexpr std::string_view kFormCookie = "rinsho_form";
constexpr std::size_t kMaxFormBytes = 16 * 1024;
constexpr std::size_t kMaxPasswordBytes = 1024;  // more than 128 characters of any script

bool https(const AppContext& app) { return app.config.base_url.rfind("https://", 0) == 0; }

CookieOptions session_cookie(const AppContext& app, int max_age = -1) {
  return CookieOptions{"/portal", "Lax", https(app), max_age};
}

CookieOptions form_cookie(const AppContext& app) { return CookieOptions{"/portal", "Strict", https(app), -1}; }

void audit(AppContext& app, const std::string& org_id, const std::string& actor, const std::string& action,
           const std::string& outcome) {
  portal_audit(app, org_id, actor, action, outcome);
}

// The double-submit token of a form shown before sign-in: the cookie's, or a new one.
std::string form_token(const HttpRequest& req, HttpResponse& r, const AppContext& app) {
  auto token = cookie_value(req, kFormCookie);
  if (token && token->size() == 64 && std::all_of(token->begin(), token->end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); }))
    return *token;
  std::string fresh = accounts::random_token();
  r.add_header("Set-Cookie", set_cookie(kFormCookie, fresh, form_cookie(app)));
  return fresh;
}

bool form_token_ok(const HttpRequest& req, const Form& form) {
  return accounts::same_token(cookie_value(req, kFormCookie).value_or(""), form_value(form, "csrf"));
}

// --- sign in ---------------------------------------------------------------------------------

// A form shown before sign-in: its token is the form cookie's, which is set here when missing.
template <typename View, typename Render>
HttpResponse pre_session_form(AppContext& app, const HttpRequest& req, View view, const std::string& action,
                              int status, Render render) {
  const auto ctx = page_context(app, req);
  HttpResponse cookies;
  view.action = with_lang(action, ctx.lang);
  view.csrf = form_token(req, cookies, app);
  auto page = portal_page(render(view, ctx), ctx.lang, status);
  for (auto& h : cookies.headers) page.add_header(h.first, h.second);
  return page;
}

HttpResponse sign_in_form(AppContext& app, const HttpRequest& req, portal::SignInView view, int status) {
  return pre_session_form(app, req, std::move(view), "/portal/sign-in", status,
                          [&app](const auto& v, const auto& ctx) { return app.portal_pages.sign_in(v, ctx); });
}

HttpResponse sign_in_get(AppContext& app, const HttpRequest& req) {
  const auto ctx = page_context(app, req);
  if (current_session(app, req)) return see_other(with_lang("/portal", ctx.lang));
  portal::SignInView view;
  const auto done = req.query_value("done").value_or("");
  if (done == "signed-out") view.notice = app.portal_pages.text("signed_out", ctx.lang);
  else if (done == "password-set") view.notice = app.portal_pages.text("password_set", ctx.lang);
  else if (done == "expired") view.notice = app.portal_pages.text("session_expired", ctx.lang);
  return sign_in_form(app, req, std::move(view), 200);
}

HttpResponse sign_in_post(AppContext& app, const HttpRequest& req) {
  const auto ctx = page_context(app, req);
  const auto t = [&](const char* key) { return app.portal_pages.text(key, ctx.lang); };
  const Form form = parse_form(req.body);
  portal::SignInView view;
  view.email = form_value(form, "email").substr(0, 254);
  const std::string password = form_value(form, "password");
  if (!form_token_ok(req, form)) {
    view.errors.push_back({"email", t("form_expired")});
    return sign_in_form(app, req, std::move(view), 403);
  }
  if (view.email.empty()) view.errors.push_back({"email", t("email_required")});
  if (password.empty()) view.errors.push_back({"password", t("password_required")});
  if (!view.errors.empty()) return sign_in_form(app, req, std::move(view), 400);

  std::string account = view.email;
  std::transform(account.begin(), account.end(), account.begin(), [](unsigned char c) { return std::tolower(c); });
  if (const int wait = app.sign_ins.wait_seconds(account, req.remote_addr); wait > 0) {
    // Not audited: the throttle exists because these come in floods.
    view.errors.push_back({"email", t("throttled")});
    auto r = sign_in_form(app, req, std::move(view), 429);
    r.set_header("Retry-After", std::to_string(wait));
    return r;
  }
  auto found = app.store.find_credentials(account);
  if (!found) return html_error(app, req, 503);
  const std::string stored = *found ? (*found)->password_hash : "";
  // The same Argon2id work whether or not the account exists (PasswordHasher::matches).
  const bool ok = password.size() <= kMaxPasswordBytes && app.passwords.matches(stored, password) && *found;
  if (!ok) {
    app.sign_ins.failed(account, req.remote_addr);
    audit(app, *found ? (*found)->person.org_id : "", *found ? (*found)->person.id : "unknown", "portal_sign_in", "failed");
    view.errors.push_back({"email", t("bad_credentials")});
    return sign_in_form(app, req, std::move(view), 401);
  }
  app.sign_ins.succeeded(account);
  const auto& person = (*found)->person;
  // A new session at every sign-in, and the one the browser held (if any) ends: a session id
  // planted before sign-in never becomes a signed-in one.
  if (auto old = cookie_value(req, kSessionCookie)) (void)app.store.end_session(*old);
  auto session = app.store.start_session(person.id);
  if (!session) return html_error(app, req, 503);
  audit(app, person.org_id, person.id, "portal_sign_in", "ok");
  auto r = see_other(with_lang("/portal", ctx.lang));
  r.add_header("Set-Cookie", set_cookie(kSessionCookie, session->secret, session_cookie(app)));
  return r;
}

HttpResponse sign_out_post(AppContext& app, const HttpRequest& req) {
  const auto ctx = page_context(app, req);
  auto session = current_session(app, req);
  if (!session) return see_other(with_lang("/portal/sign-in", ctx.lang, "done=expired"));
  if (!accounts::same_token(session->csrf, form_value(parse_form(req.body), "csrf")))
    return html_error(app, req, 403, {{"csrf", "フォームの有効期限が切れました", "the form expired; reload the page"}});
  (void)app.store.end_session(*cookie_value(req, kSessionCookie));
  audit(app, session->person.org_id, session->person.id, "portal_sign_out", "ok");
  auto r = see_other(with_lang("/portal/sign-in", ctx.lang, "done=signed-out"));
  r.add_header("Set-Cookie", set_cookie(kSessionCookie, "", session_cookie(app, 0)));
  return r;
}

// --- password links -------------------------------------------------------------------------

HttpResponse password_form(AppContext& app, const HttpRequest& req, portal::SetPasswordView view, int status) {
  return pre_session_form(app, req, std::move(view), std::string(accounts::kPasswordPath), status,
                          [&app](const auto& v, const auto& ctx) { return app.portal_pages.set_password(v, ctx); });
}

// Fills in the email of view.token's person; or, for a link that is not (or no longer) valid,
// the page that says so.
std::optional<HttpResponse> check_link(AppContext& app, const HttpRequest& req, portal::SetPasswordView& view) {
  auto person = app.store.peek_password_link(view.token);
  if (!person) return html_error(app, req, 503);
  if (!*person) {
    view.link_invalid = true;
    view.token.clear();
    return password_form(app, req, std::move(view), 404);
  }
  view.email = (*person)->email;
  return std::nullopt;
}

HttpResponse password_get(AppContext& app, const HttpRequest& req) {
  portal::SetPasswordView view;
  view.token = req.query_value("token").value_or("");
  if (auto refused = check_link(app, req, view)) return std::move(*refused);
  return password_form(app, req, std::move(view), 200);
}

HttpResponse password_post(AppContext& app, const HttpRequest& req) {
  const auto ctx = page_context(app, req);
  const auto t = [&](const char* key) { return app.portal_pages.text(key, ctx.lang); };
  const Form form = parse_form(req.body);
  portal::SetPasswordView view;
  view.token = form_value(form, "token");
  if (auto refused = check_link(app, req, view)) return std::move(*refused);
  if (!form_token_ok(req, form)) {
    view.errors.push_back({"password", t("form_expired")});
    return password_form(app, req, std::move(view), 403);
  }
  const std::string password = form_value(form, "password");
  if (auto rules = accounts::check_password_rules(password); !rules) {
    const auto& field = rules.error().fields.front();
    view.errors.push_back({"password", ctx.lang == "en" ? field.message_en : field.message_ja});
  } else if (form_value(form, "confirm") != password) {
    view.errors.push_back({"confirm", t("confirm_mismatch")});
  }
  if (!view.errors.empty()) return password_form(app, req, std::move(view), 400);
  auto hash = app.passwords.hash(password);
  if (!hash) return html_error(app, req, 503);
  auto used = app.store.use_password_link(view.token, *hash);
  if (!used) return html_error(app, req, 503);
  if (!*used) {
    view = {};
    view.link_invalid = true;
    return password_form(app, req, std::move(view), 404);
  }
  audit(app, (*used)->org_id, (*used)->id, "portal_set_password", "ok");
  return see_other(with_lang("/portal/sign-in", ctx.lang, "done=password-set"));
}

// --- dashboard ------------------------------------------------------------------------------

std::string localized(const nlohmann::json& text, const std::string& lang) {
  if (!text.is_object()) return "";
  const std::string other = lang == "en" ? "ja" : "en";
  if (text.contains(lang) && text[lang].is_string() && !text[lang].get<std::string>().empty()) return text[lang];
  if (text.contains(other) && text[other].is_string()) return text[other];
  return "";
}

HttpResponse dashboard(AppContext& app, const HttpRequest& req) {
  const auto ctx = page_context(app, req);
  auto session = current_session(app, req);
  if (!session) return to_sign_in(req, ctx.lang);
  const auto& person = session->person;
  auto org = app.store.find_org(person.org_id);
  auto trials = app.store.list_org_trials(person.org_id);
  auto drafts = app.store.list_drafts(person.org_id);
  if (!org || !trials || !drafts) return html_error(app, req, 503);
  portal::DashboardView view;
  view.org_name = *org ? (*org)->name : person.org_id;
  view.email = person.email;
  view.role = person.role;
  view.csrf = session->csrf;
  view.sign_out_action = with_lang("/portal/sign-out", ctx.lang);
  view.new_draft_action = with_lang("/portal/drafts", ctx.lang);
  const auto published = req.query_value("published").value_or("");
  if (!published.empty() && published.size() <= 20)
    view.notice = app.portal_pages.text("published", ctx.lang) + " " + published;
  else if (req.query_value("done").value_or("") == "discarded")
    view.notice = app.portal_pages.text("discarded", ctx.lang);
  // "Not updated for 12 months": the same date a year back, as text (dates sort as text).
  std::string year_ago = ctx.today;
  if (year_ago.size() >= 4) year_ago = std::to_string(std::stoi(year_ago.substr(0, 4)) - 1) + year_ago.substr(4);
  for (const auto& t : *trials) {
    portal::DashboardTrial row;
    row.id = t.id;
    row.title = localized(t.record.value("public_title", nlohmann::json()), ctx.lang);
    row.status = app.pages.messages().label("status", t.record.value("recruitment_status", ""), ctx.lang);
    row.updated = t.updated_at.substr(0, 10);
    row.href = with_lang("/trials/" + t.id, ctx.lang);
    row.version = t.version;
    row.stale = row.updated < year_ago;
    row.trds_present = model::trds_completeness(t.record).present;
    row.warnings = static_cast<int>(model::registration_warnings(t.record, ctx.today).size());
    row.edit_action = with_lang("/portal/trials/" + t.id + "/edit", ctx.lang);
    view.trials.push_back(std::move(row));
  }
  for (const auto& d : *drafts) {
    portal::DashboardDraft row;
    row.title = localized(d.record.value("public_title", nlohmann::json()), ctx.lang);
    row.updated = d.updated_at.substr(0, 16);
    row.href = with_lang("/portal/drafts/" + d.id + "/step/" + std::to_string(std::clamp(d.step, 1, portal::kStepCount)), ctx.lang);
    row.trial_id = d.trial_id.value_or("");
    row.step = d.step;
    view.drafts.push_back(std::move(row));
  }
  return portal_page(app.portal_pages.dashboard(view, ctx), ctx.lang);
}

// Form posts are small: refuse a large declared body before it is read, and anything that is not
// a urlencoded form.
std::optional<HttpResponse> admit_form(AppContext& app, const HttpRequest& req) {
  const auto type = req.header("Content-Type").value_or("");
  if (type.rfind("application/x-www-form-urlencoded", 0) != 0)
    return html_error(app, req, 415, {{"Content-Type", "フォームとして送信してください", "must be a form (application/x-www-form-urlencoded)"}});
  // A malformed length is the HTTP layer's to refuse; only a well-formed large one is ours.
  const auto length = req.header("Content-Length");
  if (length && !length->empty() && std::all_of(length->begin(), length->end(), [](char c) { return c >= '0' && c <= '9'; }) &&
      (length->size() > 9 || std::stoull(*length) > kMaxFormBytes))
    return html_error(app, req, 413);
  return std::nullopt;
}

}  // namespace

std::vector<Route> portal_routes(AppContext& app) {
  auto admit = [&app](const HttpRequest& r) { return admit_form(app, r); };
  std::vector<Route> routes = {
      {"GET", "/portal", "/portal", [&app](const HttpRequest& r) { return dashboard(app, r); }},
      {"GET", "/portal/sign-in", "/portal/sign-in", [&app](const HttpRequest& r) { return sign_in_get(app, r); }},
      {"POST", "/portal/sign-in", "/portal/sign-in", [&app](const HttpRequest& r) { return sign_in_post(app, r); }, admit},
      {"POST", "/portal/sign-out", "/portal/sign-out", [&app](const HttpRequest& r) { return sign_out_post(app, r); }, admit},
      {"GET", std::string(accounts::kPasswordPath), std::string(accounts::kPasswordPath), [&app](const HttpRequest& r) { return password_get(app, r); }},
      {"POST", std::string(accounts::kPasswordPath), std::string(accounts::kPasswordPath), [&app](const HttpRequest& r) { return password_post(app, r); }, admit},
  };
  for (auto& r : portal_trial_form_routes(app)) routes.push_back(std::move(r));
  return routes;
}

}  // namespace rinsho::server
