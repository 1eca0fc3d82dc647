#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "store/raw_connection.hpp"
#include "store/store.hpp"
#include "store_fixture.hpp"

using namespace rinsho;
using namespace std::chrono_literals;

// What only the PostgreSQL back end has: its URL, its schema table, LISTEN/NOTIFY, an outage.
// ctest runs these in unit_postgres, which starts the server.
TEST_SUITE("postgresql") {

TEST_CASE("database_backend accepts no URL (SQLite) and postgresql:// URLs, and names anything else") {
  CHECK(store::database_backend("").value() == "sqlite");
  CHECK(store::database_backend("postgresql://rinsho@db:5432/registry").value() == "postgresql");
  CHECK(store::database_backend("postgres://db/registry").value() == "postgresql");
  auto bad = store::database_backend("mysql://db/registry");
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().code == ErrorCode::invalid_argument);
  CHECK(bad.error().message.find("--database") != std::string::npos);
}

TEST_CASE("Store::open on PostgreSQL refuses a database from a newer schema version") {
  testing::TempDir tmp;
  auto& pg = testing::TempPostgres::shared();
  const auto options = testing::store_options(tmp.path());
  { auto s = store::Store::open(options); REQUIRE(s.has_value()); CHECK(s->backend() == "postgresql"); }
  const std::string db = options.database_url.substr(options.database_url.find('/', 14) + 1,
                                                     options.database_url.find('?') - options.database_url.find('/', 14) - 1);
  pg.psql(db, "UPDATE rinsho_schema SET version = 999");
  auto s = store::Store::open(options);
  REQUIRE_FALSE(s.has_value());
  CHECK(s.error().code == ErrorCode::io);
  CHECK(s.error().message.find("newer") != std::string::npos);
}

TEST_CASE("Two stores opening a new PostgreSQL database at once run each migration once") {
  testing::TempDir tmp;
  const auto options = testing::store_options(tmp.path());
  std::vector<std::thread> threads;
  std::atomic<int> opened{0};
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&] {
      if (store::Store::open(options)) ++opened;
    });
  for (auto& t : threads) t.join();
  CHECK(opened == 4);
  auto conn = store::detail::open_raw_connection(options);
  REQUIRE(conn.has_value());
  auto stmt = (*conn)->prepare("SELECT COUNT(*), MAX(version) FROM rinsho_schema", "read the schema version");
  REQUIRE(stmt.has_value());
  REQUIRE(stmt->step().value());
  CHECK(stmt->int64(0) == 1);
  CHECK(stmt->int64(1) == 2);
}

TEST_CASE("An unreachable PostgreSQL server is a busy error, not a crash or a hang") {
  auto s = store::Store::open({"/nonexistent", 5000, "postgresql://rinsho@/x?host=/nonexistent-socket-dir&port=1"});
  REQUIRE_FALSE(s.has_value());
  CHECK(s.error().code == ErrorCode::busy);
  CHECK(s.error().message.find("PostgreSQL") != std::string::npos);
}

TEST_CASE("wait_for_change wakes when another store on the same database writes") {
  testing::TempDir tmp;
  auto a = testing::open_store(tmp.path());
  auto b = testing::open_store(tmp.path());
  REQUIRE(a.announces_changes());
  REQUIRE(b.wait_for_change(10ms).has_value());  // the first call starts listening
  CHECK_FALSE(b.wait_for_change(50ms).value());   // nothing written yet
  std::thread writer([&] {
    std::this_thread::sleep_for(100ms);
    REQUIRE(a.put_trial(testing::small_record("jRCT2031240001"), testing::ingest_ctx()).has_value());
  });
  const auto start = std::chrono::steady_clock::now();
  bool woke = false;
  while (!woke && std::chrono::steady_clock::now() - start < 5s) woke = b.wait_for_change(1s).value();
  writer.join();
  CHECK(woke);
  CHECK(std::chrono::steady_clock::now() - start < 2s);
  CHECK(b.last_seq().value() == a.last_seq().value());
}

TEST_CASE("A PostgreSQL restart fails calls with busy meanwhile, and the store recovers by itself") {
  testing::TempDir tmp;
  testing::TempPostgres own;  // a server of its own, so the others' tests are not disturbed
  own.create_database("restart_test");
  store::StoreOptions options{tmp.path(), 5000, own.url("restart_test")};
  auto s = store::Store::open(options);
  REQUIRE(s.has_value());
  REQUIRE(s->put_trial(testing::small_record("jRCT2031240001"), testing::ingest_ctx()).has_value());
  REQUIRE(s->get_trial("jRCT2031240001").has_value());  // a read connection in the pool
  own.stop("fast");
  auto down = s->put_trial(testing::small_record("jRCT2031240002"), testing::ingest_ctx());
  REQUIRE_FALSE(down.has_value());
  CHECK(down.error().code == ErrorCode::busy);
  auto read_down = s->get_trial("jRCT2031240001");
  REQUIRE_FALSE(read_down.has_value());
  CHECK(read_down.error().code == ErrorCode::busy);
  CHECK_FALSE(s->ping().has_value());
  own.start();
  CHECK(s->ping().has_value());
  auto up = s->put_trial(testing::small_record("jRCT2031240002"), testing::ingest_ctx());
  REQUIRE(up.has_value());
  CHECK(s->count_trials().value() == 2);
  CHECK(s->verify_integrity()->empty());
}

}  // TEST_SUITE("postgresql")
