#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "index_fixture.hpp"
#include "index/document_builder.hpp"
#include "index/index_layout.hpp"

using namespace rinsho;

namespace {

Xapian::Document build(const std::string& title_ja, const std::string& title_en = "") {
  auto r = testing::small_record("jRCT2031249999", title_ja);
  if (!title_en.empty()) r["public_title"]["en"] = title_en;
  index::DocumentBuilder builder(testing::builtin_analyzer());
  auto doc = builder.build(r);
  REQUIRE(doc.has_value());
  return *doc;
}

bool has_term(const Xapian::Document& d, const std::string& t) {
  auto it = d.termlist_begin();
  it.skip_to(t);
  return it != d.termlist_end() && *it == t;
}

Xapian::termcount positions(const Xapian::Document& d, const std::string& t) {
  auto it = d.termlist_begin();
  it.skip_to(t);
  REQUIRE(it != d.termlist_end());
  REQUIRE(*it == t);
  return it.positionlist_count();
}

}  // namespace

TEST_CASE("DocumentBuilder keeps positions for the unigrams a phrase query can use, and only those") {
  // 潰瘍性大腸炎: a query phrase only ever uses the unigram of a one-character run, which lines up
  // with the first or last character of a document's run; the interior ones stay plain terms.
  const auto d = build("潰瘍性大腸炎の試験");
  CHECK(positions(d, "潰") == 1);   // first character of the run
  CHECK(positions(d, "験") == 1);   // last character of the run
  CHECK(positions(d, "大") == 0);   // interior: still findable by a one-character query
  CHECK(has_term(d, "大"));
  CHECK(positions(d, "大腸") == 1);  // every bigram keeps its position
  CHECK(positions(d, "腸炎") == 1);
}

TEST_CASE("DocumentBuilder keeps ICU word terms for Japanese words only") {
  const auto d = build("クローン病の新しい治療", "Crohn disease treatment");
  CHECK(has_term(d, std::string(index::prefix::word) + "クローン"));
  CHECK_FALSE(has_term(d, std::string(index::prefix::word) + "crohn"));
  CHECK(has_term(d, "crohn"));  // the recall term carries the English word
}
