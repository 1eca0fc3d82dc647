#include "server/params/search_params.hpp"

#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

#include "model/validation_messages.hpp"

namespace rinsho::server {
namespace {

using search::SearchRequest;
using search::SortOrder;

FieldError bad(const std::string& param, const std::string& ja, const std::string& en) { return {param, ja, en}; }

std::vector<std::string> split_values(const std::vector<std::string>& raw) {
  std::vector<std::string> out;
  for (const auto& r : raw) {
    std::size_t start = 0;
    while (start <= r.size()) {
      auto comma = r.find(',', start);
      if (comma == std::string::npos) comma = r.size();
      if (comma > start) out.push_back(r.substr(start, comma - start));
      start = comma + 1;
    }
  }
  return out;
}

std::optional<double> to_number(const std::string& s) {
  double v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<bool> to_bool(const std::string& s) {
  if (s == "true" || s == "1" || s == "yes") return true;
  if (s == "false" || s == "0" || s == "no") return false;
  return std::nullopt;
}

std::vector<std::string> schema_enum(const nlohmann::json& schema, const std::string& pointer) {
  const auto* sub = model::schema_at(schema, pointer);
  std::vector<std::string> out;
  if (sub && sub->contains("enum"))
    for (const auto& v : (*sub)["enum"]) out.push_back(v.get<std::string>());
  return out;
}

const std::set<std::string>& known_params() {
  static const std::set<std::string> names = {
      "q", "status", "phase", "category", "study_type", "modality", "prefecture", "country", "condition",
      "age", "sex", "healthy", "dct", "single_irb", "international", "fih", "pediatric", "orphan", "drug_loss",
      "near", "within_km", "sort", "page_size", "page", "cursor", "facets"};
  return names;
}

class Parser {
 public:
  Parser(const HttpRequest& r, const nlohmann::json& schema) : r_(r), schema_(schema) {}
  std::vector<FieldError> errors;

  void enum_list(const char* param, const char* pointer, std::vector<std::string>& out) {
    auto allowed = schema_enum(schema_, pointer);
    for (const auto& v : split_values(r_.query_values(param))) {
      if (std::find(allowed.begin(), allowed.end(), v) == allowed.end()) {
        std::string list;
        for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
        errors.push_back(bad(param, "次のいずれかを指定してください: " + list, "must be one of: " + list));
      } else {
        out.push_back(v);
      }
    }
  }
  std::optional<double> number(const char* param, double lo, double hi) {
    auto v = r_.query_value(param);
    if (!v) return std::nullopt;
    auto n = to_number(*v);
    if (!n || *n < lo || *n > hi) {
      const auto range = fmt(lo) + "–" + fmt(hi);
      errors.push_back(bad(param, range + " の数値で指定してください", "must be a number from " + range));
      return std::nullopt;
    }
    return n;
  }
  // Counts (page, page_size): a fraction is refused, not rounded to some other page.
  std::optional<double> whole_number(const char* param, double lo, double hi) {
    auto v = r_.query_value(param);
    if (!v) return std::nullopt;
    auto n = to_number(*v);
    if (!n || *n < lo || *n > hi || *n != std::floor(*n)) {
      const auto range = fmt(lo) + "–" + fmt(hi);
      errors.push_back(bad(param, range + " の整数で指定してください", "must be a whole number from " + range));
      return std::nullopt;
    }
    return n;
  }
  bool flag(const char* param) {
    auto v = r_.query_value(param);
    if (!v) return false;
    auto b = to_bool(*v);
    if (!b) errors.push_back(bad(param, "true か false で指定してください", "must be true or false"));
    return b.value_or(false);
  }
  static std::string fmt(double v) {
    auto s = std::to_string(v);
    s.erase(s.find_last_not_of('0') + 1);
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
  }

 private:
  const HttpRequest& r_;
  const nlohmann::json& schema_;
};

void parse_flags(const HttpRequest& r, Parser& p, SearchRequest& req) {
  for (const char* name : {"single_irb", "international", "fih", "pediatric", "orphan", "drug_loss"})
    if (p.flag(name)) req.flags.insert(name);
  if (p.flag("healthy")) req.flags.insert("healthy");
  // dct=true, or dct=home_visits,econsent for particular elements.
  static const std::set<std::string> elements = {"remote_visits", "home_visits", "econsent",
                                                 "direct_to_patient_delivery", "wearables"};
  for (const auto& v : split_values(r.query_values("dct"))) {
    if (auto b = to_bool(v)) {
      if (*b) req.flags.insert("dct");
    } else if (elements.count(v)) {
      req.flags.insert("dct:" + v);
    } else {
      p.errors.push_back(bad("dct", "true または remote_visits, home_visits, econsent, direct_to_patient_delivery, wearables",
                             "must be true or one of remote_visits, home_visits, econsent, direct_to_patient_delivery, wearables"));
    }
  }
}

void parse_place(const HttpRequest& r, Parser& p, SearchRequest& req) {
  for (const auto& v : split_values(r.query_values("prefecture"))) {
    auto n = to_number(v);
    if (v.size() != 2 || !n || *n < 1 || *n > 47)
      p.errors.push_back(bad("prefecture", "都道府県コード 01〜47 で指定してください", "must be a prefecture code from 01 to 47"));
    else
      req.prefecture.push_back(v);
  }
  for (const auto& v : split_values(r.query_values("country"))) {
    if (v.size() != 2 || !std::isupper(static_cast<unsigned char>(v[0])) || !std::isupper(static_cast<unsigned char>(v[1])))
      p.errors.push_back(bad("country", "ISO 3166-1 の2文字コード (例: JP) で指定してください", "must be an ISO 3166-1 alpha-2 code such as JP"));
    else
      req.country.push_back(v);
  }
  if (auto near = r.query_value("near")) {
    auto comma = near->find(',');
    auto lat = comma == std::string::npos ? std::nullopt : to_number(near->substr(0, comma));
    auto lon = comma == std::string::npos ? std::nullopt : to_number(near->substr(comma + 1));
    if (!lat || !lon || *lat < -90 || *lat > 90 || *lon < -180 || *lon > 180)
      p.errors.push_back(bad("near", "緯度,経度 (例: 35.68,139.76) で指定してください", "must be lat,lon such as 35.68,139.76"));
    else
      req.near = search::GeoPoint{*lat, *lon};
  }
  req.within_km = p.number("within_km", 0.1, 20000);
}

void parse_paging(const HttpRequest& r, Parser& p, SearchRequest& req, const SearchParamOptions& o) {
  req.page_size = o.default_page_size;
  if (auto n = p.whole_number("page_size", 1, double(search::kMaxPageSize))) req.page_size = static_cast<std::size_t>(*n);
  if (auto cursor = r.query_value("cursor")) {
    auto offset = decode_cursor(*cursor);
    if (!offset) p.errors.push_back(bad("cursor", "前の応答の next_cursor をそのまま指定してください", "must be a next_cursor from an earlier response"));
    else req.offset = *offset;
  } else if (auto page = p.whole_number("page", 1, 1e6)) {
    req.offset = (static_cast<std::size_t>(*page) - 1) * req.page_size;
  }
  if (req.offset > o.max_offset)
    p.errors.push_back(bad(r.query_value("cursor") ? "cursor" : "page", "これ以上先のページは表示できません。条件を絞り込むか export.ndjson をご利用ください",
                           "is past the last page served (" + std::to_string(o.max_offset) + " results); narrow the search or use export.ndjson"));
  if (auto sort = r.query_value("sort")) {
    static const std::map<std::string, SortOrder> sorts = {{"relevance", SortOrder::relevance}, {"newest", SortOrder::newest},
                                                          {"updated", SortOrder::updated}, {"nearest", SortOrder::nearest}};
    auto it = sorts.find(*sort);
    if (it == sorts.end()) p.errors.push_back(bad("sort", "relevance, newest, updated, nearest のいずれかを指定してください",
                                                  "must be one of: relevance, newest, updated, nearest"));
    else req.sort = it->second;
  }
}

}  // namespace

bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > s.size() || (len == 2 && c < 0xC2)) return false;
    std::uint32_t cp = len == 1 ? c : c & (0x7F >> len);
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += len;
  }
  return true;
}

std::string encode_cursor(std::size_t offset) { return "o" + std::to_string(offset); }

Result<std::size_t> decode_cursor(const std::string& cursor) {
  std::size_t v = 0;
  if (cursor.size() < 2 || cursor[0] != 'o') return fail(ErrorCode::invalid_argument, "bad cursor");
  auto [ptr, ec] = std::from_chars(cursor.data() + 1, cursor.data() + cursor.size(), v);
  if (ec != std::errc() || ptr != cursor.data() + cursor.size()) return fail(ErrorCode::invalid_argument, "bad cursor");
  return v;
}

Result<SearchRequest> parse_search_params(const HttpRequest& r, const nlohmann::json& schema, const SearchParamOptions& o) {
  Parser p(r, schema);
  for (const auto& [key, value] : r.query) {
    if (!known_params().count(key) && !o.extra_allowed.count(key))
      p.errors.push_back(bad(key, "不明なパラメータです", "is not a known parameter"));
    else if (!valid_utf8(value))
      p.errors.push_back(bad(key, "UTF-8 として正しくない文字が含まれています", "is not valid UTF-8"));
  }
  if (!p.errors.empty()) return fail(ErrorCode::invalid_argument, "invalid search parameters", p.errors);
  SearchRequest req;
  req.q = r.query_value("q").value_or("");
  if (req.q.size() > 1000) p.errors.push_back(bad("q", "1000バイト以内で指定してください", "must be at most 1000 bytes"));
  p.enum_list("status", "/recruitment_status", req.status);
  p.enum_list("phase", "/phase", req.phase);
  p.enum_list("category", "/category", req.category);
  p.enum_list("study_type", "/study_type", req.study_type);
  p.enum_list("modality", "/modality", req.modality);
  req.condition = split_values(r.query_values("condition"));
  req.age = p.number("age", 0, 150);
  if (auto sex = r.query_value("sex")) {
    if (*sex == "female" || *sex == "male") req.sex = *sex;
    else if (*sex != "all") p.errors.push_back(bad("sex", "female, male, all のいずれかを指定してください", "must be one of: female, male, all"));
  }
  parse_flags(r, p, req);
  parse_place(r, p, req);
  parse_paging(r, p, req, o);
  if (auto f = r.query_value("facets")) {
    auto b = to_bool(*f);
    if (!b) p.errors.push_back(bad("facets", "true か false で指定してください", "must be true or false"));
    req.facets = b.value_or(true);
  }
  req.correct_spelling = o.correct_spelling;
  if (auto a = r.query_value("autocorrect"); a && o.extra_allowed.count("autocorrect")) {
    auto b = to_bool(*a);
    if (!b) p.errors.push_back(bad("autocorrect", "true か false で指定してください", "must be true or false"));
    req.correct_spelling = b.value_or(o.correct_spelling);
  }
  if (auto lang = r.query_value("lang")) req.lang = *lang == "en" ? "en" : "ja";
  if (req.within_km && !req.near)
    p.errors.push_back(bad("within_km", "near (緯度,経度) と一緒に指定してください", "needs near=lat,lon"));
  if (req.sort == SortOrder::nearest && !req.near)
    p.errors.push_back(bad("sort", "近い順には near (緯度,経度) が必要です", "nearest needs near=lat,lon"));
  if (!p.errors.empty()) return fail(ErrorCode::invalid_argument, "invalid search parameters", p.errors);
  return req;
}

}  // namespace rinsho::server
