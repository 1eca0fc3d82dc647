// A full disk under the registry: the data directory lives on a small tmpfs that a filler file and
// large registrations fill to the last block. Writes must fail with 507 problem+json that says
// so, never 500; reads and searches go on; nothing stored is damaged; and once space returns,
// writes work again without a restart. Needs root (mount); CI runs as root.
#include <doctest/doctest.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

#include "api_helpers.hpp"
#include "index/index_writer.hpp"

using nlohmann::json;
using namespace rinsho;
using namespace rinsho::testing;

namespace {

// A tmpfs of a fixed size at a fresh directory, unmounted however the test ends.
class TmpfsMount {
 public:
  explicit TmpfsMount(std::size_t megabytes) : dir_(fresh_temp_dir("tmpfs")) {
    const std::string options = "size=" + std::to_string(megabytes) + "m";
    if (::mount("tmpfs", dir_.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options.c_str()) == 0) mounted_ = true;
    else error_ = "mount -t tmpfs -o " + options + " tmpfs " + dir_.string() + ": " + std::strerror(errno);
  }
  ~TmpfsMount() {
    if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);  // lazily, should anything still hold a file
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  TmpfsMount(const TmpfsMount&) = delete;
  TmpfsMount& operator=(const TmpfsMount&) = delete;
  const std::filesystem::path& path() const { return dir_; }
  const std::string& error() const { return error_; }

 private:
  std::filesystem::path dir_;
  bool mounted_ = false;
  std::string error_;
};

// Writes `file` until the file system has no block left (halving the write on ENOSPC).
void fill_disk(const std::filesystem::path& file) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  REQUIRE(fd >= 0);
  const std::string block(1 << 20, 'x');
  for (std::size_t chunk = block.size(); chunk > 0;) {
    const auto n = ::write(fd, block.data(), chunk);
    if (n > 0) continue;
    REQUIRE(errno == ENOSPC);
    chunk /= 2;
  }
  ::close(fd);
}

// Letters only, so every piece of the text is a fresh term and nothing compresses it away.
std::string filler_text(std::size_t length, unsigned seed) {
  std::string s;
  s.reserve(length);
  for (std::size_t i = 0; i < length; ++i) {
    seed = seed * 1103515245u + 12345u;
    s += (i % 9 == 8) ? ' ' : char('a' + (seed >> 16) % 26);
  }
  return s;
}

// About 80 KB of valid record: what a long registration looks like to the disk.
json large_record(const std::string& word, unsigned seed) {
  auto r = new_record(word);
  r["plain_summary"]["en"] = filler_text(20000, seed);
  r["scientific_title"]["en"] = filler_text(20000, seed + 1);
  r["eligibility"]["inclusion"]["en"] = filler_text(20000, seed + 2);
  r["eligibility"]["exclusion"]["en"] = filler_text(20000, seed + 3);
  return r;
}

struct Stored {
  std::string id, word;
};

void check_intact(TestServer& server, httplib::Client& c, const std::vector<Stored>& stored) {
  auto problems = server.app().store.verify_integrity();
  REQUIRE(problems);
  CHECK(problems->empty());
  for (const auto& s : stored) {
    auto res = c.Get(("/api/v1/trials/" + s.id).c_str());
    REQUIRE(res);
    REQUIRE(res->status == 200);
    CHECK(json::parse(res->body)["public_title"]["ja"].get<std::string>().rfind(s.word, 0) == 0);
  }
}

}  // namespace

TEST_CASE("a full disk: writes answer 507 and save nothing, reads and searches go on, writes resume when space returns") {
  if (::geteuid() != 0) {
    MESSAGE("skipped: mounting a tmpfs needs root");
    return;
  }
  TmpfsMount disk(24);
  REQUIRE_MESSAGE(disk.error().empty(), disk.error());
  const auto dir = disk.path() / "registry";
  load_records(dir, {source_dir() / "sample_trials" / "records" / "jRCT2031240001.json",
                     source_dir() / "sample_trials" / "records" / "jRCT1032190004.json"});
  TestServer server({.data_dir = dir});
  auto c = server.client();
  const auto registrant = server.registrant("Disk Full Pharma");
  const std::string authorization = registrant.second;  // a plain name: clang 14 cannot capture bindings
  auto post = [&](const json& record) { return post_json(c, "/api/v1/trials", record, bearer(authorization)); };

  std::vector<Stored> stored;
  for (const std::string word : {"wombatbefore", "quokkabefore"}) {
    auto res = post(new_record(word));
    REQUIRE(res);
    REQUIRE(res->status == 201);
    stored.push_back({json::parse(res->body)["id"].get<std::string>(), word});
  }

  fill_disk(disk.path() / "filler");
  // SQLite reuses the WAL file's old space, so the first large writes may still fit; keep writing
  // until one does not. Every answer is either a success or the full-disk answer.
  int full_answers = 0;
  json problem;
  for (int i = 0; i < 100 && full_answers < 3; ++i) {
    const std::string word = "numbat" + std::string(1, char('a' + i % 26)) + std::string(1, char('a' + i / 26));
    auto res = post(large_record(word, unsigned(i) * 7));
    REQUIRE(res);
    INFO("answer " << res->status << ": " << res->body.substr(0, 300));
    REQUIRE((res->status == 201 || res->status == 507));
    if (res->status == 201) {
      stored.push_back({json::parse(res->body)["id"].get<std::string>(), word});
      continue;
    }
    ++full_answers;
    CHECK(res->get_header_value("Content-Type") == "application/problem+json");
    problem = json::parse(res->body);
  }
  REQUIRE(full_answers == 3);
  CHECK(problem["status"] == 507);
  CHECK(problem["title"] == "Insufficient Storage");
  CHECK(problem["detail"].get<std::string>().find("out of storage space") != std::string::npos);
  MESSAGE((stored.size() - 2) << " large registrations fitted before the disk was full");

  // An update is refused the same way, and leaves the trial as it was.
  auto current = c.Get(("/api/v1/trials/" + stored[0].id).c_str());
  REQUIRE(current);
  auto changed = large_record("wombatchanged", 99);
  changed["id"] = stored[0].id;
  auto put = put_json(c, "/api/v1/trials/" + stored[0].id, changed,
                      with(bearer(authorization), "If-Match", current->get_header_value("ETag")));
  REQUIRE(put);
  CHECK(put->status == 507);

  // The index reports the full disk as such too.
  {
    auto writer = index::IndexWriter::open(dir / "index", server.app().analyzer);
    REQUIRE(writer);
    const auto seq = writer->last_applied_seq();
    Result<void> committed;
    for (int i = 0; i < 20 && committed; ++i) {
      auto record = large_record("dingo", 500 + unsigned(i));
      record["id"] = "jRCT2099990" + std::to_string(100 + i);
      committed = writer->upsert(record);
      if (committed) committed = writer->commit(seq);
    }
    REQUIRE_FALSE(committed);
    CHECK(committed.error().code == ErrorCode::storage_full);
  }  // nothing committed: the document ids above are not in the store

  // Reads and searches go on, and everything acknowledged is intact.
  CHECK(search_ids(c, "wombatbefore") == std::vector<std::string>{stored[0].id});
  CHECK(search_ids(c, "quokkabefore") == std::vector<std::string>{stored[1].id});
  auto page = c.Get(("/trials/" + stored[1].id).c_str());
  REQUIRE(page);
  CHECK(page->status == 200);
  check_intact(server, c, stored);

  // Space returns: writes work again at once, and the index catches up with everything.
  std::filesystem::remove(disk.path() / "filler");
  auto after = post(new_record("bilbyafter"));
  REQUIRE(after);
  REQUIRE(after->status == 201);
  stored.push_back({json::parse(after->body)["id"].get<std::string>(), "bilbyafter"});
  check_intact(server, c, stored);
  for (const auto& s : stored) {
    const auto hits = search_ids(c, s.word);
    CHECK_MESSAGE(std::find(hits.begin(), hits.end(), s.id) != hits.end(), s.word);
  }
  CHECK(search_ids(c, "dingo").empty());
  auto ready = c.Get("/readyz");
  REQUIRE(ready);
  CHECK(ready->status == 200);
}
