#include "index/document_builder.hpp"

#include <chrono>
#include <nlohmann/json.hpp>
#include <set>

#include "index/index_layout.hpp"
#include "index/registry_id_terms.hpp"
#include "model/trial_json.hpp"

namespace rinsho::index {
namespace {

using nlohmann::json;

constexpr std::uint32_t kNoPosition = 0xFFFFFFF0;

// Field weights as wdf increments: titles and conditions outrank eligibility text.
constexpr Xapian::termcount kTitleWeight = 6;
constexpr Xapian::termcount kConditionWeight = 6;
constexpr Xapian::termcount kKeywordWeight = 4;
constexpr Xapian::termcount kInterventionWeight = 3;
constexpr Xapian::termcount kSummaryWeight = 2;
constexpr Xapian::termcount kBodyWeight = 1;
// Reading terms for the fields that name things (titles, conditions, keywords, interventions), not
// for summaries and criteria: a query typed by reading is a name (ぼうこうがん, じん臓), and on 5,000
// generated trials readings for every field cost 56% more index and 29% more ingest time.
constexpr Xapian::termcount kReadingMinWeight = kInterventionWeight;

class TextIndexer {
 public:
  TextIndexer(Xapian::Document& doc, const text::Analyzer& analyzer) : doc_(doc), analyzer_(analyzer) {}

  // Returns the condition concepts matched directly, for facets and filters.
  std::vector<std::size_t> add(const std::string& text, Xapian::termcount weight) {
    std::vector<std::size_t> matched;
    if (text.empty()) return matched;
    auto a = analyzer_.analyze_document(text, position_, weight >= kReadingMinWeight);
    // A unigram inside a CJK run is never part of a phrase query: a query's phrase only uses the
    // unigram of a one-character run, which lines up with the first or last character of a
    // document's run. Interior unigrams are kept as plain terms (single-character queries), which
    // drops about a third of the positional postings the index has to write.
    std::uint32_t bigram_at = kNoPosition, previous_bigram_at = kNoPosition;
    for (const auto& tok : a.tokens) {
      if (tok.kind == text::Token::Kind::bigram && tok.position != bigram_at) {
        previous_bigram_at = bigram_at;
        bigram_at = tok.position;
      }
      const bool interior = tok.kind == text::Token::Kind::unigram && bigram_at == tok.position &&
                            previous_bigram_at + 1 == tok.position;
      if (interior) doc_.add_term(tok.term, weight);
      else doc_.add_posting(tok.term, tok.position + 1, weight);
    }
    for (const auto& w : a.words) doc_.add_term(term(prefix::word, w), weight);
    for (const auto& r : a.readings) doc_.add_posting(term(prefix::reading, r.term), reading_position_ + r.position, weight);
    reading_position_ += a.next_reading_position + kFieldGap;
    const auto& dict = analyzer_.dictionary();
    for (const auto& m : a.concepts) {
      const auto& c = dict.concepts()[m.concept_index];
      if (c.kind == text::ConceptKind::attribute || c.kind == text::ConceptKind::noise) continue;
      for (const auto& id : dict.with_ancestors(m.concept_index)) doc_.add_term(term(prefix::concept_id, id), weight);
      if (c.kind == text::ConceptKind::condition) matched.push_back(m.concept_index);
    }
    position_ = a.next_position + kFieldGap;
    return matched;
  }
  std::vector<std::size_t> add(const model::LocalizedText& t, Xapian::termcount weight) {
    auto matched = t.ja ? add(*t.ja, weight) : std::vector<std::size_t>{};
    if (t.en) {
      auto more = add(*t.en, weight);
      matched.insert(matched.end(), more.begin(), more.end());
    }
    return matched;
  }
  void add(const std::optional<model::LocalizedText>& t, Xapian::termcount weight) {
    if (t) add(*t, weight);
  }

 private:
  Xapian::Document& doc_;
  const text::Analyzer& analyzer_;
  Xapian::termpos position_ = 0;
  Xapian::termpos reading_position_ = kReadingPositionBase;
};

std::optional<double> days_since_epoch(const std::optional<std::string>& date) {
  if (!date || date->size() != 10) return std::nullopt;
  int y = 0;
  unsigned m = 0, d = 0;
  if (std::sscanf(date->c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
  if (!ymd.ok()) return std::nullopt;
  return static_cast<double>(std::chrono::sys_days{ymd}.time_since_epoch().count());
}

std::vector<std::string> flag_names(const model::Trial& t) {
  std::vector<std::string> names;
  if (t.flags) {
    const auto& f = *t.flags;
    if (f.dct) {
      const auto& d = *f.dct;
      if (d.any()) names.push_back("dct");
      if (d.remote_visits.value_or(false)) names.push_back("dct:remote_visits");
      if (d.home_visits.value_or(false)) names.push_back("dct:home_visits");
      if (d.econsent.value_or(false)) names.push_back("dct:econsent");
      if (d.direct_to_patient_delivery.value_or(false)) names.push_back("dct:direct_to_patient_delivery");
      if (d.wearables.value_or(false)) names.push_back("dct:wearables");
    }
    if (f.single_irb.value_or(false)) names.push_back("single_irb");
    if (f.international.value_or(false)) names.push_back("international");
    if (f.fih.value_or(false)) names.push_back("fih");
    if (f.pediatric.value_or(false)) names.push_back("pediatric");
    if (f.orphan.value_or(false)) names.push_back("orphan");
    if (f.drug_loss.value_or(false)) names.push_back("drug_loss");
  }
  if (t.eligibility.healthy_volunteers.value_or(false)) names.push_back("healthy");
  return names;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : "\n") + s;
  return out;
}

void add_structured(Xapian::Document& doc, const model::Trial& t) {
  doc.add_boolean_term(term(prefix::status, t.recruitment_status));
  doc.add_boolean_term(term(prefix::phase, t.phase));
  doc.add_boolean_term(term(prefix::category, t.category));
  doc.add_boolean_term(term(prefix::study_type, t.study_type));
  doc.add_boolean_term(term(prefix::modality, t.modality.value_or("none")));
  doc.add_boolean_term(term(prefix::sex, t.eligibility.sex));
  for (const auto& c : t.countries) doc.add_boolean_term(term(prefix::country, c));
  const auto flags = flag_names(t);
  for (const auto& f : flags) doc.add_boolean_term(term(prefix::flag, f));

  doc.add_value(slot::status, t.recruitment_status);
  doc.add_value(slot::phase, t.phase);
  doc.add_value(slot::category, t.category);
  doc.add_value(slot::study_type, t.study_type);
  doc.add_value(slot::modality, t.modality.value_or("none"));
  doc.add_value(slot::flags, join(flags));
  const auto& dates = t.dates.value_or(model::Dates{});
  if (auto d = days_since_epoch(dates.registered)) doc.add_value(slot::registered, Xapian::sortable_serialise(*d));
  if (auto d = days_since_epoch(dates.last_updated ? dates.last_updated : dates.registered))
    doc.add_value(slot::updated, Xapian::sortable_serialise(*d));
  doc.add_value(slot::min_age, Xapian::sortable_serialise(t.eligibility.min_age_years.value_or(0)));
  doc.add_value(slot::max_age, Xapian::sortable_serialise(t.eligibility.max_age_years.value_or(200)));
  if (t.target_enrollment) doc.add_value(slot::enrollment, Xapian::sortable_serialise(double(*t.target_enrollment)));

  std::set<std::string> prefectures;
  Xapian::LatLongCoords coords;
  for (const auto& s : t.sites.value_or(std::vector<model::Site>{})) {
    prefectures.insert(s.prefecture);
    if (s.lat && s.lon) coords.append(Xapian::LatLongCoord(*s.lat, *s.lon));
  }
  std::string packed;
  for (const auto& p : prefectures) {
    doc.add_boolean_term(term(prefix::prefecture, p));
    packed += p;
  }
  doc.add_value(slot::prefectures, packed);
  if (!coords.empty()) doc.add_value(slot::coords, coords.serialise());
}

}  // namespace

DocumentBuilder::DocumentBuilder(const text::Analyzer& prototype) : analyzer_(prototype) {}

Result<Xapian::Document> DocumentBuilder::build(const json& record) const {
  auto parsed = model::trial_from_json(record);
  if (!parsed) return tl::unexpected(parsed.error());
  const model::Trial& t = *parsed;
  if (!t.id) return fail(ErrorCode::invalid_argument, "a record without an id cannot be indexed");

  Xapian::Document doc;
  doc.add_boolean_term(term(prefix::id, *t.id));
  add_registry_id_terms(doc, t);
  TextIndexer text(doc, analyzer_);
  text.add(t.public_title, kTitleWeight);
  text.add(t.scientific_title, kTitleWeight);
  std::set<std::string> direct_conditions;
  const auto& dict = analyzer_.dictionary();
  for (const auto& c : t.conditions) {
    for (auto index : text.add(c.name, kConditionWeight)) {
      direct_conditions.insert(dict.concepts()[index].id);
      for (const auto& id : dict.with_ancestors(index)) {
        doc.add_boolean_term(term(prefix::condition, id));
        doc.add_term(term(prefix::condition_rank, id), kConditionWeight);
      }
    }
  }
  for (const auto& k : t.keywords.value_or(std::vector<std::string>{})) text.add(k, kKeywordWeight);
  for (const auto& i : t.interventions.value_or(std::vector<model::Intervention>{})) {
    text.add(i.name, kInterventionWeight);
    text.add(i.description, kBodyWeight);
  }
  text.add(t.plain_summary, kSummaryWeight);
  text.add(t.eligibility.inclusion, kBodyWeight);
  text.add(t.eligibility.exclusion, kBodyWeight);
  text.add(t.sponsor.primary, kBodyWeight);
  for (const auto& s : t.sites.value_or(std::vector<model::Site>{})) {
    text.add(s.name, kBodyWeight);
    text.add(s.city, kBodyWeight);
  }
  add_structured(doc, t);
  doc.add_value(slot::conditions, join({direct_conditions.begin(), direct_conditions.end()}));
  // CBOR rather than JSON text: every search decodes the data of each hit it shows, and CBOR
  // decodes several times faster and is smaller (Xapian compresses and inflates it less).
  const auto cbor = nlohmann::json::to_cbor(display_data(record));
  doc.set_data(std::string(cbor.begin(), cbor.end()));
  return doc;
}

json display_data(const json& r) {
  json d = json::object();
  for (const char* key : {"id", "public_title", "scientific_title", "plain_summary", "recruitment_status", "phase",
                          "category", "study_type", "modality", "version"}) {
    if (r.contains(key)) d[key] = r[key];
  }
  d["conditions"] = json::array();
  for (const auto& c : r.value("conditions", json::array())) d["conditions"].push_back(c["name"]);
  if (r.contains("flags")) d["flags"] = r["flags"];
  if (r.contains("dates")) d["dates"] = r["dates"];
  const auto& e = r.value("eligibility", json::object());
  for (const char* key : {"min_age_years", "max_age_years", "sex", "healthy_volunteers"})
    if (e.contains(key)) d["eligibility"][key] = e[key];
  d["sites"] = json::array();
  for (const auto& s : r.value("sites", json::array())) {
    json site = json::object();
    for (const char* key : {"name", "prefecture", "city", "lat", "lon", "status"})
      if (s.contains(key)) site[key] = s[key];
    d["sites"].push_back(std::move(site));
  }
  return d;
}

}  // namespace rinsho::index
