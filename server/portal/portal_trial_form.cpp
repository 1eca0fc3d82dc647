// The guided trial form. Every route needs a live session, and every draft or trial is looked up
// with the session's organisation, so an id from another organisation is simply not found (404):
// the store's draft queries carry the organisation in their WHERE clause. Every POST carries the
// session's CSRF token. Saves and publishes are audited with the person and the organisation.
#include "server/portal/portal_trial_form.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <variant>

#include <nlohmann/json.hpp>

#include "accounts/secret_token.hpp"
#include "model/record_diff.hpp"
#include "model/registration_checks.hpp"
#include "prescreen/criteria_concepts.hpp"
#include "model/trial.hpp"
#include "portal/import_text.hpp"
#include "portal/trial_form.hpp"
#include "server/runtime/app_context.hpp"
#include "server/pages/pages.hpp"
#include "server/portal/portal_http.hpp"
#include "store/trial_draft.hpp"

namespace rinsho::server {
namespace {

using nlohmann::json;

// Long free texts in ja and en over several steps: far more than the sign-in form's 16 KiB, far
// less than the API's body limit.
constexpr std::size_t kMaxStepBytes = 512 * 1024;
// A file to start from: a large ClinicalTrials.gov study is a few hundred KiB. The multipart form
// has three fields (csrf, the file, the text box); a few more are tolerated, never many.
constexpr std::size_t kMaxImportBytes = 1024 * 1024;
constexpr std::size_t kMaxImportParts = 8;
constexpr std::string_view kDraftPattern = "(drf_[0-9a-f]{16})";

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string replace_all(std::string s, std::string_view key, const std::string& value) {
  for (auto at = s.find(key); at != std::string::npos; at = s.find(key, at + value.size())) s.replace(at, key.size(), value);
  return s;
}

// The draft of the visitor's organisation, or the 404 page (another organisation's is not found).
std::variant<store::TrialDraft, HttpResponse> own_draft(AppContext& app, const HttpRequest& req, const Visit& v) {
  auto found = app.store.find_draft(v.person().org_id, req.path_params.at(0));
  if (!found) return html_error(app, req, 503);
  if (!*found) return html_not_found(app, req);
  return std::move(**found);
}

std::string draft_path(const std::string& id, const std::string& tail) { return "/portal/drafts/" + id + tail; }

std::string step_href(const Visit& v, const std::string& draft_id, int step, std::string_view extra = "") {
  return with_lang(draft_path(draft_id, "/step/" + std::to_string(step)), v.ctx.lang, extra);
}

// Every problem of the record, as the API's validate reports them (system fields, the schema, then
// criteria naming a concept the dictionary does not know).
std::vector<FieldError> all_errors(const AppContext& app, const json& record) {
  auto errors = model::system_field_errors(record);
  for (auto& e : app.validator.validate(record)) errors.push_back(std::move(e));
  for (auto& e : prescreen::unknown_concept_errors(record, *app.dictionary)) errors.push_back(std::move(e));
  return errors;
}

std::vector<FieldError> errors_of_step(const AppContext& app, const json& record, int step) {
  auto errors = all_errors(app, record);
  errors.erase(std::remove_if(errors.begin(), errors.end(), [step](const FieldError& e) { return !portal::pointer_in_step(e.pointer, step); }),
               errors.end());
  return errors;
}

json steps_nav(AppContext& app, const Visit& v, const std::string& draft_id, int current) {
  json out = json::array();
  for (int s = 1; s <= portal::kStepCount; ++s)
    out.push_back({{"title", std::to_string(s) + ". " + app.portal_pages.text(portal::step_title_key(s), v.ctx.lang)},
                   {"href", step_href(v, draft_id, s)}, {"n", s}, {"current", s == current}});
  return out;
}

json error_items(const std::vector<portal::FieldMessage>& errors) {
  json out = json::array();
  for (const auto& e : errors) out.push_back({{"field", e.field}, {"text", e.text}});
  return out;
}

HttpResponse step_page(AppContext& app, const Visit& v, const store::TrialDraft& draft, int step,
                       const std::vector<FieldError>& errors, bool saved, int status) {
  const auto& lang = v.ctx.lang;
  auto page = portal::step_page(draft.record, step, app.validator.schema(), app.pages.messages(), lang, errors);
  const std::string title = app.portal_pages.text(portal::step_title_key(step), lang);
  json view = {{"heading", title},
               {"step_of", replace_all(replace_all(app.portal_pages.text("step_of", lang), "{n}", std::to_string(step)), "{total}",
                                       std::to_string(portal::kStepCount))},
               {"dashboard_href", with_lang("/portal", lang)},
               {"steps", steps_nav(app, v, draft.id, step)},
               {"action", step_href(v, draft.id, step)},
               {"csrf", v.session.csrf},
               {"sections", std::move(page.sections)},
               {"errors", error_items(page.errors)},
               {"has_errors", !page.errors.empty()},
               {"saved", saved},
               {"has_back", step > 1},
               {"next_label", app.portal_pages.text(step == portal::kStepCount ? "to_review" : "save_continue", lang)}};
  return portal_page(app.portal_pages.page("trial_step", portal::step_title_key(step), std::move(view), v.ctx), lang, status);
}

int step_param(const HttpRequest& req) {
  const auto& s = req.path_params.at(1);
  const int n = s.size() <= 2 ? std::stoi(s) : 0;
  return n >= 1 && n <= portal::kStepCount ? n : 0;
}

// --- making drafts ---------------------------------------------------------------------------

HttpResponse start_draft(AppContext& app, const HttpRequest& req, const Visit& v, store::TrialDraft draft,
                         const std::string& action) {
  draft.org_id = v.person().org_id;
  draft.created_by = v.person().id;
  auto made = app.store.create_draft(draft);
  if (!made) return html_error(app, req, 503);
  portal_audit(app, v.person().org_id, v.person().id, action, "ok", made->id,
               dump({{"draft", made->id}, {"trial", draft.trial_id.value_or("")}, {"email", v.person().email}}));
  return see_other(step_href(v, made->id, 1));
}

HttpResponse new_draft(AppContext& app, const HttpRequest& req) {
  auto got = visit(app, req);
  if (auto* r = std::get_if<HttpResponse>(&got)) return std::move(*r);
  const auto& v = std::get<Visit>(got);
  if (!csrf_ok(v, parse_form(req.body))) return csrf_refused(app, req, v);
  return start_draft(app, req, v, store::TrialDraft{}, "portal_draft_new");
}

HttpResponse edit_trial(AppContext& app, const HttpRequest& req) {
  auto got = visit(app, req);
  if (auto* r = std::get_if<HttpResponse>(&got)) return std::move(*r);
  const auto& v = std::get<Visit>(got);
  if (!csrf_ok(v, parse_form(req.body))) return csrf_refused(app, req, v);
  auto trial = app.store.get_trial(req.path_params.at(0));
  if (!trial) return html_error(app, req, 503);
  // Another organisation's trial is answered as if it did not exist.
  if (!*trial || (*trial)->owner_org != v.person().org_id) return html_not_found(app, req);
  store::TrialDraft draft;
  draft.trial_id = (*trial)->id;
  draft.base_version = (*trial)->version;
  draft.record = (*trial)->record;
  for (const char* system : model::kSystemFields) draft.record.erase(system);
  return start_draft(app, req, v, std::move(draft), "portal_draft_edit");
}

// Start from a file: a rinsho record or a ClinicalTrials.gov study, uploaded as a file
// (multipart/form-data) or pasted into the text box (either encoding).
// `field`: the input the errors are about, "upload" (the file) or "file" (the text box).
HttpResponse import_page(AppContext& app, const Visit& v, const std::string& text, const std::vector<FieldError>& errors,
                         int status, const std::string& field = "file") {
  const auto& lang = v.ctx.lang;
  json list = json::array();
  std::string message;
  for (const auto& e : errors) {
    const std::string& m = lang == "en" ? e.message_en : e.message_ja;
    list.push_back({{"field", field}, {"text", m}});
    message += (message.empty() ? "" : " ") + m;
  }
  json view = {{"dashboard_href", with_lang("/portal", lang)}, {"action", with_lang("/portal/drafts/import", lang)},
               {"csrf", v.session.csrf}, {"errors", list}, {"has_errors", !errors.empty()},
               {"file_error", field == "file" ? message : ""}, {"upload_error", field == "upload" ? message : ""},
               {"text", text.size() <= 64 * 1024 ? text : ""}};
  return portal_page(app.portal_pages.page("trial_import", "import_heading", std::move(view), v.ctx), lang, status);
}

HttpResponse import_get(AppContext& app, const HttpRequest& req) {
  auto got = visit(app, req);
  if (auto* r = std::get_if<HttpResponse>(&got)) return std::move(*r);
  return import_page(app, std::get<Visit>(got), "", {}, 200);
}

// The fields of an upload: the form fields by name, and the file's text under "upload". A part
// is taken as a field only once (a repeated name keeps its first non-empty value), and only
// a part with a filename counts as the file.
Form upload_fields(const std::vector<FormPart>& parts) {
  Form form;
  for (const auto& part : parts) {
    const std::string name = part.filename.empty() ? part.name : "upload";
    if (part.filename.empty() && part.name == "upload") continue;  // a text field posing as the file
    if (form_value(form, name).empty()) form.emplace_back(name, part.content);
  }
  return form;
}

HttpResponse import_post(AppContext& app, const HttpRequest& req) {
  auto got = visit(app, req);
  if (auto* r = std::get_if<HttpResponse>(&got)) return std::move(*r);
  const auto& v = std::get<Visit>(got);
  const bool upload = req.multipart();
  const Form form = upload ? upload_fields(req.parts) : parse_form(req.body);
  // The session's token from the multipart field, before anything of the file is looked at.
  if (!csrf_ok(v, form)) return csrf_refused(app, req, v);
  // A chosen file wins over the text box; a browser sends an empty file part when none is chosen.
  const std::string file = form_value(form, "upload");
  const std::string text = file.empty() ? form_value(form, "file") : file;
  auto imported = portal::draft_from_text(text);
  if (!imported) {
    portal_audit(app, v.person().org_id, v.person().id, "portal_draft_import", "rejected:400", "portal",
                 dump({{"detail", imported.error().message}, {"upload", !file.empty()}, {"bytes", text.size()}}));
    // An uploaded file is not echoed into the text box: it may not be text at all.
    return import_page(app, v, file.empty() ? text : "", imported.error().fields, 400, file.empty() ? "file" : "upload");
  }
  store::TrialDraft draft;
  draft.record = std::move(imported->record);
  return start_draft(app, req, v, std::move(draft), "portal_draft_import_" + imported->format);
}

// --- steps -----------------------------------------------------------------------------------

HttpResponse step_get(AppContext& app, const HttpRequest& req) {
  auto got = visit(app, req);
  if (auto* r = std::get_if<HttpResponse>(&got)) return std::move(*r);
  const auto& v = std::get<Visit>(got);
  const int step = step_param(req);
  if (step == 0) return html_not_found(app, req);
  auto draft = own_draft(app, req, v);
  if (auto* r = std::get_if<HttpResponse>(&draft)) return std::move(*r);
  const auto& d = std::get<store::TrialDraft>(draft);
  // From the review page (check=1) a step shows its problems at once.
  const bool check = req.query_value("check").value_or("") == "1";
  return step_page(app, v, d, step, check ? errors_of_step(app, d.record, step) : std::vector<FieldError>{},
                   req.query_value("saved").value_or("") == "1", 200);
}

HttpResponse step_post(AppContext& app, const HttpRequest& req) {
  auto got = visit(app, req);
  if (auto* r = std::get_if<HttpResponse>(&got)) return std::move(*r);
  const auto& v = std::get<Visit>(got);
  const int step = step_param(req);
  if (step == 0) return html_not_found(app, req);
  const Form form = parse_form(req.body);
  if (!csrf_ok(v, form)) return csrf_refused(app, req, v);
  auto found = own_draft(app, req, v);
  if (auto* r = std::get_if<HttpResponse>(&found)) return std::move(*r);
  auto draft = std::get<store::TrialDraft>(std::move(found));
  draft.record = portal::apply_step(draft.record, step, form);
  draft.updated_by = v.person().id;
  const std::string go = form_value(form, "go");
  const auto errors = go == "next" ? errors_of_step(app, draft.record, step) : std::vector<FieldError>{};
  if (go == "next" && errors.empty()) draft.step = std::max(draft.step, std::min(step + 1, portal::kStepCount));
  // The draft is saved whatever the page says: a draft may be incomplete, a published trial never.
  auto saved = app.store.save_draft(draft);
  if (!saved) return html_error(app, req, 503);
  if (!*saved) return html_not_found(app, req);  // discarded meanwhile
  portal_audit(app, v.person().org_id, v.person().id, "portal_draft_save", errors.empty() ? "ok" : "saved_with_errors", draft.id,
               dump({{"draft", draft.id}, {"step", step}, {"errors", errors.size()}, {"email", v.person().email}}));
  if (!errors.empty()) return step_page(app, v, draft, step, errors, false, 400);
  if (go == "back") return see_other(step_href(v, draft.id, std::max(1, step - 1)));
  // portal_form.js sends "to-N" when a step link is followed with unsaved changes: saved, then there.
  if (go.size() >= 4 && go.size() <= 5 && go.rfind("to-", 0) == 0 && std::isdigit(static_cast<unsigned char>(go[3])) &&
      (go.size() == 4 || std::isdigit(static_cast<unsigned char>(go[4])))) {
    const int to = std::stoi(go.substr(3));
    if (to >= 1 && to <= portal::kStepCount) return see_other(step_href(v, draft.id, to));
  }
  if (go == "next")
    return see_other(step == portal::kStepCount ? with_lang(draft_path(draft.id, "/review"), v.ctx.lang)
                                                : step_href(v, draft.id, step + 1));
  return see_other(step_href(v, draft.id, step, "saved=1"));
}

// --- review and publish ----------------------------------------------------------------------

// "2026-12-07T21:50:03Z" -> "2026-12-07 21:50" (UTC, as stored).
std::string when(const std::string& stored) {
  std::string out = stored.substr(0, 16);
  if (out.size() > 10 && out[10] == 'T') out[10] = ' ';
  return out;
}

json history_rows(AppContext& app, const Visit& v, const std::string& trial_id) {
  json out = json::array();
  auto versions = app.store.list_versions(trial_id);
  if (!versions) return out;
  for (auto it = versions->rbegin(); it != versions->rend(); ++it) {
    // A first version "changes" every field it has; saying so is what a reader needs.
    std::string what = it->version == 1 ? app.portal_pages.text("history_first", v.ctx.lang) : "";
    for (std::size_t i = 0; it->version != 1 && i < it->changed_fields.size(); ++i) {
      what += (what.empty() ? "" : ", ") + portal::field_label(app.validator.schema(), it->changed_fields[i], v.ctx.lang);
      if (what.size() > 400) {
        what += " …";
        break;
      }
    }
    out.push_back({{"version", it->version}, {"at", when(it->created_at)}, {"who", it->actor}, {"what", what}});
  }
  return out;
}

HttpResponse review_page(AppContext& app, const Visit& v, const store::TrialDraft& d, int status,
                         std::vector<FieldError> errors, const std::string& extra_error = "") {
  const auto& lang = v.ctx.lang;
  const auto& schema = app.validator.schema();
  json error_list = json::array();
  std::vector<int> per_step(portal::kStepCount + 1, 0);
  if (!extra_error.empty()) error_list.push_back({{"href", "#main"}, {"text", extra_error}});
  for (const auto& e : errors) {
    const int step = portal::step_of_pointer(e.pointer);
    per_step[static_cast<std::size_t>(step)] += 1;
    const std::string href = step ? step_href(v, d.id, step, "check=1") + "#" + portal::field_id(e.pointer) : "#main";
    error_list.push_back({{"href", href},
                          {"text", portal::field_label(schema, e.pointer, lang) + ": " + (lang == "en" ? e.message_en : e.message_ja)}});
  }
  json steps = steps_nav(app, v, d.id, 0);
  for (int s = 1; s <= portal::kStepCount; ++s) steps[static_cast<std::size_t>(s - 1)]["error_count"] =
        per_step[static_cast<std::size_t>(s)] ? json(per_step[static_cast<std::size_t>(s)]) : json("");
  json warnings = json::array();
  for (const auto& w : model::registration_warnings(d.record, v.ctx.today)) {
    const int step = portal::step_of_pointer(w.pointer);
    warnings.push_back({{"href", step ? step_href(v, d.id, step) : "#main"},
                        {"text", portal::field_label(schema, w.pointer, lang) + ": " + (lang == "en" ? w.message_en : w.message_ja)}});
  }
  const auto trds = model::trds_completeness(d.record);
  json missing = json::array();
  for (const auto& item : trds.items)
    if (!item.present) missing.push_back({{"number", item.number}, {"name", item.name}});
  json view = {{"dashboard_href", with_lang("/portal", lang)},
               {"editing", d.trial_id.has_value()},
               {"trial_id", d.trial_id.value_or("")},
               {"base_version", d.base_version},
               {"review_errors", error_list},
               {"has_errors", !error_list.empty()},
               {"steps", steps},
               {"warnings", warnings},
               {"has_warnings", !warnings.empty()},
               {"trds_summary", replace_all(app.portal_pages.text("trds_summary", lang), "{present}", std::to_string(trds.present))},
               {"trds_missing", missing},
               {"has_trds_missing", !missing.empty()},
               {"csrf", v.session.csrf},
               {"publish_action", with_lang(draft_path(d.id, "/publish"), lang)},
               {"discard_action", with_lang(draft_path(d.id, "/discard"), lang)}};
  if (d.trial_id) {
    auto current = app.store.get_trial(*d.trial_id);
    json changes = json::array();
    if (current && *current) {
      json before = (*current)->record;
      for (const char* system : model::kSystemFields) before.erase(system);
      json after = d.record;
      after["id"] = *d.trial_id;
      for (const auto& c : model::diff_records(before, after))
        changes.push_back({{"field", portal::field_label(schema, c.pointer, lang)},
                           {"before", portal::plain_value(c.before, lang)},
                           {"after", portal::plain_value(c.after, lang)}});
    }
    view["has_changes"] = !changes.empty();
    view["changes"] = std::move(changes);
    view["history"] = history_rows(app, v, *d.trial_id);
  }
  return portal_page(app.portal_pages.page("trial_review", "review_heading", std::move(view), v.ctx), lang, status);
}

HttpResponse review_get(AppContext& app, const HttpRequest& req) {
  auto got = visit(app, req);
  if (auto* r = std::get_if<HttpResponse>(&got)) return std::move(*r);
  const auto& v = std::get<Visit>(got);
  auto draft = own_draft(app, req, v);
  if (auto* r = std::get_if<HttpResponse>(&draft)) return std::move(*r);
  const auto& d = std::get<store::TrialDraft>(draft);
  return review_page(app, v, d, 200, all_errors(app, d.record));
}

HttpResponse publish_post(AppContext& app, const HttpRequest& req) {
  auto got = visit(app, req);
  if (auto* r = std::get_if<HttpResponse>(&got)) return std::move(*r);
  const auto& v = std::get<Visit>(got);
  if (!csrf_ok(v, parse_form(req.body))) return csrf_refused(app, req, v);
  auto found = own_draft(app, req, v);
  if (auto* r = std::get_if<HttpResponse>(&found)) return std::move(*r);
  const auto& d = std::get<store::TrialDraft>(found);
  json record = d.record;
  if (auto errors = model::system_field_errors(record); !errors.empty()) return review_page(app, v, d, 400, std::move(errors));
  // The API's write path: put_trial validates, checks ownership and, for a change, the version the
  // draft started from (another change since -> conflict), and audits the attempt.
  store::WriteContext ctx;
  ctx.org_id = v.person().org_id;
  ctx.actor = v.person().email;
  ctx.source = "portal";
  if (d.trial_id) {
    record["id"] = *d.trial_id;
    ctx.expected_version = d.base_version;
  } else {
    ctx.create_only = true;
  }
  auto w = app.store.put_trial(std::move(record), ctx);
  if (!w) {
    const auto code = w.error().code;
    if (code == ErrorCode::validation) return review_page(app, v, d, 400, w.error().fields);
    if (code == ErrorCode::conflict || code == ErrorCode::precondition_failed)
      return review_page(app, v, d, 409, {}, app.portal_pages.text("stale_version", v.ctx.lang));
    if (code == ErrorCode::forbidden) return html_not_found(app, req);
    return html_error(app, req, 503);
  }
  if (auto ok = app.index.catch_up(); !ok)
    std::fprintf(stderr, "index catch-up after a portal publish: %s\n", ok.error().message.c_str());
  (void)app.store.delete_draft(v.person().org_id, d.id);
  portal_audit(app, v.person().org_id, v.person().id, "portal_publish", w->created ? "created" : (w->unchanged ? "unchanged" : "updated"),
               w->id, dump({{"draft", d.id}, {"version", w->version}, {"email", v.person().email}}));
  return see_other(with_lang("/portal", v.ctx.lang, "published=" + w->id));
}

HttpResponse discard_post(AppContext& app, const HttpRequest& req) {
  auto got = visit(app, req);
  if (auto* r = std::get_if<HttpResponse>(&got)) return std::move(*r);
  const auto& v = std::get<Visit>(got);
  if (!csrf_ok(v, parse_form(req.body))) return csrf_refused(app, req, v);
  auto deleted = app.store.delete_draft(v.person().org_id, req.path_params.at(0));
  if (!deleted) return html_error(app, req, 503);
  if (!*deleted) return html_not_found(app, req);
  portal_audit(app, v.person().org_id, v.person().id, "portal_draft_discard", "ok", req.path_params.at(0),
               dump({{"email", v.person().email}}));
  return see_other(with_lang("/portal", v.ctx.lang, "done=discarded"));
}

}  // namespace

std::vector<Route> portal_trial_form_routes(AppContext& app) {
  auto admit = [&app](const HttpRequest& r) { return admit_urlencoded(app, r, kMaxStepBytes); };
  // The import takes a file upload too, and a larger body.
  auto admit_import = [&app](const HttpRequest& r) -> std::optional<HttpResponse> {
    if (!r.multipart()) return admit_urlencoded(app, r, kMaxStepBytes);
    const auto length = r.header("Content-Length");
    if (length && !length->empty() && length->size() <= 18 && length->find_first_not_of("0123456789") == std::string::npos &&
        std::stoull(*length) > kMaxImportBytes)
      return html_error(app, r, 413);
    return std::nullopt;
  };
  const std::string draft = "/portal/drafts/" + std::string(kDraftPattern);
  return {
      {"POST", "/portal/drafts", "/portal/drafts", [&app](const HttpRequest& r) { return new_draft(app, r); }, admit},
      {"GET", "/portal/drafts/import", "/portal/drafts/import", [&app](const HttpRequest& r) { return import_get(app, r); }},
      {"POST", "/portal/drafts/import", "/portal/drafts/import", [&app](const HttpRequest& r) { return import_post(app, r); },
       admit_import, kMaxImportParts},
      {"POST", "/portal/trials/(jRCT[0-9a-z][0-9]{9})/edit", "/portal/trials/{id}/edit",
       [&app](const HttpRequest& r) { return edit_trial(app, r); }, admit},
      {"GET", draft + "/step/([0-9]{1,2})", "/portal/drafts/{id}/step/{n}", [&app](const HttpRequest& r) { return step_get(app, r); }},
      {"POST", draft + "/step/([0-9]{1,2})", "/portal/drafts/{id}/step/{n}", [&app](const HttpRequest& r) { return step_post(app, r); }, admit},
      {"GET", draft + "/review", "/portal/drafts/{id}/review", [&app](const HttpRequest& r) { return review_get(app, r); }},
      {"POST", draft + "/publish", "/portal/drafts/{id}/publish", [&app](const HttpRequest& r) { return publish_post(app, r); }, admit},
      {"POST", draft + "/discard", "/portal/drafts/{id}/discard", [&app](const HttpRequest& r) { return discard_post(app, r); }, admit},
  };
}

}  // namespace rinsho::server
