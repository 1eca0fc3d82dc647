// The /search page: hits, filters, paging and the page shown when nothing matched.
#include <algorithm>

#include "frontend/feeds.hpp"
#include "frontend/prefecture_map.hpp"
#include "frontend/renderer.hpp"
#include "frontend/results_parts.hpp"

namespace rinsho::frontend {
namespace {

using namespace results_parts;

// The hit badges patients asked for, in this order.
constexpr const char* kBadgeFlags[] = {"dct", "healthy", "pediatric", "orphan", "international", "fih"};

const std::string& pick(const search::Text& t, const std::string& lang) {
  if (lang == "en") return t.en.empty() ? t.ja : t.en;
  return t.ja.empty() ? t.en : t.ja;
}

nlohmann::json hit_json(const search::Hit& h, const ResultsView& view, const PageContext& ctx, const Messages& m) {
  const auto& lang = ctx.lang;
  Query q;
  if (view.request.near) q.emplace_back("near", format_point(view.request.near->lat, view.request.near->lon));
  std::string conditions;
  for (const auto& c : h.conditions) conditions += (conditions.empty() ? "" : (lang == "en" ? ", " : "、")) + pick(c, lang);
  nlohmann::json badges = nlohmann::json::array();
  for (const char* flag : kBadgeFlags)
    if (std::find(h.flags.begin(), h.flags.end(), flag) != h.flags.end())
      badges.push_back({{"key", flag}, {"label", m.label("flag", flag, lang)}});
  nlohmann::json nearest = false;
  if (h.nearest_site && view.request.near) {
    const auto& s = *h.nearest_site;
    std::string place = m.label("prefecture", s.prefecture, lang);
    if (!pick(s.city, lang).empty()) place += lang == "en" ? ", " + pick(s.city, lang) : pick(s.city, lang);
    nearest = {{"name", pick(s.name, lang)}, {"place", place},
               {"distance", m.format("hit_distance", lang, {{"km", format_km(s.distance_km)}})}};
  }
  return {{"id", h.id},
          {"href", build_url("/trials/" + h.id, with_lang(q, lang))},
          {"title", pick(h.public_title, lang)},
          {"status", h.status},
          {"status_label", m.label("status", h.status, lang)},
          {"phase_label", h.phase.empty() || h.phase == "na" ? "" : m.label("phase", h.phase, lang)},
          {"category_label", m.label("category", h.category, lang)},
          {"conditions", conditions},
          {"nearest", nearest},
          {"sites", h.site_count > 0 ? m.format("hit_sites", lang, {{"n", std::to_string(h.site_count)}}) : ""},
          {"has_badges", !badges.empty()},
          {"badges", badges},
          {"snippet_html", h.snippet_html},
          {"situation", situation_label(h.id, view, ctx, m)},
          {"updated", h.last_updated.empty() ? "" : format_date(h.last_updated, lang)}};
}

nlohmann::json paging_json(const ResultsView& view, const PageContext& ctx, const Messages& m) {
  const auto& r = view.request;
  const std::size_t size = std::max<std::size_t>(1, r.page_size);
  const std::uint64_t total = view.result.total_estimated;
  const std::uint64_t current = r.offset / size + 1;
  // Paging stops where the server stops serving (offset 10,000), like the API.
  const std::uint64_t last = std::min<std::uint64_t>((total + size - 1) / size, 10000 / size + 1);
  if (last <= 1) return false;
  const Query base = base_query(ctx);
  auto href = [&](std::uint64_t n) {
    Query q = base;
    if (n > 1) q.emplace_back("page", std::to_string(n));
    return build_url("/search", with_lang(q, ctx.lang));
  };
  nlohmann::json pages = nlohmann::json::array();
  const std::uint64_t from = current > 2 ? current - 2 : 1, to = std::min(last, from + 4);
  for (std::uint64_t n = from; n <= to; ++n)
    pages.push_back({{"n", std::to_string(n)}, {"href", href(n)}, {"current", n == current},
                     {"label", m.format("paging_page", ctx.lang, {{"n", std::to_string(n)}})}});
  return {{"pages", pages},
          {"prev_href", current > 1 ? nlohmann::json(href(current - 1)) : nlohmann::json(false)},
          {"next_href", current < last ? nlohmann::json(href(current + 1)) : nlohmann::json(false)}};
}

// "もしかして: <a>…</a>": the suggested query with the page's other parameters (filters kept).
nlohmann::json suggestion_json(const ResultsView& view, const PageContext& ctx) {
  if (!view.result.suggestion || view.result.suggestion->empty()) return false;
  Query q = without_keys(base_query(ctx), {"q"});
  q.insert(q.begin(), std::pair<std::string, std::string>("q", *view.result.suggestion));
  return {{"text", *view.result.suggestion}, {"href", build_url("/search", with_lang(q, ctx.lang))}};
}

// The page searched a corrected spelling because the typed one matched nothing: say which, and
// link the typed one with the correction turned off.
nlohmann::json corrected_json(const ResultsView& view, const PageContext& ctx) {
  if (!view.result.corrected_from) return false;
  Query q = without_keys(base_query(ctx), {"q", "autocorrect", "page"});
  q.insert(q.begin(), std::pair<std::string, std::string>("q", *view.result.corrected_from));
  q.emplace_back("autocorrect", "false");
  return {{"to", view.result.searched_q},
          {"from", *view.result.corrected_from},
          {"href", build_url("/search", with_lang(q, ctx.lang))}};
}

nlohmann::json no_results_json(const ResultsView& view, const PageContext& ctx, const nlohmann::json& active) {
  const auto& lang = ctx.lang;
  return {{"suggestion", suggestion_json(view, ctx)},
          {"remove", active},
          {"all_href", build_url("/search", with_lang({{"status", "recruiting"}}, lang))}};
}

// The map narrows the search to one prefecture, in place of any chosen before. Shown only when some
// prefecture counts: hits without a site in Japan leave nothing to narrow by.
nlohmann::json results_map(const ResultsView& view, const PageContext& ctx, const Messages& m, const MapOutlines& outlines) {
  const auto facet = view.result.facets.find("prefecture");
  if (facet == view.result.facets.end() ||
      std::none_of(facet->second.begin(), facet->second.end(), [](const auto& v) { return v.count > 0; }))
    return false;
  MapRequest map{facet->second, MapCounts::results, without_keys(base_query(ctx), {"prefecture"}),
                 view.request.prefecture, "map-h"};
  return prefecture_map(outlines, map, ctx.lang, m);
}

std::string count_text(std::uint64_t total, const std::string& lang, const Messages& m) {
  if (total == 1) return m.text("results_count_one", lang);
  return m.format("results_count", lang, {{"n", format_count(total)}});
}

}  // namespace

std::string Renderer::results(const ResultsView& view, const PageContext& ctx) const {
  const auto& m = messages();
  const auto& lang = ctx.lang;
  const auto& r = view.request;
  const auto& result = view.result;
  nlohmann::json v;
  v["title"] = !r.q.empty() ? m.format("results_title_q", lang, {{"q", r.q}})
               : r.near    ? m.text("results_title_near", lang)
                           : m.text("results_title_all", lang);
  v["heading"] = v["title"];
  v["description"] = m.text("results_description", lang);
  v["query_is_content"] = true;
  v["q"] = r.q;
  v["count_text"] = count_text(result.total_estimated, lang, m);
  v["range_text"] = result.hits.empty() ? ""
                                        : m.format("results_range", lang, {{"from", std::to_string(r.offset + 1)},
                                                                           {"to", std::to_string(r.offset + result.hits.size())}});
  nlohmann::json hits = nlohmann::json::array();
  for (const auto& h : result.hits) hits.push_back(hit_json(h, view, ctx, m));
  v["has_hits"] = !hits.empty();
  v["hits"] = std::move(hits);
  const auto active = active_filters(view, ctx, m);
  v["active"] = active;
  v["active_count"] = active.empty() ? nlohmann::json(false) : nlohmann::json(std::to_string(active.size()));
  v["clear_href"] = build_url("/search", with_lang(r.q.empty() ? Query{} : Query{{"q", r.q}}, lang));
  v["facets"] = facets(view, ctx, m);
  v["form"] = form_fields(view, ctx, m);
  v["situation"] = situation_form(ctx, m);
  v["applied"] = applied_notes(view, ctx, m);
  v["paging"] = paging_json(view, ctx, m);
  v["no_results"] = result.hits.empty() ? no_results_json(view, ctx, active) : nlohmann::json(false);
  // A few hits and a spelling that finds more (レカネマプ -> レカネマブ): offered above the hits.
  v["few_results_suggestion"] = result.hits.empty() ? nlohmann::json(false) : suggestion_json(view, ctx);
  v["corrected"] = corrected_json(view, ctx);
  v["feed_href"] = search_feed_href(ctx);
  v["map"] = result.hits.empty() ? nlohmann::json(false) : results_map(view, ctx, m, map_outlines());
  return page("results", std::move(v), ctx);
}

}  // namespace rinsho::frontend
