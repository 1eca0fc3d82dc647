#pragma once
// Internal: Analyzer::analyze_query after normalisation.
#include <string>
#include <vector>

#include "text/analyzer.hpp"

namespace rinsho::text::detail {

std::vector<QueryUnit> query_units(const Dictionary& dictionary, const std::string& normalized);

// Hiragana-only function words and inflections a query can drop (で, の, できる...).
bool is_particle(std::string_view surface);

}  // namespace rinsho::text::detail
