// Section 7 of the trial page: design, outcomes, sponsor, ethics, other ids, data sharing, results
// and the version history. Each becomes a list of label/value rows in a collapsed <details>.
#include <cstdlib>

#include "frontend/format.hpp"
#include "frontend/trial_parts.hpp"

namespace rinsho::frontend::trial_parts {
namespace {

using model::Trial;

class Rows {
 public:
  Rows(const std::string& lang, const Messages& m) : lang_(lang), m_(m) {}
  // Empty values are left out: a row saying nothing only makes the page longer.
  void add(const char* label_key, const std::string& value) {
    if (!value.empty()) rows_.push_back({{"label", m_.text(label_key, lang_)}, {"value", value}});
  }
  // One term with several descriptions (<dt> then a <dd> each): a term repeated per value in one
  // <dl> is a duplicate name, which the HTML standard rules out.
  void add_all(const char* label_key, const std::vector<std::string>& values) {
    if (!values.empty()) rows_.push_back({{"label", m_.text(label_key, lang_)}, {"values", values}});
  }
  // A link (http or https only: the schema's pattern), its address as its text.
  void add_link(const char* label_key, const std::string& url) {
    if (!url.empty()) rows_.push_back({{"label", m_.text(label_key, lang_)}, {"link", {{"href", url}, {"text", url}}}});
  }
  void add_label(const char* label_key, const char* kind, const model::Opt<std::string>& value) {
    if (value) add(label_key, m_.label(kind, *value, lang_));
  }
  nlohmann::json take() { return std::exchange(rows_, nlohmann::json::array()); }
  bool empty() const { return rows_.empty(); }

 private:
  const std::string& lang_;
  const Messages& m_;
  nlohmann::json rows_ = nlohmann::json::array();
};

std::string joined(const model::Opt<std::vector<model::LocalizedText>>& list, const std::string& lang) {
  std::string out;
  if (list)
    for (const auto& t : *list) out += (out.empty() ? "" : (lang == "en" ? "; " : "、")) + t.in(lang);
  return out;
}

void add_outcomes(Rows& rows, const char* key, const model::Opt<std::vector<model::Outcome>>& list,
                  const std::string& lang, const Messages& m) {
  if (!list) return;
  std::vector<std::string> values;
  for (const auto& o : *list) {
    std::string v = o.measure.in(lang);
    if (o.time_frame) v += " (" + m.text("outcome_time_frame", lang) + ": " + o.time_frame->in(lang) + ")";
    if (!v.empty()) values.push_back(std::move(v));
  }
  rows.add_all(key, values);
}

nlohmann::json section(const char* id, const char* heading, Rows& rows, const std::string& lang, const Messages& m) {
  return {{"id", id}, {"heading", m.text(heading, lang)}, {"rows", rows.take()}};
}

// What kind of study, and how it is designed.
void add_design(Rows& rows, const Trial& t, const std::string& lang, const Messages& m) {
  rows.add("details_scientific_title", t.scientific_title.in(lang));
  rows.add("label_category", m.label("category", t.category, lang));
  rows.add("label_study_type", m.label("study_type", t.study_type, lang));
  rows.add("label_phase", m.label("phase", t.phase, lang));
  rows.add_label("label_modality", "modality", t.modality);
  std::string countries;
  for (const auto& c : t.countries) countries += (countries.empty() ? "" : ", ") + c;
  rows.add("label_countries", countries);
  if (t.design) {
    rows.add_label("design_allocation", "allocation", t.design->allocation);
    rows.add_label("design_masking", "masking", t.design->masking);
    rows.add_label("design_control", "control", t.design->control);
    if (t.design->arms) rows.add("design_arms", std::to_string(*t.design->arms));
    rows.add_label("design_purpose", "purpose", t.design->purpose);
  }
}

}  // namespace

std::string text(const model::Opt<model::LocalizedText>& t, const std::string& lang) { return t ? t->in(lang) : ""; }

std::string last_updated(const Trial& t) {
  if (t.dates && t.dates->last_updated) return *t.dates->last_updated;
  if (t.updated_at && t.updated_at->size() >= 10) return t.updated_at->substr(0, 10);
  return "";
}

bool is_stale(const std::string& last, const std::string& today) {
  if (last.size() < 10 || today.size() < 10) return false;
  const int year = std::atoi(today.substr(0, 4).c_str());
  const std::string cutoff = std::to_string(year - 1) + today.substr(4, 6);
  return last.substr(0, 10) < cutoff;
}

nlohmann::json details(const TrialView& view, const std::string& lang, const Messages& m) {
  const Trial& t = view.trial;
  Rows rows(lang, m);
  nlohmann::json out = nlohmann::json::array();
  add_design(rows, t, lang, m);
  out.push_back(section("design", "details_design", rows, lang, m));
  if (t.outcomes) {
    add_outcomes(rows, "outcomes_primary", t.outcomes->primary, lang, m);
    add_outcomes(rows, "outcomes_secondary", t.outcomes->secondary, lang, m);
    if (!rows.empty()) out.push_back(section("outcomes", "details_outcomes", rows, lang, m));
  }
  rows.add("sponsor_primary", t.sponsor.primary.in(lang));
  rows.add("sponsor_secondary", joined(t.sponsor.secondary, lang));
  rows.add("sponsor_funding", joined(t.sponsor.funding, lang));
  rows.add("label_coi", text(t.coi, lang));
  if (const auto& s = t.contacts.scientific) {
    std::string who = text(s->name, lang);
    if (s->organization) who += (who.empty() ? "" : " (") + s->organization->in(lang) + (who.empty() ? "" : ")");
    rows.add("label_scientific_contact", who);
  }
  out.push_back(section("sponsor", "details_sponsor", rows, lang, m));
  if (const auto& e = t.ethics_review) {
    rows.add("ethics_committee", text(e->committee, lang));
    rows.add("ethics_certification", e->certification_number.value_or(""));
    rows.add("ethics_approval_date", format_date(e->approval_date.value_or(""), lang));
    rows.add_label("ethics_status", "ethics_status", e->status);
    if (!rows.empty()) out.push_back(section("ethics", "details_ethics", rows, lang, m));
  }
  if (t.secondary_ids && !t.secondary_ids->empty()) {
    nlohmann::json ids = nlohmann::json::array();
    for (const auto& s : *t.secondary_ids) ids.push_back({{"label", s.registry}, {"value", s.id}});
    out.push_back({{"id", "ids"}, {"heading", m.text("details_ids", lang)}, {"rows", ids}});
  }
  if (const auto& ipd = t.ipd_sharing) {
    rows.add_label("ipd_plan", "ipd_plan", ipd->plan);
    rows.add("details_ipd", text(ipd->description, lang));
    if (!rows.empty()) out.push_back(section("ipd", "details_ipd", rows, lang, m));
  }
  if (t.results_summary) rows.add("details_results", t.results_summary->in(lang));
  if (t.results) {
    rows.add_link("details_results_link", t.results->url);
    rows.add("details_results_posted", format_date(t.results->posted, lang));
  }
  if (!rows.empty()) out.push_back(section("results", t.results ? "details_results_heading" : "details_results", rows, lang, m));
  return out;
}

std::string changed_text(const VersionEntry& v, const std::string& lang, const Messages& m) {
  std::string changed;
  for (const auto& f : v.changed_fields) {
    // "/eligibility/inclusion" or "eligibility": label by the top-level field.
    std::string top = f.substr(f.size() > 0 && f[0] == '/' ? 1 : 0);
    top = top.substr(0, top.find('/'));
    const std::string label = m.has_label("field", top) ? m.label("field", top, lang) : f;
    if (changed.find(label) == std::string::npos) changed += (changed.empty() ? "" : (lang == "en" ? ", " : "、")) + label;
  }
  // A new trial "changes" every field it has; "first version" is what a reader needs to know.
  if (v.version == 1) changed = m.text("history_first", lang);
  // An import that touched a registrant's trial says what it did; the note is the store's words.
  if (!v.note.empty()) changed += (changed.empty() ? "" : " — ") + v.note;
  return changed;
}

nlohmann::json history(const TrialView& view, const std::string& lang, const Messages& m) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& v : view.versions)
    rows.push_back({{"version", std::to_string(v.version)}, {"date", format_date(v.created_at, lang)}, {"changed", changed_text(v, lang, m)}});
  return rows;
}

}  // namespace rinsho::frontend::trial_parts
