// HTML pages for patients: /, /search, /trials/{id}, /glossary, /about. Data comes from the store
// and the searcher; rendering is frontend/'s job.
#include "server/pages/pages.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <ctime>

#include "common/utc_time.hpp"
#include "frontend/i18n.hpp"
#include "metrics/access.hpp"
#include "model/trial_json.hpp"
#include "server/ops/access_metrics.hpp"
#include "server/runtime/app_context.hpp"
#include "server/params/prescreen_params.hpp"
#include "server/params/search_params.hpp"
#include "text/registry_id.hpp"

namespace rinsho::server {
namespace {

// The condition facet holds concept ids; show the concept's first display variant (in English,
// the first written in Latin letters, when there is one).
std::map<std::string, std::string> condition_labels(const AppContext& app, const search::SearchResult& result,
                                                    const search::SearchRequest& request, const std::string& lang) {
  std::vector<std::string> ids = request.condition;
  if (auto it = result.facets.find("condition"); it != result.facets.end())
    for (const auto& v : it->second) ids.push_back(v.value);
  std::map<std::string, std::string> labels;
  for (const auto& id : ids) {
    const auto* c = app.dictionary->find_id(id);
    if (!c || c->variants.empty()) continue;
    std::string label = c->variants.front();
    if (lang == "en")
      for (const auto& v : c->variants)
        if (!v.empty() && static_cast<unsigned char>(v[0]) < 0x80) {
          label = v;
          break;
        }
    labels[id] = label;
  }
  return labels;
}

HttpResponse top_page(AppContext& app, const HttpRequest& req) {
  const auto ctx = page_context(app, req);
  frontend::TopView view;
  // The count of trials recruiting now and their prefecture facet (the map): a one-hit search
  // without snippets. Counting facets visits every recruiting trial, which also makes the total exact.
  search::SearchRequest recruiting;
  recruiting.status = {"recruiting"};
  recruiting.page_size = 1;
  recruiting.snippets = false;
  if (auto searcher = app.searchers.acquire())
    if (auto result = (*searcher)->search(recruiting)) {
      view.recruiting_count = result->total_estimated;
      if (auto it = result->facets.find("prefecture"); it != result->facets.end()) view.prefecture_counts = it->second;
    }
  return html_response(200, app.pages.top(view, ctx), ctx.lang);
}

// "My situation": each hit of this page judged by core/prescreen on its stored eligibility, and with
// me_rank=1 the page's likely hits first (then maybe, then unlikely; search order within each).
void judge_hits(AppContext& app, const Situation& situation, frontend::ResultsView& view) {
  for (const auto& hit : view.result.hits) {
    auto stored = app.store.get_trial(hit.id);
    if (!stored || !*stored) continue;
    auto trial = model::trial_from_json((*stored)->record);
    if (!trial) continue;
    frontend::SituationHit judged{prescreen::assess(trial->eligibility, situation.answers), trial->eligibility, std::nullopt};
    if (!situation.prefecture.empty()) {
      bool here = false;
      if (trial->sites)
        for (const auto& s : *trial->sites) here = here || s.prefecture == situation.prefecture;
      judged.site_in_prefecture = here;
    }
    view.situation.emplace(hit.id, std::move(judged));
  }
  view.situation_prefecture = situation.prefecture;
  if (!situation.rank) return;
  auto order = [&](const search::Hit& h) {
    auto it = view.situation.find(h.id);
    return it == view.situation.end() ? 1 : static_cast<int>(it->second.assessment.verdict);
  };
  std::stable_sort(view.result.hits.begin(), view.result.hits.end(),
                   [&](const search::Hit& a, const search::Hit& b) { return order(a) < order(b); });
}

HttpResponse search_page(AppContext& app, const HttpRequest& raw) {
  const auto ctx = page_context(app, raw);
  const HttpRequest req = forgiving_search_request(raw);
  SearchParamOptions options;
  options.extra_allowed = {"lang", "autocorrect", "me_age", "me_sex", "me_pref", "me_dx", "me_tx", "me_rank"};
  options.correct_spelling = true;
  auto request = parse_search_params(req, app.validator.schema(), options);
  if (!request) return html_error(app, raw, 400, request.error().fields);
  request->lang = ctx.lang;
  auto searcher = app.searchers.acquire();
  if (!searcher) return html_error(app, raw, 503);
  auto result = (*searcher)->search(*request);
  if (!result)
    return result.error().code == ErrorCode::invalid_argument ? html_error(app, raw, 400, result.error().fields)
                                                               : html_error(app, raw, 503);
  auto concepts = searched_conditions(*result, *request, *app.dictionary);
  frontend::ResultsView view{*request, std::move(*result), {}};
  view.condition_labels = condition_labels(app, view.result, view.request, ctx.lang);
  const bool situation = is_prescreen_request(raw);
  if (situation) {
    auto answers = situation_answers(raw, *app.dictionary);
    if (!answers) return html_error(app, raw, 400, answers.error().fields);
    judge_hits(app, *answers, view);
  }
  auto r = html_response(200, app.pages.results(view, ctx), ctx.lang);
  if (situation) r.set_header("Cache-Control", "no-store");  // someone's answers are in this URL
  r.search_concepts = std::move(concepts);  // the most-searched conditions on /stats
  return r;
}

HttpResponse trial_page(AppContext& app, const HttpRequest& req) {
  const auto ctx = page_context(app, req);
  const auto& id = req.path_params.at(0);
  auto stored = app.store.get_trial(id);
  if (!stored) return html_error(app, req, 503);
  if (!*stored) {
    // A registration that was linked to a trial stored under another id (an NCT record imported
    // before its jRCT one): its id leads to that trial's page.
    auto linked = app.store.find_trials_by_registry_keys({text::registry_id_key(id)});
    if (linked && linked->size() == 1 && (*linked)[0] != id) {
      HttpResponse r;
      r.status = 301;
      std::string location = "/trials/" + (*linked)[0];
      if (ctx.lang == "en") location += "?lang=en";
      r.set_header("Location", location);
      return r;
    }
    return html_not_found(app, req);
  }
  auto trial = model::trial_from_json((*stored)->record);
  if (!trial) return html_error(app, req, 500);
  frontend::TrialView view{std::move(*trial), std::nullopt, {}};
  if (auto near = req.query_value("near")) view.near = parse_point(*near);
  const bool prescreen = is_prescreen_request(req);
  if (prescreen) {
    auto answers = trial_answers(req);
    if (!answers) return html_error(app, req, 400, answers.error().fields);
    view.prescreen = prescreen::assess(view.trial.eligibility, *answers);
  }
  if (auto versions = app.store.list_versions(id))
    for (auto it = versions->rbegin(); it != versions->rend(); ++it)  // newest first
      view.versions.push_back({it->version, it->created_at, it->changed_fields, it->note});
  auto r = html_response(200, app.pages.trial(view, ctx), ctx.lang);
  // Someone's answers are in this URL: no cache keeps the page.
  if (prescreen) r.set_header("Cache-Control", "no-store");
  return r;
}

}  // namespace

bool is_page_path(const std::string& path) {
  return path.rfind("/api/", 0) != 0 && path != "/api" && path != "/healthz" && path != "/readyz";
}

// A GET form sends every field, empty or not. Pages forgive what a form or an edited link sends:
// empty values, a distance or "nearest" without a point. The API stays strict.
HttpRequest forgiving_search_request(const HttpRequest& req) {
  HttpRequest out = req;
  out.query.clear();
  const auto near = req.query_value("near");
  const bool has_near = near && !near->empty();
  for (const auto& [k, v] : req.query) {
    if (v.empty() || (k == "within_km" && !has_near) || (k == "sort" && v == "nearest" && !has_near)) continue;
    out.query.emplace_back(k, v);
  }
  return out;
}

std::optional<search::GeoPoint> parse_point(const std::string& s) {
  const auto comma = s.find(',');
  if (comma == std::string::npos) return std::nullopt;
  double lat = 0, lon = 0;
  auto a = std::from_chars(s.data(), s.data() + comma, lat);
  auto b = std::from_chars(s.data() + comma + 1, s.data() + s.size(), lon);
  if (a.ec != std::errc() || b.ec != std::errc() || a.ptr != s.data() + comma || b.ptr != s.data() + s.size() ||
      lat < -90 || lat > 90 || lon < -180 || lon > 180)
    return std::nullopt;
  return search::GeoPoint{lat, lon};
}

frontend::PageContext page_context(const AppContext& app, const HttpRequest& req) {
  frontend::PageContext ctx;
  ctx.lang = frontend::normalize_lang(req.query_value("lang").value_or("ja"));
  ctx.base_url = app.config.base_url;
  while (!ctx.base_url.empty() && ctx.base_url.back() == '/') ctx.base_url.pop_back();
  ctx.path = req.path;
  ctx.query = req.query;
  ctx.today = utc_today();
  return ctx;
}

namespace {

// Error pages are never cached or indexed, so they may follow the browser's language when the URL
// names none: someone reading in English who gets a 429 should be able to read why.
frontend::PageContext error_page_context(const AppContext& app, const HttpRequest& req) {
  auto ctx = page_context(app, req);
  const auto lang = req.query_value("lang");
  const auto accept = req.header("Accept-Language");
  auto view = [](const std::optional<std::string>& s) { return s ? std::optional<std::string_view>(*s) : std::nullopt; };
  ctx.lang = metrics::request_language(view(lang), view(accept)) == metrics::Lang::en ? "en" : "ja";
  return ctx;
}

}  // namespace

HttpResponse html_response(int status, std::string body, const std::string& lang) {
  HttpResponse r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = std::move(body);
  r.set_header("Content-Language", lang);
  // Short: results follow the registry, and the page is cheap to render again.
  r.set_header("Cache-Control", status == 200 ? "public, max-age=60" : "no-store");
  return r;
}

HttpResponse html_not_found(const AppContext& app, const HttpRequest& req) {
  const auto ctx = error_page_context(app, req);
  auto r = html_response(404, app.pages.not_found(ctx), ctx.lang);
  r.set_header("Vary", "Accept-Language");
  return r;
}

HttpResponse html_error(const AppContext& app, const HttpRequest& req, int status, std::vector<FieldError> fields,
                        int retry_after) {
  const auto ctx = error_page_context(app, req);
  if (status == 503) retry_after = 5;
  auto r = html_response(status, app.pages.error({status, std::move(fields), retry_after}, ctx), ctx.lang);
  r.set_header("Vary", "Accept-Language");
  if (retry_after > 0) r.set_header("Retry-After", std::to_string(retry_after));
  return r;
}

std::vector<Route> page_routes(AppContext& app) {
  std::vector<Route> routes = {
      {"GET", "/", "/", [&app](const HttpRequest& r) { return top_page(app, r); }},
      {"GET", "/search", "/search", [&app](const HttpRequest& r) { return search_page(app, r); }},
      {"GET", "/trials/(jRCT[0-9a-z][0-9]{9})", "/trials/{id}", [&app](const HttpRequest& r) { return trial_page(app, r); }},
      {"GET", "/glossary", "/glossary",
       [&app](const HttpRequest& r) {
         const auto ctx = page_context(app, r);
         return html_response(200, app.pages.glossary(ctx), ctx.lang);
       }},
      {"GET", "/about", "/about",
       [&app](const HttpRequest& r) {
         const auto ctx = page_context(app, r);
         return html_response(200, app.pages.about(ctx), ctx.lang);
       }},
  };
  for (auto& r : feed_routes(app)) routes.push_back(std::move(r));
  for (auto& r : saved_routes(app)) routes.push_back(std::move(r));
  for (auto& r : site_file_routes(app)) routes.push_back(std::move(r));
  return routes;
}

}  // namespace rinsho::server
