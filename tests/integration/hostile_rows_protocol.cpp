// Hostile rows about HTTP itself: method confusion, body framing and lengths, oversized and
// malformed headers, CRLF in parameters, and path traversal on static, page and API routes.
#include <zlib.h>

#include <doctest/doctest.h>

#include "hostile_table.hpp"

namespace rinsho::testing::hostile {
namespace {

const std::set<int> kUnknownMethod = {400, 405, 501};
const std::set<int> kNotFound = {400, 404};
// How long a request may go unanswered where a careful server answers at once (loopback answers
// take milliseconds): bodies we never finish, and requests that are refused before their body.
constexpr std::chrono::milliseconds kStall{2000};
constexpr std::size_t kMemoryGrowth = 16u << 20;   // far below the 32 MiB a whole-body read takes

std::string head(const std::string& request_line, const std::string& headers = "") {
  return request_line + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + headers + "\r\n";
}

// gzip of `size` spaces: a few KB on the wire, `size` bytes once inflated.
std::string gzip_of_spaces(std::size_t size) {
  z_stream z{};
  if (deflateInit2(&z, 9, Z_DEFLATED, 31, 9, Z_DEFAULT_STRATEGY) != Z_OK) throw std::runtime_error("deflateInit2");
  std::string in(1 << 20, ' '), out;
  char buf[65536];
  for (std::size_t done = 0; done < size; done += in.size()) {
    z.next_in = reinterpret_cast<Bytef*>(in.data());
    z.avail_in = static_cast<uInt>(std::min(in.size(), size - done));
    const int flush = done + in.size() >= size ? Z_FINISH : Z_NO_FLUSH;
    do {
      z.next_out = reinterpret_cast<Bytef*>(buf);
      z.avail_out = sizeof buf;
      deflate(&z, flush);
      out.append(buf, sizeof buf - z.avail_out);
    } while (z.avail_out == 0);
  }
  deflateEnd(&z);
  return out;
}

void no_echo(const RawResponse& r) {
  CHECK(r.body.find("tracecanary") == std::string::npos);
  CHECK(r.body.find("rin_") == std::string::npos);
}

void allow_header(const RawResponse& r) { CHECK(!r.header("allow").empty()); }

void no_passwd(const RawResponse& r) {
  CHECK(r.body.find("root:") == std::string::npos);
  CHECK(r.body.find("/bin/") == std::string::npos);
}

void not_the_openapi_document(const RawResponse& r) { CHECK(r.body.find("\"openapi\"") == std::string::npos); }

Rows method_rows(const Fixture& f) {
  const auto a = std::pair{std::string("Authorization"), f.auth_a};
  const auto json = std::pair{std::string("Content-Type"), std::string("application/json")};
  return {
      {.category = "method", .name = "DELETE a trial", .method = "DELETE", .target = "/api/v1/trials/" + f.trial_a,
       .headers = {a}, .statuses = {405}, .writes = Writes::audit, .check = allow_header},
      {.category = "method", .name = "PATCH a trial", .method = "PATCH", .target = "/api/v1/trials/" + f.trial_a,
       .headers = {a, json, {"If-Match", f.etag_a}}, .body = R"({"phase":"1"})", .statuses = {405}, .writes = Writes::audit,
       .check = allow_header},
      {.category = "method", .name = "TRACE echoes nothing", .method = "TRACE", .target = "/",
       .headers = {{"X-Trace", "tracecanary"}}, .statuses = {405, 501}, .check = no_echo},
      {.category = "method", .name = "TRACE an API route with a token", .method = "TRACE", .target = "/api/v1/trials",
       .headers = {a, {"X-Trace", "tracecanary"}}, .statuses = {405, 501}, .check = no_echo},
      {.category = "method", .name = "lowercase get", .target = "/healthz", .statuses = kUnknownMethod,
       .raw = head("get /healthz HTTP/1.1")},
      {.category = "method", .name = "lowercase post of a valid record", .target = "/api/v1/trials", .statuses = kUnknownMethod,
       .writes = Writes::audit,
       .raw = head("post /api/v1/trials HTTP/1.1", "Authorization: " + f.auth_a + "\r\nContent-Type: application/json\r\n"
                   "Content-Length: " + std::to_string(f.valid_record.size()) + "\r\n") + f.valid_record},
      {.category = "method", .name = "unknown method FOO", .method = "FOO", .target = "/api/v1/trials", .statuses = kUnknownMethod},
      {.category = "method", .name = "unknown method BREW", .method = "BREW", .target = "/", .statuses = kUnknownMethod},
      {.category = "method", .name = "CONNECT", .target = "127.0.0.1:80", .statuses = kUnknownMethod,
       .raw = head("CONNECT 127.0.0.1:80 HTTP/1.1")},
      {.category = "method", .name = "PUT on the collection", .method = "PUT", .target = "/api/v1/trials", .headers = {a, json},
       .body = f.valid_record, .statuses = {405}, .writes = Writes::audit, .check = allow_header},
      {.category = "method", .name = "POST on a trial", .method = "POST", .target = "/api/v1/trials/" + f.trial_a,
       .headers = {a, json}, .body = f.valid_record, .statuses = {405}, .writes = Writes::audit, .check = allow_header},
      {.category = "method", .name = "GET on validate", .target = "/api/v1/trials/validate", .statuses = {405}, .check = allow_header},
      {.category = "method", .name = "X-HTTP-Method-Override: DELETE on a GET", .target = "/api/v1/trials/" + f.trial_a,
       .headers = {a, {"X-HTTP-Method-Override", "DELETE"}}, .statuses = {200}},
      {.category = "method", .name = "OPTIONS", .method = "OPTIONS", .target = "/api/v1/trials", .statuses = {200, 204, 405}},
      {.category = "method", .name = "request line without a version", .target = "/healthz", .statuses = {400},
       .raw = "GET /healthz\r\n\r\n"},
      {.category = "method", .name = "absolute-form target for another host", .target = "http://evil.example/healthz",
       .statuses = {400, 404}},
  };
}

Rows framing_rows(const Fixture& f) {
  const std::string a = "Authorization: " + f.auth_a + "\r\n";
  const std::string json = "Content-Type: application/json\r\n";
  const std::string over(f.body_limit * 2, ' ');
  const std::string smuggled = "0\r\n\r\nGET /api/v1/trials/" + f.trial_a + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  return {
      {.category = "framing", .name = "POST without Content-Length, not chunked", .method = "POST", .target = "/api/v1/trials",
       .statuses = {411}, .writes = Writes::audit,
       .raw = head("POST /api/v1/trials HTTP/1.1", a + json) + f.valid_record, .options = {.wait = kStall}},
      {.category = "framing", .name = "POST without Content-Length or token", .method = "POST", .target = "/api/v1/trials",
       .statuses = {401, 411}, .raw = head("POST /api/v1/trials HTTP/1.1", json) + f.valid_record,
       .options = {.wait = kStall}},
      {.category = "framing", .name = "PUT without Content-Length", .method = "PUT", .target = "/api/v1/trials/" + f.trial_a,
       .statuses = {411}, .writes = Writes::audit,
       .raw = head("PUT /api/v1/trials/" + f.trial_a + " HTTP/1.1", a + json + "If-Match: " + f.etag_a + "\r\n") + f.valid_record,
       .options = {.wait = kStall}},
      {.category = "framing", .name = "validate without Content-Length", .method = "POST", .target = "/api/v1/trials/validate",
       .statuses = {411}, .raw = head("POST /api/v1/trials/validate HTTP/1.1", json) + f.valid_record,
       .options = {.wait = kStall}},
      {.category = "framing", .name = "chunked body twice the limit, complete", .method = "POST", .target = "/api/v1/trials",
       .headers = {{"Authorization", f.auth_a}, {"Content-Type", "application/json"}}, .body = over, .statuses = {413},
       .writes = Writes::audit, .framing = Framing::chunked},
      {.category = "framing", .name = "chunked body of 32 MiB: read no further than the limit", .method = "POST",
       .target = "/api/v1/trials", .headers = {{"Authorization", f.auth_a}, {"Content-Type", "application/json"}},
       .body = std::string(32u << 20, ' '), .statuses = {413}, .writes = Writes::audit, .framing = Framing::chunked,
       .max_memory_growth = kMemoryGrowth},
      {.category = "framing", .name = "chunked body twice the limit, never finished: 413 before the end", .method = "POST",
       .target = "/api/v1/trials", .statuses = {413}, .writes = Writes::audit,
       .raw = head("POST /api/v1/trials HTTP/1.1", a + json + "Transfer-Encoding: chunked\r\n") + chunked_body(over, 4096, false),
       .options = {.wait = kStall}},
      {.category = "framing", .name = "chunked body without a token: 401 before the body", .method = "POST",
       .target = "/api/v1/trials", .statuses = {401},
       .raw = head("POST /api/v1/trials HTTP/1.1", json + "Transfer-Encoding: chunked\r\n") + chunked_body(std::string(1000, ' '), 1000, false),
       .options = {.wait = kStall}},
      {.category = "framing", .name = "Content-Length body without a token: 401 before the body", .method = "POST",
       .target = "/api/v1/trials", .statuses = {401},
       .raw = head("POST /api/v1/trials HTTP/1.1", json + "Content-Length: 60000\r\n"), .options = {.wait = kStall}},
      {.category = "framing", .name = "Expect: 100-continue without a token", .method = "POST", .target = "/api/v1/trials",
       .statuses = {401, 417},
       .raw = head("POST /api/v1/trials HTTP/1.1", json + "Expect: 100-continue\r\nContent-Length: 60000\r\n"),
       .options = {.wait = kStall}},
      {.category = "framing", .name = "Content-Length of a terabyte", .method = "POST", .target = "/api/v1/trials",
       .statuses = {413}, .writes = Writes::audit,
       .raw = head("POST /api/v1/trials HTTP/1.1", a + json + "Content-Length: 1000000000000\r\n"), .options = {.wait = kStall}},
      {.category = "framing", .name = "Content-Length: -1", .method = "POST", .target = "/api/v1/trials/validate",
       .statuses = {400}, .raw = head("POST /api/v1/trials/validate HTTP/1.1", json + "Content-Length: -1\r\n") + "{}",
       .options = {.wait = kStall}},
      {.category = "framing", .name = "Content-Length: abc", .method = "POST", .target = "/api/v1/trials/validate",
       .statuses = {400}, .raw = head("POST /api/v1/trials/validate HTTP/1.1", json + "Content-Length: abc\r\n") + "{}",
       .options = {.wait = kStall}},
      {.category = "framing", .name = "two different Content-Lengths", .method = "POST", .target = "/api/v1/trials/validate",
       .statuses = {400},
       .raw = head("POST /api/v1/trials/validate HTTP/1.1", json + "Content-Length: 2\r\nContent-Length: 40\r\n") + "{}",
       .options = {.wait = kStall}},
      // CL.TE: the chunked body ends early and what follows must never be answered as a second request.
      // The first request keeps the connection open, the smuggled one closes it.
      {.category = "framing", .name = "Content-Length and chunked: no smuggled request", .method = "POST",
       .target = "/api/v1/trials/validate", .statuses = {200, 400},
       .raw = "POST /api/v1/trials/validate HTTP/1.1\r\nHost: x\r\n" + json + "Content-Length: " +
              std::to_string(smuggled.size()) + "\r\nTransfer-Encoding: chunked\r\n\r\n" + smuggled,
       .options = {.read_to_close = true, .wait = kStall},
       .check = [](const RawResponse& r) { CHECK(r.extra_responses == 0); }},
      {.category = "framing", .name = "Transfer-Encoding: gzip, chunked", .method = "POST", .target = "/api/v1/trials/validate",
       .statuses = {400, 411, 501},
       .raw = head("POST /api/v1/trials/validate HTTP/1.1", json + "Transfer-Encoding: gzip, chunked\r\n") + chunked_body("{}"),
       .options = {.wait = kStall}},
      {.category = "framing", .name = "chunk size that is not hex", .method = "POST", .target = "/api/v1/trials/validate",
       .statuses = {400},
       .raw = head("POST /api/v1/trials/validate HTTP/1.1", json + "Transfer-Encoding: chunked\r\n") + "zz\r\n{}\r\n0\r\n\r\n"},
      {.category = "framing", .name = "chunk size past 2^64", .method = "POST", .target = "/api/v1/trials/validate",
       .statuses = {400, 413},
       .raw = head("POST /api/v1/trials/validate HTTP/1.1", json + "Transfer-Encoding: chunked\r\n") +
              "1ffffffffffffffff\r\n{}\r\n0\r\n\r\n", .options = {.wait = kStall}},
      {.category = "framing", .name = "Content-Encoding: gzip that is not gzip", .method = "POST",
       .target = "/api/v1/trials/validate", .headers = {{"Content-Type", "application/json"}, {"Content-Encoding", "gzip"}},
       .body = "{\"a\":1}", .statuses = {400, 415}},
      {.category = "framing", .name = "gzip bomb: 32 MiB of spaces in 32 KB", .method = "POST",
       .target = "/api/v1/trials/validate", .headers = {{"Content-Type", "application/json"}, {"Content-Encoding", "gzip"}},
       .body = gzip_of_spaces(32u << 20), .statuses = {413, 415}, .max_memory_growth = kMemoryGrowth},
      {.category = "framing", .name = "Content-Encoding: br that is not brotli", .method = "POST",
       .target = "/api/v1/trials/validate", .headers = {{"Content-Type", "application/json"}, {"Content-Encoding", "br"}},
       .body = "{\"a\":1}", .statuses = {400, 415}},
  };
}

Rows header_rows(const Fixture& f) {
  return {
      {.category = "headers", .name = "20,000-byte request line on the API", .target = "/api/v1/trials?q=" + std::string(20000, 'a'),
       .statuses = {414, 400}, .options = {.wait = kStall}},
      {.category = "headers", .name = "20,000-byte request line on a page", .target = "/search?q=" + std::string(20000, 'a'),
       .statuses = {414, 400}, .options = {.wait = kStall}},
      {.category = "headers", .name = "a 20,000-byte header", .target = "/api/v1/trials",
       .headers = {{"X-Big", std::string(20000, 'b')}}, .statuses = {431, 400}, .options = {.wait = kStall}},
      {.category = "headers", .name = "500 headers", .target = "/api/v1/trials", .statuses = {431, 400},
       .raw = [] {
         std::string h;
         for (int i = 0; i < 500; ++i) h += "X-H" + std::to_string(i) + ": " + std::string(60, 'c') + "\r\n";
         return head("GET /api/v1/trials HTTP/1.1", h);
       }()},
      {.category = "headers", .name = "obs-fold continuation line", .target = "/healthz", .statuses = {200, 400},
       .raw = head("GET /healthz HTTP/1.1", "X-A: a\r\n folded: b\r\n")},
      {.category = "headers", .name = "whitespace before the colon of Transfer-Encoding", .method = "POST",
       .target = "/api/v1/trials/validate", .statuses = {400},
       .raw = head("POST /api/v1/trials/validate HTTP/1.1",
                   "Content-Type: application/json\r\nContent-Length: 5\r\nTransfer-Encoding : chunked\r\n") + "0\r\n\r\n",
       .options = {.wait = kStall}},
      {.category = "headers", .name = "a header line without a colon", .target = "/api/v1/trials", .statuses = {400},
       .raw = head("GET /api/v1/trials HTTP/1.1", "NoColonHere\r\n")},
      {.category = "headers", .name = "NUL in a header value", .target = "/healthz", .statuses = {200, 400},
       .raw = head("GET /healthz HTTP/1.1", std::string("X-A: a\0b\r\n", 10))},
      {.category = "headers", .name = "bare LF line endings", .target = "/healthz", .statuses = {200, 400},
       .raw = "GET /healthz HTTP/1.1\nHost: x\nConnection: close\n\n"},
      {.category = "headers", .name = "Host header of another site", .target = "/", .statuses = {200}, .raw = "GET / HTTP/1.1\r\nHost: evil.example\r\nX-Forwarded-Host: evil.example\r\nConnection: close\r\n\r\n",
       .check = [](const RawResponse& r) { CHECK(r.body.find("evil.example") == std::string::npos); }},
      {.category = "headers", .name = "Authorization of 20,000 bytes", .method = "POST", .target = "/api/v1/trials",
       .headers = {{"Authorization", "Bearer " + std::string(20000, 'x')}, {"Content-Type", "application/json"}},
       .body = f.valid_record, .statuses = {401, 431, 400}, .options = {.wait = kStall}},
  };
}

Rows crlf_rows(const Fixture& f) {
  const std::string inject = "%0D%0AX-Injected:%201%0D%0ASet-Cookie:%20pwn=1";
  return {
      {.category = "crlf", .name = "CRLF in q (API)", .target = "/api/v1/trials?q=a" + inject, .statuses = {200}},
      {.category = "crlf", .name = "CRLF in q (results page)", .target = "/search?q=a" + inject, .statuses = {200}},
      {.category = "crlf", .name = "CRLF in lang (top page)", .target = "/?lang=en" + inject, .statuses = {200, 400}},
      {.category = "crlf", .name = "CRLF in lang (trial page)", .target = "/trials/" + f.operator_trial + "?lang=en" + inject,
       .statuses = {200, 400}},
      {.category = "crlf", .name = "CRLF in an API path", .target = "/api/v1/trials/" + f.trial_a + inject, .statuses = {404}},
      {.category = "crlf", .name = "CRLF in a static path", .target = "/static/site.css" + inject, .statuses = {404}},
      {.category = "crlf", .name = "CRLF in an export query", .target = "/api/v1/export.csv?q=a" + inject, .statuses = {200}},
      {.category = "crlf", .name = "CRLF in format", .target = "/api/v1/export?format=csv" + inject, .statuses = {400},
       .pointer = "format"},
      {.category = "crlf", .name = "bare CR in Idempotency-Key", .method = "POST", .target = "/api/v1/trials", .statuses = {400},
       .writes = Writes::audit,
       .raw = head("POST /api/v1/trials HTTP/1.1", "Authorization: " + f.auth_a + "\r\nContent-Type: application/json\r\n"
                   "Idempotency-Key: a\rX-Injected: 1\r\nContent-Length: " + std::to_string(f.valid_record.size()) + "\r\n") +
              f.valid_record},
  };
}

Rows traversal_rows() {
  Rows rows;
  for (const char* path :
       {"/static/../../etc/passwd", "/static/%2e%2e/%2e%2e/etc/passwd", "/static/..%2f..%2f..%2fetc%2fpasswd",
        "/static/%252e%252e%252f%252e%252e%252fetc%252fpasswd", "/static/%c0%ae%c0%ae%c0%afetc%c0%afpasswd",
        "/static/..%5c..%5c..%5cetc%5cpasswd", "/static/site.css%00.txt", "/static/..", "/static/%2e%2e",
        "/static/%2e%2e%2f%2e%2e%2fserver%2fmain.cpp", "/trials/..%2f..%2fetc%2fpasswd",
        "/trials/jRCT2031240001/../../etc/passwd", "/trials/%2e%2e/%2e%2e/etc/passwd",
        "/api/v1/trials/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/api/v1/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/sitemap-..%2f..%2fetc%2fpasswd.xml", "//etc/passwd", "/api/v1/trials/jRCT2031240001%2f..%2f..%2fopenapi.json"}) {
    rows.push_back({.category = "traversal", .name = path, .target = path, .statuses = kNotFound, .check = [](const RawResponse& r) {
                      no_passwd(r);
                      not_the_openapi_document(r);
                    }});
  }
  rows.push_back({.category = "traversal", .name = "format=../../etc/passwd", .target = "/api/v1/export?format=..%2f..%2fetc%2fpasswd",
                  .statuses = {400}, .pointer = "format", .check = no_passwd});
  return rows;
}

}  // namespace

Rows protocol_rows(const Fixture& f) {
  Rows rows;
  for (auto part : {method_rows(f), framing_rows(f), header_rows(f), crlf_rows(f), traversal_rows()})
    for (auto& r : part) rows.push_back(std::move(r));
  return rows;
}

}  // namespace rinsho::testing::hostile
