#include <algorithm>

#include "frontend/results_parts.hpp"

namespace rinsho::frontend::results_parts {
namespace {

using search::SearchRequest;

// Facets in the order patients weigh them: can I join now, from home, for my illness, near me.
constexpr const char* kFacetOrder[] = {"status", "flags", "condition", "prefecture", "phase", "category", "study_type", "modality"};
constexpr std::size_t kFacetVisible = 8;  // the rest sit behind "show more"

struct Param {
  std::string key, value;
};

// The query parameter that selects a facet value: flags are booleans of their own (pediatric=true),
// DCT elements are values of dct (dct=home_visits).
Param param_for(std::string_view facet, const std::string& value) {
  if (facet == "flags") {
    if (value.rfind("dct:", 0) == 0) return {"dct", value.substr(4)};
    return {value, "true"};
  }
  return {std::string(facet), value};
}

const std::vector<std::string>* request_list(const SearchRequest& r, std::string_view facet) {
  if (facet == "status") return &r.status;
  if (facet == "phase") return &r.phase;
  if (facet == "category") return &r.category;
  if (facet == "study_type") return &r.study_type;
  if (facet == "modality") return &r.modality;
  if (facet == "prefecture") return &r.prefecture;
  if (facet == "condition") return &r.condition;
  return nullptr;
}

bool selected(const SearchRequest& r, std::string_view facet, const std::string& value) {
  if (facet == "flags") return r.flags.count(value) > 0;
  const auto* list = request_list(r, facet);
  return list && std::find(list->begin(), list->end(), value) != list->end();
}

std::string value_label(const ResultsView& view, std::string_view facet, const std::string& value,
                        const std::string& lang, const Messages& m) {
  if (facet == "flags") return m.label("flag", value, lang);
  if (facet == "condition") {
    auto it = view.condition_labels.find(value);
    return it == view.condition_labels.end() ? value : it->second;
  }
  return m.label(facet, value, lang);
}

std::vector<search::FacetValue> values_with_selection(const ResultsView& view, std::string_view facet) {
  std::vector<search::FacetValue> values;
  if (auto it = view.result.facets.find(std::string(facet)); it != view.result.facets.end()) values = it->second;
  // A selected value the current results no longer count must still be shown, so it can be unticked.
  std::vector<std::string> chosen;
  if (facet == "flags") chosen.assign(view.request.flags.begin(), view.request.flags.end());
  else if (const auto* list = request_list(view.request, facet)) chosen = *list;
  for (const auto& c : chosen)
    if (std::none_of(values.begin(), values.end(), [&](const auto& v) { return v.value == c; })) values.push_back({c, 0});
  return values;
}

}  // namespace

Query base_query(const PageContext& ctx) { return without_keys(ctx.query, {"page", "cursor", "lang"}); }

nlohmann::json facets(const ResultsView& view, const PageContext& ctx, const Messages& m) {
  nlohmann::json out = nlohmann::json::array();
  for (const char* facet : kFacetOrder) {
    const auto values = values_with_selection(view, facet);
    if (values.empty()) continue;
    nlohmann::json shown = nlohmann::json::array(), more = nlohmann::json::array();
    for (std::size_t i = 0; i < values.size(); ++i) {
      const auto& v = values[i];
      const auto p = param_for(facet, v.value);
      const bool checked = selected(view.request, facet, v.value);
      nlohmann::json item = {{"param", p.key}, {"value", p.value}, {"checked", checked},
                             {"label", value_label(view, facet, v.value, ctx.lang, m)},
                             {"count", v.count > 0 ? nlohmann::json(format_count(v.count)) : nlohmann::json(false)},
                             {"input_id", std::string("f-") + facet + "-" + std::to_string(i)}};
      (i < kFacetVisible || checked ? shown : more).push_back(std::move(item));
    }
    out.push_back({{"heading", m.text(std::string("facet_") + facet, ctx.lang)},
                   {"values", std::move(shown)},
                   {"more", more.empty() ? nlohmann::json(false) : nlohmann::json{{"items", more}}},
                   {"more_label", m.format("facet_more", ctx.lang, {{"n", std::to_string(more.size())}})}});
  }
  return out;
}

nlohmann::json active_filters(const ResultsView& view, const PageContext& ctx, const Messages& m) {
  const auto& r = view.request;
  const auto& lang = ctx.lang;
  const Query base = base_query(ctx);
  nlohmann::json out = nlohmann::json::array();
  auto add = [&](const std::string& label, const Query& q) {
    out.push_back({{"label", label}, {"href", build_url("/search", with_lang(q, lang))}});
  };
  for (const char* facet : kFacetOrder) {
    if (std::string_view(facet) == "flags") {
      for (const auto& f : r.flags) {
        const auto p = param_for("flags", f);
        add(m.label("flag", f, lang), p.key == "dct" && p.value != "true" ? without_value(base, "dct", p.value)
                                                                          : without_keys(base, {p.key}));
      }
      continue;
    }
    if (const auto* list = request_list(r, facet))
      for (const auto& v : *list) add(value_label(view, facet, v, lang, m), without_value(base, facet, v));
  }
  if (r.age) add(m.format("active_age", lang, {{"n", format_number(*r.age)}}), without_keys(base, {"age"}));
  if (r.sex) add(m.label("sex", *r.sex, lang), without_keys(base, {"sex"}));
  if (r.near) {
    std::string where = m.text("near_point", lang);
    const auto point = format_point(r.near->lat, r.near->lon);
    for (const auto& p : m.prefectures())
      if (format_point(p.lat, p.lon) == point) where = p.name(lang);
    // Without a point, a distance or "nearest" sort would be rejected, so they go too.
    add(m.text("near_label", lang) + ": " + where, without_keys(base, {"near", "within_km", "sort"}));
  }
  if (r.within_km) add(m.format("within_km", lang, {{"n", format_number(*r.within_km)}}), without_keys(base, {"within_km"}));
  return out;
}

nlohmann::json form_fields(const ResultsView& view, const PageContext& ctx, const Messages& m) {
  const auto& r = view.request;
  const auto& lang = ctx.lang;
  nlohmann::json f;
  f["age"] = r.age ? nlohmann::json(format_number(*r.age)) : nlohmann::json(false);
  f["sex_options"] = nlohmann::json::array();
  for (const char* s : {"", "female", "male"})
    f["sex_options"].push_back({{"value", s}, {"label", *s ? m.label("sex", s, lang) : m.text("sex_any", lang)},
                                {"selected", r.sex ? *r.sex == s : !*s}});
  const std::string point = r.near ? format_point(r.near->lat, r.near->lon) : "";
  nlohmann::json near = nlohmann::json::array();
  near.push_back({{"value", ""}, {"label", m.text("near_none", lang)}, {"selected", !r.near}});
  bool matched = !r.near;
  for (const auto& p : m.prefectures()) {
    const auto v = format_point(p.lat, p.lon);
    matched = matched || v == point;
    near.push_back({{"value", v}, {"label", p.name(lang)}, {"selected", v == point}});
  }
  if (!matched) {
    nlohmann::json chosen = {{"value", point}, {"label", m.text("near_point", lang)}, {"selected", true}};
    near.insert(near.begin() + 1, std::move(chosen));
  }
  f["near_options"] = std::move(near);
  f["within_options"] = nlohmann::json::array();
  f["within_options"].push_back({{"value", ""}, {"label", m.text("within_any", lang)}, {"selected", !r.within_km}});
  for (int km : {5, 10, 30, 50, 100})
    f["within_options"].push_back({{"value", std::to_string(km)},
                                   {"label", m.format("within_km", lang, {{"n", std::to_string(km)}})},
                                   {"selected", r.within_km && *r.within_km == km}});
  using search::SortOrder;
  const std::pair<SortOrder, const char*> sorts[] = {{SortOrder::relevance, "relevance"}, {SortOrder::newest, "newest"},
                                                     {SortOrder::updated, "updated"}, {SortOrder::nearest, "nearest"}};
  f["sort_options"] = nlohmann::json::array();
  for (const auto& [order, name] : sorts) {
    // "Nearest" is offered even without a point: pages drop it until one is chosen, and the script
    // switches to it when a place is picked.
    f["sort_options"].push_back({{"value", name}, {"label", m.text(std::string("sort_") + name, lang)},
                                 {"selected", r.sort == order}});
  }
  return f;
}

std::string filter_label(std::string_view filter, const std::string& lang, const Messages& m) {
  if (!filter.empty() && filter[0] == '-') filter.remove_prefix(1);
  const auto colon = filter.find(':');
  if (colon != std::string_view::npos) {
    const auto kind = filter.substr(0, colon), value = filter.substr(colon + 1);
    if (kind == "dct") return m.label("flag", filter, lang);
    if (kind == "status" || kind == "phase" || kind == "category" || kind == "study_type" || kind == "modality" ||
        kind == "sex" || kind == "prefecture")
      return m.label(kind, value, lang);
  }
  return m.label("flag", filter, lang);
}

nlohmann::json applied_notes(const ResultsView& view, const PageContext& ctx, const Messages& m) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& a : view.result.applied) {
    const bool excluded = !a.filter.empty() && a.filter[0] == '-';
    out.push_back({{"text", m.format(excluded ? "applied_excluded" : "applied_note", ctx.lang,
                                     {{"word", a.word}, {"filter", filter_label(a.filter, ctx.lang, m)}})}});
  }
  return out;
}

}  // namespace rinsho::frontend::results_parts
