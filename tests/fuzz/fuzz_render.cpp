// One input = text a registrant or a searcher controls: strings separated by 0x1F, put into the
// free-text fields of a valid sample record (titles, summary, conditions, eligibility, sites,
// interventions, contacts, sponsor, outcomes...) and into the query, filters and hits of a results
// page. The first byte picks the page (bit 0: results) and the language (bit 1: English); the page
// is rendered through frontend::Renderer, as the server does.
// Beyond not crashing: no '<' or '"' from the input may reach the HTML unescaped. Every '<' and '"'
// of the input is followed by the marker "zq" (an element name no template uses), so an unescaped
// one shows up as "<zq" (or "\"zq" outside the JSON-LD, where JSON escapes it as \").
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "frontend/renderer.hpp"
#include "fuzz_check.hpp"
#include "model/trial_json.hpp"
#include "search/query_builder.hpp"
#include "search/snippet.hpp"
#include "text/analyzer.hpp"

namespace {

using namespace rinsho;

struct Fixture {
  frontend::Renderer renderer;
  model::Trial sample;
  text::Analyzer analyzer;
};

// The input's strings in turn, as valid UTF-8 (stored records are: the strict parser sees to it),
// each '<' and '"' marked.
class Strings {
 public:
  explicit Strings(std::string_view input) {
    std::size_t start = 0;
    while (start <= input.size()) {
      auto end = input.find('\x1f', start);
      if (end == std::string_view::npos) end = input.size();
      parts_.push_back(mark(valid_utf8(input.substr(start, end - start))));
      start = end + 1;
    }
  }
  std::string next() { return parts_[next_++ % parts_.size()]; }
  void fill(model::LocalizedText& t) { t.ja = next(), t.en = next(); }
  model::LocalizedText text() {
    model::LocalizedText t;
    fill(t);
    return t;
  }

 private:
  static std::string valid_utf8(std::string_view s) {
    const auto dumped = nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return nlohmann::json::parse(dumped).get<std::string>();
  }
  static std::string mark(const std::string& s) {
    std::string out;
    for (char c : s) {
      out += c;
      if (c == '<' || c == '"') out += "zq";
    }
    return out;
  }
  std::vector<std::string> parts_;
  std::size_t next_ = 0;
};

std::unique_ptr<Fixture> make_fixture() {
  auto renderer = frontend::Renderer::create();
  FUZZ_CHECK(renderer.has_value());
  std::ifstream in(std::filesystem::path(RINSHO_SOURCE_DIR) / "sample_trials/records/jRCT2031240001.json");
  std::stringstream text;
  text << in.rdbuf();
  auto trial = model::trial_from_json(nlohmann::json::parse(text.str()));
  FUZZ_CHECK(trial.has_value() && trial->sites && trial->interventions && trial->burden && trial->outcomes);
  auto dictionary = text::Dictionary::builtin();
  FUZZ_CHECK(dictionary.has_value());
  text::Analyzer analyzer(std::make_shared<const text::Dictionary>(std::move(*dictionary)));
  return std::make_unique<Fixture>(Fixture{std::move(*renderer), std::move(*trial), analyzer});
}

const Fixture& fixture() {
  static const std::unique_ptr<Fixture> instance = make_fixture();
  return *instance;
}

model::Trial hostile_trial(const model::Trial& sample, Strings& s) {
  model::Trial t = sample;
  s.fill(t.public_title), s.fill(t.scientific_title);
  t.plain_summary = s.text();
  s.fill(t.conditions[0].name);
  t.conditions[0].icd10 = s.next();
  t.keywords = std::vector<std::string>{s.next(), s.next()};
  t.eligibility.inclusion = s.text(), t.eligibility.exclusion = s.text();
  auto& site = (*t.sites)[0];
  s.fill(site.name);
  site.city = s.text();
  auto& drug = (*t.interventions)[0];
  s.fill(drug.name);
  drug.description = s.text();
  t.burden->cost = s.text(), t.burden->compensation = s.text();
  auto& contact = t.contacts.public_contact;
  contact.name = s.text(), contact.organization = s.text(), contact.department = s.text();
  contact.email = s.next(), contact.phone = s.next(), contact.url = s.next();
  s.fill(t.sponsor.primary);
  t.sponsor.funding = std::vector<model::LocalizedText>{s.text()};
  t.coi = s.text();
  if (t.ethics_review) t.ethics_review->committee = s.text();
  t.secondary_ids = std::vector<model::SecondaryId>{{s.next(), s.next()}};
  t.outcomes->primary = std::vector<model::Outcome>{{s.text(), s.text()}};
  t.results_summary = s.text();
  return t;
}

frontend::ResultsView hostile_results(const model::Trial& t, Strings& s, const text::Analyzer& analyzer) {
  frontend::ResultsView view;
  view.request.q = s.next();
  view.request.condition = {s.next()};
  search::Hit hit;
  hit.id = t.id.value_or("jRCT2031240001");
  hit.public_title = {s.next(), s.next()};
  hit.status = t.recruitment_status, hit.phase = t.phase, hit.category = t.category, hit.study_type = t.study_type;
  hit.conditions = {{s.next(), s.next()}};
  hit.nearest_site = search::NearestSite{{s.next(), s.next()}, "13", {s.next(), s.next()}, 3.2};
  hit.site_count = 2;
  hit.last_updated = "2026-05-20";
  // The snippet is the one place HTML is built outside the templates; build it as the searcher does.
  if (auto built = search::build_query(view.request, analyzer))
    hit.snippet_html = search::make_snippet(t.plain_summary->in("ja"), built->highlight_terms, built->highlight_concepts, analyzer);
  view.result.hits = {hit, hit};
  view.result.total_estimated = view.result.total_lower = view.result.total_upper = 2;
  const auto condition = s.next();
  view.result.facets["condition"] = {{condition, 2}};
  view.condition_labels[condition] = s.next();
  view.result.applied = {{s.next(), "pediatric"}};
  view.result.suggestion = s.next();
  return view;
}

frontend::PageContext context(const std::string& lang, const std::string& path, Strings& s) {
  frontend::PageContext ctx;
  ctx.lang = lang;
  ctx.base_url = "https://rinsho.example";
  ctx.path = path;
  ctx.query = {{"q", s.next()}, {"condition", s.next()}, {s.next(), s.next()}};
  ctx.today = "2026-12-07";
  return ctx;
}

void check_html(const std::string& html) {
  FUZZ_CHECK(html.find("<zq") == std::string::npos);
  // Outside the JSON-LD (where JSON writes a quote as \"), a marked quote must be an entity.
  std::string rest = html;
  const std::string open = "<script type=\"application/ld+json\">";
  if (auto begin = rest.find(open); begin != std::string::npos) {
    const auto end = rest.find("</script>", begin);
    FUZZ_CHECK(end != std::string::npos);
    const auto json_text = rest.substr(begin + open.size(), end - begin - open.size());
    FUZZ_CHECK(nlohmann::json::accept(json_text));
    rest.erase(begin, end - begin);
  }
  FUZZ_CHECK(rest.find("\"zq") == std::string::npos);
}

}  // namespace

// Built before the first input, so start-up time never counts against an input's time limit.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)fixture();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // The first byte picks one page in one language: rendering all four for every input made the
  // target four times slower without reaching more code per input.
  const bool results_page = data[0] & 1;
  const std::string lang = data[0] & 2 ? "en" : "ja";
  const Fixture& fixture = ::fixture();
  Strings strings(std::string_view(reinterpret_cast<const char*>(data + 1), size - 1));
  frontend::TrialView trial{hostile_trial(fixture.sample, strings), search::GeoPoint{35.68, 139.76}, {}};
  if (!results_page) {
    trial.versions = {{2, "2026-05-20T01:02:03Z", {strings.next()}}, {1, "2026-01-01T00:00:00Z", {}}};
    check_html(fixture.renderer.trial(trial, context(lang, "/trials/" + trial.trial.id.value_or(""), strings)));
  } else {
    const auto results = hostile_results(trial.trial, strings, fixture.analyzer);
    check_html(fixture.renderer.results(results, context(lang, "/search", strings)));
  }
  return 0;
}
