// Full-size imports stop cleanly: SIGINT (Ctrl-C) or SIGTERM stops rinsho-indexer import after the
// batch it is writing, it says how to resume, and running the same command again finishes the
// import without a duplicate. The child starts with SIGINT ignored, as a background job of a
// non-interactive shell does, so the test also shows the import's own handler replaces that.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include <chrono>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "store/store.hpp"
#include "support/process.hpp"
#include "test_server.hpp"

using namespace rinsho;
using nlohmann::json;

namespace {

constexpr int kStudies = 3000;

// kStudies ClinicalTrials.gov v2 studies with a Tokyo site, one per line.
void write_studies(const std::filesystem::path& file) {
  std::ofstream out(file, std::ios::binary);
  for (int i = 0; i < kStudies; ++i) {
    char nct[16];
    std::snprintf(nct, sizeof nct, "NCT%08d", 91000000 + i);
    json study = {{"protocolSection", {
        {"identificationModule", {{"nctId", nct}, {"briefTitle", std::string("Interrupted import study ") + nct}}},
        {"statusModule", {{"overallStatus", "RECRUITING"}}},
        {"sponsorCollaboratorsModule", {{"leadSponsor", {{"name", "Example Pharma"}}}}},
        {"conditionsModule", {{"conditions", {"Lung Cancer"}}}},
        {"designModule", {{"studyType", "INTERVENTIONAL"}, {"phases", {"PHASE2"}}}},
        {"contactsLocationsModule", {{"locations", {{{"facility", "Tokyo Hospital"}, {"city", "Tokyo"}, {"country", "Japan"}}}}}}}}};
    out << study.dump() << "\n";
  }
}

std::int64_t trials_in(const std::filesystem::path& data) {
  auto s = store::Store::open({data});
  REQUIRE(s.has_value());
  auto n = s->count_trials();
  REQUIRE(n.has_value());
  return *n;
}

// Starts the import, waits until at least one batch is in the store, sends `sig`, and returns the
// exit code and stderr.
testing::ProcessResult interrupted_import(const std::filesystem::path& data, const std::filesystem::path& file, int sig) {
  const auto err_path = data.parent_path() / "import.err";
  const pid_t pid = fork();
  if (pid == 0) {
    signal(SIGINT, SIG_IGN);  // what a background job of a non-interactive shell inherits
    int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(err, 2);
    const std::string bin = testing::binary("rinsho-indexer");
    execl(bin.c_str(), bin.c_str(), "--data-dir", data.c_str(), "import", "--no-index", "--format", "ctgov-json",
          file.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  // Poll the store (a second reader, as an operator's query would be) until a batch committed.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    if (std::filesystem::exists(data / "registry.sqlite3") && trials_in(data) > 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill(pid, sig);
  int status = 0;
  waitpid(pid, &status, 0);
  testing::ProcessResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
  r.err = testing::slurp(err_path);
  return r;
}

}  // namespace

TEST_CASE("rinsho-indexer import: SIGINT and SIGTERM stop after a batch, and a re-run resumes without duplicates") {
  for (int sig : {SIGINT, SIGTERM}) {
    CAPTURE(sig);
    const auto dir = testing::fresh_temp_dir(sig == SIGINT ? "import-sigint" : "import-sigterm");
    const auto file = dir / "studies.ndjson";
    write_studies(file);
    const auto data = dir / "data";
    const auto stopped = interrupted_import(data, file, sig);
    CHECK(stopped.exit_code == 130);
    CHECK(stopped.err.find("To resume, run the same command again") != std::string::npos);
    const auto partial = trials_in(data);
    CHECK(partial > 0);
    CHECK(partial < kStudies);
    CHECK(partial % 200 == 0);  // whole batches only: nothing half-written

    const std::string bin = testing::binary("rinsho-indexer");
    auto resumed = testing::run_process({bin, "--data-dir", data.string(), "import", "--no-index", "--format", "ctgov-json", file.string()});
    CHECK(resumed.exit_code == 0);
    CHECK(resumed.err.find("imported " + std::to_string(kStudies - partial) + ",") != std::string::npos);
    CHECK(resumed.err.find("unchanged " + std::to_string(partial) + ",") != std::string::npos);
    CHECK(resumed.err.find("records/s") != std::string::npos);
    CHECK(trials_in(data) == kStudies);
  }
}
