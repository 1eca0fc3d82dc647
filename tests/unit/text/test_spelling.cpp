#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "text/normalizer.hpp"
#include "text/spelling.hpp"

using namespace rinsho::text;

TEST_CASE("edit_distance counts edits in code points, transpositions as one, and stops past max") {
  struct Case {
    std::string a, b;
    std::size_t max, expected;
  };
  const std::vector<Case> cases = {
      {"pembrolizmab", "pembrolizumab", 2, 1},  // a dropped letter
      {"pembrolizumab", "pembrolizumab", 2, 0},
      {"pembrolizuamb", "pembrolizumab", 2, 1},  // neighbours swapped
      {"nivolumab", "pembrolizumab", 2, 3},      // too far: max + 1
      {"レカネマプ", "レカネマブ", 1, 1},          // プ for ブ: one character, not one byte
      {"レカネマブ", "ドナネマブ", 1, 2},
      {"オシメルチニブ", "オシメルチブ", 1, 1},
      {"", "abc", 3, 3},
      {"abc", "", 1, 2},
      {"abcdef", "ab", 2, 3},                    // the lengths alone rule it out
  };
  for (const auto& c : cases) {
    CAPTURE(c.a);
    CAPTURE(c.b);
    CHECK(edit_distance(to_code_points(c.a), to_code_points(c.b), c.max) == c.expected);
    CHECK(edit_distance(to_code_points(c.b), to_code_points(c.a), c.max) == c.expected);
  }
}

TEST_CASE("spelling_script accepts whole Latin and katakana words long enough to have a typo") {
  struct Case {
    std::string word;
    SpellingScript expected;
  };
  const std::vector<Case> cases = {
      {"pembrolizumab", SpellingScript::latin}, {"egfr", SpellingScript::latin},
      {"her", SpellingScript::none},             // too short
      {"her2", SpellingScript::none},            // a digit
      {"pd-l1", SpellingScript::none},
      {"レカネマブ", SpellingScript::katakana},   {"インスリン", SpellingScript::katakana},
      {"アーチ", SpellingScript::katakana},       // ー counts as katakana
      {"ガン", SpellingScript::none},             // too short
      {"肺がん", SpellingScript::none},           {"レカネマブ治験", SpellingScript::none},
      {"", SpellingScript::none},
  };
  for (const auto& c : cases) {
    CAPTURE(c.word);
    CHECK(spelling_script(normalize(c.word)) == c.expected);
  }
  CHECK(max_typo_distance(SpellingScript::latin, 4) == 1);
  CHECK(max_typo_distance(SpellingScript::latin, 6) == 2);
  CHECK(max_typo_distance(SpellingScript::katakana, 5) == 1);
  CHECK(max_typo_distance(SpellingScript::katakana, 8) == 2);
  CHECK(max_typo_distance(SpellingScript::none, 10) == 0);
  CHECK(to_utf8(to_code_points("レカネマブ abc")) == "レカネマブ abc");
}

TEST_CASE("spelling_runs finds the katakana and Latin pieces of a word, not codes") {
  auto runs = [](const std::string& word) {
    const auto normalized = normalize(word);
    std::string out;
    for (const auto& r : spelling_runs(normalized)) {
      if (!out.empty()) out += ' ';
      out += normalized.substr(r.begin, r.end - r.begin);
    }
    return out;
  };
  CHECK(runs("レカネマプの治験") == "レカネマプ");
  CHECK(runs("pembrolizmab尿路上皮癌") == "pembrolizmab");
  CHECK(runs("ＰＥＭＢＲＯＬＩＺＭＡＢ") == "pembrolizmab");
  CHECK(runs("キイトルーダとpembrolizumab") == "キイトルーダ pembrolizumab");
  CHECK(runs("bnt162b2") == "");      // letters next to digits are a code
  CHECK(runs("her2陽性乳がん") == "");
  CHECK(runs("肺がん") == "");
  CHECK(runs("ガン治療") == "");        // too short
  CHECK(runs("") == "");
}
