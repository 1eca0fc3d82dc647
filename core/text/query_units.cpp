#include "text/query_units.hpp"

#include <algorithm>
#include <iterator>

#include "text/recall_tokens.hpp"
#include "text/unicode_util.hpp"

namespace rinsho::text::detail {
namespace {

// Once dictionary matches cut a query apart, the hiragana left between them is mostly grammar:
// 自宅|で|参加できる. Searching for で as a phrase would only demand that exact particle in the
// trial text and lose recall, so such pieces are marked for the searcher to drop. The list holds
// only pieces that never carry a medical meaning on their own; hiragana content words (がん,
// こども) are not here and stay searchable.
constexpr std::string_view kParticles[] = {
    // case, binding and conjunctive particles
    "が", "を", "に", "へ", "と", "で", "から", "より", "まで", "の", "や", "は", "も", "か", "て", "ば",
    "し", "な", "ね", "よ", "こそ", "しか", "でも", "だけ", "ほど", "くらい", "ぐらい", "など", "なり",
    "ばかり", "ので", "のに", "ながら", "たり", "けど", "けれど", "けれども", "とか",
    // particles combined with each other
    "では", "には", "とは", "にも", "での", "への", "との", "からの", "までの", "にて", "として",
    "について", "における", "において", "による", "によって", "により", "をもつ", "をもった",
    "かつ", "および", "または", "ならびに", "もしくは", "あるいは",
    // auxiliaries and light verbs, as queries inflect them
    "です", "ます", "でした", "ました", "だ", "である", "ある", "あり", "いる", "いた", "ている",
    "ています", "する", "した", "して", "します", "しない", "したい", "される", "された", "され", "できる",
    "できます", "できない", "ない", "たい", "たいです", "れる", "られる", "せる", "させる", "ください",
    "ほしい", "よう", "ような", "ように", "こと", "もの", "ため", "とき"};

bool hiragana_only(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    if (classify(next_code_point(s, i)) != CharClass::hiragana) return false;
  }
  return !s.empty();
}

std::vector<Token> surface_tokens(std::string_view surface) {
  std::vector<Token> tokens;
  append_recall_tokens(surface, 0, surface.size(), 0, tokens);
  return tokens;
}

// Every CJK run or Latin word between two dictionary matches is a unit of its own.
void add_text_units(const std::string& normalized, std::size_t begin, std::size_t end, std::vector<QueryUnit>& out) {
  for (const auto& run : split_runs(normalized, begin, end)) {
    QueryUnit unit;
    unit.type = QueryUnit::Type::text;
    unit.surface = normalized.substr(run.begin, run.end - run.begin);
    unit.tokens = surface_tokens(unit.surface);
    unit.particle = is_particle(unit.surface);
    out.push_back(std::move(unit));
  }
}

}  // namespace

bool is_particle(std::string_view surface) {
  return hiragana_only(surface) && std::find(std::begin(kParticles), std::end(kParticles), surface) != std::end(kParticles);
}

std::vector<QueryUnit> query_units(const Dictionary& dictionary, const std::string& normalized) {
  std::vector<QueryUnit> out;
  std::size_t done = 0;
  for (const auto& match : dictionary.match(normalized, MatchScope::query)) {
    add_text_units(normalized, done, match.begin, out);
    QueryUnit unit;
    unit.type = QueryUnit::Type::concept_match;
    unit.surface = normalized.substr(match.begin, match.end - match.begin);
    unit.matched_concept = &dictionary.concepts()[match.concept_index];
    unit.concept_index = match.concept_index;
    unit.reading = match.reading;
    unit.tokens = surface_tokens(unit.surface);
    out.push_back(std::move(unit));
    done = match.end;
  }
  add_text_units(normalized, done, normalized.size(), out);
  return out;
}

}  // namespace rinsho::text::detail
