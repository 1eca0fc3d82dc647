// Statistics and metrics: GET /api/v1/stats (public KPI progress and registry snapshot), GET
// /api/v1/stats/trials (an organisation's own trial views, bearer token), GET /metrics
// (Prometheus), and the /stats page with its stylesheet.
#include <filesystem>
#include <nlohmann/json.hpp>

#include "server/runtime/app_context.hpp"
#include "server/api/auth.hpp"
#include "server/http/problem.hpp"
#include "server/routes.hpp"
#include "server/pages/stats_page.hpp"
#include "server/ops/stats_report.hpp"

namespace rinsho::server {
namespace {

using nlohmann::json;

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

std::optional<HttpResponse> reject_unknown(const HttpRequest& req, std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, value] : req.query)
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
      return problem_response(400, "unknown parameter " + key, {{key, "不明なパラメータです", "is not a known parameter"}});
  return std::nullopt;
}

HttpResponse stats_json(AppContext& app, const HttpRequest& req) {
  if (auto bad = reject_unknown(req, {})) return *bad;
  auto stats = cached_stats(app);
  if (!stats) return problem_response(stats.error());
  auto r = json_response(200, dump(**stats));
  r.set_header("Cache-Control", "public, max-age=60");
  return r;
}

Result<metrics::Day> day_param(const HttpRequest& req, const char* name, metrics::Day fallback) {
  auto v = req.query_value(name);
  if (!v) return fallback;
  auto d = metrics::parse_iso_date(*v);
  if (!d) return fail(ErrorCode::invalid_argument, std::string("bad ") + name,
                      {{name, "YYYY-MM-DD 形式の日付で指定してください", "must be a date such as 2026-04-01"}});
  return *d;
}

HttpResponse org_trial_stats(AppContext& app, const HttpRequest& req) {
  auto token = bearer_token(app, req);
  if (!token) return problem_response(token.error());
  if (!*token) return unauthorized();
  if (auto bad = reject_unknown(req, {"from", "to"})) return *bad;
  const auto today = app.access.today();
  auto from = day_param(req, "from", metrics::fiscal_year_start(metrics::fiscal_year(today)));
  if (!from) return problem_response(from.error());
  auto to = day_param(req, "to", today);
  if (!to) return problem_response(to.error());
  if (*from > *to) return problem_response(400, "from is after to", {{"from", "to より前の日付にしてください", "must not be after to"}});
  auto stats = build_org_trial_stats(app, (*token)->org_id, *from, *to);
  if (!stats) return problem_response(stats.error());
  auto r = json_response(200, dump(*stats));
  r.set_header("Cache-Control", "private, no-store");
  return r;
}

// Seconds since the index last committed: the glass backend rewrites iamglass on every commit,
// whether the server or rinsho-indexer made it.
std::optional<double> index_age_seconds(const std::filesystem::path& index_dir) {
  std::error_code ec;
  const auto written = std::filesystem::last_write_time(index_dir / "iamglass", ec);
  if (ec) return std::nullopt;
  const auto age = std::filesystem::file_time_type::clock::now() - written;
  return std::max(0.0, std::chrono::duration<double>(age).count());
}

void index_gauges(AppContext& app, PrometheusWriter& out) {
  auto store_seq = app.store.last_seq();
  std::optional<std::uint64_t> documents;
  std::optional<std::int64_t> index_seq;
  if (auto searcher = app.searchers.acquire()) {
    documents = (*searcher)->doc_count();
    index_seq = (*searcher)->last_applied_seq();
  }
  out.family("rinsho_index_ready", "gauge", "1 when the index has applied every change the store had at the last check.");
  out.sample("rinsho_index_ready", app.index.ready() ? 1 : 0);
  if (documents) {
    out.family("rinsho_index_documents", "gauge", "Trials in the search index.");
    out.sample("rinsho_index_documents", double(*documents));
  }
  if (auto age = index_age_seconds(app.config.data_dir / "index")) {
    out.family("rinsho_index_age_seconds", "gauge", "Seconds since the search index last committed a change.");
    out.sample("rinsho_index_age_seconds", *age);
  }
  if (store_seq) {
    out.family("rinsho_store_last_seq", "gauge", "The store's last change sequence number.");
    out.sample("rinsho_store_last_seq", double(*store_seq));
  }
  if (index_seq) {
    out.family("rinsho_index_last_seq", "gauge", "The last store sequence number the index has applied.");
    out.sample("rinsho_index_last_seq", double(*index_seq));
  }
  if (store_seq && index_seq) {
    out.family("rinsho_index_lag_changes", "gauge", "Store changes not yet in the index (store_last_seq - index_last_seq).");
    out.sample("rinsho_index_lag_changes", double(std::max<std::int64_t>(0, *store_seq - *index_seq)));
  }
}

void access_gauges(AppContext& app, PrometheusWriter& out) {
  using namespace metrics;
  out.family("rinsho_accesses_total", "counter", "Accesses counted since the process started, by audience, kind and channel.");
  for (auto a : {Audience::person, Audience::program, Audience::bot})
    for (auto k : {AccessKind::detail, AccessKind::search, AccessKind::other})
      for (auto c : {Channel::page, Channel::api})
        out.sample("rinsho_accesses_total", {{"audience", name(a)}, {"kind", name(k)}, {"channel", name(c)}},
                   double(app.access.counter().total(a, k, c)));
  out.family("rinsho_prescreens_total", "counter", "Pre-screen questionnaires answered (trial page or \"my situation\"); nothing else about them is kept.");
  out.sample("rinsho_prescreens_total", double(app.access.prescreens()));
  out.family("rinsho_access_flushes_total", "counter", "Flushes of access counts into the store.");
  out.sample("rinsho_access_flushes_total", double(app.access.flushes()));
  out.family("rinsho_access_flush_failures_total", "counter", "Flushes that failed; their counts were kept for the next one.");
  out.sample("rinsho_access_flush_failures_total", double(app.access.flush_failures()));
  out.family("rinsho_access_last_flush_timestamp_seconds", "gauge", "Unix time of the last successful flush (0: none yet).");
  out.sample("rinsho_access_last_flush_timestamp_seconds", app.access.last_flush_unix_seconds());
}

HttpResponse prometheus(AppContext& app, const HttpRequest& req) {
  if (auto bad = reject_unknown(req, {})) return *bad;
  PrometheusWriter out;
  app.requests.write(out);
  index_gauges(app, out);
  access_gauges(app, out);
  HttpResponse r;
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  r.body = out.text();
  r.set_header("Cache-Control", "no-store");
  return r;
}

HttpResponse stats_page(AppContext& app, const HttpRequest& req) {
  if (auto bad = reject_unknown(req, {"lang"})) return *bad;
  const auto lang = req.query_value("lang").value_or("ja") == "en" ? metrics::Lang::en : metrics::Lang::ja;
  auto stats = cached_stats(app);
  if (!stats) return problem_response(stats.error());
  HttpResponse r;
  r.content_type = "text/html; charset=utf-8";
  r.body = render_stats_page(**stats, lang);
  r.set_header("Cache-Control", "public, max-age=60");
  r.set_header("Content-Language", std::string(metrics::name(lang)));
  return r;
}

}  // namespace

std::vector<Route> stats_routes(AppContext& app) {
  return {
      {"GET", "/api/v1/stats", "/api/v1/stats", [&app](const HttpRequest& r) { return stats_json(app, r); }},
      {"GET", "/api/v1/stats/trials", "/api/v1/stats/trials", [&app](const HttpRequest& r) { return org_trial_stats(app, r); }},
      {"GET", "/metrics", "/metrics", [&app](const HttpRequest& r) { return prometheus(app, r); }},
      {"GET", "/stats", "/stats", [&app](const HttpRequest& r) { return stats_page(app, r); }},
      {"GET", "/static/stats\\.css", "/static/stats.css", [](const HttpRequest&) { return stats_stylesheet(); }},
  };
}

}  // namespace rinsho::server
