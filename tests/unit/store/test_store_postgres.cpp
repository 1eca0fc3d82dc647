#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "store/migrations.hpp"
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
  CHECK(stmt->int64(1) == store::detail::latest_schema_version());
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

TEST_CASE("pg_dump and pg_restore carry every table across, and the restored store goes on numbering") {
  testing::TempDir tmp;
  testing::TempPostgres own;
  own.create_database("original");
  store::StoreOptions original{tmp.path() / "a", 5000, own.url("original")};
  std::int64_t last_seq = 0;
  {
    auto s = store::Store::open(original);
    REQUIRE(s.has_value());
    auto org = s->create_org("バックアップ製薬");
    REQUIRE(org.has_value());
    REQUIRE(s->issue_token(org->id, "ci").has_value());
    for (int i = 1; i <= 5; ++i)
      REQUIRE(s->put_trial(testing::small_record("jRCT203124000" + std::to_string(i)), testing::org_ctx(org->id)));
    REQUIRE(s->put_trial(testing::small_record("jRCT2031240001", "改訂版"), testing::org_ctx(org->id)));
    store::AccessBatch batch;
    batch.cells.push_back({"2026-12-07", "person", "detail", "page", "phone", "ja", 7});
    batch.trials.push_back({"2026-12-07", "jRCT2031240001", "person", 7});
    REQUIRE(s->add_access_counts(batch).has_value());
    last_seq = s->last_seq().value();
  }
  // As an operator would: a custom-format dump, restored into a new database.
  const std::string dump = (own.dir() / "registry.dump").string();
  auto run = [&](std::vector<std::string> argv) {
    std::vector<std::string> full = own.as_user();
    full.insert(full.end(), argv.begin(), argv.end());
    return testing::run_process(full);
  };
  auto dumped = run({(own.bin() / "pg_dump").string(), "-Fc", "-f", dump, "-d", own.url("original")});
  REQUIRE_MESSAGE(dumped.exit_code == 0, dumped.err);
  own.create_database("restored");
  auto restored_run = run({(own.bin() / "pg_restore").string(), "--no-owner", "-d", own.url("restored"), dump});
  REQUIRE_MESSAGE(restored_run.exit_code == 0, restored_run.err);

  const char* tables[] = {"trial_versions ORDER BY seq", "trials ORDER BY id", "id_blocks ORDER BY prefix",
                          "organizations ORDER BY id", "api_tokens ORDER BY issued", "audit_log ORDER BY id",
                          "idempotency_keys ORDER BY org_id, key", "access_daily ORDER BY day, audience, kind",
                          "access_trial_daily ORDER BY day, trial_id", "rinsho_schema"};
  for (const char* table : tables) {
    CAPTURE(table);
    const std::string sql = std::string("SELECT * FROM ") + table;
    CHECK(own.psql("restored", sql) == own.psql("original", sql));
  }
  auto s = store::Store::open({tmp.path() / "b", 5000, own.url("restored")});
  REQUIRE(s.has_value());
  CHECK(s->last_seq().value() == last_seq);
  CHECK(s->verify_integrity()->empty());
  auto next = s->put_trial(testing::small_record("jRCT2031240009"), testing::ingest_ctx());
  REQUIRE(next.has_value());
  CHECK(next->seq > last_seq);  // the identity sequence came across too
}

}  // TEST_SUITE("postgresql")
