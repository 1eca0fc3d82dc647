// Searcher over a small index built here: drug classes find their members (not the reverse),
// symptoms find the conditions behind them below their own matches, trial-conduct words become
// DCT filters, and a query that finds little offers a corrected spelling.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "../index/index_fixture.hpp"
#include "index/document_builder.hpp"
#include "search/searcher.hpp"

using namespace rinsho;

namespace {

struct Record {
  std::string id, title, condition;
  std::vector<std::string> flags;
};

// Titles name one drug or one condition each, so which trials a query finds says what it expanded to.
const std::vector<Record> kRecords = {
    {"jRCT2031250001", "ダパグリフロジンの試験", "2型糖尿病", {}},
    {"jRCT2031250002", "エンパグリフロジンの試験", "2型糖尿病", {}},
    {"jRCT2031250003", "アテゾリズマブの試験", "非小細胞肺癌", {}},
    {"jRCT2031250004", "ペムブロリズマブの試験", "非小細胞肺癌", {}},
    {"jRCT2031250005", "Pembrolizumab for urothelial carcinoma", "尿路上皮癌", {}},
    {"jRCT2031250006", "レカネマブの試験", "アルツハイマー病", {}},
    {"jRCT2031250007", "動悸を訴える方の観察", "動悸", {}},
    {"jRCT2031250008", "心房細動の新しい治療", "心房細動", {}},
    {"jRCT2031250009", "慢性心不全の治療薬", "慢性心不全", {}},
    {"jRCT2031250010", "慢性腎臓病の進行を抑える", "慢性腎臓病", {}},
    {"jRCT2031250011", "変形性膝関節症のリハビリ", "変形性膝関節症", {}},
    {"jRCT2031250012", "治験薬を自宅に配送する試験", "高血圧症", {"dct", "dct:direct_to_patient_delivery"}},
    {"jRCT2031250013", "RSウイルス感染症の予防", "RSウイルス感染症", {}},
    {"jRCT2031250014", "ヒトパピローマウイルスワクチン", "HPV感染症", {}},
    {"jRCT2031250015", "むくみの観察研究", "浮腫", {}},
    {"jRCT2031250016", "非アルコール性脂肪肝炎の試験", "NASH", {}},
};

nlohmann::json record_json(const Record& r) {
  auto j = testing::small_record(r.id, r.title);
  j["conditions"] = {{{"name", {{"ja", r.condition}}}}};
  return j;
}

class Fixture {
 public:
  Fixture() : analyzer_(testing::builtin_analyzer()) {
    {
      Xapian::WritableDatabase db(dir_.path().string(), Xapian::DB_CREATE_OR_OVERWRITE);
      index::DocumentBuilder builder(analyzer_);
      for (const auto& r : kRecords) {
        auto doc = builder.build(record_json(r));
        REQUIRE_MESSAGE(doc.has_value(), doc.error().message);
        for (const auto& flag : r.flags) doc->add_boolean_term("XF" + flag);  // as index_layout.hpp writes them
        db.add_document(*doc);
      }
      db.commit();
    }
    auto s = search::Searcher::open(dir_.path(), analyzer_);
    REQUIRE(s.has_value());
    searcher_.emplace(std::move(*s));
  }

  search::SearchResult search(const std::string& q, bool correct_spelling = false) {
    search::SearchRequest r;
    r.q = q;
    r.correct_spelling = correct_spelling;
    r.facets = false;
    r.snippets = false;
    auto result = searcher_->search(r);
    REQUIRE_MESSAGE(result.has_value(), result.error().message);
    return *result;
  }
  std::vector<std::string> ids(const std::string& q) {
    std::vector<std::string> out;
    for (const auto& h : search(q).hits) out.push_back(h.id);
    return out;
  }

 private:
  testing::TempDir dir_;
  text::Analyzer analyzer_;
  std::optional<search::Searcher> searcher_;
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

std::string last4(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : " ") + id.substr(id.size() - 2);
  return out;
}

}  // namespace

TEST_CASE("Searcher: a drug class or target finds trials of its members; a member finds only itself") {
  auto& f = fixture();
  struct Case {
    std::string q, expected;  // last two digits of the ids, sorted
  };
  const std::vector<Case> cases = {
      {"SGLT2阻害薬", "01 02"},
      {"SGLT2 inhibitor", "01 02"},
      {"ダパグリフロジン", "01"},
      {"フォシーガ", "01"},       // brand name
      {"dapagliflozin", "01"},
      {"抗PD-L1抗体", "03"},
      {"抗PD-1抗体", "04 05"},
      {"免疫チェックポイント阻害薬", "03 04 05"},
      {"アテゾリズマブ", "03"},
      {"キイトルーダ", "04 05"},
      {"抗アミロイド抗体", "06"},
      {"インクレチン", "01 02"},   // not a member: SGLT2 inhibitors are not incretin drugs
  };
  for (const auto& c : cases) {
    CAPTURE(c.q);
    auto found = f.ids(c.q);
    std::sort(found.begin(), found.end());
    if (c.q == "インクレチン") {
      CHECK(found.empty());
      continue;
    }
    CHECK(last4(found) == c.expected);
  }
}

TEST_CASE("Searcher: a symptom finds its own trials first, then the conditions behind it") {
  auto& f = fixture();
  auto palpitations = f.ids("動悸");
  REQUIRE(palpitations.size() == 3);
  CHECK(palpitations[0] == "jRCT2031250007");  // names 動悸 itself
  std::vector<std::string> rest(palpitations.begin() + 1, palpitations.end());
  std::sort(rest.begin(), rest.end());
  CHECK(last4(rest) == "08 09");               // arrhythmia (心房細動), heart failure

  auto edema = f.ids("むくみ");
  REQUIRE(edema.size() == 3);
  CHECK(edema[0] == "jRCT2031250015");
  std::vector<std::string> behind(edema.begin() + 1, edema.end());
  std::sort(behind.begin(), behind.end());
  CHECK(last4(behind) == "09 10");             // heart failure, kidney disease

  // The expansion is an alternative, never a filter: with another word it still narrows.
  CHECK(last4(f.ids("動悸 心房細動")) == "08");
  // A condition query does not expand to symptoms, and excluding a symptom excludes only it.
  CHECK(last4(f.ids("心房細動")) == "08");
  CHECK(last4(f.ids("心房細動 -動悸")) == "08");
}

TEST_CASE("Searcher: words that say how a trial is run become DCT filters") {
  auto& f = fixture();
  struct Case {
    std::string q, filter;
  };
  const std::vector<Case> cases = {
      {"郵送", "dct:direct_to_patient_delivery"},
      {"薬が届く", "dct:direct_to_patient_delivery"},
      {"通院なし", "dct"},
      {"在宅", "dct"},
      {"ビデオ通話", "dct:remote_visits"},
      {"電子同意", "dct:econsent"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.q);
    auto r = f.search(c.q);
    REQUIRE(r.applied.size() == 1);
    CHECK(r.applied[0].filter == c.filter);
  }
  CHECK(last4(f.ids("郵送 高血圧")) == "12");
}

TEST_CASE("Searcher: a disease written in Latin letters finds records that say it in Japanese, and back") {
  auto& f = fixture();
  CHECK(last4(f.ids("RSV 感染症")) == "13");
  CHECK(last4(f.ids("RSV")) == "13");
  CHECK(last4(f.ids("HPV")) == "14");
  CHECK(last4(f.ids("ヒトパピローマウイルス")) == "14");
  CHECK(last4(f.ids("MASH")) == "16");
  CHECK(last4(f.ids("脂肪肝炎")) == "16");
}

TEST_CASE("Searcher::search offers a corrected spelling when a query finds little") {
  auto& f = fixture();
  struct Case {
    std::string q, suggestion;  // "" for none
  };
  const std::vector<Case> cases = {
      {"レカネマプ", "レカネマブ"},            // katakana: プ for ブ
      {"pembrolizmab", "pembrolizumab"},      // Latin: a dropped letter
      {"pembrolizmab 尿路上皮癌", "pembrolizumab 尿路上皮癌"},  // the other words are kept
      {"ダパグリフロジソ", "ダパグリフロジン"},
      {"urotheleal", "urothelial"},
      {"レカネマプの治験", "レカネマブの治験"},  // a piece of a mixed word
      {"pembrolizmab尿路上皮癌", "pembrolizumab尿路上皮癌"},           // a word only the index knows (from a title)
      {"pembrolizumab", ""},                  // correct: no suggestion
      {"レカネマブ", ""},                     // correct, even with one trial
      {"ダパグリフロジン", ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.q);
    auto r = f.search(c.q);
    CHECK(r.suggestion.value_or("") == c.suggestion);
  }
}

TEST_CASE("Searcher::search with correct_spelling searches the correction of a query that finds nothing") {
  auto& f = fixture();
  struct Case {
    std::string q, searched;  // searched: the q whose hits come back
    bool corrected;
  };
  const std::vector<Case> cases = {
      {"レカネマプ", "レカネマブ", true},
      {"pembrolizmab 尿路上皮癌", "pembrolizumab 尿路上皮癌", true},
      {"ダパグリフロジソ", "ダパグリフロジン", true},
      {"レカネマブ", "レカネマブ", false},       // finds something as typed: left alone
      {"zzqqxxvv", "zzqqxxvv", false},           // no correction that finds anything
  };
  for (const auto& c : cases) {
    CAPTURE(c.q);
    const auto plain = f.search(c.q);
    const auto r = f.search(c.q, true);
    CHECK(r.searched_q == c.searched);
    CHECK(r.corrected_from.has_value() == c.corrected);
    if (c.corrected) {
      CHECK(plain.hits.empty());
      CHECK(*r.corrected_from == c.q);
      CHECK_FALSE(r.hits.empty());
      CHECK(f.ids(c.searched) == [&] {
        std::vector<std::string> out;
        for (const auto& h : r.hits) out.push_back(h.id);
        return out;
      }());
    } else {
      CHECK(r.hits.size() == plain.hits.size());
    }
  }
}
