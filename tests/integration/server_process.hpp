#pragma once
// The real rinsho-server and rinsho-indexer binaries as child processes, for tests that kill them
// (kill -9 leaves exactly what a crash leaves: no destructor, no flush, no final commit).
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>

#include "support/process.hpp"

namespace rinsho::testing {

// A port nobody listens on right now (the kernel's choice), for a child that needs --port.
inline int unused_port() {
  const int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(s, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(s);
  return ntohs(addr.sin_port);
}

// Starts argv with stdout and stderr appended to `log`; returns the child's pid. Everything is
// prepared before fork: the parent may have other threads, so the child must not allocate.
inline pid_t spawn(const std::vector<std::string>& argv, const std::filesystem::path& log) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  const int in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (out < 0 || in < 0) throw std::runtime_error("cannot open " + log.string());
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(out, 2);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  ::close(out);
  ::close(in);
  if (pid < 0) throw std::runtime_error("fork failed");
  return pid;
}

// Exit status as run_process reports it: the code, or -signal when killed.
inline int wait_status(pid_t pid, int options = 0) {
  int status = 0;
  if (::waitpid(pid, &status, options) != pid) return 1000;  // still running (WNOHANG)
  return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

// rinsho-server on 127.0.0.1. start() returns once /readyz says the index has caught up with the
// store, or throws with the server's log when it exits or never gets there (a crash loop shows up
// here, not as a hang).
class ServerProcess {
 public:
  ServerProcess(std::filesystem::path dir, std::filesystem::path log, std::vector<std::string> extra = {})
      : dir_(std::move(dir)), log_(std::move(log)), extra_(std::move(extra)) {}
  ~ServerProcess() {
    if (running()) kill(SIGKILL);
  }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // A port of our choosing for every start, so that a restarted node is where nginx expects it;
  // without one each start takes a free port.
  void set_port(int port) { fixed_port_ = port; }

  void start(std::chrono::seconds deadline = std::chrono::seconds(60)) {
    port_ = fixed_port_ ? fixed_port_ : unused_port();
    std::vector<std::string> argv = {binary("rinsho-server"), "--data-dir", dir_.string(), "--port", std::to_string(port_),
                                     "--quiet", "--rate-limit", "0", "--write-rate-limit", "0"};
    argv.insert(argv.end(), extra_.begin(), extra_.end());
    pid_ = spawn(argv, log_);
    const auto until = std::chrono::steady_clock::now() + deadline;
    for (;;) {
      if (const int status = wait_status(pid_, WNOHANG); status != 1000) {
        pid_ = -1;
        throw std::runtime_error("rinsho-server exited with " + std::to_string(status) + " at start:\n" + slurp(log_));
      }
      httplib::Client c("127.0.0.1", port_);
      c.set_connection_timeout(1, 0);
      if (auto res = c.Get("/readyz"); res && res->status == 200) return;
      if (std::chrono::steady_clock::now() > until) {
        kill(SIGKILL);
        throw std::runtime_error("rinsho-server was not ready in time:\n" + slurp(log_));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  // Sends the signal and reaps the process; returns its exit status (-signal when killed).
  int kill(int signal) {
    ::kill(pid_, signal);
    const int status = wait_status(pid_);
    pid_ = -1;
    return status;
  }
  bool running() const { return pid_ > 0; }
  int port() const { return port_; }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(30, 0);
    return c;
  }

 private:
  std::filesystem::path dir_, log_;
  std::vector<std::string> extra_;
  pid_t pid_ = -1;
  int port_ = 0;
  int fixed_port_ = 0;
};

}  // namespace rinsho::testing
