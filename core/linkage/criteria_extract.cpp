#include "linkage/criteria_extract.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "linkage/text.hpp"
#include "text/dictionary.hpp"
#include "text/normalizer.hpp"

namespace rinsho::linkage {
namespace {

using model::EligibilityCriterion;

// A longer line is several conditions run together; reading one criterion off it is guesswork.
constexpr std::size_t kMaxLineBytes = 400;

bool ascii_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool digit(char c) { return c >= '0' && c <= '9'; }

bool has_any(std::string_view s, std::initializer_list<std::string_view> words) {
  return std::any_of(words.begin(), words.end(), [&](std::string_view w) { return s.find(w) != std::string_view::npos; });
}

// The length of a list marker at the start of a line ("* ", "1) ", "(2)", "・", "①"), or 0.
std::size_t marker_length(std::string_view line) {
  static constexpr std::array<std::string_view, 8> symbols = {"*", "-", "•", "・", "●", "○", "■", "□"};
  for (auto s : symbols)
    if (line.starts_with(s)) return s.size();
  // ① .. ⑳ are U+2460 .. U+2473: E2 91 A0 .. E2 91 B3.
  if (line.size() >= 3 && static_cast<unsigned char>(line[0]) == 0xE2 && static_cast<unsigned char>(line[1]) == 0x91 &&
      static_cast<unsigned char>(line[2]) >= 0xA0 && static_cast<unsigned char>(line[2]) <= 0xB3)
    return 3;
  std::size_t i = 0;
  const bool paren = line.starts_with("(") || line.starts_with("（");
  if (paren) i = line.starts_with("(") ? 1 : 3;
  const std::size_t digits_at = i;
  while (i < line.size() && digit(line[i])) ++i;
  if (i == digits_at || i - digits_at > 2 || i >= line.size()) return 0;
  for (std::string_view close : {")", ".", "）", "、"})
    if (line.substr(i).starts_with(close)) {
      if (paren && close != ")" && close != "）") return 0;
      return i + close.size();
    }
  return 0;
}

// The criteria as lines, markers removed. Where the text uses markers, an unmarked line continues
// the one above (registries wrap long lines); otherwise every line stands alone.
std::vector<std::string> criterion_lines(std::string_view text) {
  std::vector<std::string_view> raw;
  bool any_marker = false;
  for (std::size_t at = 0; at <= text.size();) {
    auto end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    auto line = trim(text.substr(at, end - at));
    if (!line.empty()) {
      raw.push_back(line);
      any_marker = any_marker || marker_length(line) > 0;
    }
    at = end + 1;
  }
  std::vector<std::string> out;
  for (auto line : raw) {
    const auto marker = marker_length(line);
    auto body = std::string(trim(line.substr(marker)));
    // A heading ("Key inclusion criteria:") is not a criterion.
    if (body.empty() || (body.ends_with(":") && body.size() < 60)) continue;
    if (any_marker && marker == 0 && !out.empty()) out.back() += " " + body;
    else out.push_back(std::move(body));
  }
  return out;
}

// --- performance status -------------------------------------------------------------------------

enum class Bound { none, le, lt, ge, gt };

// The ECOG range a line names ("ECOG PS 0-1", "PS 2以下", "performance status ≥ 3"), or nullopt.
std::optional<std::pair<int, int>> ecog_range(std::string_view n) {
  std::size_t at = std::string_view::npos, key_end = 0;
  for (std::string_view key : {"ecog", "performance status", "全身状態"}) {
    auto p = n.find(key);
    if (p < at) at = p, key_end = p + key.size();
  }
  for (auto p = n.find("ps"); p != std::string_view::npos; p = n.find("ps", p + 1)) {
    const bool word = (p == 0 || !ascii_alnum(n[p - 1])) && (p + 2 >= n.size() || !ascii_letter(n[p + 2]));
    if (word && p < at) at = p, key_end = p + 2;
    if (word) break;
  }
  if (at == std::string_view::npos) return std::nullopt;
  const auto window = n.substr(key_end, 80);
  if (window.find("karnofsky") != std::string_view::npos || window.find("kps") != std::string_view::npos) return std::nullopt;
  // The first lone digit 0-5 (not part of 70, not a percentage).
  std::size_t d = std::string_view::npos;
  for (std::size_t i = 0; i < window.size(); ++i) {
    if (!digit(window[i])) continue;
    std::size_t j = i;
    while (j < window.size() && digit(window[j])) ++j;
    if (j - i == 1 && window[i] <= '5' && (j >= window.size() || window[j] != '%')) { d = i; break; }
    return std::nullopt;  // some other number comes first: not a PS range we can read
  }
  if (d == std::string_view::npos) return std::nullopt;
  const int first = window[d] - '0';
  const auto before = window.substr(0, d), after = window.substr(d + 1, 16);
  Bound bound = Bound::none;
  if (has_any(before, {"≤", "<=", "=<", "less than or equal", "no more than", "at most", "up to"})) bound = Bound::le;
  else if (has_any(before, {"≥", ">=", "=>", "greater than or equal", "at least"})) bound = Bound::ge;
  else if (has_any(before, {"<", "less than"})) bound = Bound::lt;
  else if (has_any(before, {">", "greater than", "more than"})) bound = Bound::gt;
  else if (has_any(after, {"以下", "or less", "or lower", "or below"})) bound = Bound::le;
  else if (has_any(after, {"未満"})) bound = Bound::lt;
  else if (has_any(after, {"以上", "or more", "or greater", "or higher", "or above"})) bound = Bound::ge;
  else if (has_any(after, {"超"})) bound = Bound::gt;
  switch (bound) {
    case Bound::le: return std::pair{0, first};
    case Bound::lt: return first == 0 ? std::nullopt : std::optional{std::pair{0, first - 1}};
    case Bound::ge: return std::pair{first, 5};
    case Bound::gt: return first == 5 ? std::nullopt : std::optional{std::pair{first + 1, 5}};
    case Bound::none: break;
  }
  // A list or range of digits: "0-1", "0 or 1", "0, 1 or 2", "0〜2".
  int lo = first, hi = first;
  std::size_t i = d + 1;
  for (;;) {
    std::size_t j = i;
    bool separated = false;
    for (bool moved = true; moved && j < window.size();) {
      moved = false;
      for (std::string_view sep : {" ", "-", "~", "〜", "to", "or", "and", ",", "、", "・", "/"})
        if (window.substr(j).starts_with(sep)) { j += sep.size(); moved = separated = true; }
    }
    if (!separated || j >= window.size() || !digit(window[j]) || window[j] > '5' ||
        (j + 1 < window.size() && digit(window[j + 1])))
      break;
    lo = std::min(lo, window[j] - '0');
    hi = std::max(hi, window[j] - '0');
    i = j + 1;
  }
  return std::pair{lo, hi};
}

// --- disease stage ------------------------------------------------------------------------------

// I..IV from a Roman numeral with an optional sub-stage letter ("iiib" -> 3), or 0.
int roman_stage(std::string_view letters) {
  if (!letters.empty() && (letters.back() == 'a' || letters.back() == 'b' || letters.back() == 'c') &&
      letters != "i" && letters != "ii" && letters != "iii" && letters != "iv")
    letters.remove_suffix(1);
  if (letters == "i") return 1;
  if (letters == "ii") return 2;
  if (letters == "iii") return 3;
  if (letters == "iv") return 4;
  return 0;
}

// The stages an inclusion line names ("stage IIIB or IV", "III期又はIV期", "Stage 2-4"): whole stages,
// since a person knows "stage III" more often than "IIIB", and a wider list only costs a "maybe".
std::vector<std::string> stages_named(std::string_view n) {
  std::size_t at = std::string_view::npos, key_end = 0;
  for (std::string_view key : {"stage", "病期", "ステージ"}) {
    for (auto p = n.find(key); p != std::string_view::npos; p = n.find(key, p + 1)) {
      // "end-stage renal disease", "early-stage": not a staging.
      if (key == "stage" && p > 0 && (n[p - 1] == '-' || ascii_letter(n[p - 1]))) continue;
      if (p < at) at = p, key_end = p + key.size();
      break;
    }
  }
  std::set<int> found;
  auto read_list = [&](std::string_view w) {
    std::size_t i = 0;
    int previous = 0;
    bool range = false;
    while (i < w.size()) {
      while (i < w.size() && (w[i] == ' ' || w[i] == ':')) ++i;
      if (w.substr(i).starts_with("stage")) i += 5;  // "stage 1 or stage 2"
      while (i < w.size() && w[i] == ' ') ++i;
      std::size_t j = i;
      int value = 0;
      if (j < w.size() && ascii_letter(w[j])) {
        while (j < w.size() && ascii_letter(w[j])) ++j;
        value = roman_stage(w.substr(i, j - i));
      } else if (j < w.size() && digit(w[j]) && (j + 1 >= w.size() || !digit(w[j + 1])) && w[j] >= '1' && w[j] <= '4') {
        value = w[j] - '0';
        ++j;
      }
      if (value == 0) break;
      if (range && previous)
        for (int v = previous; v <= value; ++v) found.insert(v);
      found.insert(value);
      previous = value;
      i = j;
      if (w.substr(i).starts_with("期")) i += std::string_view("期").size();
      range = false;
      std::size_t k = i;
      while (k < w.size() && w[k] == ' ') ++k;
      const auto rest = w.substr(k);
      if (rest.starts_with("-") || rest.starts_with("~") || rest.starts_with("〜") || rest.starts_with("to ")) {
        range = true;
        i = k + (rest.starts_with("to ") ? 3 : rest.starts_with("〜") ? std::string_view("〜").size() : 1);
      } else if (rest.starts_with("or ") || rest.starts_with("and ")) {
        i = k + (rest.starts_with("or ") ? 3 : 4);
      } else {
        bool moved = false;
        for (std::string_view sep : {",", "/", "、", "・", "又は", "または", "もしくは", "及び", "および"})
          if (rest.starts_with(sep)) { i = k + sep.size(); moved = true; break; }
        if (!moved) break;
      }
    }
  };
  if (at != std::string_view::npos) read_list(n.substr(key_end, 60));
  // "IV期の非小細胞肺癌": a Roman numeral directly before 期, without a keyword.
  for (auto p = n.find("期"); found.empty() && p != std::string_view::npos; p = n.find("期", p + 1)) {
    std::size_t b = p;
    while (b > 0 && ascii_letter(n[b - 1])) --b;
    if (b < p && (b == 0 || !ascii_alnum(n[b - 1]))) read_list(n.substr(b, 60));
  }
  static constexpr std::array<std::string_view, 5> names = {"", "I", "II", "III", "IV"};
  std::vector<std::string> out;
  for (int v : found) out.emplace_back(names[static_cast<std::size_t>(v)]);
  return out;
}

// --- concepts -----------------------------------------------------------------------------------

// The one concept of this kind the line names, or nullopt when it names none or several.
std::optional<std::string> only_concept(const text::Dictionary& dict, std::string_view n, text::ConceptKind kind) {
  std::map<std::string, std::size_t> found;  // id -> concept index
  for (const auto& m : dict.match(n, text::MatchScope::document)) {
    const auto& c = dict.concepts()[m.concept_index];
    if (c.kind == kind) found.emplace(c.id, m.concept_index);
  }
  // A concept and one broader than it ("hepatitis B" and "infection") are one thing named twice.
  std::set<std::string> broader;
  for (const auto& entry : found)
    for (auto& id : dict.with_ancestors(entry.second))
      if (id != entry.first) broader.insert(std::move(id));
  std::optional<std::string> only;
  for (const auto& entry : found) {
    if (broader.count(entry.first)) continue;
    if (only) return std::nullopt;
    only = entry.first;
  }
  return only;
}

// The one term concept named right next to a biomarker word ("TTR mutation", "EGFR変異陽性",
// "positive for HER2"), or nullopt. Anywhere else on the line a term is often a test or a design
// word ("confirmed by PCR", "randomized").
std::optional<std::string> biomarker_concept(const text::Dictionary& dict, std::string_view n) {
  static constexpr std::array<std::string_view, 14> markers = {"mutation", "mutated", "positive", "negative", "expression",
                                                               "fusion", "rearrange", "amplification", "変異", "陽性",
                                                               "陰性", "発現", "融合", "増幅"};
  constexpr std::size_t kNear = 16;  // bytes between the concept and the word, within one clause
  auto near = [&](std::size_t from, std::size_t to) {
    if (to < from || to - from > kNear) return false;
    const auto gap = n.substr(from, to - from);
    return !has_any(gap, {",", ";", ":", ".", "(", ")", "、", "。", "（", "）"});
  };
  std::set<std::string> ids;
  for (const auto& m : dict.match(n, text::MatchScope::document)) {
    const auto& c = dict.concepts()[m.concept_index];
    if (c.kind != text::ConceptKind::term) continue;
    for (auto marker : markers)
      for (auto p = n.find(marker); p != std::string_view::npos; p = n.find(marker, p + 1))
        if (near(m.end, p) || near(p + marker.size(), m.begin)) ids.insert(c.id);
  }
  if (ids.size() != 1) return std::nullopt;
  return *ids.begin();
}

// "other causes of X", "except X", "X以外": the line is about something else than the concept.
bool hedged(std::string_view n) {
  return has_any(n, {"except", "other ", "excluding", "unless", "apart from", "を除く", "以外", "除き"});
}

// "within 4 weeks", "3ヵ月以内": the questionnaire asks what a person has had, not when.
bool time_window(std::string_view n) {
  return has_any(n, {"within", "days", "weeks", "months", "以内", "週間", "ヵ月", "ヶ月", "か月", "カ月"});
}

bool negated(std::string_view n) {
  return has_any(n, {"no prior", "no previous", "without", "not received", "not been", "not have", "naive", "naïve",
                     "未治療", "受けていない", "受けたことがない", "がない", "のない", "なし"});
}

// One line to one criterion, or nullopt when the line says nothing we can read for certain.
std::optional<EligibilityCriterion> read_line(const text::Dictionary& dict, const std::string& line, bool exclusion,
                                              bool japanese) {
  if (line.size() > kMaxLineBytes) return std::nullopt;
  const auto n = text::normalize(line);
  EligibilityCriterion c;
  c.type = exclusion ? "exclusion" : "inclusion";
  (japanese ? c.text.ja : c.text.en) = line;

  // Inclusion lines about pregnancy ask for a negative test or contraception: not "must be pregnant".
  if (exclusion && has_any(n, {"pregnan", "breastfeed", "breast-feed", "breast feed", "lactat", "nursing", "妊娠", "授乳"}) &&
      !has_any(n, {"contracept", "避妊", "partner", "パートナー"})) {
    c.kind = "pregnancy_breastfeeding";
    return c;
  }
  // Anything else about pregnancy (a negative test, contraception) is not about the disease.
  if (has_any(n, {"pregnan", "childbearing", "contracept", "妊娠", "避妊", "授乳"})) return std::nullopt;
  if (auto range = ecog_range(n)) {
    c.kind = "performance_status";
    c.min_ecog = range->first;
    c.max_ecog = range->second;
    return c;
  }
  if (!exclusion)
    if (auto stages = stages_named(n); !stages.empty()) {
      c.kind = "disease_stage";
      c.stages = std::move(stages);
      return c;
    }
  if (has_any(n, {"prior", "previous", "received", "treated with", "therapy with", "前治療", "治療歴", "投与歴", "既治療",
                  "使用歴", "投与を受け", "治療を受け"}))
    if (auto id = only_concept(dict, n, text::ConceptKind::intervention); id && !hedged(n) && !time_window(n)) {
      if (negated(n)) {
        if (exclusion) return std::nullopt;  // "excluded: not treated with X" is a double negative; leave it
        c.type = "exclusion";
      }
      c.kind = "prior_treatment";
      c.concept_id = *id;
      return c;
    }
  if (!hedged(n))
    if (auto id = biomarker_concept(dict, n)) {
      c.kind = "biomarker";
      c.concept_id = *id;
      return c;
    }
  const bool diagnosis_words =
      exclusion ? has_any(n, {"history of", "known", "active", "合併", "既往"})
                : has_any(n, {"diagnos", "confirmed", "histolog", "cytolog", "診断", "確定", "組織学的", "細胞診"});
  // "lung or breast cancer": the dictionary may know only one of the two, and the line is a choice.
  const bool choice = has_any(n, {" or ", "/", "または", "又は", "もしくは", "あるいは"});
  if (diagnosis_words && !negated(n) && !choice && !hedged(n))
    if (auto id = only_concept(dict, n, text::ConceptKind::condition)) {
      c.kind = "diagnosis";
      c.concept_id = *id;
      return c;
    }
  return std::nullopt;
}

// Whether two criteria check the same thing, whatever their type and text.
bool same_check(const EligibilityCriterion& a, const EligibilityCriterion& b) {
  return a.kind == b.kind && a.concept_id == b.concept_id && a.stages == b.stages && a.min_ecog == b.min_ecog &&
         a.max_ecog == b.max_ecog;
}

}  // namespace

std::vector<EligibilityCriterion> extract_criteria(const model::Eligibility& e) {
  const auto dict = text::Dictionary::builtin();
  std::vector<EligibilityCriterion> out;
  if (!dict) return out;
  for (const auto& [section, exclusion] : {std::pair{&e.inclusion, false}, std::pair{&e.exclusion, true}}) {
    if (!*section) continue;
    for (const auto& [text, japanese] : {std::pair{&(*section)->ja, true}, std::pair{&(*section)->en, false}}) {
      if (!*text) continue;
      for (const auto& line : criterion_lines(**text)) {
        auto c = read_line(*dict, line, exclusion, japanese);
        if (!c) continue;
        auto same = std::find_if(out.begin(), out.end(), [&](const EligibilityCriterion& o) { return o.type == c->type && same_check(o, *c); });
        if (same != out.end()) {
          // The other language's text of the rule, or a second line saying it ("pregnancy", "lactation").
          auto& mine = japanese ? same->text.ja : same->text.en;
          const auto& line_text = *(japanese ? c->text.ja : c->text.en);
          if (!mine) mine = line_text;
          else if (mine->size() + line_text.size() <= kMaxLineBytes) *mine += " / " + line_text;
          continue;
        }
        out.push_back(std::move(*c));
      }
    }
  }
  // One rule as both an inclusion and an exclusion means the source's lists are muddled (ICTRP
  // rows sometimes repeat the inclusion text under exclusion): neither can be trusted.
  auto contradicted = [&](const EligibilityCriterion& c) {
    return std::any_of(out.begin(), out.end(),
                       [&](const EligibilityCriterion& o) { return o.type != c.type && same_check(o, c); });
  };
  std::vector<EligibilityCriterion> kept;
  for (const auto& c : out)
    if (!contradicted(c) && kept.size() < kMaxExtractedCriteria) kept.push_back(c);
  return kept;
}

void fill_structured_criteria(model::Eligibility& e) {
  if (e.criteria && !e.criteria->empty()) return;
  auto found = extract_criteria(e);
  if (!found.empty()) e.criteria = std::move(found);
}

}  // namespace rinsho::linkage
