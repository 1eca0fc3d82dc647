#pragma once
// A raw-socket HTTP/1.1 client for requests no client library would send: malformed request lines,
// bodies without a length, conflicting framing headers, and bodies cut off part-way (to see whether
// the server answers before reading what it should never read).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "loopback.hpp"

namespace rinsho::testing {

struct RawResponse {
  int status = 0;  // 0: no status line came back in time
  std::multimap<std::string, std::string> headers;  // names in lower case
  std::string body;                                 // de-chunked
  std::string head;                                 // the status line and headers as sent
  int extra_responses = 0;  // final responses after the first: a smuggled request was answered

  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? "" : it->second;
  }
};

// The request as bytes. `length`: add Content-Length for the body; `chunked`: send the body as
// 4 KiB chunks with Transfer-Encoding; `none`: neither (the body follows the headers as it is).
enum class Framing { length, chunked, none };

inline std::string chunked_body(const std::string& body, std::size_t chunk = 4096, bool last = true) {
  std::string out;
  char size[32];
  for (std::size_t at = 0; at < body.size(); at += chunk) {
    const auto n = std::min(chunk, body.size() - at);
    std::snprintf(size, sizeof size, "%zx\r\n", n);
    out += size + body.substr(at, n) + "\r\n";
  }
  if (last) out += "0\r\n\r\n";
  return out;
}

inline std::string http_request(const std::string& method, const std::string& target,
                                const std::vector<std::pair<std::string, std::string>>& headers,
                                const std::string& body, Framing framing) {
  std::string out = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  for (const auto& [name, value] : headers) out += name + ": " + value + "\r\n";
  if (framing == Framing::length) out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  if (framing == Framing::chunked) out += "Transfer-Encoding: chunked\r\n";
  out += "\r\n";
  out += framing == Framing::chunked ? chunked_body(body) : body;
  return out;
}

struct RawOptions {
  bool half_close = false;     // shut down our sending side once the bytes are out
  bool read_to_close = false;  // keep reading after the first response (a second one must not come)
  std::chrono::milliseconds wait{10000};  // for the whole answer
};

// Whether `data` holds a whole final response (1xx answers skipped): a Content-Length body, the
// last chunk of a chunked one, or no body at all (204, 304).
inline bool response_complete(std::string_view data) {
  for (;;) {
    const auto end = data.find("\r\n\r\n");
    if (end == std::string_view::npos || data.size() < 12) return false;
    if (data.substr(9, 1) != "1") break;
    data.remove_prefix(end + 4);
  }
  const auto end = data.find("\r\n\r\n");
  std::string head(data.substr(0, end));
  for (auto& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const auto status = data.substr(9, 3);
  if (status == "204" || status == "304") return true;
  if (const auto at = head.find("\r\ncontent-length:"); at != std::string::npos)
    return data.size() >= end + 4 + std::strtoul(head.c_str() + at + 17, nullptr, 10);
  if (head.find("\r\ntransfer-encoding: chunked") != std::string::npos)
    return data.size() >= end + 9 && data.find("\r\n0\r\n\r\n", end) != std::string_view::npos;
  return false;  // delimited by the server closing the connection
}

// Waits up to `limit` for the server to close the connection, discarding what it sends.
inline void drain_until_closed(int fd, std::chrono::milliseconds limit) {
  char buf[16384];
  const auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 100) < 0) return;
    if ((p.revents & (POLLIN | POLLHUP | POLLERR)) && ::recv(fd, buf, sizeof buf, 0) <= 0) return;
  }
}

// Sends `bytes`, then reads until the server closes the connection or `wait` passes. The server is
// asked to close (Connection: close), so everything it sends belongs to this request. A server
// still silent at `wait` gets end-of-file and we wait for it to finish with the request, so whatever
// it does late (a write to the store) happens before we return, not during the next request.
inline std::string raw_exchange(int port, const std::string& bytes, const RawOptions& options = {}) {
  const int fd = connect_loopback(port);
  const auto deadline = std::chrono::steady_clock::now() + options.wait;
  auto left_ms = [&] {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    return static_cast<int>(std::max<long long>(ms, 0));
  };
  std::string response;
  char buf[16384];
  std::size_t sent = 0;
  bool closed = false;
  // Reads while sending too: a server that answers early (413, 401) and closes must be heard.
  while (left_ms() > 0) {
    pollfd p{fd, static_cast<short>(POLLIN | (sent < bytes.size() ? POLLOUT : 0)), 0};
    if (::poll(&p, 1, left_ms()) <= 0) break;
    if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
      const auto n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) {
        closed = true;
        break;
      }
      response.append(buf, static_cast<std::size_t>(n));
      // Done once the answer is whole: a server may hold a connection open after answering it.
      if (!options.read_to_close && response_complete(response)) {
        closed = true;
        break;
      }
      continue;
    }
    if (p.revents & POLLOUT) {
      const auto n = ::send(fd, bytes.data() + sent, std::min<std::size_t>(bytes.size() - sent, 65536), MSG_NOSIGNAL);
      if (n <= 0) {
        sent = bytes.size();  // the server stopped reading; what it says next is the answer
        continue;
      }
      sent += static_cast<std::size_t>(n);
      if (sent == bytes.size() && options.half_close) ::shutdown(fd, SHUT_WR);
    }
  }
  if (!closed) {
    ::shutdown(fd, SHUT_WR);
    drain_until_closed(fd, std::chrono::seconds(15));
  }
  ::close(fd);
  return response;
}

inline std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

inline std::string dechunk(const std::string& data) {
  std::string out;
  std::size_t at = 0;
  while (at < data.size()) {
    const auto eol = data.find("\r\n", at);
    if (eol == std::string::npos) break;
    const auto size = std::strtoul(data.substr(at, eol - at).c_str(), nullptr, 16);
    if (size == 0 || eol + 2 + size > data.size()) break;
    out += data.substr(eol + 2, size);
    at = eol + 2 + size + 2;
  }
  return out;
}

// The final response in `data`: interim 1xx answers (100 Continue) are skipped.
inline RawResponse parse_raw_response(std::string data) {
  RawResponse r;
  // Status lines anywhere (a body without a trailing CRLF runs straight into the next response).
  for (auto at = data.find("HTTP/1.1 "); at != std::string::npos; at = data.find("HTTP/1.1 ", at + 1))
    if (at + 9 < data.size() && data[at + 9] != '1') ++r.extra_responses;
  r.extra_responses = std::max(0, r.extra_responses - 1);
  for (;;) {
    const auto end = data.find("\r\n\r\n");
    if (data.rfind("HTTP/1.", 0) != 0 || data.size() < 12 || end == std::string::npos) return r;
    r.status = std::atoi(data.substr(9, 3).c_str());
    r.head = data.substr(0, end);
    if (r.status >= 200 || r.status == 0) break;
    data.erase(0, end + 4);
  }
  std::size_t line = r.head.find("\r\n");
  while (line != std::string::npos) {
    const auto next = r.head.find("\r\n", line + 2);
    const auto text = r.head.substr(line + 2, next == std::string::npos ? std::string::npos : next - line - 2);
    const auto colon = text.find(':');
    if (colon != std::string::npos) {
      auto value = text.substr(colon + 1);
      value.erase(0, value.find_first_not_of(" \t"));
      r.headers.emplace(lower(text.substr(0, colon)), value);
    }
    line = next;
  }
  r.body = data.substr(data.find("\r\n\r\n") + 4);
  if (lower(r.header("transfer-encoding")) == "chunked") r.body = dechunk(r.body);
  else if (auto length = r.header("content-length"); !length.empty())
    r.body.resize(std::min<std::size_t>(r.body.size(), std::strtoul(length.c_str(), nullptr, 10)));
  return r;
}

}  // namespace rinsho::testing
