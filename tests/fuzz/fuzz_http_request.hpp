#pragma once
// Decodes a fuzz input into the HttpRequest cpp-httplib would hand the server (fuzz_http.cpp says
// the format). Requests httplib refuses before routing (an unknown method, a target that is not a
// path) give nullopt.
#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

#include "server/http/http_types.hpp"

namespace rinsho::fuzz {

inline int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// %XX as a byte; '+' as a space in query strings only, as httplib does.
inline std::string percent_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else {
      out += plus_is_space && s[i] == '+' ? ' ' : s[i];
    }
  }
  return out;
}

inline std::string_view next_line(std::string_view& s) {
  auto end = s.find('\n');
  auto line = s.substr(0, end);
  s.remove_prefix(end == std::string_view::npos ? s.size() : end + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

inline std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

inline std::optional<server::HttpRequest> parse_request(std::string_view input, const std::string& token) {
  server::HttpRequest r;
  r.remote_addr = "127.0.0.1";
  const auto request_line = next_line(input);
  const auto space = request_line.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  r.method = std::string(request_line.substr(0, space));
  static const char* const methods[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"};
  if (std::find(std::begin(methods), std::end(methods), r.method) == std::end(methods)) return std::nullopt;
  auto target = request_line.substr(space + 1);
  if (auto sp = target.find(' '); sp != std::string_view::npos) target = target.substr(0, sp);  // " HTTP/1.1"
  if (target.empty() || target[0] != '/') return std::nullopt;
  const auto question = target.find('?');
  r.path = percent_decode(target.substr(0, question), false);
  if (question != std::string_view::npos) {
    auto query = target.substr(question + 1);
    while (!query.empty()) {
      auto amp = query.find('&');
      auto pair = query.substr(0, amp);
      query.remove_prefix(amp == std::string_view::npos ? query.size() : amp + 1);
      if (pair.empty()) continue;
      const auto eq = pair.find('=');
      r.query.emplace_back(percent_decode(pair.substr(0, eq), true),
                           eq == std::string_view::npos ? "" : percent_decode(pair.substr(eq + 1), true));
    }
  }
  for (auto line = next_line(input); !line.empty(); line = next_line(input)) {
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) continue;
    std::string value(trim(line.substr(colon + 1)));
    if (auto at = value.find("$TOKEN"); at != std::string::npos) value.replace(at, 6, token);
    r.headers.emplace(std::string(line.substr(0, colon)), value);
  }
  r.body = std::string(input);
  return r;
}

}  // namespace rinsho::fuzz
