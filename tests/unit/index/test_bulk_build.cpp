#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "index_fixture.hpp"
#include "index/bulk_build.hpp"
#include "index/catch_up.hpp"
#include "index/index_layout.hpp"

using namespace rinsho;

namespace {

void fill(store::Store& s, int n) {
  std::vector<nlohmann::json> records;
  const char* titles[] = {"肺がんの試験", "潰瘍性大腸炎の新しい治療", "クローン病の患者さん", "２型糖尿病 HER2"};
  for (int i = 0; i < n; ++i) {
    char id[32];
    std::snprintf(id, sizeof id, "jRCT20312%05d", i);
    records.push_back(testing::small_record(id, std::string(titles[i % 4]) + " " + id));
  }
  auto r = s.put_trials(std::move(records), testing::ingest_ctx());
  REQUIRE(r.has_value());
  for (const auto& one : *r) REQUIRE(one.has_value());
}

}  // namespace

TEST_CASE("bulk_build writes the same index as applying the changes one by one") {
  testing::TempDir tmp;
  auto s = testing::open_store(tmp.path() / "data");
  fill(s, 53);
  const auto analyzer = testing::builtin_analyzer();

  // Seven documents per shard over three threads: many shards, merged out of order.
  auto bulk = index::bulk_build(s, tmp.path() / "bulk", analyzer, {3, 7});
  REQUIRE(bulk.has_value());
  CHECK(bulk->applied == 53);
  CHECK(bulk->last_seq == s.last_seq().value());
  CHECK_FALSE(std::filesystem::exists(tmp.path() / "bulk.shards"));  // scratch removed

  {
    auto writer = index::IndexWriter::open(tmp.path() / "incremental", analyzer);
    REQUIRE(writer.has_value());
    REQUIRE(index::catch_up(s, *writer, 10).has_value());
  }
  Xapian::Database a((tmp.path() / "bulk").string()), b((tmp.path() / "incremental").string());
  CHECK(a.get_doccount() == 53);
  CHECK(a.get_metadata(index::kLastSeqKey) == std::to_string(s.last_seq().value()));
  CHECK(a.get_total_length() == b.get_total_length());
  std::size_t terms = 0;
  for (auto t = b.allterms_begin(); t != b.allterms_end(); ++t, ++terms) {
    INFO("term " << *t);
    CHECK(a.get_termfreq(*t) == b.get_termfreq(*t));
    CHECK(a.get_collection_freq(*t) == b.get_collection_freq(*t));
  }
  CHECK(terms > 100);
  for (auto t = a.allterms_begin(); t != a.allterms_end(); ++t) CHECK(b.term_exists(*t));
}

TEST_CASE("bulk_build of an empty store gives an empty index that records sequence 0") {
  testing::TempDir tmp;
  auto s = testing::open_store(tmp.path() / "data");
  auto bulk = index::bulk_build(s, tmp.path() / "bulk", testing::builtin_analyzer());
  REQUIRE(bulk.has_value());
  CHECK(bulk->applied == 0);
  Xapian::Database db((tmp.path() / "bulk").string());
  CHECK(db.get_doccount() == 0);
  CHECK(db.get_metadata(index::kLastSeqKey) == "0");
}

TEST_CASE("IndexWriter asks for a rebuild only of an index written at another format") {
  testing::TempDir tmp;
  auto s = testing::open_store(tmp.path() / "data");
  fill(s, 5);
  const auto analyzer = testing::builtin_analyzer();
  const auto dir = tmp.path() / "index";
  {
    auto writer = index::IndexWriter::open(dir, analyzer);
    REQUIRE(writer.has_value());
    CHECK_FALSE(writer->needs_rebuild());  // empty
    REQUIRE(index::catch_up(s, *writer).has_value());
  }
  {
    Xapian::WritableDatabase db(dir.string());
    CHECK(db.get_metadata(index::kFormatKey) == index::kIndexFormat);  // stamped by the first writer
  }
  {
    auto writer = index::IndexWriter::open(dir, analyzer);
    REQUIRE(writer.has_value());
    CHECK_FALSE(writer->needs_rebuild());
  }
  {
    Xapian::WritableDatabase db(dir.string());
    db.set_metadata(index::kFormatKey, "1");  // as an older rinsho left it
    db.commit();
  }
  auto writer = index::IndexWriter::open(dir, analyzer);
  REQUIRE(writer.has_value());
  CHECK(writer->needs_rebuild());
}
