#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include <xapian.h>

#include "search/searcher.hpp"
#include "support/process.hpp"
#include "test_server.hpp"

using namespace rinsho;
using nlohmann::json;
using testing::binary;
using testing::run_process;

namespace {

std::string sample(const std::string& id) {
  return testing::read_file(testing::source_dir() / "sample_trials" / "records" / (id + ".json"));
}

// A JSONL body of `n` valid records: the sample trial with ids jRCT2031250000 + i.
std::string many_records(int n) {
  auto base = json::parse(sample("jRCT2031240001"));
  std::string out;
  for (int i = 0; i < n; ++i) {
    char id[32];
    std::snprintf(id, sizeof(id), "jRCT20312%05d", i);
    base["id"] = id;
    base["public_title"]["ja"] = std::string("大量登録テスト ") + id;
    out += base.dump() + "\n";
  }
  return out;
}

std::uint64_t index_count(const std::filesystem::path& data_dir) {
  auto dict = text::Dictionary::builtin();
  text::Analyzer analyzer(std::make_shared<const text::Dictionary>(std::move(*dict)));
  auto searcher = search::Searcher::open(data_dir / "index", analyzer);
  REQUIRE(searcher.has_value());
  return searcher->doc_count();
}

}  // namespace

TEST_CASE("rinsho-indexer ingest indexes files, arrays and stdin, and exits 0") {
  const auto dir = testing::fresh_temp_dir("indexer");
  const auto array_file = dir / "two.json";
  std::ofstream(array_file) << "[\n" << sample("jRCT2031240001") << ",\n" << sample("jRCT2032240003") << "\n]\n";
  auto r = run_process({binary("rinsho-indexer"), "--data-dir", (dir / "data").string(), "ingest", array_file.string()});
  CHECK(r.exit_code == 0);
  CHECK(r.err.find("accepted 2") != std::string::npos);
  auto s = run_process({binary("rinsho-indexer"), "--data-dir", (dir / "data").string(), "ingest", "-"}, many_records(3));
  CHECK(s.exit_code == 0);
  CHECK(index_count(dir / "data") == 5);
  // Upsert by id: the same input again changes nothing.
  auto again = run_process({binary("rinsho-indexer"), "--data-dir", (dir / "data").string(), "ingest", "-"}, many_records(3));
  CHECK(again.exit_code == 0);
  CHECK(again.err.find("unchanged 3") != std::string::npos);
  CHECK(index_count(dir / "data") == 5);
  std::filesystem::remove_all(dir);
}

TEST_CASE("rinsho-indexer reports each rejected record as file:line with every error, and exits 1") {
  const auto dir = testing::fresh_temp_dir("indexer");
  auto good = json::parse(sample("jRCT2031240001"));
  auto bad = good;
  bad["id"] = "jRCT2031240002";
  bad["phase"] = "III";
  bad["eligibility"]["min_age_years"] = "twenty";
  const auto file = dir / "mixed.jsonl";
  std::ofstream(file) << good.dump() << "\n\n" << bad.dump() << "\n{not json\n";
  auto r = run_process({binary("rinsho-indexer"), "--data-dir", (dir / "data").string(), "ingest", file.string()});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find(file.string() + ":3: rejected") != std::string::npos);
  CHECK(r.err.find("/phase") != std::string::npos);
  CHECK(r.err.find("/eligibility/min_age_years") != std::string::npos);
  CHECK(r.err.find(file.string() + ":4: rejected") != std::string::npos);
  CHECK(r.err.find("accepted 1") != std::string::npos);
  CHECK(index_count(dir / "data") == 1);
  std::filesystem::remove_all(dir);
}

TEST_CASE("rinsho-indexer reports array elements by the line they start on") {
  const auto dir = testing::fresh_temp_dir("indexer");
  auto bad = json::parse(sample("jRCT2031240001"));
  bad["countries"] = json::array({"US"});
  const auto file = dir / "array.json";
  std::ofstream(file) << "[\n" << sample("jRCT2031240001") << ",\n" << bad.dump(2) << "\n]\n";
  const std::string first = sample("jRCT2031240001");
  const auto first_lines = std::count(first.begin(), first.end(), '\n');
  auto r = run_process({binary("rinsho-indexer"), "--data-dir", (dir / "data").string(), "ingest", file.string()});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find(file.string() + ":" + std::to_string(first_lines + 3) + ": rejected") != std::string::npos);
  CHECK(r.err.find("/countries") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("rinsho-indexer rejects only the record with a number out of range, in a file or an array") {
  const auto dir = testing::fresh_temp_dir("indexer");
  auto text = sample("jRCT2032240003");
  const auto at = text.find("\"min_age_years\"");
  REQUIRE(at != std::string::npos);
  const auto colon = text.find(':', at);
  const auto end = text.find_first_of(",}", colon);
  text.replace(colon + 1, end - colon - 1, " 1e400");  // valid JSON syntax, no double holds it
  const auto single = dir / "huge.json";
  std::ofstream(single) << text;
  auto r = run_process({binary("rinsho-indexer"), "--data-dir", (dir / "data").string(), "ingest", single.string()});
  CHECK(r.exit_code == 1);  // that record rejected, not the whole run failed
  CHECK(r.err.find("/eligibility/min_age_years") != std::string::npos);

  const auto array = dir / "array.json";
  std::ofstream(array) << "[\n" << sample("jRCT2031240001") << ",\n" << text << ",\n" << sample("jRCT2042180005") << "\n]\n";
  auto a = run_process({binary("rinsho-indexer"), "--data-dir", (dir / "data").string(), "ingest", array.string()});
  CHECK(a.exit_code == 1);
  CHECK(a.err.find("accepted 2") != std::string::npos);
  CHECK(a.err.find("/eligibility/min_age_years") != std::string::npos);
  CHECK(index_count(dir / "data") == 2);
  std::filesystem::remove_all(dir);
}

TEST_CASE("rinsho-indexer exits 2 with a clear message when it cannot work") {
  const auto dir = testing::fresh_temp_dir("indexer");
  auto missing = run_process({binary("rinsho-indexer"), "--data-dir", (dir / "data").string(), "ingest", "/no/such/file.json"});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("no such file or directory: /no/such/file.json") != std::string::npos);
  auto unknown = run_process({binary("rinsho-indexer"), "--frobnicate"});
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find("unknown option --frobnicate") != std::string::npos);
  auto help = run_process({binary("rinsho-indexer"), "--help"});
  CHECK(help.exit_code == 0);
  for (const char* flag : {"--data-dir", "--rebuild", "--batch", "--limit", "--format", "--out"})
    CHECK(help.out.find(flag) != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("rinsho-indexer rebuild recreates the index from the store alone") {
  const auto dir = testing::fresh_temp_dir("indexer");
  const auto data = (dir / "data").string();
  REQUIRE(run_process({binary("rinsho-indexer"), "--data-dir", data, "ingest", "-"}, many_records(20)).exit_code == 0);
  std::filesystem::remove_all(dir / "data" / "index");
  auto r = run_process({binary("rinsho-indexer"), "--data-dir", data, "rebuild"});
  CHECK(r.exit_code == 0);
  CHECK(index_count(dir / "data") == 20);
  std::filesystem::remove_all(dir);
}

TEST_CASE("a kill -9 during ingestion leaves an index that opens, and a re-run completes it") {
  const auto dir = testing::fresh_temp_dir("indexer");
  const auto data = dir / "data";
  const auto input = dir / "big.jsonl";
  constexpr int kRecords = 3000;
  std::ofstream(input) << many_records(kRecords);
  const pid_t pid = fork();
  if (pid == 0) {
    int null = open("/dev/null", O_WRONLY);
    dup2(null, 2);
    execl(binary("rinsho-indexer").c_str(), "rinsho-indexer", "--data-dir", data.c_str(), "ingest", "--batch", "100",
          input.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  // Kill it once the first batches are in the store, well before it can finish.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    auto store = store::Store::open({data});
    if (store && store->last_seq().value_or(0) >= 200) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  CHECK(WIFSIGNALED(status));
  auto store = store::Store::open({data});
  REQUIRE(store.has_value());
  CHECK(store->verify_integrity().value().empty());
  CHECK(store->count_trials().value() < kRecords);
  if (std::filesystem::exists(data / "index")) (void)index_count(data);  // opens, whatever it holds
  auto rerun = run_process({binary("rinsho-indexer"), "--data-dir", data.string(), "ingest", input.string()});
  CHECK(rerun.exit_code == 0);
  CHECK(index_count(data) == kRecords);
  std::filesystem::remove_all(dir);
}

TEST_CASE("a first load of thousands of trials builds the index whole, survives a kill -9, and catches up after") {
  const auto dir = testing::fresh_temp_dir("indexer");
  const auto data = dir / "data";
  const auto input = dir / "big.jsonl";
  constexpr int kRecords = 2500;  // over the indexer's threshold for building the index whole
  std::ofstream(input) << many_records(kRecords);
  const pid_t pid = fork();
  if (pid == 0) {
    int null = open("/dev/null", O_WRONLY);
    dup2(null, 2);
    execl(binary("rinsho-indexer").c_str(), "rinsho-indexer", "--data-dir", data.c_str(), "ingest", input.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  // Kill it once the first shard of the whole-index build is written.
  const auto shards = dir / "data" / "index.rebuild.shards";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  bool seen = false;
  while (!seen && std::chrono::steady_clock::now() < deadline) {
    std::error_code ec;
    seen = std::filesystem::exists(shards, ec) && !std::filesystem::is_empty(shards, ec);
    if (!seen) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  CHECK(seen);
  CHECK(WIFSIGNALED(status));
  if (std::filesystem::exists(data / "index")) (void)index_count(data);  // opens, whatever it holds

  auto rerun = run_process({binary("rinsho-indexer"), "--data-dir", data.string(), "ingest", input.string()});
  CHECK(rerun.exit_code == 0);
  CHECK(index_count(data) == kRecords);
  CHECK_FALSE(std::filesystem::exists(shards));

  // The whole-index build recorded the store's sequence number: later changes catch up one by one.
  std::ofstream(dir / "one.jsonl") << many_records(kRecords + 1).substr(many_records(kRecords).size());
  auto more = run_process({binary("rinsho-indexer"), "--data-dir", data.string(), "ingest", (dir / "one.jsonl").string()});
  CHECK(more.exit_code == 0);
  CHECK(index_count(data) == kRecords + 1);
  auto found = run_process({binary("rinsho-indexer"), "--data-dir", data.string(), "search", "jRCT2031202500"});
  CHECK(found.out.find("jRCT2031202500") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("rinsho-indexer rebuilds an index written by an older rinsho before applying changes") {
  const auto dir = testing::fresh_temp_dir("indexer");
  const auto data = dir / "data";
  REQUIRE(run_process({binary("rinsho-indexer"), "--data-dir", data.string(), "ingest", "-"}, many_records(30)).exit_code == 0);
  {
    Xapian::WritableDatabase db((data / "index").string());
    db.set_metadata("rinsho:format", "1");
    db.commit();
  }
  auto r = run_process({binary("rinsho-indexer"), "--data-dir", data.string(), "ingest", "-"}, many_records(31));
  CHECK(r.exit_code == 0);
  CHECK(r.err.find("older rinsho") != std::string::npos);
  CHECK(index_count(data) == 31);
  Xapian::Database db((data / "index").string());
  CHECK(db.get_metadata("rinsho:format") != "1");
  std::filesystem::remove_all(dir);
}
