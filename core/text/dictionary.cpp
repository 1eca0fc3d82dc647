#include "text/dictionary.hpp"

#include <algorithm>
#include <tuple>
#include <unordered_set>

#include "text/dictionary_impl.hpp"
#include "text/spelling.hpp"
#include "text/text_files.hpp"
#include "text/unicode_util.hpp"

namespace rinsho::text {
namespace {

using detail::next_code_point;

const detail::DictionaryData& empty_data() {
  static const detail::DictionaryData empty;
  return empty;
}

// The text decoded once: code point starts (plus the end) and which are word characters.
struct CodePoints {
  std::vector<std::size_t> offsets;
  std::vector<char> word;  // one more than the code points: the end counts as a separator

  explicit CodePoints(std::string_view text) {
    offsets.reserve(text.size() + 1);
    word.reserve(text.size() + 1);
    for (std::size_t i = 0; i < text.size();) {
      offsets.push_back(i);
      word.push_back(detail::is_word_char(next_code_point(text, i)));
    }
    offsets.push_back(text.size());
    word.push_back(false);
  }
  std::size_t size() const { return offsets.size() - 1; }
  // The candidate is the variant, character for character, so its edges can be checked on the
  // text before any lookup: a Latin or digit edge must not continue a word (ALS is not in ALSFRS,
  // phase 1 is not in phase 1b). A kanji or kana edge needs nothing: 変異L858R still has 変異.
  bool starts_inside_word(std::size_t cp) const { return word[cp] && cp > 0 && word[cp - 1]; }
  bool ends_inside_word(std::size_t cp, std::size_t length) const {
    return word[cp + length - 1] && word[cp + length];
  }
};

// The longest variant of `lengths` starting at code point `cp`: appends it and returns its length.
std::size_t longest_of(const detail::DictionaryData& data, const std::vector<std::uint32_t>& lengths,
                       std::string_view text, const CodePoints& cps, std::size_t cp, MatchScope scope,
                       std::vector<ConceptMatch>& out) {
  for (std::size_t length : lengths) {  // longest first
    if (cp + length > cps.size() || cps.ends_inside_word(cp, length)) continue;
    auto begin = cps.offsets[cp], end = cps.offsets[cp + length];
    const auto candidate = text.substr(begin, end - begin);
    if (auto it = data.by_variant.find(candidate); it != data.by_variant.end()) {
      out.push_back({it->second, begin, end, false});
      return length;
    }
    if (scope != MatchScope::query) continue;
    if (auto it = data.by_reading.find(candidate); it != data.by_reading.end()) {
      out.push_back({it->second, begin, end, true});
      return length;
    }
  }
  return 0;
}

// The longest variant starting at code point `cp`: appends it and returns its length, or 0.
std::size_t longest_at(const detail::DictionaryData& data, std::string_view text, const CodePoints& cps,
                       std::size_t cp, MatchScope scope, std::vector<ConceptMatch>& out) {
  std::size_t i = cps.offsets[cp];
  char32_t first = next_code_point(text, i);
  if (cp + 1 < cps.size()) {
    char32_t second = next_code_point(text, i);
    auto longer = data.lengths_by_start.find(detail::start_key(first, second));
    if (longer != data.lengths_by_start.end()) {
      if (auto length = longest_of(data, longer->second, text, cps, cp, scope, out)) return length;
    }
  }
  auto single = data.lengths_by_start.find(detail::start_key(first, detail::kNoCodePoint));
  return single == data.lengths_by_start.end() ? 0 : longest_of(data, single->second, text, cps, cp, scope, out);
}

// Suggestions: conditions and interventions are what people search for; attributes, anatomy and
// terms follow. Noise words are never suggested (the searcher drops them anyway).
int kind_rank(ConceptKind kind) {
  switch (kind) {
    case ConceptKind::condition:
    case ConceptKind::intervention: return 0;
    case ConceptKind::noise: return 2;
    default: return 1;
  }
}

}  // namespace

const std::vector<Concept>& Dictionary::concepts() const { return (impl_ ? *impl_ : empty_data()).concepts; }

const Concept* Dictionary::find_id(std::string_view id) const {
  if (!impl_) return nullptr;
  auto it = impl_->by_id.find(id);
  return it == impl_->by_id.end() ? nullptr : &impl_->concepts[it->second];
}

std::vector<ConceptMatch> Dictionary::match(std::string_view normalized, MatchScope scope) const {
  std::vector<ConceptMatch> matches;
  if (!impl_ || impl_->by_variant.empty()) return matches;
  const CodePoints cps(normalized);
  const std::size_t n = cps.size();
  for (std::size_t cp = 0; cp < n;) {
    std::size_t length = cps.starts_inside_word(cp) ? 0 : longest_at(*impl_, normalized, cps, cp, scope, matches);
    cp += length > 0 ? length : 1;
  }
  return matches;
}

std::vector<std::string> Dictionary::with_ancestors(std::size_t concept_index) const {
  std::vector<std::string> ids;
  if (!impl_ || concept_index >= impl_->concepts.size()) return ids;
  // Breadth first from the concept itself; `seen` makes a cycle in the data harmless.
  std::vector<std::size_t> queue{concept_index};
  std::unordered_set<std::size_t> seen{concept_index};
  for (std::size_t k = 0; k < queue.size(); ++k) {
    ids.push_back(impl_->concepts[queue[k]].id);
    for (auto parent : impl_->broader[queue[k]]) {
      if (seen.insert(parent).second) queue.push_back(parent);
    }
  }
  return ids;
}

std::vector<std::pair<std::string, std::size_t>> Dictionary::complete(std::string_view normalized_prefix,
                                                                      std::size_t limit) const {
  std::vector<std::pair<std::string, std::size_t>> out;
  if (!impl_ || normalized_prefix.empty() || limit == 0) return out;
  const auto& entries = impl_->completions;
  auto it = std::lower_bound(entries.begin(), entries.end(), normalized_prefix,
                             [](const detail::CompletionEntry& e, std::string_view p) { return e.normalized < p; });
  // Per concept, the shortest matching spelling: it is the closest to what was typed, in its script.
  std::vector<const detail::CompletionEntry*> best(impl_->concepts.size(), nullptr);
  std::vector<std::size_t> found;
  for (; it != entries.end() && it->normalized.starts_with(normalized_prefix); ++it) {
    if (impl_->concepts[it->concept_index].kind == ConceptKind::noise) continue;
    auto& slot = best[it->concept_index];
    if (!slot) found.push_back(it->concept_index);
    if (!slot || it->normalized.size() < slot->normalized.size() ||
        (it->normalized.size() == slot->normalized.size() && it->variant_index < slot->variant_index)) {
      slot = &*it;
    }
  }
  // Exact matches, then the main kinds, then the shortest completion, then file order.
  auto key = [&](std::size_t c) {
    const auto* e = best[c];
    return std::tuple(e->normalized != normalized_prefix, kind_rank(impl_->concepts[c].kind),
                      detail::utf8_length(e->normalized), c);
  };
  std::sort(found.begin(), found.end(), [&](std::size_t a, std::size_t b) { return key(a) < key(b); });
  for (std::size_t k = 0; k < found.size() && out.size() < limit; ++k) {
    const auto* e = best[found[k]];
    out.emplace_back(impl_->concepts[e->concept_index].variants[e->variant_index], e->concept_index);
  }
  return out;
}

const std::vector<std::size_t>& Dictionary::related(std::size_t concept_index) const {
  static const std::vector<std::size_t> none;
  if (!impl_ || concept_index >= impl_->related.size()) return none;
  return impl_->related[concept_index];
}

std::vector<SpellingMatch> Dictionary::near_spellings(std::string_view normalized_word, std::size_t max_distance,
                                                      std::size_t limit) const {
  std::vector<SpellingMatch> out;
  if (!impl_ || limit == 0 || spelling_script(normalized_word) == SpellingScript::none) return out;
  const auto word = to_code_points(normalized_word);
  const auto& buckets = impl_->spellings_by_length;
  // Only lengths within max_distance of the word can be close enough: a few hundred entries.
  const std::size_t from = word.size() > max_distance ? word.size() - max_distance : 0;
  for (std::size_t length = from; length <= word.size() + max_distance && length < buckets.size(); ++length) {
    for (const auto& entry : buckets[length]) {
      const auto d = edit_distance(word, entry.code_points, max_distance);
      if (d > max_distance) continue;
      auto& c = impl_->concepts[entry.concept_index];
      out.push_back({c.variants[entry.variant_index], to_utf8(entry.code_points), entry.concept_index, d});
    }
  }
  // Closest first; then the kinds people search for; then the spelling nearest in length; then file order.
  auto key = [&](const SpellingMatch& m) {
    const std::size_t length = detail::utf8_length(m.normalized);
    return std::tuple(m.distance, kind_rank(impl_->concepts[m.concept_index].kind),
                      length > word.size() ? length - word.size() : word.size() - length, m.concept_index);
  };
  std::stable_sort(out.begin(), out.end(), [&](const auto& a, const auto& b) { return key(a) < key(b); });
  if (out.size() > limit) out.resize(limit);
  return out;
}

Result<Dictionary> Dictionary::builtin() {
  // Parsed once; copies share the immutable index.
  static const Result<Dictionary> dictionary = []() -> Result<Dictionary> {
    auto file = text_files::embedded_file("data/concepts.tsv");
    if (!file) return fail(ErrorCode::internal, "data/concepts.tsv is not embedded");
    return parse(*file, "concepts.tsv");
  }();
  return dictionary;
}

}  // namespace rinsho::text
