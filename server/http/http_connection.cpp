#include "server/http/http_connection.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace rinsho::server::detail {
namespace {

using namespace std::chrono_literals;

// How often a blocked connection looks up from its socket to check deadlines and pressure.
constexpr auto kSlice = 50ms;
// A client that sent its last request within kActiveGap of the answer before it is in a keep-alive
// loop; under pressure its connection waits that long (in kActiveSlice steps) before closing.
constexpr auto kActiveGap = 20ms;
constexpr auto kActiveSlice = 5ms;

thread_local ConnectionState* t_current = nullptr;
thread_local Clock::time_point t_queued_at;

std::string numeric_host(const sockaddr_storage& addr, socklen_t len, int& port) {
  char host[NI_MAXHOST] = {}, serv[NI_MAXSERV] = {};
  if (getnameinfo(reinterpret_cast<const sockaddr*>(&addr), len, host, sizeof host, serv, sizeof serv,
                  NI_NUMERICHOST | NI_NUMERICSERV) != 0)
    return {};
  port = std::atoi(serv);
  return host;
}

// The socket as httplib reads and writes it. Every wait is cut into slices, so that a deadline, an
// eviction or pressure from waiting connections ends it within kSlice, however the client behaves.
class GuardedStream final : public httplib::Stream {
 public:
  GuardedStream(int fd, ConnectionState& c, const ConnectionLimits& limits, const GuardedServer& server,
                std::string remote, int remote_port)
      : fd_(fd), c_(c), limits_(limits), server_(server), remote_(std::move(remote)), remote_port_(remote_port) {}

  bool is_readable() const override { return pos_ < len_ || wait(POLLIN); }
  bool is_writable() const override { return wait(POLLOUT); }

  ssize_t read(char* ptr, std::size_t size) override {
    if (pos_ == len_) {
      if (!wait(POLLIN)) return -1;
      const ssize_t n = ::recv(fd_, buffer_, sizeof buffer_, 0);
      if (n <= 0) return n;
      c_.request_bytes += static_cast<std::size_t>(n);
      if (c_.phase.load() == Phase::body) c_.body_bytes += static_cast<std::size_t>(n);
      // Whatever the framing says, no request is read past this: chunked bodies included.
      if (limits_.max_request_bytes && c_.request_bytes > limits_.max_request_bytes) return -1;
      pos_ = 0;
      len_ = static_cast<std::size_t>(n);
    }
    const std::size_t n = std::min(size, len_ - pos_);
    std::memcpy(ptr, buffer_ + pos_, n);
    if (c_.phase.load() == Phase::headers)
      for (std::size_t i = 0; i < n; ++i) c_.header_lines.feed(ptr[i]);
    pos_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, std::size_t size) override {
    if (!wait(POLLOUT)) return -1;
    return ::send(fd_, ptr, size, MSG_NOSIGNAL);
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = remote_;
    port = remote_port_;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) ip = numeric_host(addr, len, port);
  }
  socket_t socket() const override { return fd_; }
  bool has_buffered_input() const { return pos_ < len_; }

 private:
  // Whether the socket became ready before this request's time ran out.
  bool wait(short events) const {
    const auto started = Clock::now();
    for (int timeout = 0;; timeout = static_cast<int>(kSlice.count())) {
      // The first look does not block, so a connection that is already out of time gives its
      // thread up at once rather than after a slice.
      pollfd p{fd_, events, 0};
      const int ready = ::poll(&p, 1, timeout);
      if (ready > 0) return true;
      if (ready < 0 && errno != EINTR) return false;
      if (!keep_waiting(events, started)) return false;
    }
  }

  bool keep_waiting(short events, Clock::time_point started) const {
    const auto now = Clock::now();
    if (c_.evict.load()) return false;
    if (events == POLLOUT) return now - started < limits_.write_timeout;
    const Phase phase = c_.phase.load();
    const auto in_phase = now - c_.since();
    const bool pressured = server_.pool.load() && server_.pool.load()->pressured();
    switch (phase) {
      case Phase::headers:
        if (in_phase > limits_.header_timeout || server_.stopping()) return false;
        // Browsers send a request in one packet; one still incomplete after slow_request is a
        // slow client, and others are waiting for its thread.
        return !(pressured && in_phase > limits_.slow_request);
      case Phase::body: {
        if (in_phase > limits_.body_timeout) return false;
        // Under pressure a body must come at least as fast as a slow phone upload (16 KB/s).
        const auto seconds = std::chrono::duration<double>(in_phase).count();
        return !(pressured && seconds > 1.0 && static_cast<double>(c_.body_bytes) < 16384.0 * seconds);
      }
      default:
        return now - started < limits_.header_timeout;
    }
  }

  int fd_;
  ConnectionState& c_;
  const ConnectionLimits& limits_;
  const GuardedServer& server_;
  std::string remote_;
  int remote_port_;
  char buffer_[4096];
  std::size_t pos_ = 0, len_ = 0;
};

// After an answer sent without reading the request's body (401, 413, ...), read and drop a little
// of what the client is still sending before closing: closing with unread data makes the kernel
// reset the connection, and the client may never see the answer.
void linger_close(int fd, bool pressured) {
  ::shutdown(fd, SHUT_WR);
  if (!pressured) {
    char sink[16384];
    std::size_t drained = 0;
    const auto until = Clock::now() + 1s;
    while (drained < (1u << 20) && Clock::now() < until) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      const ssize_t n = ::recv(fd, sink, sizeof sink, 0);
      if (n <= 0) break;
      drained += static_cast<std::size_t>(n);
    }
  }
  ::close(fd);
}

}  // namespace

void HeaderLineCheck::feed(char c) {
  if (c == '\r') return;
  if (c == '\n') {
    // An empty line ends the headers; the request line needs no colon.
    if (line_ > 0 && !at_start_) {
      if (!colon_) malformed_ = true;
      else if (!value_seen_) empty_valued_.push_back(name_);
    }
    ++line_;
    name_.clear();
    colon_ = value_seen_ = false;
    at_start_ = true;
    return;
  }
  if (line_ == 0) return;
  if (at_start_ && (c == ' ' || c == '\t')) malformed_ = true;  // obsolete line folding
  at_start_ = false;
  if (!colon_) {
    if (c == ':') colon_ = true;
    else if (c == ' ' || c == '\t') malformed_ = true;  // whitespace inside or after the name
    else if (name_.size() < 64) name_ += c;
  } else if (c != ' ' && c != '\t') {
    value_seen_ = true;
  }
}

ConnectionState* current_connection() { return t_current; }
Clock::time_point current_job_queued_at() { return t_queued_at; }

GuardedPool::GuardedPool(std::size_t threads) {
  for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { work(); });
}

GuardedPool::~GuardedPool() { shutdown(); }

void GuardedPool::enqueue(std::function<void()> fn) {
  {
    std::lock_guard lock(mutex_);
    jobs_.emplace_back(std::move(fn), Clock::now());
    waiting_.fetch_add(1);
  }
  ready_.notify_one();
}

void GuardedPool::shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
  }
  ready_.notify_all();
  for (auto& t : threads_) t.join();
  threads_.clear();
}

void GuardedPool::work() {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock lock(mutex_);
      idle_.fetch_add(1);
      ready_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      idle_.fetch_sub(1);
      if (jobs_.empty()) return;  // stopping, and every accepted connection was served
      job = std::move(jobs_.front().first);
      t_queued_at = jobs_.front().second;
      jobs_.pop_front();
      waiting_.fetch_sub(1);
    }
    job();
  }
}

bool ConnectionTable::enter(ConnectionState& c, std::size_t per_address, bool pressured) {
  std::lock_guard lock(mutex_);
  auto& list = by_address_[c.address];
  if (per_address && pressured && list.size() >= per_address) {
    // Ask the address's longest-idle connection to close; if every one is busy, refuse this one.
    ConnectionState* victim = nullptr;
    for (auto* other : list) {
      const Phase p = other->phase.load();
      if (other->evict.load() || (p != Phase::idle && p != Phase::headers)) continue;
      if (!victim || other->since() < victim->since()) victim = other;
    }
    if (!victim) return false;
    victim->evict.store(true);
  }
  list.push_back(&c);
  return true;
}

void ConnectionTable::leave(ConnectionState& c) {
  std::lock_guard lock(mutex_);
  auto it = by_address_.find(c.address);
  if (it == by_address_.end()) return;
  std::erase(it->second, &c);
  if (it->second.empty()) by_address_.erase(it);
}

GuardedServer::GuardedServer() {
  new_task_queue = [this] {
    auto* p = new GuardedPool(static_cast<std::size_t>(CPPHTTPLIB_THREAD_POOL_COUNT));
    pool.store(p);
    return p;
  };
}

bool GuardedServer::stopping() const { return svr_sock_ == INVALID_SOCKET; }

// The wait between requests: until the next request starts, the keep-alive time runs out, or the
// thread is wanted by a connection that has none.
bool GuardedServer::wait_for_request(int fd, ConnectionState& c) const {
  const auto started = Clock::now();
  const auto until = started + limits_.keep_alive_timeout;
  // Under pressure an idle connection gives its thread up at once, unless its client has been
  // sending requests back to back: then it gets as long as its last gap, up to kActiveGap.
  const bool active = c.last_idle_gap < kActiveGap;
  c.enter(Phase::idle);
  for (int timeout = 0;; timeout = static_cast<int>((active ? kActiveSlice : kSlice).count())) {
    if (stopping() || c.evict.load()) return false;
    pollfd p{fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, timeout);
    const auto now = Clock::now();
    if (ready > 0) {
      c.last_idle_gap = now - started;
      return true;
    }
    if (ready < 0 && errno != EINTR) return false;
    if (now >= until) return false;
    if (auto* q = pool.load(); q && q->pressured() && !(active && now - started < kActiveGap)) return false;
  }
}

bool GuardedServer::process_and_close_socket(socket_t sock) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  int port = 0;
  std::string remote;
  if (getpeername(sock, reinterpret_cast<sockaddr*>(&addr), &len) == 0) remote = numeric_host(addr, len, port);

  ConnectionState state;
  state.address = remote;
  state.enter(Phase::idle);
  auto* q = pool.load();
  if (!table_.enter(state, limits_.per_address, q && q->pressured())) {
    static constexpr char kBusy[] =
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/problem+json\r\nRetry-After: 1\r\n"
        "Connection: close\r\nContent-Length: 87\r\n\r\n"
        "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,\"detail\":\"too many connections\"}";
    (void)::send(sock, kBusy, sizeof kBusy - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
    ::close(sock);
    return false;
  }
  t_current = &state;
  GuardedStream stream(sock, state, limits_, *this, remote, port);
  bool ok = true;
  for (std::size_t served = 0; served < limits_.keep_alive_max_count; ++served) {
    // A first request's time runs from when the connection was accepted: one that waited for a
    // thread has had that long to send its headers already.
    if (served == 0) {
      state.enter(Phase::headers, current_job_queued_at());
    } else {
      // Pipelined requests are already in our buffer; only an empty buffer needs a wait.
      if (!stream.has_buffered_input() && !wait_for_request(sock, state)) break;
      state.enter(Phase::headers);
    }
    state.request_bytes = 0;
    state.body_bytes = 0;
    state.header_lines.reset();
    bool closed = false;
    ok = process_request(stream, served + 1 == limits_.keep_alive_max_count, closed,
                         [&state](httplib::Request&) { state.enter(Phase::handler); });
    if (!ok || closed || state.close_after_response || stopping()) break;
  }
  t_current = nullptr;
  table_.leave(state);
  if (state.body_unread || state.close_after_response) {
    linger_close(sock, q && q->pressured());
  } else {
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
  }
  return ok;
}

}  // namespace rinsho::server::detail
