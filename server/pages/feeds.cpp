// Atom feeds for readers who follow a search or a trial without an account: /search.atom (the
// newest and most recently changed matching trials) and /trials/{id}.atom (one entry per version).
// Feed readers are programs, so metrics count these as API reads (metrics::classify_route).
#include <algorithm>
#include <chrono>
#include <ctime>

#include "common/utc_time.hpp"
#include "frontend/feeds.hpp"
#include "model/trial_json.hpp"
#include "server/runtime/app_context.hpp"
#include "server/http/http_cache.hpp"
#include "server/pages/pages.hpp"
#include "server/params/search_params.hpp"

namespace rinsho::server {
namespace {

constexpr std::size_t kSearchFeedEntries = 50;
constexpr const char* kAtomType = "application/atom+xml; charset=utf-8";

frontend::VersionEntry version_entry(const store::VersionSummary& v) {
  return {v.version, v.created_at, v.changed_fields, v.note};
}

HttpResponse atom_response(const HttpRequest& req, const frontend::AtomFeed& feed) {
  HttpResponse r;
  r.content_type = kAtomType;
  r.body = frontend::render_atom(feed);
  // Readers poll; five minutes keeps a popular feed off the searcher without hiding changes for long.
  r.set_header("Cache-Control", "public, max-age=300");
  r.set_header("Content-Language", feed.lang);
  finish_cacheable(req, r, feed.updated);
  return r;
}

// A feed's parameters are a search's, so its errors are the search page's: 400 naming the
// parameter. `page`, `cursor` and `page_size` make no sense for a feed and are refused by name.
HttpResponse search_feed(AppContext& app, const HttpRequest& raw) {
  auto ctx = page_context(app, raw);
  const HttpRequest req = forgiving_search_request(raw);
  std::vector<FieldError> refused;
  for (const char* key : {"page", "cursor", "page_size"})
    if (req.query_value(key))
      refused.push_back({key, "フィードには指定できません (常に最新50件です)", "is not used by feeds, which always hold the latest 50"});
  if (!refused.empty()) return html_error(app, raw, 400, std::move(refused));
  SearchParamOptions options;
  options.extra_allowed = {"lang"};
  auto request = parse_search_params(req, app.validator.schema(), options);
  if (!request) return html_error(app, raw, 400, request.error().fields);
  request->lang = ctx.lang;
  request->sort = search::SortOrder::updated;
  request->offset = 0;
  request->page_size = kSearchFeedEntries;
  request->facets = request->snippets = false;
  auto searcher = app.searchers.acquire();
  if (!searcher) return html_error(app, raw, 503);
  auto result = (*searcher)->search(*request);
  if (!result)
    return result.error().code == ErrorCode::invalid_argument ? html_error(app, raw, 400, result.error().fields)
                                                               : html_error(app, raw, 503);
  frontend::SearchFeedView view{*request, {}, utc_now_rfc3339()};
  for (auto& hit : result->hits) {
    auto versions = app.store.list_versions(hit.id);
    if (!versions) return html_error(app, raw, 503);
    if (versions->empty()) continue;  // deleted since the index saw it
    view.items.push_back({std::move(hit), version_entry(versions->back())});
  }
  // The index orders by the registry's "last updated" date; within the feed, the newest write first.
  std::stable_sort(view.items.begin(), view.items.end(),
                   [](const auto& a, const auto& b) { return a.latest.created_at > b.latest.created_at; });
  ctx.query = req.query;
  return atom_response(raw, frontend::search_feed(view, ctx, app.pages.messages()));
}

HttpResponse trial_feed(AppContext& app, const HttpRequest& req) {
  const auto ctx = page_context(app, req);
  for (const auto& [key, value] : req.query)
    if (key != "lang") return html_error(app, req, 400, {{key, "不明なパラメータです", "is not a known parameter"}});
  const auto& id = req.path_params.at(0);
  auto stored = app.store.get_trial(id);
  if (!stored) return html_error(app, req, 503);
  if (!*stored) return html_not_found(app, req);
  auto trial = model::trial_from_json((*stored)->record);
  if (!trial) return html_error(app, req, 500);
  auto versions = app.store.list_versions(id);
  if (!versions) return html_error(app, req, 503);
  frontend::TrialFeedView view{std::move(*trial), {}};
  for (const auto& v : *versions) view.versions.push_back(version_entry(v));
  return atom_response(req, frontend::trial_feed(view, ctx, app.pages.messages()));
}

}  // namespace

std::vector<Route> feed_routes(AppContext& app) {
  return {
      {"GET", "/search\\.atom", "/search.atom", [&app](const HttpRequest& r) { return search_feed(app, r); }},
      {"GET", "/trials/(jRCT[0-9a-z][0-9]{9})\\.atom", "/trials/{id}.atom",
       [&app](const HttpRequest& r) { return trial_feed(app, r); }},
  };
}

}  // namespace rinsho::server
