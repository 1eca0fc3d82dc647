#include "frontend/prefecture_map.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "frontend/i18n.hpp"

namespace rinsho::frontend {

std::vector<std::uint64_t> map_shade_bounds(std::uint64_t max) {
  std::vector<std::uint64_t> bounds;
  if (max == 0) return bounds;
  for (int k = 1; k <= kMapShades && (bounds.empty() || bounds.back() < max); ++k) {
    auto bound = k == kMapShades ? max : static_cast<std::uint64_t>(std::llround(std::pow(double(max), double(k) / kMapShades)));
    if (!bounds.empty() && bound <= bounds.back()) bound = bounds.back() + 1;
    bounds.push_back(std::min(bound, max));
  }
  return bounds;
}

std::string map_shade(std::uint64_t count, const std::vector<std::uint64_t>& bounds) {
  if (count == 0 || bounds.empty()) return "m0";
  const auto step = std::size_t(std::lower_bound(bounds.begin(), bounds.end(), count) - bounds.begin());
  const std::size_t from_top = bounds.size() - 1 - std::min(step, bounds.size() - 1);
  return "m" + std::to_string(kMapShades - int(from_top));
}

namespace {

nlohmann::json legend(const std::vector<std::uint64_t>& bounds, const std::string& lang, const Messages& m) {
  nlohmann::json out = nlohmann::json::array();
  out.push_back({{"shade", "m0"}, {"text", m.text("map_legend_none", lang)}});
  std::uint64_t from = 1;
  for (const auto to : bounds) {
    const std::string text = from == to ? m.format("map_legend_one", lang, {{"n", format_count(to)}})
                                        : m.format("map_legend_range", lang, {{"from", format_count(from)}, {"to", format_count(to)}});
    out.push_back({{"shade", map_shade(to, bounds)}, {"text", text}});
    from = to + 1;
  }
  return out;
}

// "東京都: 募集中 12件" / "Tokyo: 12 recruiting": the name a screen reader gives each area.
std::string area_label(const std::string& name, std::uint64_t count, MapCounts kind, const std::string& lang,
                       const Messages& m) {
  if (kind == MapCounts::recruiting) return m.format("map_area_recruiting", lang, {{"name", name}, {"n", format_count(count)}});
  if (count == 1) return m.format("map_area_results_one", lang, {{"name", name}});
  return m.format("map_area_results", lang, {{"name", name}, {"n", format_count(count)}});
}

}  // namespace

nlohmann::json prefecture_map(const MapOutlines& outlines, const MapRequest& request, const std::string& lang,
                              const Messages& m) {
  std::map<std::string, std::uint64_t> counts;
  std::uint64_t max = 0;
  for (const auto& v : request.counts) {
    counts[v.value] = v.count;
    max = std::max<std::uint64_t>(max, v.count);
  }
  const auto bounds = map_shade_bounds(max);
  nlohmann::json areas = nlohmann::json::array(), rows = nlohmann::json::array();
  for (const auto& outline : outlines.outlines) {
    const auto* pref = m.prefecture(outline.code);
    if (!pref) continue;  // parse_map_outlines accepts only the 47 codes
    const auto it = counts.find(outline.code);
    const std::uint64_t count = it == counts.end() ? 0 : it->second;
    Query q = request.link_query;
    q.emplace_back("prefecture", outline.code);
    const std::string href = build_url("/search", with_lang(q, lang));
    const bool selected = std::find(request.selected.begin(), request.selected.end(), outline.code) != request.selected.end();
    // Okinawa's whole inset frame is part of its link: its islands alone are too small to tap.
    nlohmann::json inset = false;
    if (outline.code == "47" && outlines.frame_w > 0)
      inset = {{"x", outlines.frame_x}, {"y", outlines.frame_y}, {"w", outlines.frame_w}, {"h", outlines.frame_h}};
    areas.push_back({{"href", href}, {"label", area_label(pref->name(lang), count, request.kind, lang, m)},
                     {"d", outline.d}, {"shade", map_shade(count, bounds)}, {"selected", selected}, {"inset", inset}});
    rows.push_back({{"name", pref->name(lang)}, {"href", href}, {"count", format_count(count)}});
  }
  return {{"width", outlines.width},
          {"height", outlines.height},
          {"labelledby", request.labelledby},
          {"areas", std::move(areas)},
          {"legend", legend(bounds, lang, m)},
          {"rows", std::move(rows)},
          {"count_heading", m.text(request.kind == MapCounts::recruiting ? "map_col_recruiting" : "map_col_results", lang)},
          {"credit_href", build_url("/about", with_lang({}, lang)) + "#map-credit"}};
}

}  // namespace rinsho::frontend
