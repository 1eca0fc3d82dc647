#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "text/registry_id.hpp"

using namespace rinsho::text;

TEST_CASE("registry_id_key folds case, width and separators to one key") {
  struct Case {
    std::string input, expected;
  };
  const std::vector<Case> cases = {
      {"jRCT2031240001", "jrct2031240001"},
      {"jrct2031240001", "jrct2031240001"},
      {"ｊＲＣＴ２０３１２４０００１", "jrct2031240001"},  // full-width, as a phone keyboard types it
      {"jRCTs042180011", "jrcts042180011"},
      {"NCT01234567", "nct01234567"},
      {"UMIN000012345", "umin000012345"},
      {"JapicCTI-194987", "japiccti194987"},
      {"JapicCTI－194987", "japiccti194987"},  // full-width hyphen-minus
      {"JapicCTI‐194987", "japiccti194987"},   // U+2010 hyphen
      {"2023-504412-29", "202350441229"},      // EudraCT
      {" NCT 0123\u30004567 ", "nct01234567"},   // spaces, the ideographic one too
      {"CTRI/2020/01/012345", "ctri202001012345"},
      {"--", ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.input);
    CHECK(registry_id_key(c.input) == c.expected);
  }
}

TEST_CASE("registry_id_in_query recognises registry ids and leaves ordinary words alone") {
  for (const char* id : {"jRCT2031240001", "ｊＲＣＴ２０３１２４０００１", "NCT01234567", "nct01234567", "UMIN000012345",
                         "JapicCTI-194987", "2023-504412-29", "ISRCTN12345678"}) {
    CAPTURE(id);
    CHECK(registry_id_in_query(id) == registry_id_key(id));
  }
  // Drug codes and biomarkers have fewer than six digits; Japanese words are not ids.
  for (const char* word : {"HER2", "MK-3475", "BNT162b2", "COVID-19", "DS-8201a", "肺がん", "2型糖尿病", "phase", "2024",
                           "jRCT", "NCT0123456年"}) {
    CAPTURE(word);
    CHECK_FALSE(registry_id_in_query(word));
  }
}
