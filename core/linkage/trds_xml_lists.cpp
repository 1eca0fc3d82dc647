// The list-valued and free-text TRDS items of an ICTRP-layout <Trial>.
#include "linkage/export_common.hpp"
#include "linkage/trds_writer.hpp"

namespace rinsho::linkage {
namespace {

// Line breaks become <br> as in ICTRP's own files. In list items ICTRP has no escape for its ";"
// separator, so a ";" inside an item becomes ",".
std::string item_text(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == ';') out += ',';
    else if (c == '\n') out += "<br>";
    else out += c;
  }
  return out;
}

std::string with_br(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '\n' ? std::string("<br>") : std::string(1, c);
  return out;
}

std::string capitalised(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  for (auto& c : s) c = c == '_' ? ' ' : c;
  return s;
}

std::vector<std::pair<std::string, std::string>> pairs(const std::optional<std::vector<model::LocalizedText>>& list) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& t : list.value_or(std::vector<model::LocalizedText>{})) out.push_back(item_pair(t));
  return out;
}

void write_outcomes(const std::string& name, const std::optional<std::vector<model::Outcome>>& list, TrialWriter& w) {
  std::vector<std::pair<std::string, std::string>> items;
  for (const auto& o : list.value_or(std::vector<model::Outcome>{})) {
    auto [main, ja] = item_pair(o.measure);
    if (o.time_frame) {
      main += " [Time Frame: " + english(*o.time_frame) + "]";
      if (!ja.empty() && o.time_frame->ja) ja += " [Time Frame: " + *o.time_frame->ja + "]";
    }
    items.emplace_back(std::move(main), std::move(ja));
  }
  w.list(name, items);
}

void write_plan(const model::Trial& t, TrialWriter& w) {
  std::vector<std::pair<std::string, std::string>> conditions;
  for (const auto& c : t.conditions) {
    conditions.push_back(item_pair(c.name));
    if (c.icd10) conditions.emplace_back(*c.icd10, "");  // IRCT's layout: the code follows its condition
  }
  w.list("Condition", conditions);
  std::vector<std::pair<std::string, std::string>> interventions;
  for (const auto& iv : t.interventions.value_or(std::vector<model::Intervention>{})) {
    const auto prefix = capitalised(iv.type) + ": ";
    auto [main, ja] = item_pair(iv.name);
    main = prefix + main;
    if (!ja.empty()) ja = prefix + ja;
    if (iv.description) {
      main += "\n" + english(*iv.description);
      if (!ja.empty() && iv.description->ja) ja += "\n" + *iv.description->ja;
    }
    interventions.emplace_back(std::move(main), std::move(ja));
  }
  w.list("Intervention", interventions);
  write_outcomes("Primary_outcome", t.outcomes ? t.outcomes->primary : std::nullopt, w);
  write_outcomes("Secondary_outcome", t.outcomes ? t.outcomes->secondary : std::nullopt, w);
}

void write_review_and_results(const model::Trial& t, TrialWriter& w) {
  if (const auto& e = t.ethics_review) {
    if (e->status) w.put("Ethics_review_status", capitalised(*e->status));
    if (e->approval_date) w.put("Ethics_review_approval_date", day_first(*e->approval_date));
    w.text("Ethics_review_contact_name", e->committee);
  }
  // results_date_completed is the actual completion date; a planned one (an unfinished trial) has
  // no TRDS item and is left out rather than passed off as actual.
  const bool ended = t.recruitment_status == "completed" || t.recruitment_status == "terminated";
  if (ended && t.dates && t.dates->completion) w.put("results_date_completed", day_first(*t.dates->completion));
  if (t.results_summary || t.results) w.put("results_yes_no", "Yes");
  w.text("results_summary", t.results_summary);
  if (t.results) {
    w.put("results_url_link", t.results->url);
    w.put("results_date_posted", day_first(t.results->posted));
  }
  if (t.ipd_sharing) {
    if (t.ipd_sharing->plan) w.put("results_IPD_plan", capitalised(*t.ipd_sharing->plan));
    w.text("results_IPD_description", t.ipd_sharing->description);
  }
}

}  // namespace

void TrialWriter::put(const std::string& name, const std::string& value) {
  if (!value.empty()) trial_.append_child(name.c_str()).text().set(value.c_str());
}

void TrialWriter::text(const std::string& name, const std::optional<model::LocalizedText>& t) {
  if (!t) return;
  const auto [main, ja] = item_pair(*t);
  put(name, with_br(main));
  if (!ja.empty()) put(name + "_ja", with_br(ja));
}

void TrialWriter::list(const std::string& name, const std::vector<std::pair<std::string, std::string>>& items) {
  std::string main, ja;
  bool any_ja = false;
  for (std::size_t i = 0; i < items.size(); ++i) {
    main += (i ? ";" : "") + item_text(items[i].first);
    ja += (i ? ";" : "") + (items[i].second.empty() ? std::string("-") : item_text(items[i].second));
    any_ja = any_ja || !items[i].second.empty();
  }
  put(name, main);
  if (any_ja) put(name + "_ja", ja);
}

std::pair<std::string, std::string> item_pair(const model::LocalizedText& t) {
  return {english(t), t.en && t.ja ? *t.ja : std::string()};
}

void write_trds_lists(const model::Trial& t, TrialWriter& w) {
  const auto& e = t.eligibility;
  w.text("Inclusion_Criteria", e.inclusion);
  w.text("Exclusion_Criteria", e.exclusion);
  write_plan(t, w);
  w.list("Source_Support", pairs(t.sponsor.funding));
  w.list("Secondary_Sponsor", pairs(t.sponsor.secondary));
  write_review_and_results(t, w);
}

}  // namespace rinsho::linkage
