#pragma once
// Small helpers shared by the integration tests: sample records, bearer headers, store snapshots
// and raw HTTP for requests httplib::Client will not send.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include <doctest/doctest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "frontend/format.hpp"
#include "store/store.hpp"
#include "support/sample_trials.hpp"
#include "loopback.hpp"
#include "test_server.hpp"

namespace rinsho::testing {

inline nlohmann::json sample_record(const std::string& id) {
  return nlohmann::json::parse(read_file(source_dir() / "sample_trials" / "records" / (id + ".json")));
}

// A valid record without an id (the server assigns one), titled so a search can find it.
inline nlohmann::json new_record(const std::string& title_word) {
  auto r = sample_record("jRCT2031240001");
  r.erase("id");
  r.erase("secondary_ids");
  r["public_title"]["ja"] = title_word + "を調べる新しい試験";
  r["public_title"]["en"] = "A new study of " + title_word;
  return r;
}

// Percent-encodes every byte but unreserved ASCII, for query strings: the pages' own encoder.
using frontend::url_encode;

// The ids of a search's first page, in rank order (facets off: only the hits matter).
inline std::vector<std::string> search_ids(httplib::Client& c, const std::string& q, int page_size = 20) {
  auto res = c.Get(("/api/v1/trials?facets=false&page_size=" + std::to_string(page_size) + "&q=" + url_encode(q)).c_str());
  REQUIRE(res);
  REQUIRE(res->status == 200);
  std::vector<std::string> ids;
  const auto body = nlohmann::json::parse(res->body);
  for (const auto& h : body["hits"]) ids.push_back(h["id"].get<std::string>());
  return ids;
}

// Makes an organisation in the registry at `dir` (SQLite, opened directly while no server writes)
// and returns "Bearer <token>" for one of its tokens.
inline std::string issue_bearer(const std::filesystem::path& dir, const std::string& org_name, const std::string& label) {
  auto store = store::Store::open({dir});
  REQUIRE(store);
  auto org = store->create_org(org_name);
  REQUIRE(org);
  auto token = store->issue_token(org->id, label);
  REQUIRE(token);
  return "Bearer " + token->token;
}

inline httplib::Headers bearer(const std::string& authorization) { return {{"Authorization", authorization}}; }

inline httplib::Headers with(httplib::Headers h, const std::string& name, const std::string& value) {
  h.emplace(name, value);
  return h;
}

inline httplib::Result post_json(httplib::Client& c, const std::string& path, const nlohmann::json& body,
                                 const httplib::Headers& headers) {
  return c.Post(path.c_str(), headers, body.dump(), "application/json");
}

inline httplib::Result put_json(httplib::Client& c, const std::string& path, const nlohmann::json& body,
                                const httplib::Headers& headers) {
  return c.Put(path.c_str(), headers, body.dump(), "application/json");
}

// What a rejected request must leave alone: the change sequence and the number of trials.
struct StoreSnapshot {
  std::int64_t last_seq = 0;
  std::int64_t trials = 0;
  bool operator==(const StoreSnapshot&) const = default;
};

inline StoreSnapshot snapshot(server::AppContext& app) {
  auto seq = app.store.last_seq();
  auto count = app.store.count_trials();
  if (!seq || !count) throw std::runtime_error("cannot read the store");
  return {*seq, *count};
}

// Bytes of the first complete response in `data` (headers and Content-Length body), or 0.
inline std::size_t complete_response_size(const std::string& data) {
  const auto end = data.find("\r\n\r\n");
  if (end == std::string::npos) return 0;
  std::string head = data.substr(0, end);
  for (auto& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const auto at = head.find("\r\ncontent-length:");
  if (at == std::string::npos) return 0;  // chunked or close-delimited: read to the end
  const auto length = std::stoul(head.substr(at + 17));
  return data.size() >= end + 4 + length ? end + 4 + length : 0;
}

// Sends bytes as they are and returns the server's first response (or everything it sends until
// it closes the connection, or 10 s pass). For requests an HTTP client library would refuse to send.
inline std::string raw_request(int port, const std::string& bytes) {
  const int fd = connect_loopback(port);
  timeval timeout{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const auto n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may answer and close before reading everything
    sent += static_cast<std::size_t>(n);
  }
  std::string response;
  char buf[4096];
  for (;;) {
    const auto n = ::recv(fd, buf, sizeof(buf), 0);
    if (n <= 0) break;
    response.append(buf, static_cast<std::size_t>(n));
    if (complete_response_size(response) > 0) break;
  }
  ::close(fd);
  return response;
}

// "HTTP/1.1 414 URI Too Long\r\n..." -> 414; 0 when there is no status line.
inline int raw_status(const std::string& response) {
  if (response.rfind("HTTP/1.", 0) != 0 || response.size() < 12) return 0;
  return std::stoi(response.substr(9, 3));
}

inline std::string raw_body(const std::string& response) {
  const auto end = response.find("\r\n\r\n");
  return end == std::string::npos ? "" : response.substr(end + 4);
}

// Polls `done` until it holds or the deadline passes; for waiting on other processes.
template <class Predicate>
bool eventually(Predicate done, std::chrono::milliseconds deadline = std::chrono::seconds(20)) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  while (std::chrono::steady_clock::now() < until) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return done();
}

}  // namespace rinsho::testing
