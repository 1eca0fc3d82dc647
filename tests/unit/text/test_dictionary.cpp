#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "text/dictionary.hpp"
#include "text/normalizer.hpp"

using namespace rinsho;
using namespace rinsho::text;

namespace {

// A small dictionary whose behaviour these tests pin down independently of the shipped data.
const char* const kTsv =
    "# comment\n"
    "kind\tid\tbroader\tvariants\tfilter\n"
    "condition\tcancer\t\t癌|がん|ガン|cancer\t\n"
    "anatomy\tlung\t\t肺|lung\t\n"
    "condition\tlung_cancer\tcancer|lung\t肺癌|肺がん|肺ガン|ﾊｲｶﾞﾝ|lung cancer\t\n"
    "condition\tnsclc\tlung_cancer\t非小細胞肺癌|非小細胞肺がん|NSCLC|non-small cell lung cancer\t\n"
    "term\ther2\t\tHER2\t\n"
    "term\tegfr_mutation\t\tEGFR変異\t\n"
    "condition\tt2d\t\t2型糖尿病\t\n"
    "intervention\tcarboplatin\t\tカルボプラチン|carboplatin\t\n"
    "attribute\tattr_phase3\t\t第Ⅲ相|第3相|phase 3\tphase:3\n"
    "noise\tnoise_trial\t\t治験|trial\t\n"
    "condition\tcardiomyopathy\t\t心筋症|cardiomyopathy\t\n"
    "condition\tcarcinoid\tcancer\tカルチノイド|carcinoid\t\n"
    // a cycle in broader ids must not hang anything
    "term\tcycle_a\tcycle_b\tサイクルA\t\n"
    "term\tcycle_b\tcycle_a\tサイクルB\t\n";

Dictionary small() {
  auto d = Dictionary::parse(kTsv);
  REQUIRE_MESSAGE(d.has_value(), d.error().message);
  return *d;
}

// "id[surface] ..." for a compact golden comparison.
std::string render(const Dictionary& d, const std::string& text) {
  auto normalized = normalize(text);
  std::string out;
  for (const auto& m : d.match(normalized)) {
    if (!out.empty()) out += ' ';
    out += d.concepts()[m.concept_index].id + "[" + normalized.substr(m.begin, m.end - m.begin) + "]";
  }
  return out;
}

std::string id_of(const Dictionary& d, const std::string& text) {
  auto normalized = normalize(text);
  auto matches = d.match(normalized);
  if (matches.size() != 1 || matches[0].begin != 0 || matches[0].end != normalized.size()) return "(" + render(d, text) + ")";
  return d.concepts()[matches[0].concept_index].id;
}

// The builtin data's ids may be renamed; tests of it compare what the engine acts on instead:
// the kind, and the filter of an attribute. Noise is just noise.
std::string kind_name(ConceptKind kind) {
  switch (kind) {
    case ConceptKind::condition: return "condition";
    case ConceptKind::intervention: return "intervention";
    case ConceptKind::anatomy: return "anatomy";
    case ConceptKind::term: return "term";
    case ConceptKind::attribute: return "attribute";
    case ConceptKind::noise: return "noise";
  }
  return "?";
}

std::string describe(const Concept& c) {
  if (c.kind == ConceptKind::attribute) return "attribute " + c.filter;
  if (c.kind == ConceptKind::noise) return "noise";
  return kind_name(c.kind) + " " + c.id;
}

// "kind id" (or "attribute filter") of the one concept matching all of `text`, else the matches.
std::string describe_match(const Dictionary& d, const std::string& text) {
  auto id = id_of(d, text);
  const Concept* c = d.find_id(id);
  return c ? describe(*c) : id;
}

}  // namespace

TEST_CASE("Dictionary::parse reads concepts in file order") {
  auto d = small();
  REQUIRE(d.concepts().size() == 14);
  const auto& lc = d.concepts()[2];
  CHECK(lc.id == "lung_cancer");
  CHECK(lc.kind == ConceptKind::condition);
  CHECK(lc.broader == std::vector<std::string>{"cancer", "lung"});
  CHECK(lc.variants == std::vector<std::string>{"肺癌", "肺がん", "肺ガン", "ﾊｲｶﾞﾝ", "lung cancer"});
  CHECK(lc.filter.empty());
  REQUIRE(d.find_id("attr_phase3") != nullptr);
  CHECK(d.find_id("attr_phase3")->filter == "phase:3");
  CHECK(d.find_id("attr_phase3")->kind == ConceptKind::attribute);
  CHECK(d.find_id("missing") == nullptr);
}

TEST_CASE("Dictionary::parse names the line of every mistake") {
  struct Case {
    std::string tsv, message;
  };
  const std::vector<Case> cases = {
      {"disease\tx\t\tx\t\n", "concepts.tsv:1: unknown kind 'disease'"},
      {"# c\n\ncondition\tx\t\n", "concepts.tsv:3: expected 5 or 6 tab-separated columns (kind, id, broader, variants, filter[, related]), found 3"},
      {"condition\tx\t\ta\t\t\t\n", "concepts.tsv:1: expected 5 or 6 tab-separated columns (kind, id, broader, variants, filter[, related]), found 7"},
      {"condition\tx\t\ta\t\tz\n", "concepts.tsv:1: unknown related id 'z'"},
      {"condition\tx\t\ta\t\tx\n", "concepts.tsv:1: related id 'x' must be another condition, intervention, anatomy or term"},
      {"attribute\tf\t\tb\tpediatric\ncondition\tx\t\ta\t\tf\n",
       "concepts.tsv:2: related id 'f' must be another condition, intervention, anatomy or term"},
      {"condition\tx\t\ta\t\nattribute\tf\t\tb\tpediatric\tx\n",
       "concepts.tsv:2: attribute and noise words take no related concepts ('f')"},
      {"condition\t\t\tx\t\n", "concepts.tsv:1: empty id"},
      {"condition\tx\t\t | \t\n", "concepts.tsv:1: concept 'x' has no variants"},
      {"condition\tx\t\ta\t\ncondition\tx\t\tb\t\n", "concepts.tsv:2: duplicate id 'x' (first on line 1)"},
      {"condition\tx\t\ta\t\ncondition\ty\tx|z\tb\t\n", "concepts.tsv:2: unknown broader id 'z'"},
      {"attribute\tx\t\ta\t\n", "concepts.tsv:1: attribute 'x' has no filter"},
      {"condition\tx\t\ta\tphase:3\n", "concepts.tsv:1: only attributes take a filter, 'x' is not one"},
      {"condition\tx\t\tＡ\t\ncondition\ty\t\tb|a\t\n", "concepts.tsv:2: variant 'a' (normalised 'a') already belongs to 'x'"},
      {"condition\tx\t\t\u200b\t\n", "concepts.tsv:1: variant '\u200b' is empty after normalisation"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.tsv);
    auto d = Dictionary::parse(c.tsv);
    REQUIRE(!d.has_value());
    CHECK(d.error().code == ErrorCode::invalid_argument);
    CHECK(d.error().message == c.message);
  }
  auto named = Dictionary::parse("x\n", "extra.tsv");
  REQUIRE(!named.has_value());
  CHECK(named.error().message.starts_with("extra.tsv:1: "));
}

TEST_CASE("Dictionary::parse accepts CRLF lines, a missing empty filter column and repeated spellings") {
  auto d = Dictionary::parse("condition\tx\t\ta|Ａ|ａ\r\nattribute\ty\tx\tb\tf:1\r\n");
  REQUIRE_MESSAGE(d.has_value(), d.error().message);
  CHECK(d->concepts()[0].variants == std::vector<std::string>{"a", "Ａ", "ａ"});
  CHECK(d->concepts()[1].filter == "f:1");
  CHECK(render(*d, "a b") == "x[a] y[b]");
}

TEST_CASE("Dictionary::match takes the longest variant, left to right, on normalised text") {
  auto d = small();
  struct Case {
    std::string text, expected;
  };
  const std::vector<Case> cases = {
      {"肺がん", "lung_cancer[肺がん]"},
      {"ﾊｲｶﾞﾝ", "lung_cancer[ハイガン]"},
      {"非小細胞肺がん", "nsclc[非小細胞肺がん]"},  // not lung_cancer inside it
      {"進行非小細胞肺癌の治験", "nsclc[非小細胞肺癌] noise_trial[治験]"},
      {"肺の癌", "lung[肺] cancer[癌]"},
      {"non-small cell lung cancer", "nsclc[non-small cell lung cancer]"},
      {"Lung Cancer trial", "lung_cancer[lung cancer] noise_trial[trial]"},
      {"第Ⅲ相", "attr_phase3[第iii相]"},
      {"第III相試験", "attr_phase3[第iii相]"},
      {"Phase 3", "attr_phase3[phase 3]"},
      {"", ""},
      {"関係のない文章", ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    CHECK(render(d, c.text) == c.expected);
  }
}

TEST_CASE("Dictionary::match needs a word boundary at each Latin or digit end of a variant") {
  auto d = small();
  struct Case {
    std::string text, expected;
  };
  const std::vector<Case> cases = {
      {"other", ""},                            // no "her" inside other
      {"her2", "her2[her2]"},
      {"her22", ""},
      {"ther2", ""},
      {"HER2陽性", "her2[her2]"},               // kanji after a Latin word is a boundary
      {"抗HER2抗体", "her2[her2]"},
      {"(HER2)", "her2[her2]"},
      {"her2-positive", "her2[her2]"},
      {"2型糖尿病", "t2d[2型糖尿病]"},
      {"12型糖尿病", ""},                       // a digit before the 2
      {"phase 33", ""},
      {"carcinoid", "carcinoid[carcinoid]"},
      {"carcinoids", ""},
      {"cardiomyopathy cancer", "cardiomyopathy[cardiomyopathy] cancer[cancer]"},
      // only a Latin or digit end needs the boundary; a kanji or kana end needs none
      {"EGFR変異L858R", "egfr_mutation[egfr変異]"},
      {"xEGFR変異", ""},
      {"2型糖尿病dm", "t2d[2型糖尿病]"},
      // kanji, hiragana and katakana variants match anywhere (the data blocks bad cases, e.g. ガンマ)
      {"がんセンター", "cancer[がん]"},
      {"進行癌", "cancer[癌]"},
      {"カルボプラチン", "carboplatin[カルボプラチン]"},
      {"カルボプラチン・パクリタキセル", "carboplatin[カルボプラチン]"},
      {"肺ガン", "lung_cancer[肺ガン]"},
      {"ガン細胞", "cancer[ガン]"},
      {"ｶﾞﾝ", "cancer[ガン]"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    CHECK(render(d, c.text) == c.expected);
  }
}

TEST_CASE("Dictionary::match reports byte ranges in the normalised text") {
  auto d = small();
  auto normalized = normalize("ＨＥＲ２陽性肺癌");
  auto matches = d.match(normalized);
  REQUIRE(matches.size() == 2);
  CHECK(matches[0].begin == 0);
  CHECK(matches[0].end == 4);
  CHECK(matches[1].begin == 10);
  CHECK(matches[1].end == 16);
}

TEST_CASE("Dictionary::with_ancestors follows broader ids and survives cycles") {
  auto d = small();
  auto index = [&](const char* id) { return static_cast<std::size_t>(d.find_id(id) - d.concepts().data()); };
  CHECK(d.with_ancestors(index("nsclc")) == std::vector<std::string>{"nsclc", "lung_cancer", "cancer", "lung"});
  CHECK(d.with_ancestors(index("cancer")) == std::vector<std::string>{"cancer"});
  CHECK(d.with_ancestors(index("cycle_a")) == std::vector<std::string>{"cycle_a", "cycle_b"});
  CHECK(d.with_ancestors(9999).empty());
}

TEST_CASE("Dictionary::complete suggests one spelling per concept, main kinds first") {
  auto d = small();
  auto ids = [&](std::string_view prefix, std::size_t limit = 10) {
    std::vector<std::string> out;
    for (const auto& [display, index] : d.complete(normalize(prefix), limit)) out.push_back(display + "/" + d.concepts()[index].id);
    return out;
  };
  CHECK(ids("肺") == std::vector<std::string>{"肺/lung", "肺癌/lung_cancer"});
  CHECK(ids("ｶﾙ") == std::vector<std::string>{"カルチノイド/carcinoid", "カルボプラチン/carboplatin"});
  CHECK(ids("car") == std::vector<std::string>{"carcinoid/carcinoid", "carboplatin/carboplatin", "cardiomyopathy/cardiomyopathy"});
  CHECK(ids("car", 2).size() == 2);
  CHECK(ids("ca") == std::vector<std::string>{"cancer/cancer", "carcinoid/carcinoid", "carboplatin/carboplatin",
                                              "cardiomyopathy/cardiomyopathy"});
  CHECK(ids("l") == std::vector<std::string>{"lung cancer/lung_cancer", "lung/lung"});
  CHECK(ids("第").size() == 1);       // attributes are suggested
  CHECK(ids("tri").empty());          // noise words never are
  CHECK(ids("").empty());
  CHECK(ids("zzz").empty());
}

// The shipped data: the spellings people actually type must meet in one concept.
TEST_CASE("Dictionary::builtin maps every spelling of a concept to one id") {
  auto d = Dictionary::builtin();
  REQUIRE_MESSAGE(d.has_value(), d.error().message);
  struct Case {
    std::vector<std::string> spellings;
    std::string expected;  // describe() of the concept
  };
  const std::vector<Case> cases = {
      {{"肺癌", "肺がん", "肺ガン", "肺ｶﾞﾝ", "はいがん", "lung cancer", "Lung Cancer"}, "condition lung_cancer"},
      {{"認知症", "dementia", "にんちしょう", "痴呆"}, "condition dementia"},
      {{"物忘れ", "もの忘れ", "forgetfulness"}, "condition cognitive_disorder"},
      {{"アルツハイマー病", "ｱﾙﾂﾊｲﾏｰ病", "alzheimer's disease"}, "condition alzheimers"},
      {{"非小細胞肺癌", "NSCLC", "ＮＳＣＬＣ", "non-small cell lung cancer"}, "condition nsclc"},
      {{"2型糖尿病", "２型糖尿病", "Ⅱ型糖尿病", "type 2 diabetes"}, "condition type2_diabetes"},
      {{"HER2陽性乳癌", "ＨＥＲ２陽性乳がん"}, "condition her2_positive_breast_cancer"},
      // 第Ⅲ相 normalises to 第iii相, 第3相 and 第三相 stay as they are: the dictionary joins them
      {{"第Ⅲ相", "第III相", "第3相", "第三相", "phase 3", "Phase III", "フェーズ3"}, "attribute phase:3"},
      {{"小児", "子ども", "こども", "子供"}, "attribute pediatric"},
      {{"自宅", "在宅"}, "attribute dct"},
  };
  for (const auto& c : cases) {
    const auto first = id_of(*d, c.spellings[0]);
    for (const auto& s : c.spellings) {
      CAPTURE(s);
      CHECK(describe_match(*d, s) == c.expected);
      CHECK(id_of(*d, s) == first);
    }
  }
  // 物忘れ (forgetfulness) is the broader concept dementia falls under.
  auto dementia = static_cast<std::size_t>(d->find_id(id_of(*d, "認知症")) - d->concepts().data());
  auto ancestors = d->with_ancestors(dementia);
  CHECK(std::find(ancestors.begin(), ancestors.end(), id_of(*d, "物忘れ")) != ancestors.end());
}

// Okurigana are not normalised (組み入れ and 組入れ are different characters), so the data must
// list both spellings of any word it lists one of.
TEST_CASE("Dictionary::builtin lists both okurigana spellings or neither") {
  auto d = Dictionary::builtin();
  REQUIRE(d.has_value());
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"組み入れ", "組入れ"}, {"組み入れ基準", "組入れ基準"}, {"申し込み", "申込み"},
      {"申し込み", "申込"},   {"取り扱い", "取扱い"},         {"受け付け", "受付"},
      {"物忘れ", "もの忘れ"}, {"立ち会い", "立会い"},
  };
  for (const auto& entry : pairs) {  // named, not bound: CAPTURE's lambda cannot take bindings in clang 14
    const auto& a = entry.first;
    const auto& b = entry.second;
    CAPTURE(a);
    CHECK(id_of(*d, a) == id_of(*d, b));
  }
}

TEST_CASE("Dictionary::builtin keeps Latin variants inside word boundaries") {
  auto d = Dictionary::builtin();
  REQUIRE(d.has_value());
  CHECK(render(*d, "other mother together") == "");
  CHECK(render(*d, "her2") == "her2[her2]");
  CHECK(render(*d, "ALSFRS") == "");
  CHECK(describe_match(*d, "ALS") == "condition als");
}

TEST_CASE("Dictionary::builtin blocks misleading short matches with longer variants") {
  auto d = Dictionary::builtin();
  REQUIRE(d.has_value());
  auto described = [&](const std::string& text) {
    std::string out;
    auto normalized = normalize(text);
    for (const auto& m : d->match(normalized)) out += describe(d->concepts()[m.concept_index]) + ";";
    return out;
  };
  CHECK(described("ガンマグロブリン").find("condition cancer;") == std::string::npos);
  CHECK(described("募集終了").find("status:recruiting") == std::string::npos);
  CHECK(described("遠隔転移").find("attribute dct") == std::string::npos);
  CHECK(described("募集中") == "attribute status:recruiting;");
}

TEST_CASE("Dictionary::builtin is parsed once and shared") {
  auto a = Dictionary::builtin();
  auto b = Dictionary::builtin();
  REQUIRE(a.has_value());
  REQUIRE(b.has_value());
  CHECK(&a->concepts() == &b->concepts());
  CHECK(a->concepts().size() > 100);
}

TEST_CASE("Dictionary: a ~reading matches in queries only, and never clashes with a variant") {
  auto d = Dictionary::parse(
      "condition\tcancer\t\tがん|癌\t\n"
      "condition\tgastric_cancer\tcancer\t胃がん|~いがん\t\n");
  REQUIRE_MESSAGE(d.has_value(), d.error().message);
  CHECK(d->concepts()[1].variants == std::vector<std::string>{"胃がん", "いがん"});  // mark dropped

  const std::string query = normalize("いがん");
  auto q = d->match(query, MatchScope::query);
  REQUIRE(q.size() == 1);
  CHECK(d->concepts()[q[0].concept_index].id == "gastric_cancer");
  CHECK(q[0].reading);

  // In record text the same characters are 多い + がん: the reading must not fire there.
  CHECK(render(*d, "日本人に多いがんです") == "cancer[がん]");
  auto plain = d->match(normalize("胃がん"), MatchScope::query);
  REQUIRE(plain.size() == 1);
  CHECK_FALSE(plain[0].reading);

  auto clash = Dictionary::parse("condition\ta\t\tいがん\t\ncondition\tb\t\t~いがん\t\n");
  REQUIRE_FALSE(clash.has_value());
  CHECK(clash.error().message.find("concepts.tsv:2") != std::string::npos);
}

TEST_CASE("Dictionary::related reads the sixth column, in file order") {
  auto d = Dictionary::parse(
      "condition\tarrhythmia\t\t不整脈\t\n"
      "condition\theart_failure\t\t心不全\t\n"
      "condition\tpalpitations\t\t動悸\t\tarrhythmia|heart_failure\n");
  REQUIRE_MESSAGE(d.has_value(), d.error().message);
  CHECK(d->concepts()[2].related == std::vector<std::string>{"arrhythmia", "heart_failure"});
  CHECK(d->related(2) == std::vector<std::size_t>{0, 1});
  CHECK(d->related(0).empty());
  CHECK(d->related(99).empty());
  // related is a query-side link: it adds nothing to with_ancestors, which documents are indexed with
  CHECK(d->with_ancestors(2) == std::vector<std::string>{"palpitations"});
}

TEST_CASE("Dictionary::near_spellings finds Latin and katakana variants within the distance") {
  auto d = Dictionary::parse(
      "intervention\tlecanemab\t\tレカネマブ|レケンビ|lecanemab|leqembi\t\n"
      "intervention\tdonanemab\t\tドナネマブ|donanemab\t\n"
      "intervention\tpembrolizumab\t\tペムブロリズマブ|キイトルーダ|pembrolizumab|keytruda\t\n"
      "term\tpembro_term\t\tpembrolizumav\t\n"
      "condition\tlung_cancer\t\t肺がん|lung cancer\t\n");
  REQUIRE_MESSAGE(d.has_value(), d.error().message);
  auto near = [&](const std::string& word, std::size_t max) {
    std::vector<std::string> out;
    for (const auto& m : d->near_spellings(normalize(word), max, 5))
      out.push_back(m.display + "/" + std::to_string(m.distance));
    return out;
  };
  CHECK(near("レカネマプ", 1) == std::vector<std::string>{"レカネマブ/1"});
  CHECK(near("レカネマプ", 3) == std::vector<std::string>{"レカネマブ/1", "ドナネマブ/3"});
  // an intervention before a term at the same distance
  CHECK(near("pembrolizumaa", 2) == std::vector<std::string>{"pembrolizumab/1", "pembrolizumav/1"});
  CHECK(near("Pembrolizmab", 2) == std::vector<std::string>{"pembrolizumab/1", "pembrolizumav/2"});
  CHECK(near("lecanemab", 1) == std::vector<std::string>{"lecanemab/0"});
  CHECK(near("肺がｎ", 2).empty());        // not a Latin or katakana word
  CHECK(near("lung cancr", 2).empty());    // multi-word variants are not spelling candidates
  CHECK(near("xyzzy", 1).empty());
}

// Drug classes and targets: a class lists no members; each member lists its class as broader, so a
// document naming the member is indexed under the class too (with_ancestors), and a class query
// finds it. The member's own id is never an ancestor of the class, so a member query stays narrow.
TEST_CASE("Dictionary::builtin links drug classes and targets to their members, one way") {
  auto d = Dictionary::builtin();
  REQUIRE(d.has_value());
  auto ancestors_of = [&](const std::string& text) {
    auto id = id_of(*d, text);
    const auto* c = d->find_id(id);
    REQUIRE_MESSAGE(c != nullptr, text << " -> " << id);
    return d->with_ancestors(static_cast<std::size_t>(c - d->concepts().data()));
  };
  auto has = [](const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  };
  struct Case {
    std::string member, klass;  // spellings
  };
  const std::vector<Case> cases = {
      {"アテゾリズマブ", "抗PD-L1抗体"},   {"テセントリク", "PD-L1阻害薬"},     {"atezolizumab", "免疫チェックポイント阻害薬"},
      {"ダパグリフロジン", "SGLT2阻害薬"}, {"フォシーガ", "SGLT2 inhibitor"},   {"オシメルチニブ", "EGFR-TKI"},
      {"セマグルチド", "インクレチン"},     {"シタグリプチン", "インクレチン関連薬"}, {"マンジャロ", "incretin"},
      {"バリシチニブ", "JAK阻害薬"},       {"レカネマブ", "抗アミロイドβ抗体"}, {"ドナネマブ", "anti-amyloid antibody"},
      {"キムリア", "CAR-T"},               {"コミナティ", "mRNAワクチン"},      {"エムレスビア", "mRNA vaccine"},
      {"エンハーツ", "抗体薬物複合体"},     {"ダラザレックス", "抗CD38抗体"},    {"テクベイリ", "BCMA標的"},
      {"ロキサデュスタット", "HIF-PH阻害薬"}, {"イナビル", "ノイラミニダーゼ阻害薬"}, {"セルペルカチニブ", "RET阻害薬"},
      {"ギルテリチニブ", "FLT3阻害薬"},     {"エベロリムス", "mTOR阻害薬"},      {"オザニモド", "S1P受容体調節薬"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.member);
    CAPTURE(c.klass);
    const auto klass = id_of(*d, c.klass);
    const auto member = id_of(*d, c.member);
    REQUIRE(d->find_id(klass) != nullptr);
    REQUIRE(d->find_id(member) != nullptr);
    CHECK(d->find_id(klass)->kind == ConceptKind::intervention);
    CHECK(has(ancestors_of(c.member), klass));       // a class query finds the member's trials
    CHECK_FALSE(has(ancestors_of(c.klass), member)); // a member query does not find the class
  }
  // Members of one class do not find each other.
  CHECK_FALSE(has(ancestors_of("ダパグリフロジン"), id_of(*d, "エンパグリフロジン")));
  CHECK_FALSE(has(ancestors_of("SGLT2阻害薬"), id_of(*d, "インクレチン")));  // not an incretin drug

  // At least 40 classes or targets with two or more drug members, as issue 15 asks.
  std::map<std::string, int> members;
  for (const auto& c : d->concepts())
    if (c.kind == ConceptKind::intervention)
      for (const auto& b : c.broader) ++members[b];
  int classes = 0;
  for (const auto& entry : members) classes += entry.second >= 2 && d->find_id(entry.first)->kind == ConceptKind::intervention;
  CHECK(classes >= 40);
}

TEST_CASE("Dictionary::builtin: symptoms relate to the conditions behind them; conduct words are DCT filters") {
  auto d = Dictionary::builtin();
  REQUIRE(d.has_value());
  auto related_ids = [&](const std::string& text) {
    std::vector<std::string> out;
    const auto* c = d->find_id(id_of(*d, text));
    REQUIRE_MESSAGE(c != nullptr, text);
    for (auto r : d->related(static_cast<std::size_t>(c - d->concepts().data()))) out.push_back(d->concepts()[r].id);
    return out;
  };
  auto ids_of = [&](std::vector<std::string> spellings) {
    for (auto& s : spellings) s = id_of(*d, s);
    return spellings;
  };
  CHECK(related_ids("動悸") == ids_of({"不整脈", "心不全", "甲状腺機能亢進症"}));
  CHECK(related_ids("むくみ") == ids_of({"腎臓病", "心不全", "肝硬変"}));
  CHECK(related_ids("息切れ") == ids_of({"心不全", "COPD", "喘息", "間質性肺疾患", "肺高血圧症"}));
  CHECK(related_ids("胸の痛み") == ids_of({"狭心症", "冠動脈疾患"}));
  CHECK(related_ids("不整脈").empty());  // a condition does not expand to its symptoms

  struct Case {
    std::string word, expected;
  };
  const std::vector<Case> cases = {
      {"郵送", "attribute dct:direct_to_patient_delivery"},  {"薬が届く", "attribute dct:direct_to_patient_delivery"},
      {"通院なし", "attribute dct"},                          {"在宅", "attribute dct"},
      {"在宅参加", "attribute dct"},                          {"ビデオ通話", "attribute dct:remote_visits"},
      {"オンライン診察", "attribute dct:remote_visits"},      {"電子同意", "attribute dct:econsent"},
      {"電子署名", "attribute dct:econsent"},                 {"訪問看護師", "attribute dct:home_visits"},
      {"募集中", "attribute status:recruiting"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.word);
    CHECK(describe_match(*d, c.word) == c.expected);
  }
}

TEST_CASE("Dictionary::builtin: diseases written in Latin letters meet their Japanese names") {
  auto d = Dictionary::builtin();
  REQUIRE(d.has_value());
  const std::vector<std::vector<std::string>> groups = {
      {"RSV", "RSV 感染症", "RSウイルス感染症", "RSウイルス", "respiratory syncytial virus"},
      {"HPV", "HPV 感染症", "ヒトパピローマウイルス", "ヒトパピローマウイルス感染症", "human papillomavirus"},
      {"MASH", "NASH", "脂肪肝炎", "非アルコール性脂肪肝炎", "代謝機能障害関連脂肪肝炎", "steatohepatitis"},
      {"MASLD", "NAFLD", "MAFLD", "脂肪肝"},
      {"COVID-19", "新型コロナウイルス感染症", "コロナ"},
      {"COPD", "慢性閉塞性肺疾患"},
      {"CKD", "慢性腎臓病"},
      {"CMV", "CMV感染症", "CMV 感染症", "サイトメガロウイルス感染症"},
      {"HBV", "HBV感染症", "B型肝炎"},
      {"HSV", "単純ヘルペス"},
      {"NTM", "NTM症", "非結核性抗酸菌症"},
      {"NMO", "NMOSD", "視神経脊髄炎"},
  };
  for (const auto& g : groups) {
    const auto first = id_of(*d, g[0]);
    CHECK(d->find_id(first) != nullptr);
    for (const auto& s : g) {
      CAPTURE(s);
      CHECK(id_of(*d, s) == first);
    }
  }
}
