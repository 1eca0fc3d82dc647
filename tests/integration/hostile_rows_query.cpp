// Hostile rows about query strings and paths: invalid UTF-8 and NUL, query-syntax characters and
// Xapian prefixes in q, and absurd page sizes, pages, cursors and numbers.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "hostile_table.hpp"

namespace rinsho::testing::hostile {
namespace {

Row get(std::string category, std::string target, std::set<int> statuses, std::string pointer = "") {
  return {.category = std::move(category), .name = target, .target = target, .statuses = std::move(statuses),
          .pointer = std::move(pointer)};
}

// `s` with its @ replaced by a NUL byte.
std::string with_nul(std::string s) {
  s[s.find('@')] = '\0';
  return s;
}

// A search answer: a JSON object with its hits, whatever q held.
void search_answer(const RawResponse& r) {
  const auto body = nlohmann::json::parse(r.body, nullptr, false);
  CHECK((body.is_object() && body["hits"].is_array()));
}

Rows utf8_query_rows(const Fixture& f) {
  Rows rows;
  for (const char* q : {"%C0%AF", "%E0%80%AF", "%ED%A0%80", "%E3%81", "%F4%90%80%80", "%FF", "a%ED%B0%80b"})
    rows.push_back(get("utf8-query", std::string("/api/v1/trials?q=") + q, {400}, "q"));
  rows.push_back(get("utf8-query", "/api/v1/suggest?q=%ED%A0%80", {400}, "q"));
  rows.push_back(get("utf8-query", "/api/v1/export.ndjson?q=%C0%AF", {400}, "q"));
  rows.push_back(get("utf8-query", "/api/v1/trials?status=%FF", {400}, "status"));
  rows.push_back(get("utf8-query", "/api/v1/trials?%FF%FE=1", {400}, "*"));
  rows.push_back(get("utf8-query", "/search?q=%ED%A0%80", {400}));
  rows.push_back(get("utf8-query", "/trials/" + f.operator_trial + "?lang=%C0%AF", {200, 400}));
  rows.push_back(get("utf8-query", "/api/v1/trials?q=%5Cud800", {200}));  // the six characters \ud800 are text
  rows.push_back({.category = "utf8-query", .name = "raw invalid bytes in the query", .target = "/api/v1/trials",
                  .statuses = {400}, .raw = "GET /api/v1/trials?q=\xc0\xaf HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"});
  for (const char* path : {"/api/v1/trials/%ED%A0%80", "/trials/%C0%AF", "/static/%FF%FE", "/api/v1/trials/jRCT2031240001%00",
                           "/trials/jRCT2031240001%00"})
    rows.push_back(get("utf8-path", path, {400, 404}));
  rows.push_back({.category = "utf8-path", .name = "raw byte 0xFF in the path", .target = "/api/v1/trials/",
                  .statuses = {400, 404}, .raw = "GET /api/v1/trials/\xff HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"});
  rows.push_back({.category = "nul", .name = "raw NUL in the request line", .target = "/healthz", .statuses = {400},
                  .raw = with_nul("GET /healthz@ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")});
  rows.push_back(get("nul", "/api/v1/trials?q=a%00b", {200, 400}));
  rows.push_back(get("nul", "/search?q=%00", {200, 400}));
  return rows;
}

Rows q_syntax_rows() {
  Rows rows;
  for (const char* q : {"AND%20OR%20NOT", "%22unbalanced", "*", "(%20)%20:%20~", "XS:recruiting", "XSrecruiting",
                        "Qjrct2031240001", "status:recruiting", "NEAR/3%20ADJ/2", "title:(%E8%82%BA%E3%81%8C%E3%82%93%20OR%20*)",
                        "%22%22%22%20*%20)))", "jRCT2031240001%20OR%201=1--", "-%20-%20-", "%2B%2B%2B", "XP3%20XC13",
                        "%5B%5D%7B%7D%5E%5C"}) {
    auto row = get("q-syntax", std::string("/api/v1/trials?q=") + q, {200});
    row.check = search_answer;
    rows.push_back(std::move(row));
  }
  rows.push_back(get("q-syntax", "/api/v1/suggest?q=*:*", {200}));
  rows.push_back(get("q-syntax", "/search?q=AND%20NOT%20(%22", {200}));
  rows.push_back(get("q-syntax", "/api/v1/export.csv?q=OR%20(", {200}));
  rows.push_back(get("q-syntax", "/api/v1/trials?q=" + std::string(1001, 'a'), {400}, "q"));
  rows.push_back(get("q-syntax", "/api/v1/suggest?q=" + std::string(201, 'a'), {400}, "q"));
  return rows;
}

Rows paging_rows() {
  Rows rows;
  for (const char* v : {"-1", "0", "1000000", "abc", "1e3", "10.5", "", "0x10", "NaN", "1%2C2"})
    rows.push_back(get("paging", std::string("/api/v1/trials?page_size=") + v, {400}, "page_size"));
  for (const char* v : {"-1", "0", "99999999999999999999", "NaN", "inf", "1e6", "2.5"})
    rows.push_back(get("paging", std::string("/api/v1/trials?page=") + v, {400}, "page"));
  for (const char* v : {"o-1", "o99999999999999999999999", "%00", "o1e3", "o", "o5000000"})
    rows.push_back(get("paging", std::string("/api/v1/trials?cursor=") + v, {400}, "cursor"));
  rows.push_back(get("numbers-query", "/api/v1/trials?age=-1", {400}, "age"));
  rows.push_back(get("numbers-query", "/api/v1/trials?age=1e400", {400}, "age"));
  rows.push_back(get("numbers-query", "/api/v1/trials?near=35.6,139.7&within_km=-1", {400}, "within_km"));
  rows.push_back(get("numbers-query", "/api/v1/trials?near=NaN,NaN", {400}, "near"));
  rows.push_back(get("numbers-query", "/api/v1/trials?near=91,0", {400}, "near"));
  rows.push_back(get("numbers-query", "/api/v1/trials?prefecture=-1", {400}, "prefecture"));
  rows.push_back(get("paging", "/search?page_size=-1", {400}));
  rows.push_back(get("paging", "/search?page=99999999999", {400}));
  rows.push_back(get("paging", "/api/v1/export.ndjson?page_size=-1", {400}, "page_size"));
  rows.push_back(get("params", "/api/v1/trials?foo=1", {400}, "foo"));
  rows.push_back(get("params", "/api/v1/trials/jRCT2031240001?format=..%2F..%2Fetc", {400}, "format"));
  std::string many = "/api/v1/trials?status=recruiting";
  for (int i = 0; i < 300; ++i) many += "&status=recruiting";
  rows.push_back(get("params", many, {200}));
  return rows;
}

}  // namespace

Rows query_rows(const Fixture& f) {
  Rows rows;
  for (auto part : {utf8_query_rows(f), q_syntax_rows(), paging_rows()})
    for (auto& r : part) rows.push_back(std::move(r));
  return rows;
}

}  // namespace rinsho::testing::hostile
