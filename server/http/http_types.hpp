#pragma once
// Requests and responses as plain structs: handlers never see cpp-httplib, which lives in
// http_server.cpp alone, so handlers can be unit-tested without sockets.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rinsho::server {

struct CaseInsensitiveLess {
  bool operator()(const std::string& a, const std::string& b) const;
};

struct HttpRequest {
  std::string method;
  std::string path;
  std::string route;  // the matched route template, e.g. "/api/v1/trials/{id}" (for logs and metrics)
  std::vector<std::string> path_params;  // regex captures of the route
  std::vector<std::pair<std::string, std::string>> query;  // in order, repeated keys kept
  std::map<std::string, std::string, CaseInsensitiveLess> headers;
  std::string body;
  std::string remote_addr;
  // Set by the HTTP layer for routes that take a body, which is then read only when the
  // middleware calls this (after the route's admit check), and never past the body limit.
  // Returns 0 when the body is in `body`, else the status to answer: 400 (malformed or cut
  // short), 408 (too slow), 411 (no length), 413 (too large) or 415 (multipart).
  std::function<int(std::string&)> read_body;

  std::optional<std::string> header(const std::string& name) const;
  std::vector<std::string> query_values(std::string_view key) const;
  std::optional<std::string> query_value(std::string_view key) const;
};

// Writes a chunk; returns false when the client went away.
using ChunkWriter = std::function<bool(std::string_view)>;

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // When set, the body is produced chunk by chunk (exports) instead of from `body`.
  std::function<void(const ChunkWriter&)> stream;
  // Condition concepts a search matched, for access metrics; never sent to the client.
  std::vector<std::string> search_concepts;

  void set_header(std::string name, std::string value);
  // Another header of the same name (Set-Cookie may appear more than once).
  void add_header(std::string name, std::string value) { headers.emplace_back(std::move(name), std::move(value)); }
};

// An application/x-www-form-urlencoded body as key/value pairs, decoded ("+" is a space); a
// repeated key appears more than once.
// Defined beside the HTTP library, whose decoder it uses.
std::vector<std::pair<std::string, std::string>> parse_form(const std::string& body);

using Handler = std::function<HttpResponse(const HttpRequest&)>;

}  // namespace rinsho::server
