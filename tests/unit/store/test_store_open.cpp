#include <doctest/doctest.h>

#include <fstream>

#include "store/store.hpp"
#include "store_fixture.hpp"

using namespace rinsho;
namespace fs = std::filesystem;

namespace {

std::string header_bytes(const fs::path& file, std::size_t offset, std::size_t n) {
  std::ifstream in(file, std::ios::binary);
  std::string buf(offset + n, '\0');
  in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
  return buf.substr(offset, n);
}

}  // namespace

// About SQLite's file itself; test_store_postgres.cpp holds the same checks for PostgreSQL.
TEST_SUITE("sqlite") {

TEST_CASE("Store::open creates the directory and the database file in WAL mode") {
  testing::TempDir tmp;
  const fs::path dir = tmp.path() / "nested" / "data";
  {
    auto s = testing::open_store(dir);
    CHECK(s.database_file() == dir / "registry.sqlite3");
    CHECK(fs::is_regular_file(dir / "registry.sqlite3"));
  }
  // Bytes 18 and 19 of the SQLite header are the write/read format versions: 2 means WAL.
  CHECK(header_bytes(dir / "registry.sqlite3", 18, 2) == std::string("\x02\x02", 2));
}

TEST_CASE("Store::open reports an io error, not an exception, when the directory cannot be made") {
  testing::TempDir tmp;
  std::ofstream(tmp.path() / "a-file") << "x";
  auto s = store::Store::open({tmp.path() / "a-file" / "data"});
  REQUIRE_FALSE(s.has_value());
  CHECK(s.error().code == ErrorCode::io);
  CHECK(s.error().message.find("data directory") != std::string::npos);
}

TEST_CASE("Store::open reports an io error for a file that is not a database") {
  testing::TempDir tmp;
  std::ofstream(tmp.path() / "registry.sqlite3", std::ios::binary) << std::string(8192, 'z');
  auto s = store::Store::open({tmp.path()});
  REQUIRE_FALSE(s.has_value());
  CHECK(s.error().code == ErrorCode::io);
  CHECK(s.error().message.find("registry.sqlite3") != std::string::npos);
}

TEST_CASE("Store::open refuses a database from a newer schema version") {
  testing::TempDir tmp;
  { auto s = testing::open_store(tmp.path()); }
  {
    // user_version lives at offset 60 of the header, big-endian.
    std::fstream f(tmp.path() / "registry.sqlite3", std::ios::binary | std::ios::in | std::ios::out);
    f.seekp(60);
    f.write("\x00\x00\x03\xe7", 4);  // 999
  }
  auto s = store::Store::open({tmp.path()});
  REQUIRE_FALSE(s.has_value());
  CHECK(s.error().code == ErrorCode::io);
  CHECK(s.error().message.find("newer") != std::string::npos);
}

}  // TEST_SUITE("sqlite")

TEST_CASE("Store::open on an existing directory keeps everything that was written") {
  testing::TempDir tmp;
  std::string token, org_id;
  std::int64_t seq = 0;
  {
    auto s = testing::open_store(tmp.path());
    auto org = s.create_org("リンショウ製薬");
    REQUIRE(org.has_value());
    org_id = org->id;
    auto issued = s.issue_token(org_id, "ci");
    REQUIRE(issued.has_value());
    token = issued->token;
    REQUIRE(s.put_trial(testing::small_record("jRCT2031240001"), testing::org_ctx(org_id)).has_value());
    auto second = s.put_trial(testing::small_record("jRCT2031240001", "改訂"), testing::org_ctx(org_id));
    REQUIRE(second.has_value());
    seq = second->seq;
    auto keyed = testing::org_ctx(org_id);
    keyed.idempotency = store::IdempotencyClaim{"key-1", "hash", 201, {}};
    auto third = s.put_trial(testing::small_record(), keyed);
    REQUIRE(third.has_value());
    seq = third->seq;
  }
  auto s = testing::open_store(tmp.path());
  auto trial = s.get_trial("jRCT2031240001");
  REQUIRE(trial.has_value());
  REQUIRE(trial->has_value());
  CHECK((*trial)->version == 2);
  CHECK((*trial)->record["public_title"]["ja"] == "改訂");
  CHECK((*trial)->owner_org == org_id);
  CHECK(s.last_seq().value() == seq);
  CHECK(s.list_versions("jRCT2031240001")->size() == 2);
  CHECK(s.find_org(org_id)->has_value());
  CHECK(s.verify_token(token)->has_value());
  CHECK(s.find_idempotent(org_id, "key-1")->has_value());
  CHECK(s.recent_audit(10)->size() == 3);
  CHECK(s.verify_integrity()->empty());
}
