#include "frontend/format.hpp"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace rinsho::frontend {

std::string url_encode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size() * 3);
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string build_url(std::string_view path, const Query& query) {
  std::string url(path);
  char sep = '?';
  for (const auto& [k, v] : query) {
    url += sep;
    url += url_encode(k);
    url += '=';
    url += url_encode(v);
    sep = '&';
  }
  return url;
}

Query with_lang(const Query& query, std::string_view lang) {
  Query out = without_keys(query, {"lang"});
  if (lang == "en") out.emplace_back("lang", "en");
  return out;
}

Query without_keys(const Query& query, std::initializer_list<std::string_view> keys) {
  Query out;
  for (const auto& kv : query) {
    bool drop = false;
    for (auto k : keys) drop = drop || kv.first == k;
    if (!drop) out.push_back(kv);
  }
  return out;
}

Query without_value(const Query& query, std::string_view key, std::string_view value) {
  Query out;
  for (const auto& [k, v] : query) {
    if (k != key) {
      out.emplace_back(k, v);
      continue;
    }
    std::string kept;
    std::size_t start = 0;
    while (start <= v.size()) {
      auto comma = v.find(',', start);
      if (comma == std::string::npos) comma = v.size();
      const std::string part = v.substr(start, comma - start);
      if (!part.empty() && part != value) kept += (kept.empty() ? "" : ",") + part;
      start = comma + 1;
    }
    if (!kept.empty()) out.emplace_back(k, kept);
  }
  return out;
}

std::string format_date(std::string_view iso, std::string_view lang) {
  int y = 0, m = 0, d = 0;
  if (iso.size() < 10 || std::sscanf(std::string(iso.substr(0, 10)).c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 ||
      m > 12 || d < 1 || d > 31)
    return std::string(iso);
  static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buf[40];
  if (lang == "en") std::snprintf(buf, sizeof buf, "%d %s %d", d, months[m - 1], y);
  else std::snprintf(buf, sizeof buf, "%d年%d月%d日", y, m, d);
  return buf;
}

std::string format_count(std::uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string format_km(double km) {
  char buf[32];
  if (km < 10) std::snprintf(buf, sizeof buf, "%.1f", km);
  else std::snprintf(buf, sizeof buf, "%.0f", km);
  return buf;
}

std::string format_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

std::string truncate_utf8(std::string_view s, std::size_t max_chars) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;  // continuation byte
    if (chars == max_chars) return std::string(s.substr(0, i)) + "…";
    ++chars;
  }
  return std::string(s);
}

double distance_km(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kEarthRadiusKm = 6371.0088;
  constexpr double kRad = 3.14159265358979323846 / 180.0;
  const double dlat = (lat2 - lat1) * kRad, dlon = (lon2 - lon1) * kRad;
  const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(a)));
}

std::string format_point(double lat, double lon) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.4f,%.4f", lat, lon);
  return buf;
}

std::string script_safe_json(const nlohmann::json& j) {
  const std::string raw = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string out;
  out.reserve(raw.size());
  for (char c : raw) {
    if (c == '<') out += "\\u003c";
    else if (c == '>') out += "\\u003e";
    else if (c == '&') out += "\\u0026";
    else out += c;
  }
  return out;
}

std::vector<std::string> paragraphs(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(start, nl - start);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    if (!line.empty()) out.emplace_back(line);
    start = nl + 1;
  }
  return out;
}

}  // namespace rinsho::frontend
