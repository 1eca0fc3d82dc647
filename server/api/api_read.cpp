// Read API: search, trial records with their history, suggestions, bulk export, health.
#include <nlohmann/json.hpp>

#include "server/runtime/app_context.hpp"
#include "server/http/http_cache.hpp"
#include "server/http/problem.hpp"
#include "server/routes.hpp"
#include "server/api/search_json.hpp"
#include "server/params/search_params.hpp"
#include "linkage/exporter.hpp"
#include "schema_files.hpp"
#include "server/api/api_linkage.hpp"
#include "text/normalizer.hpp"

namespace rinsho::server {
namespace {

using nlohmann::json;

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

HttpResponse search_trials(AppContext& app, const HttpRequest& req) {
  SearchParamOptions options;
  options.extra_allowed = {"autocorrect"};
  auto request = parse_search_params(req, app.validator.schema(), options);
  if (!request) return problem_response(request.error());
  auto searcher = app.searchers.acquire();
  if (!searcher) return problem_response(searcher.error());
  auto result = (*searcher)->search(*request);
  if (!result) return problem_response(result.error());
  auto r = json_response(200, dump(search_result_json(*result, *request, app.config.base_url)));
  r.search_concepts = searched_conditions(*result, *request, *app.dictionary);
  return r;
}

HttpResponse get_trial(AppContext& app, const HttpRequest& req) {
  const auto& id = req.path_params.at(0);
  for (const auto& [key, value] : req.query)
    if (key != "format") return problem_response(400, "unknown parameter " + key, {{key, "不明なパラメータです", "is not a known parameter"}});
  const auto format = req.query_value("format").value_or("json");
  if (format != "json" && !linkage::parse_export_format(format))
    return problem_response(400, "unknown format", {{"format", "json, fhir, trds-xml, ctgov-json, csv のいずれかを指定してください",
                                                     "must be one of: json, fhir, trds-xml, ctgov-json, csv"}});
  auto trial = app.store.get_trial(id);
  if (!trial) return problem_response(trial.error());
  if (!*trial) return problem_response(404, "no trial " + id, {{"id", "該当する研究はありません", "no trial has this id"}});
  if (auto match = req.header("If-None-Match"); match && etag_matches(*match, (*trial)->etag)) {
    HttpResponse r;
    r.status = 304;
    r.set_header("ETag", (*trial)->etag);
    return r;
  }
  if (format != "json") return exported_trial(*linkage::parse_export_format(format), (*trial)->record, (*trial)->etag);
  auto r = json_response(200, dump((*trial)->record));
  r.set_header("ETag", (*trial)->etag);
  return r;
}

HttpResponse list_versions(AppContext& app, const HttpRequest& req) {
  const auto& id = req.path_params.at(0);
  auto versions = app.store.list_versions(id);
  if (!versions) return problem_response(versions.error());
  if (versions->empty()) return problem_response(404, "no trial " + id, {{"id", "該当する研究はありません", "no trial has this id"}});
  json out = {{"id", id}, {"versions", json::array()}};
  for (const auto& v : *versions) {
    out["versions"].push_back({{"version", v.version}, {"created_at", v.created_at}, {"source", v.source},
                               {"changed_fields", v.changed_fields},
                               {"url", app.config.base_url + "/api/v1/trials/" + id + "/versions/" + std::to_string(v.version)}});
  }
  return json_response(200, dump(out));
}

HttpResponse get_version(AppContext& app, const HttpRequest& req) {
  const auto& id = req.path_params.at(0);
  const auto n = std::stoll(req.path_params.at(1));
  auto version = app.store.get_version(id, n);
  if (!version) return problem_response(version.error());
  if (!*version) return problem_response(404, "no such version", {{"version", "該当する版はありません", "no such version of this trial"}});
  json changes = json::array();
  for (const auto& c : (*version)->diff) changes.push_back({{"pointer", c.pointer}, {"before", c.before}, {"after", c.after}});
  return json_response(200, dump({{"id", id}, {"version", n}, {"created_at", (*version)->summary.created_at},
                                  {"changes", changes}, {"record", (*version)->record}}));
}

// A spelling made only of hiragana (and ー) is a reading: how people type a word, not how it is
// written. For those the suggestion shows the concept's written form, so とうにょう offers 糖尿病.
bool hiragana_only(const std::string& s) {
  if (s.empty()) return false;
  for (std::size_t i = 0; i < s.size(); i += 3) {
    if (i + 3 > s.size() || static_cast<unsigned char>(s[i]) != 0xE3) return false;
    const std::uint32_t cp = ((s[i] & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
    if (!((cp >= 0x3041 && cp <= 0x309F) || cp == 0x30FC)) return false;
  }
  return true;
}

HttpResponse suggest(AppContext& app, const HttpRequest& req) {
  for (const auto& [key, value] : req.query)
    if (key != "q" && key != "limit") return problem_response(400, "unknown parameter " + key, {{key, "不明なパラメータです", "is not a known parameter"}});
  const auto q = req.query_value("q").value_or("");
  if (!valid_utf8(q) || q.size() > 200)
    return problem_response(400, "bad q", {{"q", "200バイト以内の UTF-8 で指定してください", "must be UTF-8 of at most 200 bytes"}});
  json out = {{"q", q}, {"suggestions", json::array()}};
  const auto normalized = text::normalize(q);
  if (!normalized.empty()) {
    for (const auto& [display, index] : app.dictionary->complete(normalized, 10)) {
      const auto& c = app.dictionary->concepts()[index];
      const std::string& label = c.variants.empty() ? display : c.variants.front();
      out["suggestions"].push_back({{"text", hiragana_only(display) ? label : display}, {"label", label}, {"concept", c.id}});
    }
  }
  auto r = json_response(200, dump(out));
  r.set_header("Cache-Control", "public, max-age=3600");
  return r;
}

HttpResponse readyz(AppContext& app) {
  const auto r = app.index.readiness();
  json body = {{"status", r.status}, {"index_seq", r.index_seq}, {"store_seq", r.store_seq},
               {"database", app.store.backend()}};
  auto response = json_response(r.ready ? 200 : 503, dump(body));
  response.set_header("Cache-Control", "no-store");
  return response;
}

HttpResponse schema_file(const char* name) {
  auto r = json_response(200, std::string(*schema_files::embedded_file(name)));
  r.set_header("Cache-Control", "public, max-age=3600");
  return r;
}

}  // namespace

HttpResponse json_response(int status, const std::string& body) {
  HttpResponse r;
  r.status = status;
  // JSON is UTF-8 by definition (RFC 8259) and takes no charset parameter; cpp-httplib gzips only
  // the bare media type, and a search response shrinks about sixfold for a phone that accepts gzip.
  r.content_type = "application/json";
  r.body = body;
  return r;
}

std::vector<Route> api_read_routes(AppContext& app) {
  const std::string id = "(jRCT[0-9a-z][0-9]{9})";
  return {
      {"GET", "/healthz", "/healthz", [](const HttpRequest&) { return json_response(200, R"({"status":"ok"})"); }},
      {"GET", "/readyz", "/readyz", [&app](const HttpRequest&) { return readyz(app); }},
      {"GET", "/api/v1/trials", "/api/v1/trials", [&app](const HttpRequest& r) { return search_trials(app, r); }},
      {"GET", "/api/v1/trials/" + id, "/api/v1/trials/{id}", [&app](const HttpRequest& r) { return get_trial(app, r); }},
      {"GET", "/api/v1/trials/" + id + "/versions", "/api/v1/trials/{id}/versions",
       [&app](const HttpRequest& r) { return list_versions(app, r); }},
      {"GET", "/api/v1/trials/" + id + "/versions/([1-9][0-9]{0,8})", "/api/v1/trials/{id}/versions/{n}",
       [&app](const HttpRequest& r) { return get_version(app, r); }},
      {"GET", "/api/v1/suggest", "/api/v1/suggest", [&app](const HttpRequest& r) { return suggest(app, r); }},
      {"GET", "/api/v1/openapi\\.json", "/api/v1/openapi.json", [](const HttpRequest&) { return schema_file("openapi.json"); }},
      {"GET", "/api/v1/trial\\.schema\\.json", "/api/v1/trial.schema.json", [](const HttpRequest&) { return schema_file("trial.schema.json"); }},
  };
}

}  // namespace rinsho::server
