#pragma once
// The map of Japan on the top and results pages: the 47 prefectures shaded by a count of trials,
// each a link that narrows a search to it, with a legend and the same counts and links as a table.
// Rendered server-side (templates/_prefecture_map.mustache), so it works without JavaScript.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "frontend/format.hpp"
#include "frontend/map_outlines.hpp"
#include "search/search_request.hpp"

namespace rinsho::frontend {

class Messages;

inline constexpr int kMapShades = 4;  // shaded steps for counts above zero (classes m1..m4; m0 is none)

// What the counts are: recruiting trials (top page) or the current search's matches (results).
enum class MapCounts { recruiting, results };

struct MapRequest {
  std::vector<search::FacetValue> counts;  // by prefecture code; a code not listed counts 0
  MapCounts kind = MapCounts::recruiting;
  Query link_query;                        // each prefecture links to /search?<link_query>&prefecture=<code>
  std::vector<std::string> selected;       // codes the page is already narrowed to
  std::string labelledby;                  // id of the element that names the map
};

// Upper bounds of the shaded steps for counts 1..max, at most kMapShades of them, the last one
// `max`. Log-spaced: one prefecture with many trials (Tokyo) must not leave the rest all pale.
std::vector<std::uint64_t> map_shade_bounds(std::uint64_t max);
// The shade class of a count, "m0" (none) to "m4"; the highest step is always the darkest.
std::string map_shade(std::uint64_t count, const std::vector<std::uint64_t>& bounds);

// The view of _prefecture_map.mustache: {width, height, labelledby, areas:[{href, label, d, shade,
// selected, inset}], legend:[{shade, text}], rows:[{name, href, count}], count_heading, credit_href}.
nlohmann::json prefecture_map(const MapOutlines& outlines, const MapRequest& request, const std::string& lang,
                              const Messages& m);

}  // namespace rinsho::frontend
