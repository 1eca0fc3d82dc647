#include "search/hits.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "index/index_layout.hpp"

namespace rinsho::search {
namespace {

using nlohmann::json;

Text text_of(const json& j) {
  Text t;
  if (j.is_object()) {
    t.ja = j.value("ja", "");
    t.en = j.value("en", "");
  }
  return t;
}

std::vector<std::string> flags_of(const json& d) {
  std::vector<std::string> out;
  const auto flags = d.value("flags", json::object());
  const auto dct = flags.value("dct", json::object());
  bool any_dct = false;
  for (const auto& [k, v] : dct.items()) any_dct = any_dct || (v.is_boolean() && v.get<bool>());
  if (any_dct) out.push_back("dct");
  for (const auto& [k, v] : dct.items())
    if (v.is_boolean() && v.get<bool>()) out.push_back("dct:" + k);
  for (const char* name : {"single_irb", "international", "fih", "pediatric", "orphan", "drug_loss"})
    if (flags.value(name, false)) out.push_back(name);
  if (d.value("eligibility", json::object()).value("healthy_volunteers", false)) out.push_back("healthy");
  return out;
}

}  // namespace

double distance_km(const GeoPoint& a, const GeoPoint& b) {
  Xapian::GreatCircleMetric metric;
  return metric(Xapian::LatLongCoord(a.lat, a.lon), Xapian::LatLongCoord(b.lat, b.lon)) / 1000.0;
}

Hit hit_from_data(const json& d, const std::optional<GeoPoint>& near) {
  Hit h;
  h.id = d.value("id", "");
  h.public_title = text_of(d.value("public_title", json::object()));
  h.scientific_title = text_of(d.value("scientific_title", json::object()));
  h.status = d.value("recruitment_status", "");
  h.phase = d.value("phase", "");
  h.category = d.value("category", "");
  h.study_type = d.value("study_type", "");
  for (const auto& c : d.value("conditions", json::array())) h.conditions.push_back(text_of(c));
  h.flags = flags_of(d);
  const auto e = d.value("eligibility", json::object());
  if (e.contains("min_age_years")) h.min_age = e["min_age_years"].get<double>();
  if (e.contains("max_age_years")) h.max_age = e["max_age_years"].get<double>();
  h.sex = e.value("sex", "all");
  const auto dates = d.value("dates", json::object());
  h.registered = dates.value("registered", "");
  h.last_updated = dates.value("last_updated", h.registered);
  const auto sites = d.value("sites", json::array());
  h.site_count = sites.size();
  for (const auto& s : sites) {
    NearestSite site{text_of(s.value("name", json::object())), s.value("prefecture", ""),
                     text_of(s.value("city", json::object())), 0};
    if (near) {
      if (!s.contains("lat") || !s.contains("lon")) continue;
      site.distance_km = distance_km(*near, {s["lat"].get<double>(), s["lon"].get<double>()});
      if (!h.nearest_site || site.distance_km < h.nearest_site->distance_km) h.nearest_site = site;
    } else if (!h.nearest_site) {
      h.nearest_site = site;
    }
  }
  return h;
}

}  // namespace rinsho::search
