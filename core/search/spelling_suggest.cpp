#include "search/spelling_suggest.hpp"

#include <optional>
#include <tuple>

#include "index/index_layout.hpp"
#include "text/normalizer.hpp"
#include "text/spelling.hpp"

namespace rinsho::search {
namespace {

using text::SpellingScript;

struct Candidate {
  std::string text;
  std::size_t distance = 0;
  Xapian::doccount trials = 0;
  bool better_than(const Candidate& other) const {
    return std::tuple(distance, -static_cast<long long>(trials)) <
           std::tuple(other.distance, -static_cast<long long>(other.trials));
  }
};

// The index's own spelling of a word: Latin words are plain terms, katakana words are W terms.
std::string index_term(const std::string& normalized, SpellingScript script) {
  return script == SpellingScript::latin ? normalized : index::term(index::prefix::word, normalized);
}

bool known(const Xapian::Database& db, const text::Dictionary& dictionary, const std::string& normalized,
           SpellingScript script) {
  const auto matches = dictionary.match(normalized, text::MatchScope::query);
  if (matches.size() == 1 && matches[0].begin == 0 && matches[0].end == normalized.size()) return true;
  return db.get_termfreq(index_term(normalized, script)) >= kKnownTrials;
}

void consider(Candidate c, Candidate& best) {
  if (c.trials > 0 && (best.text.empty() || c.better_than(best))) best = std::move(c);
}

// Index words that begin like the query word (a contiguous range of the term list): the first two
// letters of a Latin word of 6 or more (a range of thousands of terms on a large registry shrinks to
// hundreds; a typo in the first two letters is left to the dictionary), else the first character.
void scan_index(const Xapian::Database& db, const std::u32string& word, SpellingScript script, std::size_t max,
                Candidate& best) {
  const std::size_t lead = script == SpellingScript::latin && word.size() >= 6 ? 2 : 1;
  const std::string start = text::to_utf8(word.substr(0, lead));
  const std::string prefix = script == SpellingScript::latin ? start : index::term(index::prefix::word, start);
  const std::size_t strip = script == SpellingScript::latin ? 0 : index::prefix::word.size();
  std::size_t scanned = 0;
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix) && scanned < kMaxScannedTerms; ++t, ++scanned) {
    const std::string term = *t;
    // Byte lengths give code point lengths: Latin is one byte a character, katakana three.
    const std::size_t unit = script == SpellingScript::latin ? 1 : 3;
    const std::size_t length = (term.size() - strip) / unit;
    if (length + max < word.size() || length > word.size() + max) continue;
    const std::string value = term.substr(strip);
    if (text::spelling_script(value) != script) continue;
    const auto d = text::edit_distance(word, text::to_code_points(value), max);
    if (d == 0 || d > max) continue;
    consider({value, d, t.get_termfreq()}, best);
  }
}

std::optional<std::string> correct(const Xapian::Database& db, const text::Dictionary& dictionary,
                                   const std::string& normalized, SpellingScript script) {
  const auto word = text::to_code_points(normalized);
  const auto max = text::max_typo_distance(script, word.size());
  if (max == 0) return std::nullopt;
  Candidate best;
  for (const auto& m : dictionary.near_spellings(normalized, max, 8)) {
    if (m.distance == 0) continue;
    const auto& id = dictionary.concepts()[m.concept_index].id;
    consider({m.display, m.distance, db.get_termfreq(index::term(index::prefix::concept_id, id))}, best);
  }
  scan_index(db, word, script, max, best);
  if (best.text.empty()) return std::nullopt;
  return best.text;
}

}  // namespace

std::vector<SpellingCorrection> spelling_corrections(const Xapian::Database& db, const text::Dictionary& dictionary,
                                                     const std::vector<std::string>& words) {
  std::vector<SpellingCorrection> out;
  std::size_t looked = 0;
  for (const auto& word : words) {
    const auto normalized = text::normalize(word);
    // A whole word, or the katakana and Latin pieces of a mixed one (レカネマプの治験).
    std::string corrected;
    std::size_t done = 0;
    for (const auto& run : text::spelling_runs(normalized)) {
      if (++looked > kMaxCorrectedWords) break;
      const std::string piece = normalized.substr(run.begin, run.end - run.begin);
      if (known(db, dictionary, piece, run.script)) continue;
      auto better = correct(db, dictionary, piece, run.script);
      if (!better) continue;
      corrected.append(normalized, done, run.begin - done);
      corrected += *better;
      done = run.end;
    }
    if (done == 0) continue;
    corrected.append(normalized, done, std::string::npos);
    // Around a corrected piece the word is kept in its normalised form (ＡＢＣ becomes abc).
    out.push_back({word, corrected});
  }
  return out;
}

std::string apply_corrections(const std::string& q, const std::vector<SpellingCorrection>& corrections) {
  std::string out;
  std::size_t from = 0;
  for (const auto& c : corrections) {
    const auto at = q.find(c.word, from);
    if (at == std::string::npos) continue;
    out.append(q, from, at - from);
    out += c.replacement;
    from = at + c.word.size();
  }
  out.append(q, from, std::string::npos);
  return out;
}

}  // namespace rinsho::search
