#pragma once
// Internal to http_server.cpp: cpp-httplib 0.11.4's connection handling, made safe for a server
// that is reached directly by hostile clients.
//
// cpp-httplib gives every accepted connection a worker thread until it closes, and its read
// timeout restarts with every byte, so a client that sends one header line a second, or that keeps
// an idle keep-alive connection open, holds a thread as long as it likes; a few dozen such clients
// hold them all. It also reads a chunked body whole, whatever its size. GuardedServer replaces
// httplib's per-connection loop and socket stream with ours:
// - a request's line and headers must arrive within a total time, its body within another;
// - no request may make the server read more than a fixed number of bytes;
// - while accepted connections wait for a thread, idle keep-alive connections and requests still
//   incomplete after a short time give their thread up at once;
// - one address may hold only so many connections; past that its idle ones are closed first.
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace rinsho::server::detail {

using Clock = std::chrono::steady_clock;

struct ConnectionLimits {
  std::chrono::milliseconds header_timeout{10000};
  std::chrono::milliseconds body_timeout{60000};
  std::chrono::milliseconds keep_alive_timeout{5000};
  std::chrono::milliseconds slow_request{500};
  std::chrono::milliseconds write_timeout{30000};
  std::size_t keep_alive_max_count = 100;
  std::size_t max_request_bytes = 0;  // line, headers, chunk framing and body together
  std::size_t per_address = 0;        // 0: no limit
};

// What a connection is doing; another thread may read it to choose whom to close.
enum class Phase { idle, headers, handler, body };

// Checks the header lines of a request as they are read, for what httplib 0.11.4 lets through
// silently: a line without a colon (dropped), whitespace before the colon (kept as part of the
// name, so "Transfer-Encoding : chunked" is not seen as framing), obsolete line folding. RFC 9112
// §5 says to refuse such requests. It also notes headers sent with an empty value, which httplib
// drops, so that an empty Idempotency-Key is refused instead of ignored.
class HeaderLineCheck {
 public:
  void reset() { *this = HeaderLineCheck(); }
  void feed(char c);
  bool malformed() const { return malformed_; }
  const std::vector<std::string>& empty_valued() const { return empty_valued_; }

 private:
  std::size_t line_ = 0;  // 0: the request line
  std::string name_;
  bool colon_ = false, value_seen_ = false, at_start_ = true, malformed_ = false;
  std::vector<std::string> empty_valued_;
};

struct ConnectionState {
  std::string address;
  std::atomic<Phase> phase{Phase::idle};
  std::atomic<Clock::rep> phase_since{0};
  std::atomic<bool> evict{false};
  // Owned by the connection's own thread.
  std::size_t request_bytes = 0;
  std::size_t body_bytes = 0;
  // How long the client took to send its last request after the answer before it: a client in
  // a fast keep-alive loop (a proxy, a load balancer) keeps its connection under pressure.
  Clock::duration last_idle_gap = Clock::duration::max();
  bool close_after_response = false;
  bool body_unread = false;
  HeaderLineCheck header_lines;

  void enter(Phase p, Clock::time_point at = Clock::now()) {
    phase_since.store(at.time_since_epoch().count());
    phase.store(p);
  }
  Clock::time_point since() const { return Clock::time_point(Clock::duration(phase_since.load())); }
};

// The connection the calling worker thread is serving, or nullptr outside a connection (tests
// that drive handlers directly).
ConnectionState* current_connection();

// When the job the calling worker thread runs was queued: for a connection, when it was accepted.
Clock::time_point current_job_queued_at();

// A fixed pool that knows how many accepted connections are waiting for a thread: that is the
// pressure under which idle and slow connections give theirs up.
class GuardedPool : public httplib::TaskQueue {
 public:
  explicit GuardedPool(std::size_t threads);
  ~GuardedPool() override;
  void enqueue(std::function<void()> fn) override;
  void shutdown() override;
  // Accepted connections are waiting and no worker is free to take them (a job that an idle
  // worker is about to pick up is not pressure).
  bool pressured() const { return waiting_.load() > idle_.load(); }

 private:
  void work();
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::pair<std::function<void()>, Clock::time_point>> jobs_;
  std::atomic<std::size_t> waiting_{0};
  std::atomic<std::size_t> idle_{0};
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

// Open connections by address, for the per-address limit.
class ConnectionTable {
 public:
  // False when `address` is at its limit and none of its connections could be asked to close.
  // The limit applies only while connections wait for a thread: then an address may not hold more
  // than its share, but many people behind one address (a hospital's NAT, a proxy) are not
  // limited while there is room.
  bool enter(ConnectionState& c, std::size_t per_address, bool pressured);
  void leave(ConnectionState& c);

 private:
  std::mutex mutex_;
  std::map<std::string, std::vector<ConnectionState*>> by_address_;
};

class GuardedServer : public httplib::Server {
 public:
  GuardedServer();
  void set_limits(const ConnectionLimits& limits) { limits_ = limits; }
  const ConnectionLimits& limits() const { return limits_; }
  // The pool that new_task_queue made for the current listen; null before listening.
  std::atomic<GuardedPool*> pool{nullptr};
  bool stopping() const;  // stop() was called: connections between requests close

 private:
  bool process_and_close_socket(socket_t sock) override;
  bool wait_for_request(int fd, ConnectionState& c) const;

  ConnectionLimits limits_;
  ConnectionTable table_;
};

}  // namespace rinsho::server::detail
