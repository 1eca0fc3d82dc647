// Readings from MeCab + IPAdic: a golden table of the spellings a patient types and the records'
// spellings they must meet, and the helpers the index and the query builder share.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "text/normalizer.hpp"
#include "text/reading.hpp"

using namespace rinsho::text;

namespace {

std::string read(const ReadingTagger& t, const std::string& s) { return t.reading(normalize(s)); }

}  // namespace

TEST_CASE("ReadingTagger: the spellings people type read like the records' kanji") {
  ReadingTagger tagger;
  struct Row {
    std::string typed, written;  // must read the same
  };
  const std::vector<Row> same = {
      {"ぼうこうがん", "膀胱癌"},
      {"ぼうこうがん", "膀胱がん"},
      {"じん臓", "腎臓"},
      {"じんぞう", "腎臓"},
      {"ずい膜炎", "髄膜炎"},
      {"とうにょうびょう", "糖尿病"},
      {"ちりょう", "治療"},
      {"ぜんそく", "喘息"},
  };
  for (const auto& r : same) {
    CAPTURE(r.typed);
    CAPTURE(r.written);
    CHECK(read(tagger, r.typed) == read(tagger, r.written));
  }
  CHECK(read(tagger, "膀胱癌") == "ボウコウガン");
  CHECK(read(tagger, "腎臓") == "ジンゾウ");
  // Homophones read alike: why the query builder ranks reading matches low and never goes from
  // kanji to other kanji by reading alone.
  CHECK(read(tagger, "睾丸") == read(tagger, "抗がん"));
  // A word IPAdic does not know keeps its characters, hiragana as katakana.
  CHECK(read(tagger, "ペムブロリズマブ") == "ペムブロリズマブ");
  CHECK(read(tagger, "") == "");
}

TEST_CASE("ReadingTagger: copies tag on their own, with the same answers") {
  ReadingTagger a;
  ReadingTagger b(a);
  CHECK(b.reading("膀胱") == a.reading("膀胱"));
  CHECK(a.reading("治療") == "チリョウ");
}

TEST_CASE("kana conversions and script tests") {
  CHECK(to_katakana("ぼうこうがん") == "ボウコウガン");
  CHECK(to_katakana("がん治療abc") == "ガン治療abc");
  CHECK(to_hiragana("ボウコウガン") == "ぼうこうがん");
  CHECK(to_hiragana("ヴァー") == "ゔぁー");
  CHECK(has_kanji("じん臓"));
  CHECK_FALSE(has_kanji("じんぞう"));
  CHECK(has_hiragana("じん臓"));
  CHECK_FALSE(has_hiragana("ガン"));
  CHECK_FALSE(has_hiragana("腎臓 abc"));
}

TEST_CASE("reading_bigrams: overlapping character bigrams at consecutive positions") {
  const auto b = reading_bigrams("ボウコウ");
  REQUIRE(b.size() == 3);
  CHECK(b[0].term == "ボウ");
  CHECK(b[0].position == 0);
  CHECK(b[1].term == "ウコ");
  CHECK(b[2].term == "コウ");
  CHECK(b[2].position == 2);
  const auto one = reading_bigrams("ガ");
  REQUIRE(one.size() == 1);
  CHECK(one[0].term == "ガ");
  CHECK(reading_bigrams("").empty());
}

TEST_CASE("mecab_dictionary_dir: Debian's IPAdic unless RINSHO_MECAB_DICDIR says otherwise") {
  CHECK(mecab_dictionary_dir() == "/var/lib/mecab/dic/ipadic-utf8");
}

TEST_CASE("ReadingTagger::readings: the next-best readings reach what the kanji spelling reads") {
  ReadingTagger tagger;
  struct Row {
    std::string typed, written;  // one of typed's readings is written's first
  };
  const std::vector<Row> table = {
      {"骨そしょう症", "骨粗鬆症"},
      {"心ふ全", "心不全"},
      {"じん臓", "腎臓"},
  };
  for (const auto& r : table) {
    CAPTURE(r.typed);
    const auto all = tagger.readings(normalize(r.typed), 4);
    REQUIRE_FALSE(all.empty());
    CHECK(all.size() <= 4);
    CHECK(all.front() == tagger.reading(normalize(r.typed)));
    CHECK(std::find(all.begin(), all.end(), tagger.reading(normalize(r.written))) != all.end());
    for (std::size_t i = 1; i < all.size(); ++i) CHECK(all[i] != all[i - 1]);
  }
  CHECK(tagger.readings("", 4).empty());
  CHECK(tagger.readings("腎臓", 0).empty());
}
