#include "portal/renderer.hpp"

#include <nlohmann/json.hpp>

#include "frontend/template.hpp"
#include "portal/portal_files.hpp"

namespace rinsho::portal {
namespace {

constexpr std::string_view kTemplates = "templates/";
constexpr std::string_view kSuffix = ".mustache";

std::string_view template_text(std::string_view name) {
  auto text = portal_files::embedded_file(std::string(kTemplates) + std::string(name) + std::string(kSuffix));
  return text ? *text : std::string_view();
}

nlohmann::json field_errors(const std::vector<FieldMessage>& errors) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& e : errors) out.push_back({{"field", e.field}, {"text", e.text}});
  return out;
}

std::string error_for(const std::vector<FieldMessage>& errors, const std::string& field) {
  for (const auto& e : errors)
    if (e.field == field) return e.text;
  return "";
}

}  // namespace

struct Renderer::State {
  frontend::Renderer site;  // a copy shares the site's parsed state
  nlohmann::json texts;                                // {"ja": {...}, "en": {...}}
  std::map<std::string, std::string_view> partials;    // _errors, ...
};

Result<Renderer> Renderer::create(const frontend::Renderer& site) {
  auto file = portal_files::embedded_file("i18n/portal.json");
  if (!file) return fail(ErrorCode::internal, "portal messages are not embedded");
  auto texts = nlohmann::json::parse(*file, nullptr, false);
  if (texts.is_discarded() || !texts.contains("ja") || !texts.contains("en"))
    return fail(ErrorCode::internal, "portal/i18n/portal.json does not parse");
  for (const auto& [key, value] : texts["ja"].items())
    if (!texts["en"].contains(key)) return fail(ErrorCode::internal, "portal message " + key + " has no English text");
  State state{site, std::move(texts), {}};
  for (const auto& [path, text] : portal_files::embedded_files()) {
    if (!path.starts_with(kTemplates) || !path.ends_with(kSuffix)) continue;
    const auto name = path.substr(kTemplates.size(), path.size() - kTemplates.size() - kSuffix.size());
    if (name.starts_with('_')) state.partials.emplace(std::string(name), text);
  }
  return Renderer(std::make_shared<const State>(std::move(state)));
}

std::string Renderer::text(const std::string& key, const std::string& lang) const {
  const auto& texts = state_->texts[lang == "en" ? "en" : "ja"];
  auto it = texts.find(key);
  return it == texts.end() ? key : it->get<std::string>();
}

std::string Renderer::page(const char* body_template, const std::string& title_key, nlohmann::json view,
                           const frontend::PageContext& ctx) const {
  view["p"] = state_->texts[ctx.lang == "en" ? "en" : "ja"];
  const std::string body = frontend::render_template_text(body_template, template_text(body_template), view, state_->partials);
  // The portal is for registrants only: nothing in it belongs in a search engine.
  return state_->site.wrap(body, {{"title", text(title_key, ctx.lang)}, {"noindex", true}}, ctx);
}

std::string Renderer::sign_in(const SignInView& v, const frontend::PageContext& ctx) const {
  return page("sign_in", "sign_in_heading",
              {{"action", v.action}, {"csrf", v.csrf}, {"email", v.email}, {"notice", v.notice},
               {"errors", field_errors(v.errors)}, {"has_errors", !v.errors.empty()},
               {"email_error", error_for(v.errors, "email")}, {"password_error", error_for(v.errors, "password")}},
              ctx);
}

std::string Renderer::set_password(const SetPasswordView& v, const frontend::PageContext& ctx) const {
  return page("set_password", "password_heading",
              {{"action", v.action}, {"csrf", v.csrf}, {"token", v.token}, {"email", v.email},
               {"link_invalid", v.link_invalid}, {"errors", field_errors(v.errors)}, {"has_errors", !v.errors.empty()},
               {"password_error", error_for(v.errors, "password")}, {"confirm_error", error_for(v.errors, "confirm")}},
              ctx);
}

std::string Renderer::dashboard(const DashboardView& v, const frontend::PageContext& ctx) const {
  nlohmann::json trials = nlohmann::json::array();
  int stale = 0;
  for (const auto& t : v.trials) {
    trials.push_back({{"id", t.id}, {"title", t.title}, {"status", t.status}, {"updated", t.updated},
                      {"href", t.href}, {"version", t.version}, {"stale", t.stale}, {"trds_present", t.trds_present},
                      {"warnings", t.warnings}, {"edit_action", t.edit_action},
                      {"results_href", t.results_href}});
    stale += t.stale;
  }
  nlohmann::json drafts = nlohmann::json::array();
  for (const auto& d : v.drafts)
    drafts.push_back({{"title", d.title.empty() ? text("draft_untitled", ctx.lang) : d.title}, {"updated", d.updated},
                      {"href", d.href}, {"trial_id", d.trial_id}, {"step", d.step}});
  std::string summary = text("stale_summary", ctx.lang);
  if (auto at = summary.find("{count}"); at != std::string::npos) summary.replace(at, 7, std::to_string(stale));
  return page("dashboard", "dashboard_heading",
              {{"org_name", v.org_name}, {"email", v.email}, {"role_label", text("role_" + v.role, ctx.lang)},
               {"csrf", v.csrf}, {"sign_out_action", v.sign_out_action}, {"trials", trials},
               {"has_trials", !v.trials.empty()}, {"trial_count", v.trials.size()}, {"stale_count", stale > 0},
               {"stale_summary", summary}, {"drafts", drafts}, {"has_drafts", !v.drafts.empty()},
               {"new_draft_action", v.new_draft_action}, {"notice", v.notice},
               {"import_href", ctx.lang == "en" ? "/portal/drafts/import?lang=en" : "/portal/drafts/import"},
               {"is_admin", v.role == "admin"},
               {"people_href", ctx.lang == "en" ? "/portal/people?lang=en" : "/portal/people"},
               {"tokens_href", ctx.lang == "en" ? "/portal/tokens?lang=en" : "/portal/tokens"}},
              ctx);
}

}  // namespace rinsho::portal
