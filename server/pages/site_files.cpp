// Files around the pages: /static/ (embedded assets), /sitemap.xml and /robots.txt.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "frontend/assets.hpp"
#include "frontend/sitemap.hpp"
#include "server/runtime/app_context.hpp"
#include "server/pages/pages.hpp"

namespace rinsho::server {
namespace {

// Each trial has two pages (ja, en); part 1 also lists the static pages.
std::size_t trials_per_part(const AppContext& app) {
  const std::size_t max_urls = std::min(app.config.sitemap_max_urls, frontend::kSitemapMaxUrls);
  const std::size_t static_urls = frontend::static_page_paths().size();
  return max_urls > static_urls + 2 ? (max_urls - static_urls) / 2 : 1;
}

// Exactly "application/xml": httplib 0.11 compresses only content types it knows by their exact
// value, so with a charset parameter the sitemap (about 200 bytes a trial) went out uncompressed.
// The XML declaration already says UTF-8, which is what XML readers go by (RFC 7303, 4.3).
constexpr const char* kXmlType = "application/xml";

HttpResponse static_file(const AppContext& app, const HttpRequest& req) {
  auto asset = frontend::static_asset(req.path_params.at(0));
  if (!asset) return html_not_found(app, req);
  HttpResponse r;
  r.set_header("ETag", asset->etag);
  // Pages link assets with ?v=<content hash>, so a day of caching never serves stale files.
  r.set_header("Cache-Control", "public, max-age=86400");
  if (auto match = req.header("If-None-Match"); match && *match == asset->etag) {
    r.status = 304;
    return r;
  }
  r.content_type = asset->content_type;
  r.body = std::string(asset->body);
  return r;
}

std::string base_url(const AppContext& app) {
  std::string base = app.config.base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base;
}

std::string lastmod(const store::StoredTrial& t) {
  const auto& r = t.record;
  if (auto d = r.find("dates"); d != r.end() && d->contains("last_updated")) return (*d)["last_updated"].get<std::string>();
  return t.updated_at;
}

// Streams one urlset: part 0 when everything fits, else part n (1-based) of the index.
HttpResponse sitemap_part(AppContext& app, std::size_t part) {
  HttpResponse r;
  r.content_type = kXmlType;
  r.set_header("Cache-Control", "public, max-age=3600");
  const std::string base = base_url(app);
  const std::size_t per_part = trials_per_part(app);
  r.stream = [&app, part, base, per_part](const ChunkWriter& write) {
    if (!write(frontend::sitemap_begin())) return;
    if (part <= 1)
      for (const auto& p : frontend::static_page_paths())
        if (!write(frontend::sitemap_url(base + p))) return;
    const std::size_t first = part == 0 ? 0 : (part - 1) * per_part;
    const std::size_t last = part == 0 ? SIZE_MAX : part * per_part;
    std::size_t i = 0;
    bool ok = true;
    (void)app.store.for_each_trial([&](const store::StoredTrial& t) {
      if (i >= last) return false;
      if (i++ < first) return true;
      std::string chunk;
      for (const auto& p : frontend::trial_page_paths(t.id)) chunk += frontend::sitemap_url(base + p, lastmod(t));
      ok = write(chunk);
      return ok;
    });
    if (ok) write(frontend::sitemap_end());
  };
  return r;
}

HttpResponse sitemap(AppContext& app, const HttpRequest& req) {
  auto count = app.store.count_trials();
  if (!count) return html_error(app, req, 503);
  const auto trials = static_cast<std::size_t>(*count);
  const std::size_t per_part = trials_per_part(app);
  if (trials <= per_part) return sitemap_part(app, 0);
  // More than one file's worth of URLs: an index of parts (sitemaps.org allows 50,000 per file).
  std::vector<std::string> parts;
  for (std::size_t n = 1; (n - 1) * per_part < trials; ++n)
    parts.push_back(base_url(app) + "/sitemap-" + std::to_string(n) + ".xml");
  HttpResponse r;
  r.content_type = kXmlType;
  r.set_header("Cache-Control", "public, max-age=3600");
  r.body = frontend::sitemap_index(parts);
  return r;
}

HttpResponse sitemap_numbered(AppContext& app, const HttpRequest& req) {
  const auto n = std::stoull(req.path_params.at(0));
  auto count = app.store.count_trials();
  if (!count) return html_error(app, req, 503);
  const std::size_t per_part = trials_per_part(app);
  if (n == 0 || (n - 1) * per_part >= static_cast<std::size_t>(*count) || static_cast<std::size_t>(*count) <= per_part)
    return html_not_found(app, req);
  return sitemap_part(app, n);
}

}  // namespace

std::vector<Route> site_file_routes(AppContext& app) {
  return {
      {"GET", "/static/([A-Za-z0-9._-]+)", "/static/{file}", [&app](const HttpRequest& r) { return static_file(app, r); }},
      {"GET", "/sitemap\\.xml", "/sitemap.xml", [&app](const HttpRequest& r) { return sitemap(app, r); }},
      // Browsers ask for /favicon.ico on pages that name no icon (robots.txt, the sitemap).
      {"GET", "/favicon\\.ico", "/favicon.ico",
       [](const HttpRequest&) {
         HttpResponse r;
         r.status = 301;
         r.set_header("Location", "/static/favicon.svg");
         r.set_header("Cache-Control", "public, max-age=86400");
         return r;
       }},
      {"GET", "/sitemap-([1-9][0-9]{0,5})\\.xml", "/sitemap-{n}.xml",
       [&app](const HttpRequest& r) { return sitemap_numbered(app, r); }},
      {"GET", "/robots\\.txt", "/robots.txt",
       [&app](const HttpRequest&) {
         HttpResponse r;
         r.body = frontend::robots_txt(base_url(app));
         r.set_header("Cache-Control", "public, max-age=86400");
         return r;
       }},
  };
}

}  // namespace rinsho::server
