// The list-valued ICTRP fields: ";"-joined items, with rinsho's "_ja" siblings item for item.
#include <regex>

#include "linkage/ictrp.hpp"
#include "linkage/text.hpp"

namespace rinsho::linkage {
namespace {

bool is_icd10(std::string_view s) {
  static const std::regex icd("^[A-Z][0-9]{2}(\\.[0-9A-Z]{1,4})?$");
  return s.size() <= 8 && std::regex_match(s.begin(), s.end(), icd);
}

// Items of a field and of its _ja sibling, aligned by position; empty main items are dropped
// with their sibling. A ";" inside a value cannot be told from the separator (ICTRP has no
// escape), so rinsho's exporter never writes one.
struct Item {
  std::string main, ja;
};
std::vector<Item> aligned_items(const IctrpFields& f, std::string_view name, bool lines_are_items) {
  auto prepare = [&](const std::string& raw) {
    std::string text = clean_text(raw);
    if (lines_are_items)
      for (auto& c : text)
        if (c == '\n') c = ';';
    return split_keep(text, ';');
  };
  const auto main = prepare(f.get(name));
  const auto ja = prepare(f.get(std::string(name) + "_ja"));
  std::vector<Item> items;
  for (std::size_t i = 0; i < main.size(); ++i) {
    auto m = clean_text(main[i]);
    if (is_placeholder(m)) continue;
    std::string j = i < ja.size() && ja.size() == main.size() ? clean_text(ja[i]) : "";
    items.push_back({std::move(m), is_placeholder(j) ? "" : std::move(j)});
  }
  return items;
}

model::LocalizedText both(const Item& item) {
  auto text = localized(item.main);
  model::LocalizedText t = text ? *text : model::LocalizedText{};
  if (!item.ja.empty()) t.ja = item.ja;
  return t;
}

void merge_ja(std::optional<model::LocalizedText>& text, std::string_view ja) {
  if (ja.empty()) return;
  if (!text) text.emplace();
  text->ja = std::string(ja);
}

// "measure [Time Frame: 12 months]" as ClinicalTrials.gov and jRCT write outcomes into ICTRP. Only a
// single trailing time frame is split off: a text listing several outcomes keeps them all.
std::pair<std::string, std::string> split_time_frame(const std::string& s) {
  auto at = s.find("Time Frame:");
  if (at == std::string::npos || s.find("Time Frame:", at + 1) != std::string::npos || s.empty() || s.back() != ']') return {s, ""};
  auto open = s.rfind('[', at);
  if (open == std::string::npos || !trim(std::string_view(s).substr(open + 1, at - open - 1)).empty()) return {s, ""};
  return {std::string(trim(s.substr(0, open))), std::string(trim(s.substr(at + 11, s.size() - at - 12)))};
}

// EU CTR appends MedDRA coding lines to the condition; only the term itself names a condition.
std::optional<std::string> meddra_line(const std::string& item) {
  for (const char* label : {"MedDRA version:", "Level:", "Classification code", "System Organ Class:", "Therapeutic area:"})
    if (item.starts_with(label)) return std::string();
  if (item.starts_with("Term:")) return std::string(trim(item.substr(5)));
  return std::nullopt;
}

}  // namespace

std::optional<model::LocalizedText> ictrp_text(const IctrpFields& f, std::string_view name) {
  auto text = localized(f.get(name));
  auto ja = clean_text(f.get(std::string(name) + "_ja"));
  if (!is_placeholder(ja)) merge_ja(text, ja);
  return text;
}

std::vector<model::LocalizedText> ictrp_text_list(const IctrpFields& f, std::string_view name) {
  std::vector<model::LocalizedText> out;
  for (const auto& item : aligned_items(f, name, false)) out.push_back(both(item));
  return out;
}

void map_ictrp_conditions(const IctrpFields& f, model::Trial& t, MapLog& log) {
  for (auto item : aligned_items(f, "Condition", true)) {
    if (auto term = meddra_line(item.main)) {
      if (term->empty()) continue;
      item = {*term, ""};
    }
    // IRCT and rinsho's export put an ICD-10 code right after its condition: "COVID-19;U07.1".
    if (is_icd10(item.main) && !t.conditions.empty() && !t.conditions.back().icd10) {
      t.conditions.back().icd10 = item.main;
      continue;
    }
    auto name = both(item);
    bool seen = false;
    for (const auto& c : t.conditions) seen = seen || c.name == name;
    if (!seen) t.conditions.push_back({std::move(name), std::nullopt});
  }
  if (t.conditions.empty()) log.error("Condition", "missing; the schema requires at least one condition");
}

void map_ictrp_interventions(const IctrpFields& f, model::Trial& t) {
  std::vector<model::Intervention> list;
  for (const auto& item : aligned_items(f, "Intervention", false)) {
    // "Drug: Nivolumab" (ClinicalTrials.gov), optionally followed by lines of description.
    auto split = [](const std::string& s) {
      const auto nl = s.find('\n');
      return std::pair{s.substr(0, nl), nl == std::string::npos ? std::string() : clean_text(s.substr(nl + 1))};
    };
    auto [head, description] = split(item.main);
    auto [head_ja, description_ja] = split(item.ja);
    model::Intervention iv{"other", {}, std::nullopt, std::nullopt};
    if (auto colon = head.find(": "); colon != std::string::npos) {
      auto type = parse_intervention_type(head.substr(0, colon));
      auto rest = std::string(trim(head.substr(colon + 2)));
      if (type.value && !is_placeholder(rest)) {
        iv.type = *type.value;
        head = std::move(rest);
      }
    }
    if (auto colon = head_ja.find(": "); colon != std::string::npos && parse_intervention_type(head_ja.substr(0, colon)).value)
      head_ja = std::string(trim(head_ja.substr(colon + 2)));
    iv.name = both({head, head_ja});
    if (auto d = localized(description)) iv.description = *d;
    merge_ja(iv.description, description_ja);
    list.push_back(std::move(iv));
  }
  if (!list.empty()) t.interventions = std::move(list);
}

void map_ictrp_outcomes(const IctrpFields& f, model::Trial& t) {
  auto read = [&](std::string_view name) {
    std::vector<model::Outcome> out;
    for (const auto& item : aligned_items(f, name, false)) {
      auto [measure, frame] = split_time_frame(item.main);
      auto [measure_ja, frame_ja] = split_time_frame(item.ja);
      if (is_placeholder(measure)) continue;
      model::Outcome o{both({measure, measure_ja}), localized(frame)};
      if (!frame_ja.empty()) merge_ja(o.time_frame, frame_ja);
      out.push_back(std::move(o));
    }
    return out;
  };
  auto primary = read("Primary_outcome");
  auto secondary = read("Secondary_outcome");
  if (primary.empty() && secondary.empty()) return;
  t.outcomes.emplace();
  if (!primary.empty()) t.outcomes->primary = std::move(primary);
  if (!secondary.empty()) t.outcomes->secondary = std::move(secondary);
}

void map_ictrp_criteria(const IctrpFields& f, model::Eligibility& e) {
  // ICTRP prefixes "Inclusion criteria: "; ClinicalTrials.gov rows carry both lists in one field.
  split_criteria(f.get("Inclusion_Criteria"), e);
  auto exclusion = clean_text(f.get("Exclusion_Criteria"));
  if (lower_ascii(exclusion).starts_with("exclusion criteria")) {
    const auto colon = exclusion.find(':');
    exclusion = colon == std::string::npos || colon > 20 ? exclusion.substr(18) : exclusion.substr(colon + 1);
  }
  if (auto text = localized(exclusion)) e.exclusion = *text;
  merge_ja(e.inclusion, clean_text(f.get("Inclusion_Criteria_ja")));
  merge_ja(e.exclusion, clean_text(f.get("Exclusion_Criteria_ja")));
}

}  // namespace rinsho::linkage
