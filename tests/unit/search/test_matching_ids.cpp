#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "../index/index_fixture.hpp"
#include "index/catch_up.hpp"
#include "index/index_writer.hpp"
#include "search/searcher.hpp"

using namespace rinsho;

namespace {

search::Searcher searcher_over(testing::TempDir& tmp, int trials) {
  auto s = testing::open_store(tmp.path() / "data");
  std::vector<nlohmann::json> records;
  for (int i = 0; i < trials; ++i) {
    char id[32];
    std::snprintf(id, sizeof id, "jRCT20312%05d", i);
    records.push_back(testing::small_record(id, std::string(i % 3 ? "肺がんの試験 " : "糖尿病の試験 ") + id));
  }
  auto put = s.put_trials(std::move(records), testing::ingest_ctx());
  REQUIRE(put.has_value());
  const auto analyzer = testing::builtin_analyzer();
  {
    auto writer = index::IndexWriter::open(tmp.path() / "index", analyzer);
    REQUIRE(writer.has_value());
    REQUIRE(index::catch_up(s, *writer).has_value());
  }
  auto searcher = search::Searcher::open(tmp.path() / "index", analyzer);
  REQUIRE(searcher.has_value());
  return std::move(*searcher);
}

std::vector<std::string> ids_of_search(search::Searcher& searcher, search::SearchRequest request) {
  std::vector<std::string> out;
  request.facets = request.snippets = false;
  request.page_size = search::kMaxPageSize;
  for (request.offset = 0;; request.offset += request.page_size) {
    auto page = searcher.search(request);
    REQUIRE(page.has_value());
    if (page->hits.empty()) break;
    for (const auto& h : page->hits) out.push_back(h.id);
  }
  return out;
}

}  // namespace

TEST_CASE("matching_ids gives the ids search gives, in the same order, page after page") {
  testing::TempDir tmp;
  auto searcher = searcher_over(tmp, 250);
  for (const char* q : {"肺がん", "", "糖尿病"}) {
    search::SearchRequest request;
    request.q = q;
    const auto expected = ids_of_search(searcher, request);
    CAPTURE(q);
    REQUIRE(expected.size() > 50);
    // Pages of 37 cross the search API's page boundaries at other places than 100 does.
    std::vector<std::string> paged;
    for (std::size_t offset = 0;; offset += 37) {
      auto page = searcher.matching_ids(request, offset, 37);
      REQUIRE(page.has_value());
      paged.insert(paged.end(), page->begin(), page->end());
      if (page->size() < 37) break;
    }
    CHECK(paged == expected);
    auto whole = searcher.matching_ids(request, 0, search::kMaxIdsPage);
    REQUIRE(whole.has_value());
    CHECK(*whole == expected);
  }
}

TEST_CASE("matching_ids refuses a limit outside 1..kMaxIdsPage and answers nothing past the end") {
  testing::TempDir tmp;
  auto searcher = searcher_over(tmp, 5);
  search::SearchRequest request;
  CHECK_FALSE(searcher.matching_ids(request, 0, 0).has_value());
  CHECK_FALSE(searcher.matching_ids(request, 0, search::kMaxIdsPage + 1).has_value());
  auto past = searcher.matching_ids(request, 100, 10);
  REQUIRE(past.has_value());
  CHECK(past->empty());
}
