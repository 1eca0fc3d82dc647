// One input = what someone typed into the search box (any bytes, usually UTF-8): the normaliser,
// the analyser on both its document and query paths, the query splitter, the query builder, and
// the snippet the result list would show for that text.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "search/query_builder.hpp"
#include "search/query_text.hpp"
#include "search/snippet.hpp"
#include "text/analyzer.hpp"
#include "text/normalizer.hpp"
#include "text/registry_id.hpp"

namespace {

using namespace rinsho;

// Snippets and highlighting index the source through these offsets.
void check_normalized(const text::Normalized& n, std::string_view source) {
  FUZZ_CHECK(n.source_offsets.size() == n.text.size() + 1);
  FUZZ_CHECK(n.source_offsets.back() == source.size());
  for (std::size_t i = 0; i + 1 < n.source_offsets.size(); ++i)
    FUZZ_CHECK(n.source_offsets[i] <= n.source_offsets[i + 1] && n.source_offsets[i] <= source.size());
}

// Tokens name byte ranges of the normalised text and come in ascending positions.
void check_tokens(const std::vector<text::Token>& tokens, std::size_t text_size, std::uint32_t next_position) {
  std::uint32_t last = 0;
  for (const auto& t : tokens) {
    FUZZ_CHECK(!t.term.empty());
    FUZZ_CHECK(t.begin <= t.end && t.end <= text_size);
    FUZZ_CHECK(t.position >= last && t.position < next_position);
    last = t.position;
  }
}

// The snippet is HTML: the only markup in it may be our own <mark> tags.
void check_snippet(std::string html) {
  for (const char* tag : {"<mark>", "</mark>"})
    for (auto at = html.find(tag); at != std::string::npos; at = html.find(tag)) html.erase(at, std::string_view(tag).size());
  FUZZ_CHECK(html.find('<') == std::string::npos && html.find('>') == std::string::npos);
  FUZZ_CHECK(html.find('"') == std::string::npos && html.find('\'') == std::string::npos);
}

const text::Analyzer& analyzer() {
  static const text::Analyzer instance = [] {
    auto dictionary = text::Dictionary::builtin();
    FUZZ_CHECK(dictionary.has_value());
    return text::Analyzer(std::make_shared<const text::Dictionary>(std::move(*dictionary)));
  }();
  return instance;
}

}  // namespace

// Built before the first input, so start-up time never counts against an input's time limit.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)analyzer();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const text::Analyzer& analyzer = ::analyzer();
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  const auto normalized = text::normalize_with_offsets(input);
  check_normalized(normalized, input);
  FUZZ_CHECK(text::normalize(input) == normalized.text);

  const auto doc = analyzer.analyze_document(input);
  FUZZ_CHECK(doc.normalized.text == normalized.text);
  check_tokens(doc.tokens, doc.normalized.text.size(), doc.next_position);
  for (const auto& c : doc.concepts) FUZZ_CHECK(c.begin < c.end && c.end <= doc.normalized.text.size());
  for (const auto& unit : analyzer.analyze_query(input)) {
    FUZZ_CHECK(unit.type != text::QueryUnit::Type::concept_match || unit.matched_concept);
    check_tokens(unit.tokens, unit.surface.size(), UINT32_MAX);
  }
  (void)text::registry_id_in_query(input);
  for (const auto& clause : search::split_query(input)) FUZZ_CHECK(!clause.empty());

  search::SearchRequest request;
  request.q = std::string(input);
  auto built = search::build_query(request, analyzer);
  if (!built) {
    // The only expected rejection of free text is an argument error that says what was wrong.
    FUZZ_CHECK(built.error().code == ErrorCode::invalid_argument && !built.error().message.empty());
    return 0;
  }
  (void)built->text.get_description();
  (void)built->boost.get_description();
  check_snippet(search::make_snippet(input, built->highlight_terms, built->highlight_concepts, analyzer));
  return 0;
}
