// One input = a decoded query string, "key=value&key=value" (keys may repeat, values hold any
// bytes, as cpp-httplib hands them over after percent-decoding): the parameters of GET
// /api/v1/trials and /search -> SearchRequest. A request that parses must be one the searcher can
// run as it is; a rejection must name the parameter.
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "fuzz_check.hpp"
#include "model/validator.hpp"
#include "server/params/search_params.hpp"

namespace {

using namespace rinsho;

std::vector<std::pair<std::string, std::string>> split_pairs(std::string_view s) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    auto amp = s.find('&', start);
    if (amp == std::string_view::npos) amp = s.size();
    const auto pair = s.substr(start, amp - start);
    const auto eq = pair.find('=');
    if (!pair.empty())
      out.emplace_back(std::string(pair.substr(0, eq)), eq == std::string_view::npos ? "" : std::string(pair.substr(eq + 1)));
    start = amp + 1;
  }
  return out;
}

void check_request(const search::SearchRequest& r, const server::SearchParamOptions& o) {
  FUZZ_CHECK(r.page_size >= 1 && r.page_size <= search::kMaxPageSize);
  FUZZ_CHECK(r.offset <= o.max_offset);
  FUZZ_CHECK(r.q.size() <= 1000 && server::valid_utf8(r.q));
  FUZZ_CHECK(!r.within_km || (r.near && *r.within_km > 0));
  FUZZ_CHECK(r.sort != search::SortOrder::nearest || r.near);
  if (r.near) FUZZ_CHECK(r.near->lat >= -90 && r.near->lat <= 90 && r.near->lon >= -180 && r.near->lon <= 180);
  if (r.age) FUZZ_CHECK(*r.age >= 0 && *r.age <= 150);
  for (const auto& p : r.prefecture) FUZZ_CHECK(p.size() == 2);
  for (const auto& c : r.condition) FUZZ_CHECK(!c.empty() && server::valid_utf8(c));
  FUZZ_CHECK(r.lang == "ja" || r.lang == "en");
}

const model::RecordValidator& validator() {
  static const model::RecordValidator instance = [] {
    auto v = model::RecordValidator::builtin();
    FUZZ_CHECK(v.has_value());
    return *v;
  }();
  return instance;
}

}  // namespace

// Built before the first input, so start-up time never counts against an input's time limit.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)validator();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const model::RecordValidator& validator = ::validator();
  server::HttpRequest request;
  request.method = "GET";
  request.path = "/api/v1/trials";
  request.query = split_pairs(std::string_view(reinterpret_cast<const char*>(data), size));
  // The page form of the same parser also takes lang.
  for (bool page : {false, true}) {
    server::SearchParamOptions options;
    if (page) options.extra_allowed = {"lang"};
    auto parsed = server::parse_search_params(request, validator.schema(), options);
    if (parsed) {
      check_request(*parsed, options);
      // The API hands out the next page as a cursor; it must come back as the same offset.
      const auto cursor = server::encode_cursor(parsed->offset + parsed->page_size);
      auto decoded = server::decode_cursor(cursor);
      FUZZ_CHECK(decoded.has_value() && *decoded == parsed->offset + parsed->page_size);
      continue;
    }
    FUZZ_CHECK(parsed.error().code == ErrorCode::invalid_argument && !parsed.error().fields.empty());
    for (const auto& f : parsed.error().fields) FUZZ_CHECK(!f.message_ja.empty() && !f.message_en.empty());
  }
  return 0;
}
