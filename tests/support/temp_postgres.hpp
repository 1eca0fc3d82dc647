#pragma once
// A real PostgreSQL 15 server for tests: initdb and pg_ctl into a temporary directory, listening
// only on a Unix socket in that directory (no TCP port to collide with), stopped and removed when
// the object goes. PostgreSQL refuses to run as root, so when the tests run as root the server runs
// as the postgres user that Debian's package creates; it is the server's superuser "rinsho" either way.
#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <glob.h>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/process.hpp"

namespace rinsho::testing {

inline std::filesystem::path postgres_bin_dir() {
  if (const char* dir = std::getenv("RINSHO_PG_BIN")) return dir;
  glob_t g{};
  std::filesystem::path found;
  if (::glob("/usr/lib/postgresql/*/bin/pg_ctl", 0, nullptr, &g) == 0 && g.gl_pathc > 0)
    found = std::filesystem::path(g.gl_pathv[g.gl_pathc - 1]).parent_path();
  globfree(&g);
  if (found.empty())
    throw std::runtime_error("PostgreSQL's server programs are not installed (scripts/setup --postgres)");
  return found;
}

class TempPostgres {
 public:
  // fast: fsync off, for tests that do not kill the machine; durable keeps PostgreSQL's defaults.
  explicit TempPostgres(bool fast = true) : bin_(postgres_bin_dir()), fast_(fast) {
    static std::atomic<int> counter{0};
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() /
           ("rinsho-pg-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" + std::to_string(rd() % 100000));
    std::filesystem::create_directories(dir_ / "socket");
    port_ = 20000 + static_cast<int>(rd() % 20000);
    if (::geteuid() == 0) {
      const passwd* pw = ::getpwnam("postgres");
      if (!pw) throw std::runtime_error("running as root, and there is no postgres user to run PostgreSQL as");
      as_user_ = {"/usr/sbin/runuser", "-u", "postgres", "--"};
      for (const auto& p : {dir_, dir_ / "socket"})
        if (::chown(p.c_str(), pw->pw_uid, pw->pw_gid) != 0) throw std::runtime_error("cannot chown " + p.string());
    }
    auto r = run({(bin_ / "initdb").string(), "-D", (dir_ / "data").string(), "-U", "rinsho", "-A", "trust", "-E",
                  "UTF8", "--locale=C", "--no-sync"});
    if (r.exit_code != 0) throw std::runtime_error("initdb failed: " + r.out + r.err);
    start();
  }
  ~TempPostgres() {
    stop_immediately();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  TempPostgres(const TempPostgres&) = delete;
  TempPostgres& operator=(const TempPostgres&) = delete;

  void start() {
    auto r = run({(bin_ / "pg_ctl").string(), "-D", (dir_ / "data").string(), "-l", (dir_ / "server.log").string(),
                  "-o", options(), "-w", "-t", "60", "start"});
    if (r.exit_code != 0) throw std::runtime_error("pg_ctl start failed: " + r.out + r.err + slurp(dir_ / "server.log"));
  }
  // pg_ctl restart: what an operator does for a configuration change or a minor upgrade.
  void restart(const std::string& mode = "fast") {
    auto r = run({(bin_ / "pg_ctl").string(), "-D", (dir_ / "data").string(), "-l", (dir_ / "server.log").string(),
                  "-o", options(), "-m", mode, "-w", "-t", "60", "restart"});
    if (r.exit_code != 0) throw std::runtime_error("pg_ctl restart failed: " + r.out + r.err + slurp(dir_ / "server.log"));
  }
  // mode: smart, fast or immediate (immediate is a crash as far as the data goes).
  void stop(const std::string& mode = "fast") {
    run({(bin_ / "pg_ctl").string(), "-D", (dir_ / "data").string(), "-m", mode, "-w", "-t", "60", "stop"});
  }
  void stop_immediately() { stop("immediate"); }

  // A libpq URI for a database on this server.
  std::string url(const std::string& database = "postgres") const {
    return "postgresql://rinsho@/" + database + "?host=" + (dir_ / "socket").string() + "&port=" + std::to_string(port_);
  }
  void create_database(const std::string& name) { psql("postgres", "CREATE DATABASE " + name); }
  // Runs SQL through psql; throws when it fails.
  std::string psql(const std::string& database, const std::string& sql) {
    auto r = run({(bin_ / "psql").string(), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url(database), "-c", sql});
    if (r.exit_code != 0) throw std::runtime_error("psql failed: " + sql + ": " + r.err);
    return r.out;
  }
  const std::filesystem::path& dir() const { return dir_; }
  const std::filesystem::path& bin() const { return bin_; }
  // The command prefix that runs a program as the server's owner (empty when not root).
  const std::vector<std::string>& as_user() const { return as_user_; }

  // The whole test process shares one server; each store gets a database of its own.
  static TempPostgres& shared() {
    static TempPostgres server;
    return server;
  }

 private:
  std::string options() const {
    std::string options = "-c listen_addresses='' -k " + (dir_ / "socket").string() + " -p " + std::to_string(port_) +
                          " -c max_connections=300";
    if (fast_) options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
    return options;
  }
  ProcessResult run(std::vector<std::string> argv) {
    std::vector<std::string> full = as_user_;
    full.insert(full.end(), argv.begin(), argv.end());
    return run_process(full);
  }
  std::filesystem::path bin_, dir_;
  bool fast_;
  int port_ = 0;
  std::vector<std::string> as_user_;
};

}  // namespace rinsho::testing
