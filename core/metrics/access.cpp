#include "metrics/access.hpp"

#include <array>
#include <algorithm>

namespace rinsho::metrics {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

// RFC 9110 qvalue: "0" [ "." 0*3DIGIT ] / "1" [ "." 0*3("0") ]; anything else is -1.
double qvalue(std::string_view v) {
  if (v.empty() || (v[0] != '0' && v[0] != '1') || v.size() == 2 || v.size() > 5) return -1;
  double q = v[0] - '0', scale = 0.1;
  if (v.size() > 1) {
    if (v[1] != '.') return -1;
    for (char c : v.substr(2)) {
      if (c < '0' || c > '9') return -1;
      q += (c - '0') * scale;
      scale /= 10;
    }
  }
  return q <= 1 ? q : -1;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// q=0.8 -> 0.8; absent -> 1; malformed -> 0 (ignored).
double quality(std::string_view params) {
  while (!params.empty()) {
    auto semi = params.find(';');
    auto p = trim(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view{} : params.substr(semi + 1);
    if (p.size() >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') return std::max(0.0, qvalue(p.substr(2)));
  }
  return 1;
}

}  // namespace

std::string_view name(Audience a) {
  static constexpr std::array<std::string_view, kAudiences> names = {"person", "program", "bot"};
  return names[static_cast<std::size_t>(a)];
}
std::string_view name(Device d) {
  static constexpr std::array<std::string_view, kDevices> names = {"phone", "tablet", "desktop", "other"};
  return names[static_cast<std::size_t>(d)];
}
std::string_view name(AccessKind k) {
  static constexpr std::array<std::string_view, kKinds> names = {"detail", "search", "other"};
  return names[static_cast<std::size_t>(k)];
}
std::string_view name(Channel c) { return c == Channel::page ? "page" : "api"; }
std::string_view name(Lang l) { return l == Lang::ja ? "ja" : "en"; }

std::optional<Audience> parse_audience(std::string_view s) {
  for (auto a : {Audience::person, Audience::program, Audience::bot})
    if (name(a) == s) return a;
  return std::nullopt;
}

RouteClass classify_route(std::string_view method, std::string_view t) {
  RouteClass c;
  if (method != "GET" && method != "HEAD") return c;
  if (t == "/healthz" || t == "/readyz" || t == "/metrics" || t == "/favicon.ico" || t == "/robots.txt" ||
      t == "/api/v1/suggest" || t == "(unmatched)" || t.empty() || starts_with(t, "/static/") ||
      starts_with(t, "/sitemap"))
    return c;
  c.counted = true;
  // Atom feeds are read by feed readers, programs that poll: API reads, not page views.
  c.channel = starts_with(t, "/api/") || t.ends_with(".atom") ? Channel::api : Channel::page;
  if (starts_with(t, "/api/v1/trials/{id}") || starts_with(t, "/trials/{id}")) {
    c.kind = AccessKind::detail;
    c.trial_view = true;
  } else if (t == "/api/v1/trials" || t == "/search" || t == "/search.atom") {
    c.kind = AccessKind::search;
  }
  return c;
}

Lang request_language(std::optional<std::string_view> lang_param, std::optional<std::string_view> accept) {
  if (lang_param) {
    if (*lang_param == "en") return Lang::en;
    if (*lang_param == "ja") return Lang::ja;
  }
  if (!accept) return Lang::ja;
  double best_ja = 0, best_en = 0;
  std::string_view rest = *accept;
  while (!rest.empty()) {
    auto comma = rest.find(',');
    auto entry = trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    auto semi = entry.find(';');
    auto tag = trim(entry.substr(0, semi));
    const double q = semi == std::string_view::npos ? 1.0 : quality(entry.substr(semi + 1));
    auto primary = tag.substr(0, tag.find('-'));
    if (iequals(primary, "ja")) best_ja = std::max(best_ja, q);
    else if (iequals(primary, "en")) best_en = std::max(best_en, q);
  }
  return best_en > best_ja ? Lang::en : Lang::ja;
}

}  // namespace rinsho::metrics
