// Clients that try to exhaust the server rather than send bad data: endless chunked bodies, slow
// headers, idle keep-alive connections, bodies without a length, anonymous write floods.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <poll.h>

#include <atomic>
#include <fstream>
#include <thread>
#include <vector>

#include "api_helpers.hpp"
#include "support/process.hpp"

using namespace rinsho;
using namespace std::chrono_literals;
using nlohmann::json;
using testing::TestServer;

namespace {

// A connected socket to the server, closed when it goes out of scope.
class RawConnection {
 public:
  explicit RawConnection(int port) {
    try {
      fd_ = testing::connect_loopback(port);
      connected_ = true;
    } catch (const std::runtime_error&) {
    }
  }
  ~RawConnection() {
    if (fd_ >= 0) ::close(fd_);
  }
  RawConnection(RawConnection&& o) noexcept : fd_(std::exchange(o.fd_, -1)), connected_(o.connected_) {}
  bool connected() const { return connected_; }
  // False once the server has closed or reset the connection.
  bool send(const std::string& bytes) {
    return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size());
  }
  // Everything that arrives within `wait` (stops early at a complete response or at close).
  std::string receive(std::chrono::milliseconds wait) {
    std::string out;
    const auto until = std::chrono::steady_clock::now() + wait;
    while (std::chrono::steady_clock::now() < until) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      char buf[4096];
      const auto n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) break;
      out.append(buf, static_cast<std::size_t>(n));
      if (testing::complete_response_size(out) > 0) break;
    }
    return out;
  }
  bool readable() {
    pollfd p{fd_, POLLIN, 0};
    return ::poll(&p, 1, 0) > 0;
  }
  // Sends `head`, then `chunk` up to `times` times, stopping as soon as the server answers (or
  // stops taking data); returns the bytes of body sent.
  std::size_t send_until_answered(const std::string& head, const std::string& chunk, int times) {
    send(head);
    std::size_t sent = 0;
    for (int i = 0; i < times && !readable() && send(chunk); ++i) sent += chunk.size();
    return sent;
  }
  // Whether the server has closed its side (a read returns end of file or an error).
  bool closed_by_server(std::chrono::milliseconds wait) {
    const auto until = std::chrono::steady_clock::now() + wait;
    while (std::chrono::steady_clock::now() < until) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      char buf[4096];
      const auto n = ::recv(fd_, buf, sizeof buf, MSG_DONTWAIT);
      if (n <= 0) return true;
    }
    return false;
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
};

long rss_kib() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return 0;
}

// GET /healthz on a fresh connection: the status and how long it took.
std::pair<int, std::chrono::milliseconds> timed_health(int port) {
  const auto start = std::chrono::steady_clock::now();
  RawConnection c(port);
  int status = 0;
  if (c.connected() && c.send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
    status = testing::raw_status(c.receive(3s));
  return {status, std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start)};
}

std::string chunked_head(const std::string& path, const std::string& extra) {
  return "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + extra +
         "Transfer-Encoding: chunked\r\n\r\n";
}

}  // namespace

TEST_CASE("an endless chunked body is cut at the body limit, with or without a token") {
  TestServer server({.sample_count = 1, .body_limit = 1u << 20});
  auto [org, auth] = server.registrant("Example Pharma");
  const auto before = testing::snapshot(server.app());
  const long rss_before = rss_kib();
  const std::string chunk = "10000\r\n" + std::string(1u << 16, ' ') + "\r\n";  // 64 KiB chunks
  constexpr int kChunks = 96 * 16;                                                 // 96 MiB offered

  SUBCASE("validate takes no token: the read stops at the limit, answered 413") {
    RawConnection c(server.port());
    REQUIRE(c.connected());
    const auto sent = c.send_until_answered(chunked_head("/api/v1/trials/validate", ""), chunk, kChunks);
    CHECK(testing::raw_status(c.receive(5s)) == 413);
    CHECK(sent < (8u << 20));
  }
  SUBCASE("a write without a token is answered 401 before its body is read") {
    RawConnection c(server.port());
    REQUIRE(c.connected());
    const auto sent = c.send_until_answered(chunked_head("/api/v1/trials", ""), chunk, kChunks);
    CHECK(testing::raw_status(c.receive(5s)) == 401);
    CHECK(sent < (8u << 20));
    CHECK(c.closed_by_server(3s));
  }
  SUBCASE("a write with a token is cut at the limit too") {
    RawConnection c(server.port());
    REQUIRE(c.connected());
    c.send_until_answered(chunked_head("/api/v1/trials", "Authorization: " + auth + "\r\n"), chunk, kChunks);
    CHECK(testing::raw_status(c.receive(5s)) == 413);
  }
  SUBCASE("a POST to a path no route takes, or a DELETE, is not read either") {
    for (const std::string& head : std::vector<std::string>{
             chunked_head("/api/v1/nowhere", ""),
             "DELETE /api/v1/trials/jRCT2031240001 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"}) {
      RawConnection c(server.port());
      REQUIRE(c.connected());
      const auto sent = c.send_until_answered(head, chunk, kChunks);
      const int status = testing::raw_status(c.receive(5s));
      CHECK((status == 404 || status == 405));
      CHECK(sent < (8u << 20));
    }
  }
  // The server runs in this process: its memory is ours. 96 MiB bodies must not have been held.
  CHECK(rss_kib() - rss_before < 48 * 1024);
  CHECK(testing::snapshot(server.app()) == before);
  CHECK(timed_health(server.port()).first == 200);
}

TEST_CASE("a POST without Content-Length or chunked encoding is answered 411 at once") {
  TestServer server({.sample_count = 1});
  RawConnection c(server.port());
  REQUIRE(c.connected());
  const auto start = std::chrono::steady_clock::now();
  c.send("POST /api/v1/trials/validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\r\n{}");
  const auto response = c.receive(5s);
  CHECK(testing::raw_status(response) == 411);
  CHECK(std::chrono::steady_clock::now() - start < 2s);
  const auto problem = json::parse(testing::raw_body(response), nullptr, false);
  CHECK(problem["errors"][0]["pointer"] == "Content-Length");
}

TEST_CASE("clients that send headers a byte at a time do not keep others waiting") {
  TestServer server({.sample_count = 1});  // 4 worker threads
  std::atomic<bool> stop{false};
  std::vector<std::thread> slow;
  std::atomic<int> slow_closed{0};
  for (int i = 0; i < 24; ++i) {
    slow.emplace_back([&, i] {
      RawConnection c(server.port());
      const std::string request = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow-" + std::to_string(i) + ": " +
                                  std::string(200, 'a') + "\r\n\r\n";
      for (char ch : request) {
        if (stop || !c.send(std::string(1, ch))) break;
        std::this_thread::sleep_for(200ms);
      }
      if (c.closed_by_server(100ms)) ++slow_closed;
    });
  }
  std::this_thread::sleep_for(1500ms);  // every thread is now held by a slow client, or was
  for (int i = 0; i < 5; ++i) {
    auto [status, took] = timed_health(server.port());
    CHECK(status == 200);
    CHECK(took < 1s);
    std::this_thread::sleep_for(200ms);
  }
  stop = true;
  for (auto& t : slow) t.join();
}

TEST_CASE("a request whose headers never finish is closed after the header timeout") {
  TestServer server({.sample_count = 1, .header_timeout_ms = 2000});
  RawConnection c(server.port());
  REQUIRE(c.connected());
  const auto start = std::chrono::steady_clock::now();
  bool open = true;
  for (int i = 0; i < 100 && open; ++i) {  // one byte every 100 ms: 10 s if nobody stops it
    open = c.send("a");
    std::this_thread::sleep_for(100ms);
    if (c.closed_by_server(1ms)) open = false;
  }
  CHECK_FALSE(open);
  CHECK(std::chrono::steady_clock::now() - start < 4s);
}

TEST_CASE("200 idle keep-alive connections do not stop a new client being served within 1 s") {
  TestServer server({.sample_count = 1});
  std::vector<RawConnection> idle;
  for (int i = 0; i < 200; ++i) {
    idle.emplace_back(server.port());
    REQUIRE(idle.back().connected());
    idle.back().send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");  // keep-alive: then silence
  }
  for (int i = 0; i < 5; ++i) {
    auto [status, took] = timed_health(server.port());
    CHECK(status == 200);
    CHECK(took < 1s);
  }
}

TEST_CASE("refused anonymous writes leave nothing in the store, not even an audit row") {
  TestServer server({.sample_count = 1});
  auto c = server.client();
  const auto audit_before = server.app().store.recent_audit(1000)->size();
  const auto record = testing::new_record("匿名");
  for (int i = 0; i < 20; ++i) {
    auto r = testing::post_json(c, "/api/v1/trials", record, {});
    REQUIRE(r);
    CHECK(r->status == 401);
    auto p = testing::put_json(c, "/api/v1/trials/jRCT2031240001", record,
                               testing::bearer("Bearer rin_" + std::string(64, '0')));
    REQUIRE(p);
    CHECK(p->status == 401);
  }
  CHECK(server.app().store.recent_audit(1000)->size() == audit_before);
}

TEST_CASE("a second rinsho-server on the same data directory refuses to start") {
  TestServer first({.sample_count = 1});
  auto second = testing::run_process({testing::binary("rinsho-server"), "--data-dir", first.data_dir().string(),
                                      "--port", "0", "--quiet"});
  CHECK(second.exit_code == 2);
  CHECK(second.err.find("already serving") != std::string::npos);
  CHECK(timed_health(first.port()).first == 200);
}
