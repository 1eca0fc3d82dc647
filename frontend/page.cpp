// The layout every page shares, and the pages that need no data: top, glossary, about, errors.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "frontend/assets.hpp"
#include "frontend/format.hpp"
#include "frontend/i18n.hpp"
#include "frontend/map_outlines.hpp"
#include "frontend/prefecture_map.hpp"
#include "frontend/renderer.hpp"
#include "frontend/template.hpp"

namespace rinsho::frontend {

struct Renderer::State {
  Messages messages;
  std::string css_url, js_url, favicon_url;
  MapOutlines map;
};

Result<Renderer> Renderer::create() {
  auto messages = Messages::load();
  if (!messages) return tl::unexpected(messages.error());
  if (auto ok = check_templates(); !ok) return tl::unexpected(ok.error());
  auto map = load_map_outlines();
  if (!map) return tl::unexpected(map.error());
  auto state = std::make_shared<State>(State{std::move(*messages), asset_url("site.css"), asset_url("site.js"),
                                             asset_url("favicon.svg"), std::move(*map)});
  return Renderer(std::move(state));
}

const Messages& Renderer::messages() const { return state_->messages; }
const MapOutlines& Renderer::map_outlines() const { return state_->map; }

namespace {

// Links inside the site keep the reader's language.
std::string local_href(std::string_view path, const std::string& lang) { return build_url(path, with_lang({}, lang)); }

void add_layout(nlohmann::json& v, const PageContext& ctx, const Messages& m) {
  const std::string& lang = ctx.lang;
  const std::string other = lang == "en" ? "ja" : "en";
  const Query ja_query = with_lang(ctx.query, "ja"), en_query = with_lang(ctx.query, "en");
  // Only a search is defined by its query; elsewhere extra parameters (near=, tracking) would split
  // one page into many URLs for search engines.
  const Query kept = v.value("query_is_content", false) ? ctx.query : Query{};
  const Query ja_canonical = with_lang(kept, "ja"), en_canonical = with_lang(kept, "en");
  v["lang"] = lang;
  v["is_en"] = lang == "en";
  v["t"] = m.texts(lang);
  v["other_lang"] = other;
  v["other_lang_href"] = build_url(ctx.path, other == "en" ? en_query : ja_query);
  v["home_href"] = local_href("/", lang);
  v["glossary_href"] = local_href("/glossary", lang);
  v["about_href"] = local_href("/about", lang);
  v["saved_href"] = local_href("/saved", lang);
  v["stats_href"] = local_href("/stats", lang);
  v["og_locale"] = lang == "en" ? "en_US" : "ja_JP";
  v["og_locale_alt"] = lang == "en" ? "ja_JP" : "en_US";
  if (!v.contains("og_type")) v["og_type"] = "website";
  const bool indexable = !v.value("noindex", false);
  v["alt_ja"] = ctx.base_url + build_url(ctx.path, ja_canonical);
  v["alt_en"] = ctx.base_url + build_url(ctx.path, en_canonical);
  v["canonical"] = indexable ? (lang == "en" ? v["alt_en"] : v["alt_ja"]) : nlohmann::json(false);
  for (const char* key : {"json_ld", "header_search", "q", "feed_href"})
    if (!v.contains(key)) v[key] = false;
}

}  // namespace

void Renderer::prepare(nlohmann::json& view, const PageContext& ctx) const {
  const auto& m = state_->messages;
  add_layout(view, ctx, m);
  view["css_url"] = state_->css_url;
  view["js_url"] = state_->js_url;
  view["favicon_url"] = state_->favicon_url;
  const std::string title = view.value("title", std::string());
  view["title"] = title.empty() ? m.text("site_name", ctx.lang) : title + " | " + m.text("site_short", ctx.lang);
}

std::string Renderer::page(const char* body_template, nlohmann::json view, const PageContext& ctx) const {
  prepare(view, ctx);
  view["body"] = render_template(body_template, view);
  return render_template("layout", view);
}

std::string Renderer::wrap(std::string body_html, nlohmann::json view, const PageContext& ctx) const {
  prepare(view, ctx);
  view["body"] = std::move(body_html);
  return render_template("layout", view);
}

std::string Renderer::top(const TopView& top, const PageContext& ctx) const {
  const auto& m = state_->messages;
  const auto& lang = ctx.lang;
  nlohmann::json v = {{"title", ""}, {"description", m.text("top_description", lang)}};
  nlohmann::json quick = nlohmann::json::array();
  for (const auto& c : m.quick_conditions()) {
    const std::string label = c[lang == "en" ? "en" : "ja"];
    quick.push_back({{"label", label}, {"href", build_url("/search", with_lang({{"q", label}}, lang))}});
  }
  v["quick"] = std::move(quick);
  nlohmann::json prefs = nlohmann::json::array();
  for (const auto& p : m.prefectures()) prefs.push_back({{"name", p.name(lang)}, {"point", format_point(p.lat, p.lon)}});
  v["prefectures"] = std::move(prefs);
  v["recruiting_text"] = top.recruiting_count
                             ? nlohmann::json(m.format("recruiting_count", lang, {{"n", format_count(*top.recruiting_count)}}))
                             : nlohmann::json(false);
  v["recruiting_href"] = build_url("/search", with_lang({{"status", "recruiting"}}, lang));
  // The map needs the index as much as the count does.
  v["map"] = false;
  if (top.recruiting_count) {
    MapRequest map{top.prefecture_counts, MapCounts::recruiting, {{"status", "recruiting"}}, {}, "map-h"};
    v["map"] = prefecture_map(state_->map, map, lang, m);
  }
  return page("top", std::move(v), ctx);
}

std::string Renderer::glossary(const PageContext& ctx) const {
  const auto& m = state_->messages;
  const bool en = ctx.lang == "en";
  nlohmann::json entries = nlohmann::json::array();
  for (const auto& g : m.glossary())
    entries.push_back({{"id", g.id}, {"term", en ? g.term_en : g.term_ja}, {"body", en ? g.body_en : g.body_ja}});
  nlohmann::json v = {{"title", m.text("glossary_title", ctx.lang)},
                      {"description", m.text("glossary_description", ctx.lang)},
                      {"entries", std::move(entries)},
                      {"header_search", true}};
  return page("glossary", std::move(v), ctx);
}

std::string Renderer::about(const PageContext& ctx) const {
  const auto& m = state_->messages;
  nlohmann::json v = {{"title", m.text("about_title", ctx.lang)},
                      {"description", m.text("about_description", ctx.lang)},
                      {"header_search", true}};
  return page("about", std::move(v), ctx);
}

std::string Renderer::not_found(const PageContext& ctx) const {
  const auto& m = state_->messages;
  nlohmann::json v = {{"title", m.text("not_found_title", ctx.lang)},
                      {"description", m.text("not_found_body", ctx.lang)},
                      {"heading", m.text("not_found_title", ctx.lang)},
                      {"message", m.text("not_found_body", ctx.lang)},
                      {"fields", false},
                      {"noindex", true}};
  return page("error", std::move(v), ctx);
}

namespace {

// The message pair ("<key>_title", "<key>_body") for an error status. A 400 without parameter
// messages is a request the server could not read at all, not a search to correct.
std::string error_message_key(const ErrorView& e) {
  switch (e.status) {
    case 400: return e.fields.empty() ? "unreadable" : "bad_request";
    case 405: return "method_not_allowed";
    case 413: case 414: case 431: return "too_large";
    case 429: return "too_many_requests";
    case 503: return "unavailable";
    default: return "error";
  }
}

}  // namespace

std::string Renderer::error(const ErrorView& e, const PageContext& ctx) const {
  const auto& m = state_->messages;
  const auto& lang = ctx.lang;
  const std::string key = error_message_key(e);
  const std::string title = m.text(key + "_title", lang);
  const std::string body = m.format(key + "_body", lang, {{"seconds", std::to_string(std::max(1, e.retry_after_seconds))}});
  nlohmann::json items = nlohmann::json::array();
  for (const auto& f : e.fields) items.push_back({{"param", f.pointer}, {"text", lang == "en" ? f.message_en : f.message_ja}});
  nlohmann::json v = {{"title", title},
                      {"description", body},
                      {"heading", title},
                      {"message", body},
                      {"fields", items.empty() ? nlohmann::json(false) : nlohmann::json{{"items", items}}},
                      {"noindex", true}};
  // A 400 keeps what was typed, so the reader can fix it rather than start again.
  for (const auto& [k, val] : ctx.query)
    if (k == "q") v["q"] = val;
  return page("error", std::move(v), ctx);
}

}  // namespace rinsho::frontend
