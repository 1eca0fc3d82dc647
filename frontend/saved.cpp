#include "frontend/saved.hpp"

#include <nlohmann/json.hpp>

#include "frontend/format.hpp"
#include "frontend/i18n.hpp"
#include "frontend/qr_code.hpp"
#include "frontend/renderer.hpp"
#include "frontend/template.hpp"
#include "frontend/trial_parts.hpp"

namespace rinsho::frontend {
namespace {

using model::Trial;

std::string id_of(const Trial& t) { return t.id.value_or(""); }

std::string ids_param(const std::vector<Trial>& trials) {
  std::string out;
  for (const auto& t : trials) out += (out.empty() ? "" : ",") + id_of(t);
  return out;
}

std::string trial_href(const Trial& t, const std::string& lang) { return build_url("/trials/" + id_of(t), with_lang({}, lang)); }

// The body template with the layout's words, then the layout around it.
std::string render(const Renderer& r, const char* name, nlohmann::json view, const PageContext& ctx) {
  const auto& m = r.messages();
  view["t"] = m.texts(ctx.lang);
  view["lang"] = ctx.lang;
  view["is_en"] = ctx.lang == "en";
  const std::string body = render_template(name, view);
  // Personal lists: nothing here for a search engine.
  return r.wrap(body, {{"title", view["title"]}, {"description", view["description"]}, {"noindex", true}}, ctx);
}

nlohmann::json card(const Trial& t, const std::string& lang, const Messages& m) {
  return {{"id", id_of(t)}, {"href", trial_href(t, lang)}, {"title", t.public_title.in(lang)},
          {"status", t.recruitment_status}, {"status_label", m.label("status", t.recruitment_status, lang)},
          {"phase_label", t.phase == "na" ? "" : m.label("phase", t.phase, lang)}};
}

// The site nearest `near` among those with coordinates: "name (place) — 3.2 km".
std::string nearest_site(const Trial& t, const std::optional<search::GeoPoint>& near, const std::string& lang,
                         const Messages& m) {
  if (!near) return m.text("compare_nearest_no_place", lang);
  const model::Site* best = nullptr;
  double best_km = 0;
  if (t.sites)
    for (const auto& s : *t.sites) {
      if (!s.lat || !s.lon) continue;
      const double km = distance_km(near->lat, near->lon, *s.lat, *s.lon);
      if (!best || km < best_km) best = &s, best_km = km;
    }
  if (!best) return m.text("compare_nearest_unknown", lang);
  std::string place = m.label("prefecture", best->prefecture, lang);
  if (best->city) place += lang == "en" ? ", " + best->city->in(lang) : best->city->in(lang);
  return m.format("compare_nearest", lang, {{"name", best->name.in(lang)}, {"place", place}, {"km", format_km(best_km)}});
}

nlohmann::json near_options(const std::optional<search::GeoPoint>& near, const std::string& lang, const Messages& m) {
  const std::string point = near ? format_point(near->lat, near->lon) : "";
  nlohmann::json out = nlohmann::json::array();
  out.push_back({{"value", ""}, {"label", m.text("near_none", lang)}, {"selected", !near}});
  bool matched = !near;
  for (const auto& p : m.prefectures()) {
    const auto v = format_point(p.lat, p.lon);
    matched = matched || v == point;
    out.push_back({{"value", v}, {"label", p.name(lang)}, {"selected", v == point}});
  }
  if (!matched) out.insert(out.begin() + 1, nlohmann::json{{"value", point}, {"label", m.text("near_point", lang)}, {"selected", true}});
  return out;
}

}  // namespace

std::string saved_page(const Renderer& r, const SavedView& view, const PageContext& ctx) {
  const auto& m = r.messages();
  const auto& lang = ctx.lang;
  nlohmann::json v;
  v["title"] = m.text("saved_title", lang);
  v["description"] = m.text("saved_description", lang);
  nlohmann::json cards = nlohmann::json::array();
  for (std::size_t i = 0; i < view.trials.size(); ++i) {
    auto c = card(view.trials[i], lang, m);
    c["compare_checked"] = i < kMaxCompare;  // the first three, which the reader can change
    cards.push_back(std::move(c));
  }
  v["has_trials"] = !cards.empty();
  v["trials"] = std::move(cards);
  v["can_compare"] = view.trials.size() >= kMinCompare;
  v["one_only"] = view.trials.size() == 1;
  v["ids"] = ids_param(view.trials);
  v["count_text"] = m.format("saved_count", lang, {{"n", std::to_string(view.trials.size())}});
  v["print_href"] = build_url("/saved/print", with_lang({{"ids", ids_param(view.trials)}}, lang));
  v["bookmark_url"] = ctx.base_url + build_url("/saved", with_lang({{"ids", ids_param(view.trials)}}, lang));
  v["example_url"] = ctx.base_url + build_url("/saved", with_lang({{"ids", "jRCT2031240001,jRCT1031240002"}}, lang));
  std::string missing;
  for (const auto& id : view.missing) missing += (missing.empty() ? "" : ", ") + id;
  v["missing"] = missing.empty() ? nlohmann::json(false)
                                 : nlohmann::json(m.format("saved_missing", lang, {{"ids", missing}}));
  return render(r, "saved", std::move(v), ctx);
}

std::string compare_page(const Renderer& r, const CompareView& view, const PageContext& ctx) {
  const auto& m = r.messages();
  const auto& lang = ctx.lang;
  static constexpr const char* kLetters[] = {"A", "B", "C"};
  nlohmann::json v;
  v["title"] = m.text("compare_title", lang);
  v["description"] = m.text("compare_description", lang);
  nlohmann::json trials = nlohmann::json::array();
  std::vector<nlohmann::json> involves;
  for (std::size_t i = 0; i < view.trials.size() && i < kMaxCompare; ++i) {
    auto c = card(view.trials[i], lang, m);
    c["letter"] = kLetters[i];
    c["short_title"] = truncate_utf8(view.trials[i].public_title.in(lang), 40);
    trials.push_back(std::move(c));
    involves.push_back(trial_parts::involves(view.trials[i], lang, m));
  }
  // One block per attribute, the trials' values stacked inside it: readable on a phone without
  // scrolling sideways, and a screen reader hears the attribute once, then each trial's value.
  nlohmann::json rows = nlohmann::json::array();
  auto row = [&](const char* key, const char* label, auto value_of) {
    nlohmann::json values = nlohmann::json::array();
    for (std::size_t i = 0; i < trials.size(); ++i)
      values.push_back({{"letter", trials[i]["letter"]}, {"short_title", trials[i]["short_title"]}, {"value", value_of(i)}});
    rows.push_back({{"key", key}, {"label", m.text(label, lang)}, {"values", values}});
  };
  const auto& ts = view.trials;
  row("status", "label_status", [&](std::size_t i) { return m.label("status", ts[i].recruitment_status, lang); });
  row("phase", "label_phase", [&](std::size_t i) { return m.label("phase", ts[i].phase, lang); });
  row("nearest", "compare_nearest_label", [&](std::size_t i) { return nearest_site(ts[i], view.near, lang, m); });
  row("visits", "label_visits", [&](std::size_t i) { return involves[i]["visits"].get<std::string>(); });
  row("overnight", "label_overnight", [&](std::size_t i) { return involves[i]["overnight"].get<std::string>(); });
  row("placebo", "label_placebo", [&](std::size_t i) { return involves[i]["placebo"].get<std::string>(); });
  row("cost", "label_cost", [&](std::size_t i) { return involves[i]["cost"].get<std::string>(); });
  row("compensation", "label_compensation", [&](std::size_t i) { return involves[i]["compensation"].get<std::string>(); });
  row("dct", "label_dct", [&](std::size_t i) {
    std::string out;
    for (const auto& d : involves[i]["dct"]) out += (out.empty() ? "" : (lang == "en" ? ", " : "、")) + d["label"].get<std::string>();
    return out.empty() ? m.text("involves_unknown", lang) : out;
  });
  row("age", "label_age", [&](std::size_t i) { return trial_parts::age_text(ts[i].eligibility, lang, m); });
  v["trials"] = std::move(trials);
  v["rows"] = std::move(rows);
  v["ids"] = ids_param(view.trials);
  v["near_options"] = near_options(view.near, lang, m);
  v["has_near"] = view.near.has_value();
  v["saved_href"] = build_url("/saved", with_lang({{"ids", ids_param(view.trials)}}, lang));
  return render(r, "compare", std::move(v), ctx);
}

std::string print_page(const Renderer& r, const SavedView& view, const PageContext& ctx) {
  const auto& m = r.messages();
  const auto& lang = ctx.lang;
  nlohmann::json v;
  v["title"] = m.text("print_title", lang);
  v["description"] = m.text("print_description", lang);
  v["date"] = format_date(ctx.today, lang);
  nlohmann::json items = nlohmann::json::array();
  for (const auto& t : view.trials) {
    auto c = card(t, lang, m);
    const std::string url = ctx.base_url + trial_href(t, lang);
    c["url"] = url;
    c["contact"] = trial_parts::join(t, lang);
    auto qr = qr_matrix(url);
    c["qr_svg"] = qr ? nlohmann::json(qr_svg(*qr, m.format("print_qr_label", lang, {{"id", id_of(t)}}))) : nlohmann::json(false);
    items.push_back(std::move(c));
  }
  v["trials"] = std::move(items);
  v["has_trials"] = !view.trials.empty();
  v["saved_href"] = build_url("/saved", with_lang({{"ids", ids_param(view.trials)}}, lang));
  return render(r, "saved_print", std::move(v), ctx);
}

}  // namespace rinsho::frontend
