#pragma once
// Reading the Cookie header and writing Set-Cookie values (RFC 6265), for the portal's session and
// form cookies. Values are ours (hex and fixed prefixes), so no quoting or escaping is needed;
// anything else in a Cookie header is ignored, not trusted.
#include <optional>
#include <string>
#include <string_view>

#include "server/http/http_types.hpp"

namespace rinsho::server {

// The value of the first cookie called `name`; nullopt when absent.
std::optional<std::string> cookie_value(const HttpRequest& req, std::string_view name);

struct CookieOptions {
  std::string path = "/portal";
  std::string same_site = "Lax";  // Lax | Strict
  bool secure = false;            // true when the site is served over https
  int max_age = -1;               // seconds; -1 = until the browser closes; 0 = delete now
};

std::string set_cookie(std::string_view name, std::string_view value, const CookieOptions& options);

}  // namespace rinsho::server
