#include "server/api/api_linkage.hpp"

#include <nlohmann/json.hpp>
#include <sstream>

#include "linkage/import_to_store.hpp"
#include "server/runtime/app_context.hpp"
#include "server/api/auth.hpp"
#include "server/http/problem.hpp"
#include "server/routes.hpp"
#include "server/params/search_params.hpp"

namespace rinsho::server {
namespace {

using nlohmann::json;

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// A writer of our NDJSON records, next to the linkage formats.
struct Format {
  std::string name;
  std::optional<linkage::ExportFormat> linkage;  // empty for plain NDJSON records
};

const char* extension_of(const Format& f) {
  if (!f.linkage) return "ndjson";
  switch (*f.linkage) {
    case linkage::ExportFormat::fhir: return "fhir.ndjson";
    case linkage::ExportFormat::trds_xml: return "xml";
    case linkage::ExportFormat::ctgov_json: return "json";
    case linkage::ExportFormat::csv: return "csv";
  }
  return "txt";
}

// Streams every trial, or those matching the search parameters, in `format`. The store is read one
// trial at a time, so the registry is never held in memory.
HttpResponse export_trials(AppContext& app, const HttpRequest& req, Format format) {
  HttpRequest search = req;
  search.query.clear();
  for (const auto& kv : req.query)
    if (kv.first != "format") search.query.push_back(kv);
  auto request = parse_search_params(search, app.validator.schema());
  if (!request) return problem_response(request.error());
  HttpResponse r;
  r.content_type = format.linkage ? std::string(linkage::export_media_type(*format.linkage)) : "application/x-ndjson";
  r.set_header("Content-Disposition", std::string("attachment; filename=\"rinsho-trials.") + extension_of(format) + "\"");
  const bool everything = search.query.empty();
  r.stream = [&app, request = *request, everything, format](const ChunkWriter& write) mutable {
    std::ostringstream buffer;
    std::unique_ptr<linkage::ExportWriter> writer;
    if (format.linkage) {
      writer = linkage::make_export_writer(*format.linkage);
      writer->begin(buffer);
    }
    auto drain = [&] {
      const auto chunk = buffer.str();
      buffer.str({});
      return chunk.empty() || write(chunk);
    };
    auto emit = [&](const json& record) {
      if (writer) writer->write(record);
      else buffer << dump(record) << '\n';
      return drain();
    };
    if (everything) {
      (void)app.store.for_each_trial([&](const store::StoredTrial& t) { return emit(t.record); });
    } else {
      // Ids only, a thousand per turn in the search queue: a turn per hundred made a large export
      // wait behind every queued search again and again (over 2 s at c=32 in bench/soak). The
      // turn is given back before writing to the client, so a slow download holds up no one.
      constexpr std::size_t kIdsPerTurn = 1000;
      for (std::size_t offset = 0;; offset += kIdsPerTurn) {
        std::vector<std::string> ids;
        {
          auto searcher = app.searchers.acquire();
          if (!searcher) break;
          auto page = (*searcher)->matching_ids(request, offset, kIdsPerTurn);
          if (!page || page->empty()) break;
          ids = std::move(*page);
        }
        bool open = true;
        for (const auto& id : ids) {
          auto t = app.store.get_trial(id);
          if (t && *t && !(open = emit((*t)->record))) break;
        }
        if (!open) return;
        if (ids.size() < kIdsPerTurn) break;
      }
    }
    if (writer) writer->end();
    drain();
  };
  return r;
}

HttpResponse export_route(AppContext& app, const HttpRequest& req) {
  const auto name = req.query_value("format").value_or("ndjson");
  if (name == "ndjson") return export_trials(app, req, {"ndjson", std::nullopt});
  auto format = linkage::parse_export_format(name);
  if (!format)
    return problem_response(400, "unknown format", {{"format", "ndjson, fhir, trds-xml, ctgov-json, csv のいずれかを指定してください",
                                                     "must be one of: ndjson, fhir, trds-xml, ctgov-json, csv"}});
  return export_trials(app, req, {name, *format});
}

HttpResponse import_route(AppContext& app, const HttpRequest& req) {
  auto found = bearer_token(app, req);
  if (!found) return problem_response(found.error());
  if (!*found) return unauthorized();
  const auto& token = *found;
  for (const auto& [key, value] : req.query)
    if (key != "format" && key != "all_countries")
      return problem_response(400, "unknown parameter " + key, {{key, "不明なパラメータです", "is not a known parameter"}});
  auto format = linkage::parse_import_format(req.query_value("format").value_or(""));
  if (!format)
    return problem_response(400, "unknown format", {{"format", "ictrp-xml, ictrp-csv, ctgov-json, ctgov-xml のいずれかを指定してください",
                                                     "must be one of: ictrp-xml, ictrp-csv, ctgov-json, ctgov-xml"}});
  store::WriteContext ctx;
  ctx.org_id = token->org_id;
  ctx.actor = token->label;
  ctx.source = "import";
  std::istringstream in(req.body);
  json records = json::array();
  auto counts = linkage::import_into_store(app.store, *format, in, {req.query_value("all_countries") == "true"}, ctx,
                                           [&](const linkage::ImportOutcome& o) {
                                             records.push_back({{"source_id", o.source_id}, {"outcome", o.outcome},
                                                                {"id", o.trial_id}, {"reasons", o.reasons}});
                                           });
  if (!counts) return problem_response(counts.error());
  if (auto ok = app.index.catch_up(); !ok) std::fprintf(stderr, "index catch-up after import: %s\n", ok.error().message.c_str());
  const auto& c = counts->counts;
  return json_response(200, dump({{"imported", c.imported}, {"updated", c.updated}, {"linked", c.linked},
                                  {"unchanged", c.unchanged}, {"skipped", c.skipped},
                                  {"failed", c.failed}, {"records", records}}));
}

}  // namespace

HttpResponse exported_trial(linkage::ExportFormat format, const json& record, const std::string& etag) {
  HttpResponse r;
  try {
    r.body = linkage::export_trial(format, record);
  } catch (const std::exception& e) {
    return problem_response(500, std::string("cannot export this trial: ") + e.what());
  }
  r.content_type = std::string(linkage::export_trial_media_type(format));
  r.set_header("ETag", etag);
  return r;
}

std::vector<Route> api_linkage_routes(AppContext& app) {
  return {
      {"GET", "/api/v1/export\\.ndjson", "/api/v1/export.ndjson",
       [&app](const HttpRequest& r) { return export_trials(app, r, {"ndjson", std::nullopt}); }},
      {"GET", "/api/v1/export\\.csv", "/api/v1/export.csv",
       [&app](const HttpRequest& r) { return export_trials(app, r, {"csv", linkage::ExportFormat::csv}); }},
      {"GET", "/api/v1/export", "/api/v1/export", [&app](const HttpRequest& r) { return export_route(app, r); }},
      // The token is checked before the file is read, so no one without one can make us read it.
      {"POST", "/api/v1/import", "/api/v1/import", [&app](const HttpRequest& r) { return import_route(app, r); },
       [&app](const HttpRequest& r) -> std::optional<HttpResponse> {
         auto found = bearer_token(app, r);
         if (!found) return problem_response(found.error());
         if (!*found) return unauthorized();
         return std::nullopt;
       }},
  };
}

}  // namespace rinsho::server
