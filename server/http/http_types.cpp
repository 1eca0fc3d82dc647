#include "server/http/http_types.hpp"

#include <algorithm>
#include <cctype>

namespace rinsho::server {

// Header names are ASCII tokens (RFC 9110), so ASCII folding is exact; std::tolower is a locale-aware
// library call per character, and this comparison runs on every header lookup.
bool CaseInsensitiveLess::operator()(const std::string& a, const std::string& b) const {
  auto fold = [](unsigned char c) { return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c; };
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                      [&](unsigned char x, unsigned char y) { return fold(x) < fold(y); });
}

std::optional<std::string> HttpRequest::header(const std::string& name) const {
  auto it = headers.find(name);
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> HttpRequest::query_values(std::string_view key) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : query)
    if (k == key) out.push_back(v);
  return out;
}

std::optional<std::string> HttpRequest::query_value(std::string_view key) const {
  for (const auto& [k, v] : query)
    if (k == key) return v;
  return std::nullopt;
}

void HttpResponse::set_header(std::string name, std::string value) {
  for (auto& [k, v] : headers) {
    if (CaseInsensitiveLess{}(k, name) == false && CaseInsensitiveLess{}(name, k) == false) {
      v = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
}

}  // namespace rinsho::server
