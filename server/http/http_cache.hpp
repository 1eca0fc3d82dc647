#pragma once
// Conditional requests and compression for responses a handler builds whole (the Atom feeds):
// ETag / If-None-Match, Last-Modified / If-Modified-Since (RFC 9110, 13) and gzip.
// cpp-httplib 0.11 gzips only a fixed list of exact media types, which leaves out
// "application/atom+xml; charset=utf-8", so these responses are compressed here.
#include <optional>
#include <string>
#include <string_view>

#include "server/http/http_types.hpp"

namespace rinsho::server {

// If-None-Match as RFC 9110 says: "*", or a comma-separated list compared weakly (W/ ignored).
bool etag_matches(std::string_view if_none_match, std::string_view etag);
// A weak ETag over the body's bytes.
std::string body_etag(std::string_view body);
// "2024-04-12T09:30:00.123Z" -> seconds since the epoch; nullopt when it is not RFC 3339 UTC.
std::optional<long long> parse_rfc3339(std::string_view s);
// IMF-fixdate ("Fri, 12 Apr 2024 09:30:00 GMT") to and from seconds since the epoch.
std::string http_date(long long seconds);
std::optional<long long> parse_http_date(std::string_view s);
// Does the client take gzip (Accept-Encoding lists gzip or *, without q=0)?
bool accepts_gzip(std::string_view accept_encoding);
std::string gzip(std::string_view data);

// Sets ETag, Last-Modified (when `last_modified` is RFC 3339) and Vary on `response`, answers 304
// without a body when the request's validators match (If-None-Match wins over If-Modified-Since),
// and otherwise gzips the body when the client accepts it.
void finish_cacheable(const HttpRequest& request, HttpResponse& response, std::string_view last_modified);

}  // namespace rinsho::server
