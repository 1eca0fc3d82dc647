#include <doctest/doctest.h>

#include <string>
#include <thread>
#include <vector>

#include "text/analyzer.hpp"

using namespace rinsho::text;

namespace {

std::shared_ptr<const Dictionary> builtin_dictionary() {
  auto d = Dictionary::builtin();
  REQUIRE_MESSAGE(d.has_value(), d.error().message);
  return std::make_shared<const Dictionary>(*d);
}

const Analyzer& analyzer() {
  static const Analyzer a(builtin_dictionary());
  return a;
}

std::string render(const std::vector<Token>& tokens) {
  std::string out;
  for (const auto& t : tokens) {
    if (!out.empty()) out += ' ';
    out += t.term + "@" + std::to_string(t.position);
  }
  return out;
}

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : "|") + w;
  return out;
}

// The builtin data's ids may be renamed: describe a concept by what the searcher acts on.
std::string describe(const Concept& c) {
  switch (c.kind) {
    case ConceptKind::attribute: return "attribute " + c.filter;
    case ConceptKind::noise: return "noise";
    case ConceptKind::condition: return "condition " + c.id;
    case ConceptKind::intervention: return "intervention " + c.id;
    case ConceptKind::anatomy: return "anatomy " + c.id;
    case ConceptKind::term: return "term " + c.id;
  }
  return "?";
}

// "surface:what" per unit: what is describe(concept), "particle" or "text".
std::string render_units(const std::vector<QueryUnit>& units) {
  std::string out;
  for (const auto& u : units) {
    if (!out.empty()) out += ' ';
    out += u.surface + ":";
    if (u.type == QueryUnit::Type::concept_match) {
      out += describe(*u.matched_concept);
    } else {
      out += u.particle ? "particle" : "text";
    }
  }
  return out;
}

}  // namespace

TEST_CASE("analyze_document recall tokens: golden table") {
  struct Case {
    std::string text, tokens;
  };
  const std::vector<Case> cases = {
      {"大腸炎", "大腸@0 大@0 腸炎@1 腸@1 炎@2"},
      {"炎", "炎@0"},
      {"潰瘍性大腸炎", "潰瘍@0 潰@0 瘍性@1 瘍@1 性大@2 性@2 大腸@3 大@3 腸炎@4 腸@4 炎@5"},
      // a katakana word gets an anchor at its start, and only there
      {"クローン病", "^クロ@0 クロ@0 ク@0 ロー@1 ロ@1 ーン@2 ー@2 ン病@3 ン@3 病@4"},
      {"肺ガン", "肺ガ@0 肺@0 ^ガン@1 ガン@1 ガ@1 ン@2"},
      {"ｶﾞﾝ", "^ガン@0 ガン@0 ガ@0 ン@1"},
      {"3ヶ月", "3@0 ヶ月@1 ヶ@1 月@2"},                   // a lone katakana character is no word
      {"すごーい", "すご@0 す@0 ごー@1 ご@1 ーい@2 ー@2 い@3"},  // ー after hiragana starts nothing
      // positions run on across separators and scripts; Latin and digit runs are one term each
      {"EGFR遺伝子", "egfr@0 遺伝@1 遺@1 伝子@2 伝@2 子@3"},
      {"ＨＥＲ２陽性", "her2@0 陽性@1 陽@1 性@2"},
      {"肺がん 治験", "肺が@0 肺@0 がん@1 が@1 ん@2 治験@3 治@3 験@4"},
      {"RN-4521 160mg", "rn@0 4521@1 160mg@2"},
      {"2.5 mg/kg, ver.2", "2.5@0 mg@1 kg@2 ver@3 2@4"},  // a '.' stays only between digits
      {"第Ⅲ相", "第@0 iii@1 相@2"},
      {"Crohn's disease", "crohn@0 s@1 disease@2"},
      {"・、。!?", ""},
      {"", ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    auto doc = analyzer().analyze_document(c.text);
    CHECK(render(doc.tokens) == c.tokens);
    std::uint32_t next = doc.tokens.empty() ? 0 : doc.tokens.back().position + 1;
    CHECK(doc.next_position == next);
  }
}

TEST_CASE("analyze_document keeps byte ranges and kinds of each token") {
  auto doc = analyzer().analyze_document("ＨＥＲ２陽性クロ");
  REQUIRE(doc.normalized.text == "her2陽性クロ");
  struct Expected {
    std::string term;
    std::uint32_t begin, end;
    Token::Kind kind;
  };
  const std::vector<Expected> expected = {
      {"her2", 0, 4, Token::Kind::latin},       {"陽性", 4, 10, Token::Kind::bigram},
      {"陽", 4, 7, Token::Kind::unigram},       {"性ク", 7, 13, Token::Kind::bigram},
      {"性", 7, 10, Token::Kind::unigram},      {"^クロ", 10, 16, Token::Kind::katakana_anchor},
      {"クロ", 10, 16, Token::Kind::bigram},    {"ク", 10, 13, Token::Kind::unigram},
      {"ロ", 13, 16, Token::Kind::unigram},
  };
  REQUIRE(doc.tokens.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CAPTURE(i);
    CHECK(doc.tokens[i].term == expected[i].term);
    CHECK(doc.tokens[i].begin == expected[i].begin);
    CHECK(doc.tokens[i].end == expected[i].end);
    CHECK(doc.tokens[i].kind == expected[i].kind);
  }
  // The token for her2 highlights the user's own full-width characters.
  const std::string source = "ＨＥＲ２陽性クロ";
  const auto& off = doc.normalized.source_offsets;
  CHECK(source.substr(off[doc.tokens[0].begin], off[doc.tokens[0].end] - off[doc.tokens[0].begin]) == "ＨＥＲ２");
}

TEST_CASE("analyze_document continues from first_position") {
  auto title = analyzer().analyze_document("肺がん", 0);
  CHECK(title.next_position == 3);
  auto body = analyzer().analyze_document("EGFR 陽性", title.next_position + 100);
  CHECK(render(body.tokens) == "egfr@103 陽性@104 陽@104 性@105");
  CHECK(body.next_position == 106);
  auto empty = analyzer().analyze_document("。", 7);
  CHECK(empty.tokens.empty());
  CHECK(empty.next_position == 7);
}

TEST_CASE("analyze_document precision words merge katakana pieces and leave ASCII words to recall terms") {
  struct Case {
    std::string text, words;
  };
  const std::vector<Case> cases = {
      {"クローン病", "クローン|病"},  // ICU alone gives ク|ローン|病
      {"潰瘍性大腸炎の患者さん", "潰瘍|性|大|腸炎|の|患者|さん"},
      {"ＥＧＦＲ遺伝子・2.5mg", "遺伝子"},  // egfr and 2.5mg are recall terms already
      {"EGFR mutation, 2.5 mg", ""},     // ASCII text never reaches the break iterator
      {"アルツハイマー型認知症", "アルツハイマー|型|認知|症"},
      {"ｵｼﾒﾙﾁﾆﾌﾞ", "オシメルチニブ"},
      {"クローン・病", "クローン|病"},
      {"", ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    CHECK(join(analyzer().analyze_document(c.text).words) == c.words);
  }
}

TEST_CASE("analyze_document finds concepts in documents") {
  auto doc = analyzer().analyze_document("EGFR遺伝子変異陽性の非小細胞肺癌患者を対象とした第Ⅲ相試験");
  std::vector<std::string> ids;
  for (const auto& m : doc.concepts) ids.push_back(describe(analyzer().dictionary().concepts()[m.concept_index]));
  CHECK(join(ids) == "term egfr_mutation|condition nsclc|noise|noise|attribute phase:3|noise");
}

TEST_CASE("analyze_query: a katakana query must start where a katakana word starts") {
  auto doc = analyzer().analyze_document("クローン病");
  auto units = analyzer().analyze_query("ローン");
  REQUIRE(units.size() == 1);
  CHECK(render(units[0].tokens) == "^ロー@0 ロー@0 ロ@0 ーン@1 ー@1 ン@2");
  bool has_loan_anchor = false, has_crohn_anchor = false;
  for (const auto& t : doc.tokens) {
    has_loan_anchor |= t.term == "^ロー";
    has_crohn_anchor |= t.term == "^クロ";
  }
  CHECK(has_crohn_anchor);
  CHECK(!has_loan_anchor);
}

TEST_CASE("analyze_query splits a query into concepts, particles and text") {
  struct Case {
    std::string query, units;
  };
  const std::vector<Case> cases = {
      // attribute + particle + noise + condition + noise
      {"自宅で参加できる がん 治験", "自宅:attribute dct で:particle 参加できる:noise がん:condition cancer 治験:noise"},
      {"自宅で参加できるがん治験", "自宅:attribute dct で:particle 参加できる:noise がん:condition cancer 治験:noise"},
      {"ＨＥＲ２陽性乳がん", "her2陽性乳がん:condition her2_positive_breast_cancer"},
      {"EGFR 肺がん TKI", "egfr:term egfr 肺がん:condition lung_cancer tki:intervention tki"},
      {"大腸 ポリープの研究", "大腸:anatomy colon ポリープの:text 研究:noise"},  // one CJK run: の stays inside
      {"こどもの喘息", "こども:attribute pediatric の:particle 喘息:condition asthma"},
      {"肺がんのある方", "肺がん:condition lung_cancer のある方:text"},
      {"肺がん に ついて", "肺がん:condition lung_cancer に:particle ついて:text"},
      {"がんと がん", "がん:condition cancer と:particle がん:condition cancer"},
      {"ほげふが", "ほげふが:text"},
      {"から", "から:particle"},
      {"カラ", "カラ:text"},                    // only hiragana pieces are particles
      {"xyz123 の", "xyz123:text の:particle"},
      {"", ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.query);
    CHECK(render_units(analyzer().analyze_query(c.query)) == c.units);
  }
}

TEST_CASE("analyze_query gives every unit the tokens its surface gets in a document") {
  auto units = analyzer().analyze_query("ＨＥＲ２ クローン病");
  REQUIRE(units.size() == 2);
  CHECK(units[0].surface == "her2");
  CHECK(render(units[0].tokens) == "her2@0");
  CHECK(units[1].surface == "クローン病");
  CHECK(render(units[1].tokens) == render(analyzer().analyze_document("クローン病").tokens));
  REQUIRE(units[1].type == QueryUnit::Type::concept_match);
  CHECK(units[1].matched_concept == &analyzer().dictionary().concepts()[units[1].concept_index]);

  auto lung = analyzer().analyze_query("Lung Cancer");
  REQUIRE(lung.size() == 1);
  CHECK(lung[0].surface == "lung cancer");
  CHECK(render(lung[0].tokens) == "lung@0 cancer@1");
}

TEST_CASE("analyze_document and analyze_query survive invalid UTF-8") {
  const std::string bad = "肺\xff\xfeがん\xe3\x81";
  DocumentAnalysis doc;
  CHECK_NOTHROW(doc = analyzer().analyze_document(bad));
  CHECK(doc.normalized.text == "肺\uFFFD\uFFFDがん\uFFFD");
  CHECK(render(doc.tokens) == "肺@0 がん@1 が@1 ん@2");
  std::vector<QueryUnit> units;
  CHECK_NOTHROW(units = analyzer().analyze_query(bad));
  CHECK(render_units(units) == "肺:anatomy lung がん:condition cancer");
}

TEST_CASE("Analyzer copies analyse independently on separate threads") {
  const std::vector<std::string> texts = {"クローン病の患者さんを対象とした第Ⅲ相試験", "ＨＥＲ２陽性乳がん",
                                          "アルツハイマー型認知症", "EGFR遺伝子変異陽性の非小細胞肺癌"};
  std::vector<std::string> expected;
  for (const auto& t : texts) {
    auto doc = analyzer().analyze_document(t);
    expected.push_back(render(doc.tokens) + "/" + join(doc.words));
  }
  std::vector<int> failures(2, 0);
  std::vector<std::thread> threads;
  for (int k = 0; k < 2; ++k) {
    threads.emplace_back([&, k] {
      Analyzer mine(analyzer());  // each thread its own break iterator
      for (int round = 0; round < 200; ++round) {
        for (std::size_t i = 0; i < texts.size(); ++i) {
          auto doc = mine.analyze_document(texts[i]);
          if (render(doc.tokens) + "/" + join(doc.words) != expected[i]) ++failures[k];
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(failures == std::vector<int>{0, 0});
}

TEST_CASE("analyze_document readings: bigrams of each kanji run, consecutive within it, a gap between runs") {
  struct Row {
    std::string text;
    std::vector<std::pair<std::string, std::uint32_t>> readings;
  };
  const std::vector<Row> table = {
      {"腎臓", {{"ジン", 0}, {"ンゾ", 1}, {"ゾウ", 2}}},
      // Kana runs get none: kana is its own reading, and its recall terms already hold it.
      {"じんぞう ボウコウ", {}},
      {"EGFR", {}},
      // Two runs: the second starts two past the first's last bigram, so no phrase spans both.
      {"腎臓、膀胱", {{"ジン", 0}, {"ンゾ", 1}, {"ゾウ", 2}, {"ボウ", 4}, {"ウコ", 5}, {"コウ", 6}}},
      // A run that mixes kana and kanji reads whole.
      {"膀胱がん", {{"ボウ", 0}, {"ウコ", 1}, {"コウ", 2}, {"ウガ", 3}, {"ガン", 4}}},
  };
  for (const auto& row : table) {
    CAPTURE(row.text);
    const auto doc = analyzer().analyze_document(row.text, 0, true);
    std::vector<std::pair<std::string, std::uint32_t>> got;
    for (const auto& r : doc.readings) got.emplace_back(r.term, r.position);
    CHECK(got == row.readings);
  }
  CHECK(analyzer().analyze_for_highlight("腎臓").readings.empty());
  CHECK(analyzer().analyze_document("腎臓").readings.empty());  // only when asked for
}
