#include <doctest/doctest.h>

#include <string>
#include <vector>

#include <xapian.h>

#include "index/index_layout.hpp"
#include "search/query_builder.hpp"
#include "search/registry_id_query.hpp"

using namespace rinsho;

namespace {

const text::Analyzer& analyzer() {
  static const text::Analyzer a = [] {
    auto d = text::Dictionary::builtin();
    REQUIRE(d);
    return text::Analyzer(std::make_shared<const text::Dictionary>(std::move(*d)));
  }();
  return a;
}

// Two trials: one lists NCT04176289 as a secondary id; the other only mentions it in its text,
// many times over, so BM25 alone would put it first.
Xapian::WritableDatabase two_trials() {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  Xapian::Document listing;
  listing.add_boolean_term(index::term(index::prefix::id, "jRCT2042190012"));
  listing.add_boolean_term(index::term(index::prefix::registry_id, "nct04176289"));
  listing.add_posting("xqz", 1, 1);  // a word only this trial has
  db.add_document(listing);
  Xapian::Document mentioning;
  mentioning.add_boolean_term(index::term(index::prefix::id, "jRCT2032190064"));
  mentioning.add_posting("nct04176289", 1, 20);
  db.add_document(mentioning);
  return db;
}

std::vector<std::string> ids_for(const Xapian::Database& db, const std::string& q) {
  search::SearchRequest r;
  r.q = q;
  auto built = search::build_query(r, analyzer());
  REQUIRE(built);
  Xapian::Enquire enquire(db);
  enquire.set_query(built->text);
  std::vector<std::string> ids;
  auto mset = enquire.get_mset(0, 10);
  for (auto it = mset.begin(); it != mset.end(); ++it)
    for (auto t = it.get_document().termlist_begin(); t != it.get_document().termlist_end(); ++t)
      if ((*t)[0] == 'Q') ids.push_back((*t).substr(1));
  return ids;
}

}  // namespace

TEST_CASE("registry_id_query is only made for words that look like ids") {
  CHECK(search::registry_id_query("NCT04176289"));
  CHECK(search::registry_id_query("ｊＲＣＴ２０４２１９００１２"));
  CHECK_FALSE(search::registry_id_query("肺がん"));
  CHECK_FALSE(search::registry_id_query("HER2"));
}

TEST_CASE("build_query puts the trial listing a pasted id before one that mentions it") {
  const auto db = two_trials();
  for (const char* q : {"NCT04176289", "nct04176289", "ＮＣＴ０４１７６２８９"}) {
    CAPTURE(q);
    const auto ids = ids_for(db, q);
    REQUIRE(ids.size() == 2);
    CHECK(ids[0] == "jRCT2042190012");
  }
}

TEST_CASE("build_query finds nothing for an id no trial lists, without failing") {
  const auto db = two_trials();
  CHECK(ids_for(db, "NCT99999999").empty());
}

TEST_CASE("build_query keeps an id a word of its own next to other words") {
  const auto db = two_trials();
  // The id is ANDed with the other word, as any two words are: the listing trial has both.
  CHECK(ids_for(db, "NCT04176289 xqz") == std::vector<std::string>{"jRCT2042190012"});
  CHECK(ids_for(db, "xqz NCT04176289") == std::vector<std::string>{"jRCT2042190012"});
  CHECK(ids_for(db, "NCT04176289 absentword").empty());
}
