#include "search/query_builder.hpp"

#include <algorithm>
#include <map>

#include "index/index_layout.hpp"
#include "search/query_text.hpp"
#include "search/registry_id_query.hpp"
#include "text/letter_names.hpp"
#include "text/normalizer.hpp"
#include "text/reading.hpp"
#include "text/registry_id.hpp"

namespace rinsho::search {
namespace {

using index::term;
using text::ConceptKind;
using text::Token;

Xapian::Query any_of(std::string_view prefix, const std::vector<std::string>& values) {
  std::vector<Xapian::Query> terms;
  for (const auto& v : values) terms.emplace_back(term(prefix, v));
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

// The tokens a surface gets in a document, as a phrase: at each position the katakana anchor
// beats the bigram, which beats the unigram; a unigram already covered by the previous bigram is
// dropped. The window is the span of positions, so the match is an exact substring.
Xapian::Query phrase_of(const std::vector<Token>& tokens, std::set<std::string>& highlight) {
  std::map<std::uint32_t, const Token*> best;
  auto rank = [](Token::Kind k) {
    switch (k) {
      case Token::Kind::katakana_anchor: return 3;
      case Token::Kind::bigram: return 2;
      case Token::Kind::latin: return 2;
      case Token::Kind::unigram: return 1;
    }
    return 0;
  };
  for (const auto& t : tokens) {
    auto& slot = best[t.position];
    if (!slot || rank(t.kind) > rank(slot->kind)) slot = &t;
  }
  std::vector<std::string> terms;
  std::uint32_t first = 0, last = 0;
  bool previous_bigram = false;
  std::uint32_t previous_pos = 0;
  for (const auto& [pos, t] : best) {
    const bool covered = t->kind == Token::Kind::unigram && previous_bigram && pos == previous_pos + 1;
    previous_bigram = t->kind == Token::Kind::bigram || t->kind == Token::Kind::katakana_anchor;
    previous_pos = pos;
    if (covered) continue;
    if (terms.empty()) first = pos;
    last = pos;
    terms.push_back(t->term);
    if (t->kind != Token::Kind::katakana_anchor) highlight.insert(t->term);
    else highlight.insert(t->term.substr(1));
  }
  if (terms.empty()) return {};
  if (terms.size() == 1) return Xapian::Query(terms[0]);
  return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), last - first + 1);
}

bool all_hiragana(std::string_view s) {
  bool any = false;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c != 0xE3 || i + 2 >= s.size()) return false;
    const std::uint32_t cp = ((c & 0x0F) << 12) | ((static_cast<unsigned char>(s[i + 1]) & 0x3F) << 6) |
                             (static_cast<unsigned char>(s[i + 2]) & 0x3F);
    if (!((cp >= 0x3041 && cp <= 0x309F) || cp == 0x30FC)) return false;
    any = true;
    i += 3;
  }
  return any;
}

// How much a related concept (a condition behind a symptom) counts against the concept the query
// named: low enough that every trial about the symptom itself ranks first.
constexpr double kRelatedWeight = 0.2;

// The concepts related to the one a query word matched (動悸 -> arrhythmia, heart failure), as an
// alternative ranked well below the word's own matches. An alternative, never a filter: the word's
// own matches stay in the OR, and a trial matching both scores higher still. A related condition
// counts only where the trial's conditions field names it (K terms): a trial *about* heart failure,
// not one that excludes patients with it.
Xapian::Query related_query(const text::Dictionary& dictionary, std::size_t concept_index,
                            std::set<std::string>& highlight_concepts) {
  std::vector<Xapian::Query> terms;
  for (auto r : dictionary.related(concept_index)) {
    const auto& c = dictionary.concepts()[r];
    const auto& id = c.id;
    terms.emplace_back(term(c.kind == ConceptKind::condition ? index::prefix::condition_rank : index::prefix::concept_id, id));
    highlight_concepts.insert(id);
  }
  if (terms.empty()) return {};
  return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                       Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()), kRelatedWeight);
}

struct WordContext {
  const text::Analyzer& analyzer;
  BuiltQuery& out;
  bool with_readings = false;
  std::vector<Xapian::Query> boosts;
  bool dropped_words = false;  // noise words or particles: the query meant "everything"
};

// A match through a reading counts this much against the word's own: below every trial that has
// the word as written, since a reading may belong to another word (こうがん: 睾丸, 抗がん).
constexpr double kReadingWeight = 0.3;
// Readings shorter than this are too ambiguous to search by (いし: 医師, 意思, 石).
constexpr std::size_t kMinReadingChars = 3;
// A kana or mixed word is searched by this many of its likeliest readings: a lone kanji beside kana
// is often read the other way first (骨そしょう症 reads ホネ… before コツ…).
constexpr std::size_t kQueryReadings = 4;

std::size_t char_count(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// The word as written, or also as it reads: a hiragana or mixed word (ぼうこうがん, じん臓) matches
// kanji text with the same reading; a kanji word matches the reading written in hiragana
// (膀胱 -> ぼうこう). Kanji to other kanji by reading alone is left out: that is only ever a
// homophone, never a spelling of the same word. A katakana word is its own reading, searched only
// against the readings of kanji text: patients write Japanese words in katakana (ゼンソク for 喘息).
// Not a word with ー: readings spell long vowels with ウ and イ, so ー marks a loanword, which has
// no kanji spelling and whose bigrams would only meet readings by chance (ローン). Its hiragana form
// is not searched either: that would match inside longer kana words (ローン in クローン病).
Xapian::Query katakana_reading(const std::string& surface, Xapian::Query own, WordContext& ctx) {
  if (char_count(surface) < kMinReadingChars || surface.find("ー") != std::string::npos) return own;
  std::vector<std::string> terms;
  for (const auto& b : text::reading_bigrams(surface)) terms.push_back(term(index::prefix::reading, b.term));
  if (terms.empty()) return own;
  ctx.out.reading_alternatives = true;
  if (!ctx.with_readings) return own;
  auto by_reading = terms.size() == 1 ? Xapian::Query(terms[0])
                                      : Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), terms.size());
  return Xapian::Query(Xapian::Query::OP_OR, own, Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, by_reading, kReadingWeight));
}

Xapian::Query with_reading(const std::string& surface, Xapian::Query own, WordContext& ctx) {
  const bool kanji = text::has_kanji(surface);
  const bool kana = text::has_hiragana(surface);
  if (!kanji && !kana) return text::only_katakana(surface) ? katakana_reading(surface, std::move(own), ctx) : own;
  const auto readings = ctx.analyzer.readings(surface, kana ? kQueryReadings : 1);
  if (readings.empty() || char_count(readings.front()) < kMinReadingChars) return own;
  const auto& reading = readings.front();
  std::vector<Xapian::Query> alternatives;
  for (const auto& r : kana ? readings : std::vector<std::string>{}) {
    if (char_count(r) < kMinReadingChars) continue;
    std::vector<std::string> terms;
    for (const auto& b : text::reading_bigrams(r)) terms.push_back(term(index::prefix::reading, b.term));
    alternatives.push_back(terms.size() == 1 ? Xapian::Query(terms[0])
                                             : Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), terms.size()));
  }
  const auto hiragana = text::to_hiragana(reading);
  if (hiragana != surface) {
    std::set<std::string> highlight;
    auto written = phrase_of(ctx.analyzer.analyze_for_highlight(hiragana).tokens, highlight);
    if (!written.empty()) alternatives.push_back(written);
  }
  if (alternatives.empty()) return own;
  ctx.out.reading_alternatives = true;
  if (!ctx.with_readings) return own;
  return Xapian::Query(Xapian::Query::OP_OR, own,
                       Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                     Xapian::Query(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end()),
                                     kReadingWeight));
}

// One word of the query. Attribute words become filters (or exclusions), noise and particles drop out.
Xapian::Query word_query(const QueryWord& w, WordContext& ctx) {
  if (w.phrase) {
    auto doc = ctx.analyzer.analyze_document(w.text);
    return phrase_of(doc.tokens, ctx.out.highlight_terms);
  }
  std::vector<Xapian::Query> parts;
  std::vector<Xapian::Query> hiragana_tails;
  for (const auto& u : ctx.analyzer.analyze_query(w.text)) {
    if (u.type == text::QueryUnit::Type::concept_match) {
      const auto& c = *u.matched_concept;
      if (c.kind == ConceptKind::noise) {
        ctx.dropped_words = true;
        continue;
      }
      if (c.kind == ConceptKind::attribute) {
        if (auto f = attribute_filter(c.filter)) {
          ctx.out.filters.push_back({"", w.excluded ? Xapian::Query(Xapian::Query::OP_AND_NOT, match_all(), *f) : *f});
          ctx.out.applied.push_back({u.surface, (w.excluded ? "-" : "") + c.filter});
        }
        ctx.dropped_words = true;
        continue;
      }
      ctx.out.highlight_concepts.insert(c.id);
      if (!w.excluded && std::find(ctx.out.matched_concepts.begin(), ctx.out.matched_concepts.end(), c.id) ==
                             ctx.out.matched_concepts.end())
        ctx.out.matched_concepts.push_back(c.id);
      // A reading (いがん) is what the patient typed, not what records say: only the concept counts.
      auto phrase = u.reading ? Xapian::Query() : phrase_of(u.tokens, ctx.out.highlight_terms);
      Xapian::Query by_concept(term(index::prefix::concept_id, c.id));
      Xapian::Query own = phrase.empty() ? by_concept : Xapian::Query(Xapian::Query::OP_OR, by_concept, phrase);
      // Excluding a symptom excludes the trials that name it, not every condition behind it.
      auto related = w.excluded ? Xapian::Query()
                                : related_query(ctx.analyzer.dictionary(), u.concept_index, ctx.out.highlight_concepts);
      parts.push_back(related.empty() ? own : Xapian::Query(Xapian::Query::OP_OR, own, related));
      ctx.boosts.emplace_back(term(index::prefix::concept_id, c.id));
      if (c.kind == ConceptKind::condition) ctx.boosts.emplace_back(term(index::prefix::condition_rank, c.id));
    } else if (u.particle) {
      ctx.dropped_words = true;
    } else {
      auto phrase = phrase_of(u.tokens, ctx.out.highlight_terms);
      if (phrase.empty()) continue;
      phrase = with_reading(u.surface, std::move(phrase), ctx);
      // Kana a phone user types around a known word (タバコ|やめたい, 夜中|のトイレ) is rarely in the
      // record verbatim: it ranks, but only filters when it is all the query has.
      (all_hiragana(u.surface) ? hiragana_tails : parts).push_back(phrase);
    }
  }
  if (parts.empty()) return and_all(hiragana_tails);
  for (auto& q : hiragana_tails) ctx.boosts.push_back(std::move(q));
  return and_all(parts);
}

void add_request_filters(const SearchRequest& r, std::vector<FacetFilter>& filters) {
  using namespace index;
  auto add = [&](const char* facet, std::string_view prefix, const std::vector<std::string>& values) {
    if (!values.empty()) filters.push_back({facet, any_of(prefix, values)});
  };
  add("status", prefix::status, r.status);
  add("phase", prefix::phase, r.phase);
  add("category", prefix::category, r.category);
  add("study_type", prefix::study_type, r.study_type);
  add("modality", prefix::modality, r.modality);
  add("prefecture", prefix::prefecture, r.prefecture);
  add("country", prefix::country, r.country);
  add("condition", prefix::condition, r.condition);
  for (const auto& f : r.flags) filters.push_back({"", Xapian::Query(term(prefix::flag, f))});
  if (r.sex) filters.push_back({"", any_of(prefix::sex, {"all", *r.sex})});
  if (r.age) {
    const std::string age = Xapian::sortable_serialise(*r.age);
    filters.push_back({"", Xapian::Query(Xapian::Query::OP_AND,
                                         Xapian::Query(Xapian::Query::OP_VALUE_LE, slot::min_age, age),
                                         Xapian::Query(Xapian::Query::OP_VALUE_GE, slot::max_age, age))});
  }
}

// A registry id stays a word of its own, so its id term can be ORed in for it alone.
bool plain(const QueryClause& c) {
  return c.size() == 1 && !c[0].phrase && !c[0].excluded && !text::registry_id_in_query(c[0].text);
}

// Consecutive plain words are analysed together, so the dictionary sees "lung cancer", "phase 3"
// and "type 2 diabetes" whole; their units are still ANDed, as the words were.
std::vector<QueryClause> merge_plain_words(std::vector<QueryClause> clauses) {
  std::vector<QueryClause> out;
  for (auto& c : clauses) {
    if (plain(c) && !out.empty() && plain(out.back())) out.back()[0].text += " " + c[0].text;
    else out.push_back(std::move(c));
  }
  return out;
}

}  // namespace

Xapian::Query and_all(const std::vector<Xapian::Query>& parts) {
  std::vector<Xapian::Query> kept;
  for (const auto& p : parts)
    if (!p.empty()) kept.push_back(p);
  if (kept.empty()) return {};
  if (kept.size() == 1) return kept[0];
  return Xapian::Query(Xapian::Query::OP_AND, kept.begin(), kept.end());
}

std::optional<Xapian::Query> attribute_filter(const std::string& filter) {
  using namespace index;
  auto colon = filter.find(':');
  const std::string key = filter.substr(0, colon);
  const std::string value = colon == std::string::npos ? "" : filter.substr(colon + 1);
  if (key == "status") return Xapian::Query(term(prefix::status, value));
  // A patient asking for 第Ⅰ相 wants the phase 1/2 trials too: the attribute word is inclusive,
  // while the API's phase= parameter stays exact.
  if (key == "phase") {
    if (value == "1") return any_of(prefix::phase, {"1", "1/2"});
    if (value == "2") return any_of(prefix::phase, {"2", "1/2", "2/3"});
    if (value == "3") return any_of(prefix::phase, {"3", "2/3"});
    return Xapian::Query(term(prefix::phase, value));
  }
  if (key == "prefecture") return Xapian::Query(term(prefix::prefecture, value));
  if (key == "modality") return Xapian::Query(term(prefix::modality, value));
  if (key == "study_type") return Xapian::Query(term(prefix::study_type, value));
  if (key == "category") return Xapian::Query(term(prefix::category, value));
  if (key == "sex") return any_of(prefix::sex, {"all", value});
  for (const char* flag : kFlagNames)
    if (filter == flag) return Xapian::Query(term(prefix::flag, filter));
  return std::nullopt;
}

Result<BuiltQuery> build_query(const SearchRequest& request, const text::Analyzer& analyzer, bool with_readings) {
  BuiltQuery out;
  WordContext ctx{analyzer, out, with_readings, {}};
  std::vector<Xapian::Query> clauses;
  std::vector<Xapian::Query> excluded;
  for (const auto& clause : merge_plain_words(split_query(request.q))) {
    std::vector<Xapian::Query> alternatives;
    for (const auto& w : clause) {
      out.had_text = true;
      for (const auto& part : split_query(w.text)) out.words.push_back(part[0].text);
      auto q = or_registry_id(word_query(w, ctx), w.text);
      // エーエルエス is also searched as ALS, アイジーエー腎症 as IgA腎症.
      if (!w.phrase)
        if (auto latin = text::spelled_letters_to_latin(w.text); latin != text::normalize(w.text)) {
          auto spelled = w;
          spelled.text = std::move(latin);
          auto alt = word_query(spelled, ctx);
          if (!alt.empty()) q = q.empty() ? alt : Xapian::Query(Xapian::Query::OP_OR, q, alt);
        }
      if (q.empty()) continue;
      (w.excluded ? excluded : alternatives).push_back(q);
    }
    if (!alternatives.empty())
      clauses.push_back(alternatives.size() == 1 ? alternatives[0]
                                                 : Xapian::Query(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end()));
  }
  out.text = and_all(clauses);
  if (!excluded.empty()) {
    Xapian::Query base = out.text.empty() ? match_all() : out.text;
    out.text = Xapian::Query(Xapian::Query::OP_AND_NOT, base,
                             Xapian::Query(Xapian::Query::OP_OR, excluded.begin(), excluded.end()));
  }
  // Punctuation only, say: the user typed something, yet nothing can match and no filter came of it.
  out.nothing_searchable = out.had_text && out.text.empty() && !ctx.dropped_words;
  auto words = analyzer.analyze_document(request.q).words;
  for (const auto& w : words) ctx.boosts.emplace_back(term(index::prefix::word, w));
  if (!ctx.boosts.empty()) out.boost = Xapian::Query(Xapian::Query::OP_OR, ctx.boosts.begin(), ctx.boosts.end());
  add_request_filters(request, out.filters);
  return out;
}

}  // namespace rinsho::search
