// API tokens from the portal: an organisation admin issues a token for the JSON API (its secret is
// shown on the answering page once; the store keeps only its SHA-256) and revokes it. A token made
// here is the organisation's exactly as one made by `rinsho-admin issue-token ORG`: the API knows
// only the organisation a token belongs to, so tokens are never tied to the person who made them
// and keep working when that person leaves. Revoking names the organisation in the store's WHERE
// clause, so another organisation's token id is not found (404) like an unknown one.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "server/runtime/app_context.hpp"
#include "server/pages/pages.hpp"
#include "server/portal/portal_admin.hpp"
#include "server/portal/portal_http.hpp"

namespace rinsho::server {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxFormBytes = 16 * 1024;
constexpr std::size_t kMaxLabelBytes = 200;  // 66 kanji or 200 Latin letters: a name, not a note

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

struct TokenForm {
  std::string label;
  std::vector<FieldError> errors;
  std::string secret, issued_label;  // the token just issued, shown once
  std::string notice;
};

HttpResponse tokens_page(AppContext& app, const HttpRequest& req, const Visit& v, const TokenForm& form, int status) {
  const auto& lang = v.ctx.lang;
  const auto t = [&](const char* key) { return app.portal_pages.text(key, lang); };
  auto tokens = app.store.list_tokens(v.person().org_id);
  if (!tokens) return html_error(app, req, 503);
  json rows = json::array();
  // Newest first: the one just issued is at the top.
  for (auto it = tokens->rbegin(); it != tokens->rend(); ++it)
    rows.push_back({{"label", it->label.empty() ? t("token_unnamed") : it->label},
                    {"prefix", it->prefix},
                    {"created", it->created_at.substr(0, 10)},
                    {"revoked", it->revoked_at.has_value()},
                    {"state", it->revoked_at ? t("token_revoked") + " " + it->revoked_at->substr(0, 10) : t("token_active")},
                    {"revoke_action", with_lang("/portal/tokens/" + it->token_id + "/revoke", lang)}});
  json errors = json::array();
  std::string label_error;
  for (const auto& e : form.errors) {
    const std::string& m = lang == "en" ? e.message_en : e.message_ja;
    errors.push_back({{"field", "label"}, {"text", m}});
    label_error += (label_error.empty() ? "" : " ") + m;
  }
  json view = {{"dashboard_href", with_lang("/portal", lang)},
               {"action", with_lang("/portal/tokens", lang)},
               {"csrf", v.session.csrf},
               {"tokens", rows},
               {"has_tokens", !rows.empty()},
               {"errors", errors},
               {"has_errors", !errors.empty()},
               {"label", form.label},
               {"label_error", label_error},
               {"secret", form.secret},
               {"issued_label", form.issued_label},
               {"notice", form.notice},
               {"api_base", app.config.base_url + "/api/v1/trials"}};
  return portal_page(app.portal_pages.page("tokens", "tokens_heading", std::move(view), v.ctx), lang, status);
}

HttpResponse tokens_get(AppContext& app, const HttpRequest& req) {
  auto got = admin_visit(app, req);
  if (auto* r = std::get_if<HttpResponse>(&got)) return std::move(*r);
  const auto& v = std::get<Visit>(got);
  TokenForm form;
  if (req.query_value("done").value_or("") == "revoked") form.notice = app.portal_pages.text("token_revoked_notice", v.ctx.lang);
  return tokens_page(app, req, v, form, 200);
}

HttpResponse issue_post(AppContext& app, const HttpRequest& req) {
  auto got = admin_visit(app, req);
  if (auto* r = std::get_if<HttpResponse>(&got)) return std::move(*r);
  const auto& v = std::get<Visit>(got);
  const Form posted = parse_form(req.body);
  if (!csrf_ok(v, posted)) return csrf_refused(app, req, v);
  TokenForm form;
  form.label = form_value(posted, "label");
  const bool control = std::any_of(form.label.begin(), form.label.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; });
  if (form.label.empty()) form.errors.push_back({"label", "トークンの名前を入力してください", "enter a name for the token"});
  else if (form.label.size() > kMaxLabelBytes) form.errors.push_back({"label", "名前が長すぎます", "the name is too long"});
  else if (control) form.errors.push_back({"label", "名前に制御文字は使えません", "the name cannot contain control characters"});
  if (!form.errors.empty()) {
    if (form.label.size() > kMaxLabelBytes) form.label.clear();
    return tokens_page(app, req, v, form, 400);
  }
  auto issued = app.store.issue_token(v.person().org_id, form.label);
  if (!issued) return html_error(app, req, 503);
  portal_audit(app, v.person().org_id, v.person().id, "portal_token_issue", "ok", issued->token_id,
               dump({{"label", form.label}, {"prefix", issued->prefix}, {"by", v.person().email}}));
  TokenForm done;
  done.secret = issued->token;
  done.issued_label = form.label;
  return tokens_page(app, req, v, done, 200);
}

HttpResponse revoke_post(AppContext& app, const HttpRequest& req) {
  auto got = admin_visit(app, req);
  if (auto* r = std::get_if<HttpResponse>(&got)) return std::move(*r);
  const auto& v = std::get<Visit>(got);
  if (!csrf_ok(v, parse_form(req.body))) return csrf_refused(app, req, v);
  const std::string& token_id = req.path_params.at(0);
  auto revoked = app.store.revoke_org_token(v.person().org_id, token_id);
  if (!revoked) return html_error(app, req, 503);
  portal_audit(app, v.person().org_id, v.person().id, "portal_token_revoke", *revoked ? "ok" : "rejected:404", token_id,
               dump({{"by", v.person().email}}));
  if (!*revoked) return html_not_found(app, req);
  return see_other(with_lang("/portal/tokens", v.ctx.lang, "done=revoked"));
}

}  // namespace

std::vector<Route> portal_token_routes(AppContext& app) {
  auto admit = [&app](const HttpRequest& r) { return admit_urlencoded(app, r, kMaxFormBytes); };
  return {
      {"GET", "/portal/tokens", "/portal/tokens", [&app](const HttpRequest& r) { return tokens_get(app, r); }},
      {"POST", "/portal/tokens", "/portal/tokens", [&app](const HttpRequest& r) { return issue_post(app, r); }, admit},
      {"POST", "/portal/tokens/(tok_[0-9a-f]{16})/revoke", "/portal/tokens/{id}/revoke",
       [&app](const HttpRequest& r) { return revoke_post(app, r); }, admit},
  };
}

}  // namespace rinsho::server
