#include "server/params/prescreen_params.hpp"

#include <charconv>
#include <set>

#include "text/dictionary.hpp"
#include "text/normalizer.hpp"

namespace rinsho::server {
namespace {

// The trial page asks about diagnoses and treatments criterion by criterion (c<i>), so that the
// browser's copy of the rules (static/site.js) needs no dictionary.
constexpr std::string_view kTrialKeys[] = {"ps", "age", "sex", "hv", "stage", "ecog", "preg"};
constexpr std::string_view kSituationKeys[] = {"me_age", "me_sex", "me_pref", "me_dx", "me_tx", "me_rank"};

bool is_criterion_key(std::string_view key) {
  if (key.size() < 2 || key.size() > 4 || key[0] != 'c') return false;
  for (char ch : key.substr(1))
    if (ch < '0' || ch > '9') return false;
  return true;
}

FieldError bad(const std::string& param, const char* ja, const char* en) { return {param, ja, en}; }

// The last non-empty value, or nothing: a GET form sends empty fields for questions left blank.
std::optional<std::string> answered(const HttpRequest& req, std::string_view key) {
  std::optional<std::string> out;
  for (auto& v : req.query_values(key))
    if (!v.empty()) out = v;
  return out;
}

std::optional<bool> yes_no(const HttpRequest& req, const char* key, std::vector<FieldError>& errors) {
  auto v = answered(req, key);
  if (!v || *v == "unknown") return std::nullopt;
  if (*v == "yes") return true;
  if (*v == "no") return false;
  errors.push_back(bad(key, "yes・no・unknown のいずれかを指定してください", "must be yes, no or unknown"));
  return std::nullopt;
}

std::optional<double> age(const HttpRequest& req, const char* key, std::vector<FieldError>& errors) {
  auto v = answered(req, key);
  if (!v) return std::nullopt;
  double years = 0;
  auto r = std::from_chars(v->data(), v->data() + v->size(), years);
  if (r.ec != std::errc() || r.ptr != v->data() + v->size() || years < 0 || years > 150) {
    errors.push_back(bad(key, "0〜150 の年齢 (歳) を数字で指定してください", "must be an age in years from 0 to 150"));
    return std::nullopt;
  }
  return years;
}

std::optional<std::string> sex(const HttpRequest& req, const char* key, std::vector<FieldError>& errors) {
  auto v = answered(req, key);
  if (!v) return std::nullopt;
  if (*v == "female" || *v == "male") return v;
  errors.push_back(bad(key, "female か male を指定してください", "must be female or male"));
  return std::nullopt;
}

// Free words -> the condition/intervention concepts in them, each with its broader concepts.
// "none" (or なし) is an answer too: nothing.
std::optional<std::vector<std::string>> concepts(const HttpRequest& req, const char* key, const text::Dictionary& d,
                                                 std::vector<FieldError>& errors) {
  auto v = answered(req, key);
  if (!v) return std::nullopt;
  if (v->size() > 200) {
    errors.push_back(bad(key, "200文字以内で入力してください", "must be at most 200 characters"));
    return std::nullopt;
  }
  const std::string words = text::normalize(*v);
  if (words == "none" || words == "なし") return std::vector<std::string>{};
  std::set<std::string> ids;
  for (const auto& m : d.match(words, text::MatchScope::query)) {
    const auto kind = d.concepts()[m.concept_index].kind;
    if (kind != text::ConceptKind::condition && kind != text::ConceptKind::intervention && kind != text::ConceptKind::term)
      continue;
    for (auto& id : d.with_ancestors(m.concept_index)) ids.insert(std::move(id));
  }
  // Words the dictionary does not know say nothing either way.
  if (ids.empty()) return std::nullopt;
  return std::vector<std::string>(ids.begin(), ids.end());
}

}  // namespace

bool is_situation_param(std::string_view key) {
  for (auto k : kSituationKeys)
    if (key == k) return true;
  return false;
}

bool is_trial_prescreen_param(std::string_view key) {
  for (auto k : kTrialKeys)
    if (key == k) return true;
  return is_criterion_key(key);
}

// Search pages have their own "age" and "sex" filters: only the me_ names are answers there.
bool is_prescreen_request(const HttpRequest& req) {
  const bool trial_page = req.path.rfind("/trials/", 0) == 0;
  const bool search_page = req.path == "/search";
  // A GET form sends its empty fields too: only a value is an answer.
  for (const auto& kv : req.query)
    if (!kv.second.empty() &&
        ((trial_page && is_trial_prescreen_param(kv.first)) || (search_page && is_situation_param(kv.first))))
      return true;
  return false;
}

Result<prescreen::Answers> trial_answers(const HttpRequest& req) {
  std::vector<FieldError> errors;
  prescreen::Answers a;
  a.age = age(req, "age", errors);
  a.sex = sex(req, "sex", errors);
  a.healthy_volunteer = yes_no(req, "hv", errors);
  a.pregnant_or_breastfeeding = yes_no(req, "preg", errors);
  if (auto v = answered(req, "stage")) {
    if (v->size() > 10) errors.push_back(bad("stage", "病期は10文字以内で指定してください", "must be a stage such as III"));
    else a.stage = *v;
  }
  if (auto v = answered(req, "ecog")) {
    if (v->size() == 1 && (*v)[0] >= '0' && (*v)[0] <= '5') a.ecog = (*v)[0] - '0';
    else errors.push_back(bad("ecog", "0〜5 の数字を指定してください", "must be a number from 0 to 5"));
  }
  for (const auto& kv : req.query) {
    if (!is_criterion_key(kv.first)) continue;
    const std::size_t index = std::stoul(kv.first.substr(1));
    if (auto yes = yes_no(req, kv.first.c_str(), errors)) a.applies[index] = *yes;
  }
  if (!errors.empty()) return fail(ErrorCode::invalid_argument, "bad pre-screen answer", std::move(errors));
  return a;
}

Result<Situation> situation_answers(const HttpRequest& req, const text::Dictionary& dictionary) {
  std::vector<FieldError> errors;
  Situation s;
  s.answers.age = age(req, "me_age", errors);
  s.answers.sex = sex(req, "me_sex", errors);
  s.answers.diagnoses = concepts(req, "me_dx", dictionary, errors);
  s.answers.prior_treatments = concepts(req, "me_tx", dictionary, errors);
  if (auto v = answered(req, "me_pref")) {
    const bool code = v->size() == 2 && (*v)[0] >= '0' && (*v)[0] <= '4' && (*v)[1] >= '0' && (*v)[1] <= '9' &&
                      *v >= "01" && *v <= "47";
    if (code) s.prefecture = *v;
    else errors.push_back(bad("me_pref", "都道府県コード (01〜47) を指定してください", "must be a prefecture code from 01 to 47"));
  }
  if (auto v = answered(req, "me_rank"); v && *v != "1")
    errors.push_back(bad("me_rank", "1 を指定してください", "must be 1"));
  s.rank = answered(req, "me_rank").has_value();
  if (!errors.empty()) return fail(ErrorCode::invalid_argument, "bad situation", std::move(errors));
  return s;
}

}  // namespace rinsho::server
