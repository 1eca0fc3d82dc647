#pragma once
// Splits the q parameter into words, quoted phrases, OR groups and exclusions.
#include <string>
#include <string_view>
#include <vector>

namespace rinsho::search {

struct QueryWord {
  std::string text;
  bool phrase = false;    // came from "..." or 「...」: match exactly
  bool excluded = false;  // -word
};

// Clauses are ANDed; the words of one clause are alternatives (joined by OR in the query).
using QueryClause = std::vector<QueryWord>;

std::vector<QueryClause> split_query(std::string_view q);

}  // namespace rinsho::search
