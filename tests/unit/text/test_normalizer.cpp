#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "text/normalizer.hpp"
#include "text/text_files.hpp"

using namespace rinsho::text;

TEST_CASE("normalize folds width, case, kana forms, numerals, dashes and old kanji") {
  struct Case {
    std::string input, expected;
  };
  const std::vector<Case> cases = {
      // NFKC_Casefold: full-width Latin and digits, half-width kana, case, Roman numerals
      {"ＨＥＲ２", "her2"},
      {"HER2", "her2"},
      {"Her2", "her2"},
      {"ｱﾙﾂﾊｲﾏｰ", "アルツハイマー"},
      {"アルツハイマー", "アルツハイマー"},
      {"ｶﾞﾝ", "ガン"},
      {"ﾊﾟｰｷﾝｿﾝ病", "パーキンソン病"},
      {"２型糖尿病", "2型糖尿病"},
      {"2型糖尿病", "2型糖尿病"},
      {"第Ⅲ相", "第iii相"},
      {"第III相", "第iii相"},
      {"Ⅳ", "iv"},
      {"１０㎎", "10mg"},
      {"①", "1"},
      {"Straße", "strasse"},
      {"肺がん\u3000治験", "肺がん 治験"},      // ideographic space
      {"か\u3099", "が"},                       // combining voiced mark composes
      {"e\u0301", "é"},
      {"a\u200bb", "ab"},                       // default ignorables vanish
      // prolonged-sound marks: after kana every dash-like character is ー
      {"アルツハイマ－病", "アルツハイマー病"},  // full-width hyphen-minus
      {"アルツハイマ―病", "アルツハイマー病"},  // horizontal bar
      {"アルツハイマ—", "アルツハイマー"},      // em dash
      {"アルツハイマ‐", "アルツハイマー"},      // hyphen
      {"デ─タ", "データ"},                      // box drawing line typed for ー
      {"すご〜い", "すご〜い"},                 // the wave dash is not a dash: it marks ranges
      {"すごーい", "すごーい"},
      {"ｺﾝﾋﾟｭｰﾀｰ", "コンピューター"},
      // ... except an ASCII hyphen, which joins katakana compounds
      {"カルボプラチン-パクリタキセル", "カルボプラチン-パクリタキセル"},
      // elsewhere every dash-like character is '-'
      {"RN−4521", "rn-4521"},                   // minus sign
      {"COVID‐19", "covid-19"},                 // hyphen
      {"L‑858R", "l-858r"},                     // non-breaking hyphen
      {"2015–2020", "2015-2020"},               // en dash
      {"肺がん—新しい治療", "肺がん-新しい治療"},  // after hiragana only a real ー is a long vowel
      {"すご－い", "すご-い"},
      {"治療—新しい", "治療-新しい"},           // after kanji: a dash
      {"ー", "-"},                              // a stray ー with no kana before it
      {"──", "──"},                             // box lines outside kana stay rules
      // old kanji forms (data/kyujitai.tsv)
      {"腦", "脳"},
      {"醫", "医"},
      {"腦腫瘍の醫療", "脳腫瘍の医療"},
      {"國立癌研究センター", "国立癌研究センター"},
      {"", ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.input);
    CHECK(normalize(c.input) == c.expected);
    CHECK(normalize(c.expected) == c.expected);  // idempotent on its own output
  }
}

TEST_CASE("normalize makes the spellings people mix up equal") {
  CHECK(normalize("ＨＥＲ２") == normalize("HER2"));
  CHECK(normalize("ｱﾙﾂﾊｲﾏｰ") == normalize("アルツハイマー"));
  CHECK(normalize("２型") == normalize("2型"));
  CHECK(normalize("第Ⅲ相") == normalize("第III相"));
  // Different characters, not spellings of one another: the dictionary relates these.
  CHECK(normalize("第Ⅲ相") != normalize("第3相"));
  CHECK(normalize("組み入れ") != normalize("組入れ"));
}

TEST_CASE("normalize maps every old form listed in kyujitai.tsv") {
  auto file = rinsho::text_files::embedded_file("data/kyujitai.tsv");
  REQUIRE(file.has_value());
  std::string_view rest = *file;
  int pairs = 0;
  while (!rest.empty()) {
    auto eol = rest.find('\n');
    std::string line(rest.substr(0, eol));
    rest = eol == std::string_view::npos ? std::string_view() : rest.substr(eol + 1);
    if (line.empty() || line[0] == '#') continue;
    auto tab = line.find('\t');
    REQUIRE_MESSAGE(tab != std::string::npos, line);
    std::string old_form = line.substr(0, tab), new_form = line.substr(tab + 1);
    CAPTURE(line);
    CHECK(normalize(old_form) == new_form);
    CHECK(normalize(new_form) == new_form);
    ++pairs;
  }
  CHECK(pairs > 300);
}

TEST_CASE("normalize replaces invalid UTF-8 and never throws") {
  struct Case {
    std::string input, expected;
  };
  const std::vector<Case> cases = {
      {"\xff", "\uFFFD"},
      {"a\xe3\x81", "a\uFFFD"},           // truncated 3-byte sequence
      {"\xc0\xaf", "\uFFFD\uFFFD"},       // overlong '/'
      {"\xed\xa0\x80", "\uFFFD\uFFFD\uFFFD"},  // surrogate
      {"肺\x80がん", "肺\uFFFDがん"},
      {std::string("a\0b", 3), std::string("a\0b", 3)},
  };
  for (const auto& c : cases) {
    CAPTURE(c.expected);
    Normalized n;
    CHECK_NOTHROW(n = normalize_with_offsets(c.input));
    CHECK(n.text == c.expected);
    CHECK(n.source_offsets.size() == n.text.size() + 1);
    CHECK(n.source_offsets.back() == c.input.size());
  }
}

TEST_CASE("normalize_with_offsets maps every byte back to its source character") {
  struct Case {
    std::string input, text;
    std::vector<std::uint32_t> offsets;
  };
  const std::vector<Case> cases = {
      // Ｈ Ｅ Ｒ ２ are 3 bytes each and become 1 byte each
      {"ＨＥＲ２陽性", "her2陽性", {0, 3, 6, 9, 12, 12, 12, 15, 15, 15, 18}},
      // ｶﾞ (two source characters) composes into one: ガ comes from the ｶ
      {"ｶﾞﾝ", "ガン", {0, 0, 0, 6, 6, 6, 9}},
      // one source character can expand: Ⅲ -> iii
      {"第Ⅲ相", "第iii相", {0, 0, 0, 3, 3, 3, 6, 6, 6, 9}},
      {"A\xff", "a\uFFFD", {0, 1, 1, 1, 2}},
  };
  for (const auto& c : cases) {
    CAPTURE(c.input);
    auto n = normalize_with_offsets(c.input);
    CHECK(n.text == c.text);
    CHECK(n.source_offsets == c.offsets);
  }
}

TEST_CASE("normalize_with_offsets lets a highlight in normalised text mark the user's characters") {
  const std::string source = "ＨＥＲ２陽性乳癌";
  auto n = normalize_with_offsets(source);
  auto to_source = [&](std::string_view needle) {
    auto b = n.text.find(needle);
    REQUIRE(b != std::string::npos);
    auto e = b + needle.size();
    return source.substr(n.source_offsets[b], n.source_offsets[e] - n.source_offsets[b]);
  };
  CHECK(to_source("her2") == "ＨＥＲ２");
  CHECK(to_source("陽性") == "陽性");
  CHECK(to_source("her2陽性") == "ＨＥＲ２陽性");
  CHECK(to_source("乳癌") == "乳癌");
}
