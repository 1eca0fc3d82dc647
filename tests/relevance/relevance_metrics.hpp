#pragma once
// The judged queries (queries.tsv) and the two measures the harness reports for each of them.
#include <cstddef>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "common/error.hpp"

namespace rinsho::relevance {

struct JudgedQuery {
  std::string kind;                   // kanji_kana, width, mixed, english, substring, trap, ...
  std::string query;                  // exactly what a user types
  std::vector<std::string> relevant;  // judged from the records, order irrelevant
  std::string note;
  std::vector<std::string> must_not;  // any of these in the top 20 fails the harness
  std::size_t line = 0;               // in the file, for messages
};

// Reads queries.tsv: `kind<TAB>query<TAB>relevant ids<TAB>note[<TAB>must_not ids]`, '#' comments.
// Errors name the line.
Result<std::vector<JudgedQuery>> read_queries(const std::filesystem::path& file);

// Share of the relevant ids found in `ranked` (the engine's top 20). Undefined for an empty
// relevant set, which the caller must treat separately.
double recall(const std::vector<std::string>& ranked, const std::set<std::string>& relevant);

// nDCG@k with binary gains: DCG = sum over ranks i<=k of rel_i / log2(i+1); the ideal DCG places
// min(|relevant|, k) relevant trials first. Undefined for an empty relevant set.
double ndcg(const std::vector<std::string>& ranked, const std::set<std::string>& relevant, std::size_t k = 10);

}  // namespace rinsho::relevance
