#include "server/portal/cookies.hpp"

namespace rinsho::server {

std::optional<std::string> cookie_value(const HttpRequest& req, std::string_view name) {
  const auto header = req.header("Cookie");
  if (!header) return std::nullopt;
  std::string_view rest = *header;
  while (!rest.empty()) {
    const auto end = rest.find(';');
    std::string_view pair = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const auto eq = pair.find('=');
    if (eq == std::string_view::npos || pair.substr(0, eq) != name) continue;
    std::string_view value = pair.substr(eq + 1);
    while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
    return std::string(value);
  }
  return std::nullopt;
}

std::string set_cookie(std::string_view name, std::string_view value, const CookieOptions& o) {
  std::string out(name);
  out += '=';
  out += value;
  out += "; Path=" + o.path + "; HttpOnly; SameSite=" + o.same_site;
  if (o.secure) out += "; Secure";
  if (o.max_age >= 0) out += "; Max-Age=" + std::to_string(o.max_age);
  return out;
}

}  // namespace rinsho::server
