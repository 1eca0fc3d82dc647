#include "frontend/feeds.hpp"

#include <algorithm>

#include "frontend/format.hpp"
#include "frontend/i18n.hpp"
#include "frontend/results_parts.hpp"
#include "frontend/trial_parts.hpp"

namespace rinsho::frontend {
namespace {

const std::string& pick(const search::Text& t, const std::string& lang) {
  if (lang == "en") return t.en.empty() ? t.ja : t.en;
  return t.ja.empty() ? t.en : t.ja;
}

std::string page_url(const PageContext& ctx, const std::string& id) {
  return ctx.base_url + build_url("/trials/" + id, with_lang({}, ctx.lang));
}

// Entry ids leave the language out: the Japanese and English feeds carry the same entries.
std::string entry_id(const PageContext& ctx, const std::string& id, std::int64_t version) {
  return ctx.base_url + "/trials/" + id + "#v" + std::to_string(version);
}

std::string newest(const std::vector<AtomEntry>& entries, const std::string& fallback) {
  std::string out;
  for (const auto& e : entries) out = std::max(out, e.updated);
  return out.empty() ? fallback : out;
}

std::string search_title(const search::SearchRequest& r, const std::string& lang, const Messages& m) {
  return !r.q.empty() ? m.format("results_title_q", lang, {{"q", r.q}})
         : r.near     ? m.text("results_title_near", lang)
                      : m.text("results_title_all", lang);
}

// "What changed: Eligibility, Recruitment status", or "Newly registered" for version 1.
std::string version_text(const VersionEntry& v, const std::string& lang, const Messages& m) {
  if (v.version == 1 && v.note.empty()) return m.text("feed_registered", lang);
  return m.format("feed_version_summary", lang, {{"changed", trial_parts::changed_text(v, lang, m)}});
}

}  // namespace

std::string search_feed_href(const PageContext& ctx) {
  // Paging and order are the feed's own: the newest 50, most recently changed first.
  return build_url("/search.atom", with_lang(without_keys(results_parts::base_query(ctx), {"sort", "page_size"}), ctx.lang));
}

std::string trial_feed_href(const std::string& id, const std::string& lang) {
  return build_url("/trials/" + id + ".atom", with_lang({}, lang));
}

AtomFeed trial_feed(const TrialFeedView& view, const PageContext& ctx, const Messages& m) {
  const auto& lang = ctx.lang;
  const auto& t = view.trial;
  const std::string id = t.id.value_or("");
  const std::string title = t.public_title.in(lang);
  AtomFeed f;
  f.lang = lang;
  f.author = m.text("site_name", lang);
  f.title = m.format("feed_trial_title", lang, {{"title", title}, {"id", id}});
  f.subtitle = m.text("feed_trial_subtitle", lang);
  f.id = ctx.base_url + "/trials/" + id + ".atom" + (lang == "en" ? "?lang=en" : "");
  f.self = ctx.base_url + trial_feed_href(id, lang);
  f.alternate = page_url(ctx, id);
  for (auto it = view.versions.rbegin(); it != view.versions.rend(); ++it) {  // newest first
    AtomEntry e;
    e.id = entry_id(ctx, id, it->version);
    e.title = m.format("feed_version_title", lang, {{"n", std::to_string(it->version)}, {"title", title}});
    e.updated = it->created_at;
    e.link = f.alternate;
    e.summary = version_text(*it, lang, m);
    f.entries.push_back(std::move(e));
  }
  f.updated = newest(f.entries, "1970-01-01T00:00:00Z");
  return f;
}

AtomFeed search_feed(const SearchFeedView& view, const PageContext& ctx, const Messages& m) {
  const auto& lang = ctx.lang;
  AtomFeed f;
  f.lang = lang;
  f.author = m.text("site_name", lang);
  f.title = m.format("feed_search_title", lang, {{"title", search_title(view.request, lang, m)}});
  f.subtitle = m.text("feed_search_subtitle", lang);
  f.self = ctx.base_url + search_feed_href(ctx);
  f.id = f.self;
  f.alternate = ctx.base_url + build_url("/search", with_lang(results_parts::base_query(ctx), lang));
  for (const auto& item : view.items) {
    const auto& h = item.hit;
    AtomEntry e;
    e.id = entry_id(ctx, h.id, item.latest.version);
    e.title = pick(h.public_title, lang);
    e.updated = item.latest.created_at;
    e.link = page_url(ctx, h.id);
    std::string summary = m.label("status", h.status, lang);
    if (!h.phase.empty() && h.phase != "na") summary += " · " + m.label("phase", h.phase, lang);
    std::string conditions;
    for (const auto& c : h.conditions) conditions += (conditions.empty() ? "" : (lang == "en" ? ", " : "、")) + pick(c, lang);
    if (!conditions.empty()) summary += " · " + conditions;
    summary += "\n" + version_text(item.latest, lang, m);
    e.summary = std::move(summary);
    f.entries.push_back(std::move(e));
  }
  f.updated = newest(f.entries, view.now);
  return f;
}

}  // namespace rinsho::frontend
