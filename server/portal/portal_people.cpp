// Invitations: an organisation admin makes an account for a colleague and is shown the one-time
// link with which they set a password, once, to pass on (there is no mail server; rinsho-admin
// create-user prints the same link). Inviting an address of the organisation whose owner never set
// a password makes a new link, which replaces the old one: that is how a lost invitation is sent
// again. The store keeps only the link's hash.
#include <nlohmann/json.hpp>

#include "accounts/password_link.hpp"
#include "server/runtime/app_context.hpp"
#include "server/pages/pages.hpp"
#include "server/portal/portal_admin.hpp"
#include "server/portal/portal_http.hpp"

namespace rinsho::server {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxFormBytes = 16 * 1024;
constexpr std::size_t kMaxEmailBytes = 254;

struct InviteForm {
  std::string email, role = "editor";
  std::vector<FieldError> errors;
  std::string link, invited;  // the one-time link just made, and for whom
};

std::string message(const FieldError& e, const std::string& lang) { return lang == "en" ? e.message_en : e.message_ja; }

HttpResponse people_page(AppContext& app, const HttpRequest& req, const Visit& v, const InviteForm& form, int status) {
  const auto& lang = v.ctx.lang;
  const auto t = [&](const char* key) { return app.portal_pages.text(key, lang); };
  auto people = app.store.list_people(v.person().org_id);
  if (!people) return html_error(app, req, 503);
  json rows = json::array();
  for (const auto& p : *people)
    rows.push_back({{"email", p.email}, {"role", t(p.role == "admin" ? "role_admin" : "role_editor")},
                    {"password", t(p.has_password ? "password_state_set" : "password_state_unset")},
                    {"created", p.created_at.substr(0, 10)}});
  json errors = json::array();
  std::string email_error, role_error;
  for (const auto& e : form.errors) {
    const bool role = e.pointer == "role";
    errors.push_back({{"field", role ? "role" : "email"}, {"text", message(e, lang)}});
    std::string& beside = role ? role_error : email_error;
    beside += (beside.empty() ? "" : " ") + message(e, lang);
  }
  std::string intro = t("invite_link_intro");
  if (auto at = intro.find("{email}"); at != std::string::npos) intro.replace(at, 7, form.invited);
  json view = {{"dashboard_href", with_lang("/portal", lang)},
               {"action", with_lang("/portal/people", lang)},
               {"csrf", v.session.csrf},
               {"people", rows},
               {"errors", errors},
               {"has_errors", !form.errors.empty()},
               {"email", form.email},
               {"email_error", email_error},
               {"role_error", role_error},
               {"role_editor", form.role != "admin"},
               {"role_admin", form.role == "admin"},
               {"link", form.link},
               {"link_intro", intro}};
  return portal_page(app.portal_pages.page("people", "people_heading", std::move(view), v.ctx), lang, status);
}

HttpResponse people_get(AppContext& app, const HttpRequest& req) {
  auto got = admin_visit(app, req);
  if (auto* r = std::get_if<HttpResponse>(&got)) return std::move(*r);
  return people_page(app, req, std::get<Visit>(got), {}, 200);
}

// The person to send a link to: a new account, or one of the organisation's that was never used.
// An address already in use otherwise is a field error.
Result<store::Person> invitee(AppContext& app, const Visit& v, const InviteForm& form) {
  auto made = app.store.create_person(v.person().org_id, form.email, form.role);
  if (made || made.error().code != ErrorCode::conflict) return made;
  auto existing = app.store.find_person_by_email(form.email);
  if (!existing) return tl::unexpected(existing.error());
  if (*existing && (*existing)->org_id == v.person().org_id && !(*existing)->has_password) return **existing;
  return fail(ErrorCode::conflict, "email in use",
              {{"email", "このメールアドレスのアカウントは既にあります", "an account with this email address already exists"}});
}

HttpResponse people_post(AppContext& app, const HttpRequest& req) {
  auto got = admin_visit(app, req);
  if (auto* r = std::get_if<HttpResponse>(&got)) return std::move(*r);
  const auto& v = std::get<Visit>(got);
  const Form posted = parse_form(req.body);
  if (!csrf_ok(v, posted)) return csrf_refused(app, req, v);
  InviteForm form;
  form.email = form_value(posted, "email").substr(0, kMaxEmailBytes + 1);
  form.role = form_value(posted, "role");
  if (form.email.empty()) form.errors.push_back({"email", "メールアドレスを入力してください", "enter an email address"});
  else if (form.email.size() > kMaxEmailBytes) form.errors.push_back({"email", "メールアドレスが長すぎます", "the email address is too long"});
  if (form.role != "editor" && form.role != "admin") {
    form.errors.push_back({"role", "編集者か管理者を選んでください", "choose editor or administrator"});
    form.role = "editor";
  }
  if (!form.errors.empty()) return people_page(app, req, v, form, 400);
  auto person = invitee(app, v, form);
  if (!person) {
    const auto code = person.error().code;
    if (code != ErrorCode::conflict && code != ErrorCode::invalid_argument) return html_error(app, req, 503);
    for (const auto& f : person.error().fields) form.errors.push_back(f);
    portal_audit(app, v.person().org_id, v.person().id, "portal_invite", "rejected:400", "portal",
                 json({{"email", form.email}, {"by", v.person().email}}).dump(-1, ' ', false, json::error_handler_t::replace));
    return people_page(app, req, v, form, 400);
  }
  auto secret = app.store.issue_password_link(person->id, accounts::kPasswordLinkValidity);
  if (!secret) return html_error(app, req, 503);
  portal_audit(app, v.person().org_id, v.person().id, "portal_invite", "ok", person->id,
               json({{"email", person->email}, {"role", person->role}, {"by", v.person().email}}).dump());
  InviteForm done;
  done.link = accounts::password_link(app.config.base_url, *secret);
  done.invited = person->email;
  return people_page(app, req, v, done, 200);
}

}  // namespace

std::vector<Route> portal_people_routes(AppContext& app) {
  auto admit = [&app](const HttpRequest& r) { return admit_urlencoded(app, r, kMaxFormBytes); };
  return {
      {"GET", "/portal/people", "/portal/people", [&app](const HttpRequest& r) { return people_get(app, r); }},
      {"POST", "/portal/people", "/portal/people", [&app](const HttpRequest& r) { return people_post(app, r); }, admit},
  };
}

}  // namespace rinsho::server
