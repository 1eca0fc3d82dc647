#include "server/api/search_json.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "server/params/search_params.hpp"

namespace rinsho::server {
namespace {

using nlohmann::json;

json text_json(const search::Text& t) {
  json j = json::object();
  if (!t.ja.empty()) j["ja"] = t.ja;
  if (!t.en.empty()) j["en"] = t.en;
  return j;
}

json hit_json(const search::Hit& h, const std::string& base_url) {
  json j = {{"id", h.id},
            {"url", base_url + "/trials/" + h.id},
            {"public_title", text_json(h.public_title)},
            {"scientific_title", text_json(h.scientific_title)},
            {"recruitment_status", h.status},
            {"phase", h.phase},
            {"category", h.category},
            {"study_type", h.study_type},
            {"conditions", json::array()},
            {"flags", h.flags},
            {"eligibility", {{"sex", h.sex}}},
            {"registered", h.registered},
            {"last_updated", h.last_updated},
            {"site_count", h.site_count},
            {"snippet_html", h.snippet_html},
            {"score", h.weight}};
  for (const auto& c : h.conditions) j["conditions"].push_back(text_json(c));
  if (h.min_age) j["eligibility"]["min_age_years"] = *h.min_age;
  if (h.max_age) j["eligibility"]["max_age_years"] = *h.max_age;
  if (h.nearest_site) {
    const auto& s = *h.nearest_site;
    j["nearest_site"] = {{"name", text_json(s.name)}, {"prefecture", s.prefecture}, {"city", text_json(s.city)}};
    if (s.distance_km > 0) j["nearest_site"]["distance_km"] = std::round(s.distance_km * 10) / 10;
  }
  return j;
}

}  // namespace

json search_result_json(const search::SearchResult& r, const search::SearchRequest& req, const std::string& base_url) {
  json j = {{"total", {{"estimated", r.total_estimated}, {"lower_bound", r.total_lower}, {"upper_bound", r.total_upper}}},
            {"page_size", req.page_size},
            {"offset", req.offset},
            {"hits", json::array()},
            {"facets", json::object()},
            {"applied", json::array()}};
  for (const auto& h : r.hits) j["hits"].push_back(hit_json(h, base_url));
  for (const auto& [name, values] : r.facets) {
    j["facets"][name] = json::array();
    for (const auto& v : values) j["facets"][name].push_back({{"value", v.value}, {"count", v.count}});
  }
  for (const auto& a : r.applied) j["applied"].push_back({{"word", a.word}, {"filter", a.filter}});
  if (r.suggestion) j["suggestion"] = *r.suggestion;
  if (r.corrected_from) j["corrected"] = {{"from", *r.corrected_from}, {"to", r.searched_q}};
  const std::size_t next = req.offset + r.hits.size();
  j["next_cursor"] = next < r.total_lower || (r.hits.size() == req.page_size && next < r.total_estimated)
                         ? json(encode_cursor(next)) : json(nullptr);
  return j;
}

}  // namespace rinsho::server
