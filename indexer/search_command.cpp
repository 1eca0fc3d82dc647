#include "indexer/search_command.hpp"

#include <cstdio>

#include "search/searcher.hpp"

namespace rinsho::indexer {

int run_search(const std::filesystem::path& data_dir, const std::vector<std::string>& words, std::size_t limit) {
  auto dictionary = text::Dictionary::builtin();
  if (!dictionary) {
    std::fprintf(stderr, "rinsho-indexer: %s\n", dictionary.error().message.c_str());
    return 2;
  }
  text::Analyzer analyzer(std::make_shared<const text::Dictionary>(std::move(*dictionary)));
  auto searcher = search::Searcher::open(data_dir / "index", analyzer);
  if (!searcher) {
    std::fprintf(stderr, "rinsho-indexer: %s\n", searcher.error().message.c_str());
    return 2;
  }
  search::SearchRequest request;
  for (const auto& w : words) request.q += (request.q.empty() ? "" : " ") + w;
  request.page_size = std::min(limit, search::kMaxPageSize);
  auto result = searcher->search(request);
  if (!result) {
    std::fprintf(stderr, "rinsho-indexer: %s\n", result.error().message.c_str());
    return 2;
  }
  std::printf("%llu trials match \"%s\"\n", (unsigned long long)result->total_estimated, request.q.c_str());
  for (const auto& a : result->applied) std::printf("  filter from \"%s\": %s\n", a.word.c_str(), a.filter.c_str());
  for (const auto& h : result->hits) {
    std::printf("%s  [%s, phase %s]  %s\n", h.id.c_str(), h.status.c_str(), h.phase.c_str(),
                (h.public_title.ja.empty() ? h.public_title.en : h.public_title.ja).c_str());
    if (!h.snippet_html.empty()) std::printf("    %s\n", h.snippet_html.c_str());
  }
  if (result->suggestion) std::printf("Try: %s\n", result->suggestion->c_str());
  return 0;
}

}  // namespace rinsho::indexer
