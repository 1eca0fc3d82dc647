// /saved, /compare and /saved/print: pages over a list of trial ids the reader's browser keeps
// (localStorage) and passes as ?ids=A,B,C, so a bookmarked list works without JavaScript too.
#include <algorithm>
#include <regex>

#include "frontend/i18n.hpp"
#include "frontend/saved.hpp"
#include "model/trial_json.hpp"
#include "server/runtime/app_context.hpp"
#include "server/pages/pages.hpp"

namespace rinsho::server {
namespace {

bool trial_id(const std::string& s) {
  static const std::regex re("jRCT[0-9a-z][0-9]{9}");
  return std::regex_match(s, re);
}

FieldError ids_error(const frontend::Messages& m, const char* key, std::initializer_list<std::pair<std::string_view, std::string>> args) {
  return {"ids", m.format(key, "ja", args), m.format(key, "en", args)};
}

// ?ids=A,B and ?ids=A&ids=B alike (a form of checkboxes sends the second), in order, repeats dropped.
Result<std::vector<std::string>> parse_ids(const HttpRequest& req, const frontend::Messages& m, std::size_t max) {
  std::vector<std::string> ids;
  for (const auto& value : req.query_values("ids")) {
    std::size_t start = 0;
    while (start <= value.size()) {
      auto end = value.find(',', start);
      if (end == std::string::npos) end = value.size();
      std::string id = value.substr(start, end - start);
      start = end + 1;
      if (id.empty()) continue;  // "A,,B" or a trailing comma from hand-edited links
      // A mistyped id is echoed in the message: cut it so the page stays small.
      if (!trial_id(id)) return fail(ErrorCode::invalid_argument, "bad ids", {ids_error(m, "ids_param_bad", {{"id", id.substr(0, 40)}})});
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
      if (ids.size() > max)
        return fail(ErrorCode::invalid_argument, "too many ids", {ids_error(m, "ids_param_too_many", {{"max", std::to_string(max)}})});
    }
  }
  return ids;
}

std::optional<FieldError> unknown_parameter(const HttpRequest& req, std::initializer_list<std::string_view> known) {
  for (const auto& [key, value] : req.query)
    if (std::find(known.begin(), known.end(), key) == known.end()) return FieldError{key, "不明なパラメータです", "is not a known parameter"};
  return std::nullopt;
}

// The trials that exist, in the order asked; ids without a trial go to `missing`.
Result<frontend::SavedView> load(AppContext& app, const std::vector<std::string>& ids) {
  frontend::SavedView view;
  for (const auto& id : ids) {
    auto stored = app.store.get_trial(id);
    if (!stored) return tl::unexpected(stored.error());
    if (!*stored) {
      view.missing.push_back(id);
      continue;
    }
    auto trial = model::trial_from_json((*stored)->record);
    if (!trial) return tl::unexpected(trial.error());
    view.trials.push_back(std::move(*trial));
  }
  return view;
}

HttpResponse no_store(HttpResponse r) {
  // A list of someone's saved trials is theirs: no shared caches.
  r.set_header("Cache-Control", "private, no-store");
  return r;
}

HttpResponse saved_list(AppContext& app, const HttpRequest& req, bool print) {
  const auto ctx = page_context(app, req);
  const auto& m = app.pages.messages();
  if (auto bad = unknown_parameter(req, {"ids", "lang"})) return html_error(app, req, 400, {*bad});
  auto ids = parse_ids(req, m, frontend::kMaxSavedIds);
  if (!ids) return html_error(app, req, 400, ids.error().fields);
  auto view = load(app, *ids);
  if (!view) return html_error(app, req, 503);
  auto body = print ? frontend::print_page(app.pages, *view, ctx) : frontend::saved_page(app.pages, *view, ctx);
  return no_store(html_response(200, std::move(body), ctx.lang));
}

HttpResponse compare(AppContext& app, const HttpRequest& req) {
  const auto ctx = page_context(app, req);
  const auto& m = app.pages.messages();
  if (auto bad = unknown_parameter(req, {"ids", "lang", "near"})) return html_error(app, req, 400, {*bad});
  auto ids = parse_ids(req, m, frontend::kMaxSavedIds);
  if (!ids) return html_error(app, req, 400, ids.error().fields);
  if (ids->size() < frontend::kMinCompare || ids->size() > frontend::kMaxCompare)
    return html_error(app, req, 400, {ids_error(m, "ids_param_compare", {})});
  frontend::CompareView view;
  if (auto near = req.query_value("near"); near && !near->empty()) {
    view.near = parse_point(*near);
    if (!view.near)
      return html_error(app, req, 400, {{"near", "緯度,経度 (例: 35.6895,139.6917) で指定してください", "must be lat,lon such as 35.6895,139.6917"}});
  }
  auto loaded = load(app, *ids);
  if (!loaded) return html_error(app, req, 503);
  if (!loaded->missing.empty()) return html_error(app, req, 400, {ids_error(m, "ids_param_unknown", {{"id", loaded->missing[0]}})});
  view.trials = std::move(loaded->trials);
  return no_store(html_response(200, frontend::compare_page(app.pages, view, ctx), ctx.lang));
}

}  // namespace

std::vector<Route> saved_routes(AppContext& app) {
  return {
      {"GET", "/saved", "/saved", [&app](const HttpRequest& r) { return saved_list(app, r, false); }},
      {"GET", "/saved/print", "/saved/print", [&app](const HttpRequest& r) { return saved_list(app, r, true); }},
      {"GET", "/compare", "/compare", [&app](const HttpRequest& r) { return compare(app, r); }},
  };
}

}  // namespace rinsho::server
