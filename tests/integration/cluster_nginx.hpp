#pragma once
// A whole site for test_cluster_nginx.cpp, started the way scripts/cluster-demo starts it: a real
// PostgreSQL 15 holding the sample trials, two rinsho-server nodes on fixed loopback ports (so a
// restarted node is where nginx expects it), a private nginx rendered from deploy/nginx/rinsho.conf
// by scripts/nginx-private-conf, and deploy/nginx/rinsho-readyz-watch rewriting its upstream file.
#include <signal.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>

#include "server_process.hpp"
#include "store/store.hpp"
#include "support/sample_trials.hpp"
#include "support/temp_postgres.hpp"
#include "test_server.hpp"

namespace rinsho::testing {

using Clock = std::chrono::steady_clock;

class NginxCluster {
 public:
  std::filesystem::path dir = fresh_temp_dir("cluster-nginx");
  TempPostgres pg{false};  // PostgreSQL's durable defaults: acknowledged writes must survive restarts
  std::string url, token;
  int port_a = 0, port_b = 0, nginx_port = 0;
  std::unique_ptr<ServerProcess> a, b;

  NginxCluster() {
    pg.create_database("registry");
    url = pg.url("registry");
    // The sample trials through rinsho-indexer, which also builds node A's index; node B builds
    // its own from the store when it starts.
    auto ingest = run_process({binary("rinsho-indexer"), "--database", url, "--data-dir", (dir / "node-a").string(),
                               "ingest", (source_dir() / "sample_trials" / "records").string()});
    if (ingest.exit_code != 0) throw std::runtime_error("ingest failed: " + ingest.err);
    auto store = open_store();
    auto org = store.create_org("クラスタ製薬");
    token = "Bearer " + store.issue_token(org->id, "cluster").value().token;
    port_a = unused_port();
    do port_b = unused_port(); while (port_b == port_a);
    do nginx_port = unused_port(); while (nginx_port == port_a || nginx_port == port_b);
    a = node("node-a", port_a);
    b = node("node-b", port_b);
    a->start();
    b->start();
    start_nginx();
    monitor_ = std::thread([this] { watch_upstream_file(); });
  }
  ~NginxCluster() {
    stop_monitor_ = true;
    if (monitor_.joinable()) monitor_.join();
    stop_child(watcher_);
    stop_child(nginx_);
    a.reset();
    b.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  NginxCluster(const NginxCluster&) = delete;
  NginxCluster& operator=(const NginxCluster&) = delete;

  // A node as the demo runs it: behind nginx on 127.0.0.1, so it trusts that address's
  // X-Forwarded-For and puts no limit on connections per address.
  std::unique_ptr<ServerProcess> node(const std::string& name, int port, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--database", url, "--trusted-proxy", "127.0.0.1", "--max-connections-per-address", "0"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto p = std::make_unique<ServerProcess>(dir / name, dir / (name + ".log"), args);
    p->set_port(port);
    return p;
  }

  httplib::Client site() const {
    httplib::Client c("127.0.0.1", nginx_port);
    c.set_read_timeout(20, 0);
    return c;
  }

  store::Store open_store() const {
    auto s = store::Store::open({dir / "check", 5000, url});
    if (!s) throw std::runtime_error(s.error().message);
    return std::move(*s);
  }

  // The node ports the watcher's upstream file marks down right now.
  std::vector<int> marked_down() const {
    std::vector<int> ports;
    std::istringstream in(slurp(upstream_file()));
    for (std::string line; std::getline(in, line);)
      if (line.find(" down;") != std::string::npos)
        for (int p : {port_a, port_b})
          if (line.find(":" + std::to_string(p) + " ") != std::string::npos) ports.push_back(p);
    return ports;
  }
  // Requests nginx's access log says this node answered with a 200.
  int answered_by(int port) const {
    const std::string mark = "upstream=127.0.0.1:" + std::to_string(port) + " ustatus=200 ";
    std::istringstream in(slurp(dir / "nginx" / "access.log"));
    int n = 0;
    for (std::string line; std::getline(in, line);) n += line.find(mark) != std::string::npos;
    return n;
  }
  // Whether the file, sampled every 20 ms through the test, ever had every node down.
  bool ever_all_down() const { return all_down_seen_; }
  std::string logs() const { return "watcher:\n" + slurp(dir / "readyz-watch.log") + "nginx:\n" + slurp(dir / "nginx" / "error.log"); }

 private:
  std::filesystem::path upstream_file() const { return dir / "nginx" / "rinsho-upstream.conf"; }

  void start_nginx() {
    auto conf = run_process({"/bin/bash", (source_dir() / "scripts" / "nginx-private-conf").string(),
                             (dir / "nginx").string(), std::to_string(nginx_port)});
    if (conf.exit_code != 0) throw std::runtime_error("nginx-private-conf failed: " + conf.err);
    const std::string command = conf.out.substr(0, conf.out.find('\n'));
    std::vector<std::string> watch = {"/bin/bash", (source_dir() / "deploy" / "nginx" / "rinsho-readyz-watch").string(),
                                      "--file", upstream_file().string(), "--nginx", command,
                                      "--node", "127.0.0.1:" + std::to_string(port_a),
                                      "--node", "127.0.0.1:" + std::to_string(port_b)};
    auto once = watch;
    once.insert(once.end(), {"--once", "--no-reload"});
    if (auto r = run_process(once); r.exit_code != 0) throw std::runtime_error("readyz-watch --once failed: " + r.out + r.err);
    std::vector<std::string> argv;
    std::istringstream words(command);
    for (std::string w; words >> w;) argv.push_back(w);
    nginx_ = spawn(argv, dir / "nginx.out");
    httplib::Client c("127.0.0.1", nginx_port);
    c.set_connection_timeout(1, 0);
    const auto until = Clock::now() + std::chrono::seconds(10);
    for (;;) {
      if (auto res = c.Get("/healthz"); res && res->status == 200) break;
      if (wait_status(nginx_, WNOHANG) != 1000 || Clock::now() > until) {
        if (::kill(nginx_, SIGKILL) == 0) wait_status(nginx_);
        nginx_ = -1;
        throw std::runtime_error("nginx did not start:\n" + slurp(dir / "nginx.out") + slurp(dir / "nginx" / "error.log"));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    // Rounds every 0.5 s rather than the default 2 s, to keep the test short.
    watch.insert(watch.end(), {"--interval", "0.5"});
    watcher_ = spawn(watch, dir / "readyz-watch.log");
  }

  void watch_upstream_file() {
    while (!stop_monitor_) {
      if (marked_down().size() == 2) all_down_seen_ = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  static void stop_child(pid_t& pid) {
    if (pid <= 0) return;
    ::kill(pid, SIGTERM);
    wait_status(pid);
    pid = -1;
  }

  pid_t nginx_ = -1, watcher_ = -1;
  std::thread monitor_;
  std::atomic<bool> stop_monitor_{false}, all_down_seen_{false};
};

}  // namespace rinsho::testing
