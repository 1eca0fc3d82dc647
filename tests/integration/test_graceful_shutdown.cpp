// The real rinsho-server binary on a registry prepared by rinsho-indexer: it serves, and SIGTERM
// drains it, stops it and exits 0.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <regex>

#include "api_helpers.hpp"

using nlohmann::json;
using namespace rinsho::testing;

namespace {

std::filesystem::path program(const char* name) { return std::filesystem::path(RINSHO_BINARY_DIR) / "bin" / name; }

// Starts argv with stdout and stderr going to `log`; returns the pid.
pid_t spawn(const std::vector<std::string>& args, const std::filesystem::path& log) {
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) _exit(120);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    ::close(fd);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

// Waits for the process to end (polling, with a deadline); its wait status, or -1 on time-out.
int wait_for_exit(pid_t pid, std::chrono::seconds deadline) {
  int status = -1;
  const bool ended = eventually([&] { return waitpid(pid, &status, WNOHANG) == pid; }, deadline);
  return ended ? status : -1;
}

}  // namespace

TEST_CASE("rinsho-server serves a registry made by rinsho-indexer and stops cleanly on SIGTERM") {
  const auto dir = fresh_temp_dir("binary");
  const auto data = dir / "data";
  std::vector<std::string> ingest = {program("rinsho-indexer").string(), "--data-dir", data.string(), "ingest"};
  for (const char* id : {"jRCT2031240001", "jRCT1032190004", "jRCT1032190046"})
    ingest.push_back((source_dir() / "sample_trials" / "records" / (std::string(id) + ".json")).string());
  const int indexed = wait_for_exit(spawn(ingest, dir / "indexer.log"), std::chrono::seconds(60));
  INFO(read_file(dir / "indexer.log"));
  REQUIRE(WIFEXITED(indexed));
  REQUIRE(WEXITSTATUS(indexed) == 0);

  const auto log = dir / "server.log";
  const pid_t server = spawn({program("rinsho-server").string(), "--data-dir", data.string(), "--port", "0",
                              "--keep-alive-timeout", "1", "--catch-up-ms", "100"},
                             log);
  int port = 0;
  const std::regex serving("serving .* on http://127\\.0\\.0\\.1:([0-9]+)/");
  const bool started = eventually([&] {
    std::smatch m;
    const auto text = read_file(log);
    if (std::regex_search(text, m, serving)) port = std::stoi(m[1]);
    return port > 0;
  });
  INFO(read_file(log));
  if (!started) {
    ::kill(server, SIGKILL);
    waitpid(server, nullptr, 0);
  }
  REQUIRE(started);

  httplib::Client client("127.0.0.1", port);
  client.set_keep_alive(true);  // an idle keep-alive connection must not hold the shutdown up
  auto ready = client.Get("/readyz");
  REQUIRE(ready);
  CHECK(ready->status == 200);
  auto found = client.Get(("/api/v1/trials?q=" + url_encode("肺がん")).c_str());
  REQUIRE(found);
  CHECK(found->status == 200);
  CHECK(json::parse(found->body)["hits"][0]["id"] == "jRCT2031240001");

  REQUIRE(::kill(server, SIGTERM) == 0);
  const int status = wait_for_exit(server, std::chrono::seconds(30));
  if (status == -1) {
    ::kill(server, SIGKILL);
    waitpid(server, nullptr, 0);
  }
  const auto text = read_file(log);
  INFO(text);
  REQUIRE(status != -1);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(text.find("rinsho-server: stopped") != std::string::npos);
  // The access log line of the request came before the shutdown, as JSON.
  CHECK(text.find("\"route\":\"/api/v1/trials\"") != std::string::npos);
  std::filesystem::remove_all(dir);
}
