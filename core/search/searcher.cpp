#include "search/searcher.hpp"

#include <map>
#include <mutex>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "index/index_layout.hpp"
#include "search/facets.hpp"
#include "search/hits.hpp"
#include "search/query_builder.hpp"
#include "search/snippet.hpp"
#include "search/spelling_suggest.hpp"

namespace rinsho::search {
namespace {

constexpr std::size_t kFacetLimit = 50;
// Fewer matches than this and the page offers a spelling correction when one finds more.
constexpr Xapian::doccount kFewResults = 3;
// Fewer matches than this for the words as written, and their readings are searched too: a page of
// results that a kana spelling would otherwise leave short (ぼうこうがん), while a word that
// already finds a page is not diluted by homophones (抗がん is never padded with 睾丸).
constexpr Xapian::doccount kFewForReadings = 20;

Result<void> check_request(const SearchRequest& r) {
  if (r.page_size < 1 || r.page_size > kMaxPageSize)
    return fail(ErrorCode::invalid_argument, "page_size must be between 1 and 100",
                {{"page_size", "1から100の間で指定してください", "must be between 1 and 100"}});
  if (r.within_km && !r.near)
    return fail(ErrorCode::invalid_argument, "within_km needs near",
                {{"within_km", "near (緯度,経度) と一緒に指定してください", "needs near=lat,lon"}});
  if (r.sort == SortOrder::nearest && !r.near)
    return fail(ErrorCode::invalid_argument, "sort=nearest needs near",
                {{"sort", "近い順には near (緯度,経度) が必要です", "nearest needs near=lat,lon"}});
  return {};
}

Xapian::Query geo_filter(const SearchRequest& r) {
  if (!r.near || !r.within_km) return {};
  auto* source = new Xapian::LatLongDistancePostingSource(
      index::slot::coords, Xapian::LatLongCoords(Xapian::LatLongCoord(r.near->lat, r.near->lon)),
      Xapian::GreatCircleMetric(), *r.within_km * 1000.0);
  // A filter, not a ranking signal: distance ordering is the nearest sort's job.
  return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(source->release()), 0.0);
}

Xapian::Query filters_except(const BuiltQuery& built, const Xapian::Query& geo, const std::string& facet) {
  std::vector<Xapian::Query> parts{geo};
  for (const auto& f : built.filters)
    if (facet.empty() || f.facet != facet) parts.push_back(f.query);
  return and_all(parts);
}

Xapian::Query with_filters(const Xapian::Query& ranked, const Xapian::Query& filters) {
  return filters.empty() ? ranked : Xapian::Query(Xapian::Query::OP_FILTER, ranked, filters);
}

// One FacetColumns per database revision, shared by every Searcher reading it (a server has one
// Searcher per worker thread; each copy is ~8 MB at 100,000 trials). A revision's columns live as
// long as some Searcher still reads that revision.
std::shared_ptr<const FacetColumns> shared_facet_columns(const Xapian::Database& db) {
  static std::mutex mutex;
  static std::map<std::string, std::weak_ptr<const FacetColumns>> by_revision;
  const std::string key = db.get_uuid() + "@" + std::to_string(db.get_revision());
  {
    std::lock_guard lock(mutex);
    if (auto found = by_revision[key].lock()) return found;
  }
  // Built outside the lock: two Searchers meeting a new revision at once may both build, which is
  // cheaper than making every other search wait.
  auto built = std::make_shared<const FacetColumns>(db);
  std::lock_guard lock(mutex);
  std::erase_if(by_revision, [](const auto& entry) { return entry.second.expired(); });
  auto& slot = by_revision[key];
  if (auto found = slot.lock()) return found;
  slot = built;
  return built;
}

}  // namespace

struct Searcher::Impl {
  std::filesystem::path dir;
  Xapian::Database db;
  text::Analyzer analyzer;

  Result<SearchResult> run(const SearchRequest& request);
  // build_query, with readings when the words as written match fewer than kFewForReadings trials
  // under the request's filters.
  Result<BuiltQuery> build(const SearchRequest& request);
  Result<std::vector<std::string>> ids(const SearchRequest& request, std::size_t offset, std::size_t limit);
  // The ranked text query and the geo filter of a built request, and an Enquire over both with
  // every filter and the request's order.
  struct Prepared {
    Xapian::Query ranked, geo;
    Xapian::Enquire enquire;
  };
  Prepared prepare(const BuiltQuery& built, const SearchRequest& request) const;
  void sort(Xapian::Enquire& enquire, const SearchRequest& request, bool has_text) const;
  void disjunctive_facets(const BuiltQuery& built, const SearchRequest& r, const Xapian::Query& ranked,
                          const Xapian::Query& geo, SearchResult& result);
  std::optional<std::string> suggest(const SearchRequest& request, const BuiltQuery& built, Xapian::doccount found);
  std::optional<std::string> spelling_suggestion(const SearchRequest& request, const BuiltQuery& built,
                                                 Xapian::doccount found);
  Xapian::doccount count_at_least(const SearchRequest& request, Xapian::doccount enough);
  std::string snippet_for(const nlohmann::json& data, const BuiltQuery& built, const std::string& lang) const;
  std::optional<std::string> most_common_condition();
  std::optional<std::string> popular;  // cached most_common_condition(); cleared on refresh
  std::shared_ptr<const FacetColumns> columns;  // found on the first search with facets; cleared on reopen
  const FacetColumns& facet_columns() {
    if (!columns) columns = shared_facet_columns(db);
    return *columns;
  }
  void reopen() {
    popular.reset();
    columns.reset();
    db.reopen();
  }
};

Searcher::Searcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;
Searcher::~Searcher() = default;

Result<Searcher> Searcher::open(const std::filesystem::path& dir, const text::Analyzer& prototype) {
  try {
    auto impl = std::make_unique<Impl>(Impl{dir, Xapian::Database(dir.string()), text::Analyzer(prototype)});
    return Searcher(std::move(impl));
  } catch (const Xapian::Error& e) {
    return fail(ErrorCode::io, "cannot open the search index at " + dir.string() +
                                   " (run rinsho-indexer ingest first): " + e.get_description());
  }
}

Result<void> Searcher::refresh() {
  try {
    impl_->reopen();
    return {};
  } catch (const Xapian::Error& e) {
    return fail(ErrorCode::io, "cannot reopen the search index: " + e.get_description());
  }
}

std::uint64_t Searcher::doc_count() const { return impl_->db.get_doccount(); }

std::int64_t Searcher::last_applied_seq() const {
  const auto v = impl_->db.get_metadata(index::kLastSeqKey);
  return v.empty() ? 0 : std::stoll(v);
}

template <typename Run>
auto Searcher::retrying(Run&& run) -> decltype(run()) {
  for (int attempt = 0;; ++attempt) {
    try {
      return run();
    } catch (const Xapian::DatabaseModifiedError&) {
      // A writer committed twice while we read: reopen and try once more.
      if (attempt > 0) return fail(ErrorCode::io, "the search index changed during the search; try again");
      impl_->reopen();
    } catch (const Xapian::Error& e) {
      return fail(ErrorCode::io, "search failed: " + e.get_description());
    }
  }
}

Result<SearchResult> Searcher::search(const SearchRequest& request) {
  if (auto ok = check_request(request); !ok) return tl::unexpected(ok.error());
  return retrying([&] { return impl_->run(request); });
}

Result<std::vector<std::string>> Searcher::matching_ids(const SearchRequest& request, std::size_t offset,
                                                        std::size_t limit) {
  SearchRequest checked = request;
  checked.page_size = 1;  // the page size is the caller's limit here, not the API's 1..100
  if (auto ok = check_request(checked); !ok) return tl::unexpected(ok.error());
  if (limit == 0 || limit > kMaxIdsPage)
    return fail(ErrorCode::invalid_argument, "limit must be between 1 and " + std::to_string(kMaxIdsPage));
  return retrying([&] { return impl_->ids(request, offset, limit); });
}

void Searcher::Impl::sort(Xapian::Enquire& enquire, const SearchRequest& r, bool has_text) const {
  auto order = r.sort;
  if (order == SortOrder::relevance && !has_text) order = SortOrder::newest;
  switch (order) {
    case SortOrder::relevance: break;
    case SortOrder::newest: enquire.set_sort_by_value_then_relevance(index::slot::registered, true); break;
    case SortOrder::updated: enquire.set_sort_by_value_then_relevance(index::slot::updated, true); break;
    case SortOrder::nearest: {
      auto* keymaker = new Xapian::LatLongDistanceKeyMaker(
          index::slot::coords, Xapian::LatLongCoords(Xapian::LatLongCoord(r.near->lat, r.near->lon)));
      enquire.set_sort_by_key_then_relevance(keymaker->release(), false);
      break;
    }
  }
}

Result<BuiltQuery> Searcher::Impl::build(const SearchRequest& request) {
  auto built = build_query(request, analyzer);
  if (!built || !built->reading_alternatives || built->text.empty()) return built;
  Xapian::Enquire enquire(db);
  enquire.set_query(with_filters(built->text, filters_except(*built, geo_filter(request), "")));
  if (enquire.get_mset(0, 0, kFewForReadings).get_matches_lower_bound() >= kFewForReadings) return built;
  return build_query(request, analyzer, true);
}

Result<SearchResult> Searcher::Impl::run(const SearchRequest& request) {
  auto built = build(request);
  if (!built) return tl::unexpected(built.error());
  SearchResult result;
  result.searched_q = request.q;
  result.applied = built->applied;
  result.matched_concepts = built->matched_concepts;
  if (built->nothing_searchable) {
    result.suggestion = suggest(request, *built, 0);
    return result;
  }
  auto [ranked, geo, enquire] = prepare(*built, request);
  std::optional<FacetSpy> spy;
  if (request.facets) spy.emplace(facet_slots(), facet_columns());
  if (spy) enquire.add_matchspy(&*spy);
  const Xapian::doccount check = request.facets ? db.get_doccount() : request.offset + request.page_size + 1;
  Xapian::MSet mset = enquire.get_mset(request.offset, request.page_size, check);
  enquire.clear_matchspies();

  result.total_estimated = mset.get_matches_estimated();
  result.total_lower = mset.get_matches_lower_bound();
  result.total_upper = mset.get_matches_upper_bound();
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    const auto data = nlohmann::json::from_cbor(it.get_document().get_data(), true, false);  // index_layout.hpp
    Hit hit = hit_from_data(data, request.near);
    hit.weight = it.get_weight();
    if (request.snippets) hit.snippet_html = snippet_for(data, *built, request.lang);
    result.hits.push_back(std::move(hit));
  }
  if (request.facets) {
    result.facets = spy->result(kFacetLimit);
    disjunctive_facets(*built, request, ranked, geo, result);
  }
  if (request.correct_spelling && built->had_text && result.total_upper == 0)
    if (auto corrected = spelling_suggestion(request, *built, 0)) {
      SearchRequest again = request;
      again.q = *corrected;
      again.correct_spelling = false;  // one correction, never a chain of them
      auto found = run(again);
      if (found && found->total_upper > 0) {
        found->corrected_from = request.q;
        return found;
      }
    }
  // The upper bound, not the estimate: with a small page the estimate may be low for a common query.
  if (built->had_text && (result.total_estimated == 0 || result.total_upper < kFewResults))
    result.suggestion = suggest(request, *built, static_cast<Xapian::doccount>(result.total_lower));
  return result;
}

Searcher::Impl::Prepared Searcher::Impl::prepare(const BuiltQuery& built, const SearchRequest& request) const {
  const bool has_text = !built.text.empty();
  Xapian::Query base = has_text ? built.text : match_all();
  Xapian::Query ranked =
      has_text && !built.boost.empty() ? Xapian::Query(Xapian::Query::OP_AND_MAYBE, base, built.boost) : base;
  Xapian::Query geo = geo_filter(request);
  Xapian::Enquire enquire(db);
  enquire.set_query(with_filters(ranked, filters_except(built, geo, "")));
  sort(enquire, request, has_text);
  return {std::move(ranked), std::move(geo), std::move(enquire)};
}

Result<std::vector<std::string>> Searcher::Impl::ids(const SearchRequest& request, std::size_t offset,
                                                     std::size_t limit) {
  auto built = build(request);
  if (!built) return tl::unexpected(built.error());
  std::vector<std::string> out;
  if (built->nothing_searchable) return out;
  auto prepared = prepare(*built, request);
  const Xapian::MSet mset = prepared.enquire.get_mset(offset, limit);
  out.reserve(mset.size());
  // The id from the document's unique Q term: no display data to decode for an export.
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    const auto doc = it.get_document();
    auto term = doc.termlist_begin();
    term.skip_to(std::string(index::prefix::id));
    if (term != doc.termlist_end() && (*term).starts_with(index::prefix::id)) out.push_back((*term).substr(1));
  }
  return out;
}

// A facet the user has narrowed by still shows its other values: count it with every filter but its own.
void Searcher::Impl::disjunctive_facets(const BuiltQuery& built, const SearchRequest&, const Xapian::Query& ranked,
                                        const Xapian::Query& geo, SearchResult& result) {
  for (const auto& slot : facet_slots()) {
    bool active = false;
    for (const auto& f : built.filters) active = active || f.facet == slot.name;
    if (!active) continue;
    Xapian::Enquire enquire(db);
    enquire.set_query(with_filters(ranked, filters_except(built, geo, slot.name)));
    FacetSpy spy({slot}, facet_columns());
    enquire.add_matchspy(&spy);
    enquire.get_mset(0, 0, db.get_doccount());
    enquire.clear_matchspies();
    result.facets[slot.name] = spy.result(kFacetLimit)[slot.name];
  }
}

std::string Searcher::Impl::snippet_for(const nlohmann::json& data, const BuiltQuery& built,
                                        const std::string& lang) const {
  const std::string other = lang == "en" ? "ja" : "en";
  for (const char* field : {"plain_summary", "public_title", "scientific_title"}) {
    const auto text = data.value(field, nlohmann::json::object());
    for (const auto& l : {lang, other}) {
      if (!text.contains(l)) continue;
      auto s = make_snippet(text[l].get<std::string>(), built.highlight_terms, built.highlight_concepts, analyzer);
      if (s.find("<mark>") != std::string::npos) return s;
    }
  }
  const auto summary = data.value("plain_summary", nlohmann::json::object());
  const std::string text = summary.value(lang, summary.value(other, ""));
  return make_snippet(text, {}, {}, analyzer);
}

// Few hits: a spelling correction that finds more. Zero hits and no correction: drop the word whose
// removal finds most, or complete the first word from the dictionary.
std::optional<std::string> Searcher::Impl::suggest(const SearchRequest& request, const BuiltQuery& built,
                                                   Xapian::doccount found) {
  if (auto corrected = spelling_suggestion(request, built, found)) return corrected;
  if (found > 0) return std::nullopt;
  if (built.words.size() >= 2) {
    std::string best;
    Xapian::doccount best_count = 0;
    for (std::size_t skip = 0; skip < built.words.size(); ++skip) {
      SearchRequest r = request;
      r.q.clear();
      for (std::size_t i = 0; i < built.words.size(); ++i)
        if (i != skip) r.q += (r.q.empty() ? "" : " ") + built.words[i];
      auto b = build(r);
      if (!b || b->nothing_searchable) continue;
      Xapian::Enquire enquire(db);
      enquire.set_query(with_filters(b->text.empty() ? match_all() : b->text, filters_except(*b, {}, "")));
      const auto count = enquire.get_mset(0, 0, 1).get_matches_estimated();
      if (count > best_count) {
        best_count = count;
        best = r.q;
      }
    }
    if (!best.empty()) return best;
  }
  for (const auto& word : built.words) {
    auto normalized = text::normalize(word);
    std::size_t cut = 0;
    for (int chars = 0; cut < normalized.size() && chars < 2; ++chars)
      do ++cut; while (cut < normalized.size() && (static_cast<unsigned char>(normalized[cut]) & 0xC0) == 0x80);
    auto completions = analyzer.dictionary().complete(normalized.substr(0, cut), 1);
    if (!completions.empty()) return completions[0].first;
  }
  // Nothing to build on (punctuation, an unknown word): offer the condition most trials study.
  return most_common_condition();
}

Xapian::doccount Searcher::Impl::count_at_least(const SearchRequest& request, Xapian::doccount enough) {
  auto b = build(request);
  if (!b || b->nothing_searchable) return 0;
  Xapian::Enquire enquire(db);
  enquire.set_query(with_filters(b->text.empty() ? match_all() : b->text, filters_except(*b, geo_filter(request), "")));
  return enquire.get_mset(0, 0, enough).get_matches_lower_bound();
}

// The query with its misspelt words corrected, offered only when it finds more than the original.
std::optional<std::string> Searcher::Impl::spelling_suggestion(const SearchRequest& request, const BuiltQuery& built,
                                                               Xapian::doccount found) {
  const auto corrections = spelling_corrections(db, analyzer.dictionary(), built.words);
  if (corrections.empty()) return std::nullopt;
  SearchRequest corrected = request;
  corrected.q = apply_corrections(request.q, corrections);
  if (corrected.q == request.q || count_at_least(corrected, found + 1) <= found) return std::nullopt;
  return corrected.q;
}

std::optional<std::string> Searcher::Impl::most_common_condition() {
  if (popular) return popular;
  Xapian::Enquire enquire(db);
  enquire.set_query(match_all());
  FacetSpy spy({{"condition", index::slot::conditions, FacetSlot::Packing::lines}}, facet_columns());
  enquire.add_matchspy(&spy);
  enquire.get_mset(0, 0, db.get_doccount());
  enquire.clear_matchspies();
  const auto counts = spy.result(1)["condition"];
  if (counts.empty()) return std::nullopt;
  const auto* c = analyzer.dictionary().find_id(counts[0].value);
  if (!c || c->variants.empty()) return std::nullopt;
  popular = c->variants[0];
  return popular;
}

}  // namespace rinsho::search
