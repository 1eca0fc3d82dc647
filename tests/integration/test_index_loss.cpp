// A lost or damaged index: while nothing runs, the index directory is deleted, emptied, truncated,
// overwritten with garbage or left with a sequence marker that does not match the store. The next
// rinsho-server start, or the next rinsho-indexer run, must rebuild it from the store and then
// serve exactly what an intact index served: never an error loop, never missing or stale results.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <random>

#include <xapian.h>

#include "api_helpers.hpp"
#include "index/index_layout.hpp"
#include "search/searcher.hpp"
#include "support/process.hpp"
#include "text/analyzer.hpp"

using nlohmann::json;
using namespace rinsho;
using namespace rinsho::testing;
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kTrials = 40;
const std::vector<std::string> kQueries = {"", "肺がん", "EGFR", "がん", "試験", "jRCT1032190004"};

// The ids a query finds, sorted: a rebuilt index numbers its documents differently, which may
// reorder equally relevant hits but must not change which trials are found.
std::vector<std::string> found_ids(std::vector<std::string> ids) {
  std::sort(ids.begin(), ids.end());
  return ids;
}

// What each of kQueries finds through the HTTP API.
std::vector<std::vector<std::string>> served(httplib::Client& c) {
  std::vector<std::vector<std::string>> all;
  for (const auto& q : kQueries) {
    auto res = c.Get(("/api/v1/trials?facets=false&page_size=50&q=" + url_encode(q)).c_str());
    REQUIRE(res);
    REQUIRE(res->status == 200);
    std::vector<std::string> ids;
    const auto body = json::parse(res->body);  // kept: the loop below reads into it
    for (const auto& h : body["hits"]) ids.push_back(h["id"].get<std::string>());
    all.push_back(found_ids(std::move(ids)));
  }
  return all;
}

// The same through the index alone, as rinsho-indexer leaves it.
std::vector<std::vector<std::string>> searched(const fs::path& dir) {
  auto dictionary = text::Dictionary::builtin();
  REQUIRE(dictionary);
  text::Analyzer analyzer(std::make_shared<const text::Dictionary>(std::move(*dictionary)));
  auto searcher = search::Searcher::open(dir / "index", analyzer);
  REQUIRE(searcher);
  std::vector<std::vector<std::string>> all;
  for (const auto& q : kQueries) {
    search::SearchRequest request;
    request.q = q;
    request.page_size = 50;
    auto found = searcher->search(request);
    REQUIRE(found);
    std::vector<std::string> ids;
    for (const auto& h : found->hits) ids.push_back(h.id);
    all.push_back(found_ids(std::move(ids)));
  }
  return all;
}

// A registry of kTrials sample trials, indexed, and what an intact index serves for kQueries.
struct Registry {
  fs::path dir = fresh_temp_dir("index-loss");
  std::vector<std::vector<std::string>> expected;
  Registry() {
    auto files = sample_trial_files();
    files.resize(kTrials);
    load_records(dir, files);
    TestServer server({.data_dir = dir});
    auto c = server.client();
    expected = served(c);
    REQUIRE(expected[0].size() == kTrials);
    for (std::size_t i = 1; i < expected.size(); ++i) REQUIRE_FALSE(expected[i].empty());
  }
  ~Registry() { fs::remove_all(dir); }
  fs::path index() const { return dir / "index"; }
};

void overwrite(const fs::path& file, std::uintmax_t offset, std::size_t bytes) {
  std::mt19937 random(7);
  std::string garbage(bytes, '\0');
  for (auto& ch : garbage) ch = char(random());
  std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
  REQUIRE(f);
  f.seekp(std::streamoff(offset));
  f.write(garbage.data(), std::streamsize(garbage.size()));
}

// Sets the sequence marker, and drops one trial when asked (as an index of another registry lacks
// this one's trials): a catch-up that trusted the marker would never bring it back.
void set_marker(const fs::path& index, const std::string& value, bool drop_one = false) {
  Xapian::WritableDatabase db(index.string(), Xapian::DB_OPEN);
  db.set_metadata(index::kLastSeqKey, value);
  if (drop_one) db.delete_document(index::term(index::prefix::id, "jRCT1032190004"));
  db.commit();
}

// Each way of losing the index, applied to a stopped registry.
void damage(const Registry& r, const std::string& how) {
  const auto postlist = r.index() / "postlist.glass";
  if (how == "deleted") {
    fs::remove_all(r.index());
  } else if (how == "emptied") {
    for (const auto& entry : fs::directory_iterator(r.index())) fs::remove_all(entry.path());
  } else if (how == "postlist truncated") {
    fs::resize_file(postlist, fs::file_size(postlist) / 2);
  } else if (how == "postlist overwritten") {
    overwrite(postlist, fs::file_size(postlist) / 3, 16384);
  } else if (how == "termlist overwritten") {
    overwrite(r.index() / "termlist.glass", 0, 8192);
  } else if (how == "version file overwritten") {
    overwrite(r.index() / "iamglass", 0, fs::file_size(r.index() / "iamglass"));
  } else if (how == "marker missing") {
    set_marker(r.index(), "");
  } else if (how == "marker ahead of the store") {
    set_marker(r.index(), "100000", true);  // as an index copied from another registry would say
  } else if (how == "documents missing") {
    Xapian::WritableDatabase db(r.index().string(), Xapian::DB_OPEN);
    db.delete_document(index::term(index::prefix::id, "jRCT1032190004"));
    db.commit();
  } else {
    FAIL("unknown damage " << how);
  }
}

const std::vector<std::string> kDamage = {"deleted", "emptied", "postlist truncated", "postlist overwritten",
                                          "termlist overwritten", "version file overwritten", "marker missing",
                                          "marker ahead of the store", "documents missing"};

}  // namespace

TEST_CASE("the server rebuilds a lost or damaged index from the store at start and serves what it served before") {
  Registry registry;
  for (const auto& how : kDamage) {
    CAPTURE(how);
    damage(registry, how);
    TestServer server({.data_dir = registry.dir});  // throws if it cannot start
    auto c = server.client();
    CHECK(served(c) == registry.expected);
    auto ready = c.Get("/readyz");
    REQUIRE(ready);
    CHECK(ready->status == 200);
  }
}

TEST_CASE("rinsho-indexer rebuilds a lost or damaged index from the store before applying changes") {
  Registry registry;
  const auto unchanged = sample_trial_files().front().string();  // already stored: ingesting it writes nothing
  for (const auto& how : kDamage) {
    CAPTURE(how);
    damage(registry, how);
    const auto r = run_process({binary("rinsho-indexer"), "--data-dir", registry.dir.string(), "ingest", unchanged});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    if (how != "deleted" && how != "emptied")  // nothing to distrust there: the catch-up fills it
      CHECK(r.err.find("rebuilding it from the registry") != std::string::npos);
    CHECK(searched(registry.dir) == registry.expected);
  }
}
