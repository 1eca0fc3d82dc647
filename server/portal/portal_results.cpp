// Posting results (issue 13): the summary (results_summary) and a link to the results with the
// date they were posted (results) added to a published trial of the visitor's organisation, as a
// new version through put_trial like PUT /api/v1/trials/{id}. The validator allows a results
// posting only for completed or terminated trials, so the API and the portal refuse the same
// records with the same ja/en message. The form carries the version it was shown with: a change
// made meanwhile is a conflict, not silently overwritten.
#include <cstdio>
#include <map>
#include <variant>

#include <nlohmann/json.hpp>

#include "frontend/i18n.hpp"
#include "model/trial.hpp"
#include "server/runtime/app_context.hpp"
#include "server/pages/pages.hpp"
#include "server/portal/portal_results.hpp"
#include "server/portal/portal_http.hpp"

namespace rinsho::server {
namespace {

using nlohmann::json;

// Two long texts in ja and en, a URL and a date.
constexpr std::size_t kMaxFormBytes = 256 * 1024;

struct ResultsForm {
  std::string summary_ja, summary_en, url, posted;
  std::string version;
  std::vector<FieldError> errors;
};

bool ended(const json& record) {
  const auto status = record.value("recruitment_status", "");
  return status == "completed" || status == "terminated";
}

// The input an error belongs beside.
std::string field_of(const std::string& pointer) {
  if (pointer.rfind("/results_summary/en", 0) == 0) return "results-summary-en";
  if (pointer.rfind("/results_summary", 0) == 0) return "results-summary-ja";
  if (pointer.rfind("/results/posted", 0) == 0) return "results-posted";
  return "results-url";  // the link, the posting as a whole and the trial's status
}

ResultsForm form_from_record(const json& record, std::int64_t version) {
  ResultsForm f;
  const auto summary = record.value("results_summary", json::object());
  f.summary_ja = summary.value("ja", "");
  f.summary_en = summary.value("en", "");
  const auto results = record.value("results", json::object());
  f.url = results.value("url", "");
  f.posted = results.value("posted", "");
  f.version = std::to_string(version);
  return f;
}

std::string title_of(const json& record, const std::string& lang) {
  const auto t = record.value("public_title", json::object());
  const std::string mine = t.value(lang == "en" ? "en" : "ja", ""), other = t.value(lang == "en" ? "ja" : "en", "");
  return mine.empty() ? other : mine;
}

HttpResponse results_page(AppContext& app, const Visit& v, const store::StoredTrial& trial, ResultsForm form, int status) {
  const auto& lang = v.ctx.lang;
  json errors = json::array();
  std::map<std::string, std::string> beside;
  for (const auto& e : form.errors) {
    const std::string field = field_of(e.pointer);
    const std::string& m = lang == "en" ? e.message_en : e.message_ja;
    errors.push_back({{"field", field}, {"text", m}});
    beside[field] += (beside[field].empty() ? "" : " ") + m;
  }
  if (form.posted.empty() && form.url.empty()) form.posted = v.ctx.today;
  const bool can_post = ended(trial.record);
  json view = {{"dashboard_href", with_lang("/portal", lang)},
               {"action", with_lang("/portal/trials/" + trial.id + "/results", lang)},
               {"csrf", v.session.csrf},
               {"trial_id", trial.id},
               {"trial_href", with_lang("/trials/" + trial.id, lang)},
               {"title", title_of(trial.record, lang)},
               {"status", app.pages.messages().label("status", trial.record.value("recruitment_status", ""), lang)},
               {"can_post", can_post},
               {"version", form.version},
               {"summary_ja", form.summary_ja},
               {"summary_en", form.summary_en},
               {"url", form.url},
               {"posted", form.posted},
               {"errors", errors},
               {"has_errors", !errors.empty()}};
  view["summary_ja_error"] = beside["results-summary-ja"];
  view["summary_en_error"] = beside["results-summary-en"];
  view["url_error"] = beside["results-url"];
  view["posted_error"] = beside["results-posted"];
  return portal_page(app.portal_pages.page("trial_results", "results_heading", std::move(view), v.ctx), lang, status);
}

// The organisation's published trial named in the path, or the page to answer instead (another
// organisation's trial is not found).
std::variant<store::StoredTrial, HttpResponse> own_trial(AppContext& app, const HttpRequest& req, const Visit& v) {
  auto trial = app.store.get_trial(req.path_params.at(0));
  if (!trial) return html_error(app, req, 503);
  if (!*trial || (*trial)->owner_org != v.person().org_id) return html_not_found(app, req);
  return std::move(**trial);
}

HttpResponse results_get(AppContext& app, const HttpRequest& req) {
  auto got = visit(app, req);
  if (auto* r = std::get_if<HttpResponse>(&got)) return std::move(*r);
  const auto& v = std::get<Visit>(got);
  auto trial = own_trial(app, req, v);
  if (auto* r = std::get_if<HttpResponse>(&trial)) return std::move(*r);
  const auto& t = std::get<store::StoredTrial>(trial);
  return results_page(app, v, t, form_from_record(t.record, t.version), 200);
}

// The record with the form's results in place of the current ones; empty inputs remove them.
json with_results(json record, const ResultsForm& f) {
  for (const char* system : model::kSystemFields) record.erase(system);
  json summary = json::object();
  if (!f.summary_ja.empty()) summary["ja"] = f.summary_ja;
  if (!f.summary_en.empty()) summary["en"] = f.summary_en;
  if (summary.empty()) record.erase("results_summary");
  else record["results_summary"] = summary;
  json results = json::object();
  if (!f.url.empty()) results["url"] = f.url;
  if (!f.posted.empty()) results["posted"] = f.posted;
  // A date alone is not a posting: the date input is filled in for the reader.
  if (f.url.empty()) record.erase("results");
  else record["results"] = results;
  return record;
}

HttpResponse results_post(AppContext& app, const HttpRequest& req) {
  auto got = visit(app, req);
  if (auto* r = std::get_if<HttpResponse>(&got)) return std::move(*r);
  const auto& v = std::get<Visit>(got);
  const Form posted = parse_form(req.body);
  if (!csrf_ok(v, posted)) return csrf_refused(app, req, v);
  auto found = own_trial(app, req, v);
  if (auto* r = std::get_if<HttpResponse>(&found)) return std::move(*r);
  const auto& trial = std::get<store::StoredTrial>(found);
  ResultsForm form{form_value(posted, "summary_ja"), form_value(posted, "summary_en"), form_value(posted, "url"),
                   form_value(posted, "posted"), form_value(posted, "version"), {}};
  if (!ended(trial.record)) {
    form.errors.push_back({"/results", "結果は募集状況が「完了」または「中止」の試験にだけ掲載できます",
                           "results can be posted only for a trial whose recruitment status is completed or terminated"});
    return results_page(app, v, trial, std::move(form), 400);
  }
  store::WriteContext ctx;
  ctx.org_id = v.person().org_id;
  ctx.actor = v.person().email;
  ctx.source = "portal";
  const auto& shown = form.version;
  ctx.expected_version = !shown.empty() && shown.size() < 12 && shown.find_first_not_of("0123456789") == std::string::npos
                             ? std::stoll(shown) : -1;
  auto w = app.store.put_trial(with_results(trial.record, form), ctx);
  if (!w) {
    const auto code = w.error().code;
    if (code == ErrorCode::validation) form.errors = w.error().fields;
    else if (code == ErrorCode::conflict || code == ErrorCode::precondition_failed)
      form.errors.push_back({"/results", "この試験は表示の後に更新されました。ページを読み込み直してください",
                             "the trial changed after this page was shown; reload it"});
    else if (code == ErrorCode::forbidden) return html_not_found(app, req);
    else return html_error(app, req, 503);
    return results_page(app, v, trial, std::move(form), code == ErrorCode::validation ? 400 : 409);
  }
  if (auto ok = app.index.catch_up(); !ok)
    std::fprintf(stderr, "index catch-up after posting results: %s\n", ok.error().message.c_str());
  portal_audit(app, v.person().org_id, v.person().id, "portal_results", w->unchanged ? "unchanged" : "updated", w->id,
               json({{"version", w->version}, {"email", v.person().email}}).dump());
  return see_other(with_lang("/portal", v.ctx.lang, "published=" + w->id));
}

}  // namespace

std::vector<Route> portal_results_routes(AppContext& app) {
  auto admit = [&app](const HttpRequest& r) { return admit_urlencoded(app, r, kMaxFormBytes); };
  const std::string path = "/portal/trials/(jRCT[0-9a-z][0-9]{9})/results";
  return {
      {"GET", path, "/portal/trials/{id}/results", [&app](const HttpRequest& r) { return results_get(app, r); }},
      {"POST", path, "/portal/trials/{id}/results", [&app](const HttpRequest& r) { return results_post(app, r); }, admit},
  };
}

}  // namespace rinsho::server
