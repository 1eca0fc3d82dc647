#pragma once
// Small formatting helpers shared by the page renderers: URLs, dates, distances, text lengths.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace rinsho::frontend {

using Query = std::vector<std::pair<std::string, std::string>>;

// Percent-encodes everything but RFC 3986 unreserved characters (UTF-8 bytes included).
std::string url_encode(std::string_view s);
// path?k=v&k2=v2 with encoded keys and values; just `path` when the query is empty.
std::string build_url(std::string_view path, const Query& query);
// The query without "lang", plus lang=en for English (Japanese is the default and needs none).
Query with_lang(const Query& query, std::string_view lang);
// The query without any of `keys`.
Query without_keys(const Query& query, std::initializer_list<std::string_view> keys);
// The query with one value removed from `key` (repeated keys and comma lists alike).
Query without_value(const Query& query, std::string_view key, std::string_view value);

// "2024-04-12" -> "2024年4月12日" / "12 Apr 2024"; anything else comes back unchanged.
std::string format_date(std::string_view iso, std::string_view lang);
// 1234567 -> "1,234,567".
std::string format_count(std::uint64_t n);
// Distances: one decimal under 10 km ("3.2"), whole kilometres above ("120").
std::string format_km(double km);
// Age in years as written: 20 -> "20", 0.5 -> "0.5".
std::string format_number(double v);
// At most `max_chars` code points, with "…" when cut.
std::string truncate_utf8(std::string_view s, std::size_t max_chars);
// Great-circle distance.
double distance_km(double lat1, double lon1, double lat2, double lon2);
// "lat,lon" with four decimals (about 10 m), the form near= takes.
std::string format_point(double lat, double lon);

// JSON for a <script> element: every '<', '>' and '&' as a \u escape, so "</script>" or "<!--" in a
// value cannot end or confuse the element, while the JSON still parses to the same value.
std::string script_safe_json(const nlohmann::json& j);

// Splits text on line breaks into non-empty paragraphs.
std::vector<std::string> paragraphs(std::string_view text);

}  // namespace rinsho::frontend
