#include <doctest/doctest.h>

#include <algorithm>
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
      {"# c\n\ncondition\tx\t\n", "concepts.tsv:3: expected 5 tab-separated columns (kind, id, broader, variants, filter), found 3"},
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
