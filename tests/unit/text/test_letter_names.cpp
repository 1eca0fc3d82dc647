#include <doctest/doctest.h>

#include <string>

#include "text/letter_names.hpp"

using rinsho::text::spelled_letters_to_latin;

TEST_CASE("spelled_letters_to_latin: a golden table of katakana letter names") {
  const std::pair<const char*, const char*> table[] = {
      {"エーエルエス", "als"},                 // ALS
      {"アイジーエー腎症", "iga腎症"},         // IgA nephropathy
      {"アールエスウイルス", "rsウイルス"},    // RS virus: the run's rest stays
      {"ｴｰｴﾙｴｽ", "als"},                       // half-width kana
      {"エイチピーブイ ワクチン", "hpv ワクチン"},
      {"エムエス", "ms"},
      {"ビーシージー", "bcg"},
      {"シーオーピーディー", "copd"},
      // one letter, or none, at the start of a run: left as it is
      {"エス", "エス"},
      {"アイス", "アイス"},
      {"ケーキ", "ケーキ"},
      {"インスリン", "インスリン"},
      {"がん エーエルエス", "がん als"},
      {"ALS", "als"},
  };
  for (const auto& row : table) {
    const std::string in = row.first, expected = row.second;
    CAPTURE(in);
    CHECK(spelled_letters_to_latin(in) == expected);
  }
}
