#pragma once
// The table behind test_hostile_requests.cpp: one row per hostile request, with what a careful
// registry answers. The rows live in hostile_rows_*.cpp, grouped by what they attack.
#include <functional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "raw_http.hpp"

namespace rinsho::testing::hostile {

// What a row may leave behind in the store.
enum class Writes {
  nothing,  // not one row anywhere: reads, and every request without a valid token
  audit,    // an audit row for an authenticated, rejected write; nothing else
};

struct Row {
  std::string category;
  std::string name;
  std::string method = "GET";
  std::string target;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::set<int> statuses;
  // A JSON Pointer, parameter or header name the problem's errors must name; empty: none required.
  std::string pointer;
  Writes writes = Writes::nothing;
  Framing framing = Framing::length;
  std::string raw;  // when set, exactly these bytes are sent instead of a request built from the above
  RawOptions options;
  std::function<void(const RawResponse&)> check;  // more checks for this row (escaping, headers)
  // When set, how much the process's peak memory may grow while the row runs: the server shares
  // this process, so a body it reads or inflates whole shows up here.
  std::size_t max_memory_growth = 0;
};

// What the rows refer to, set up before the first row runs.
struct Fixture {
  std::string auth_a, auth_b;        // "Bearer ..." of two organisations
  std::string auth_revoked;          // a token of a third organisation, revoked
  std::string token_a;               // organisation A's token without "Bearer "
  std::string trial_a, etag_a;       // a trial organisation A registered
  std::string trial_b, etag_b;       // one organisation B registered
  std::string operator_trial, operator_etag;  // ingested by the operator (no owner)
  std::string idempotency_key;       // used by A for an accepted registration
  std::string valid_record;          // a registrable record (new_record) as JSON text
  std::string xss_trial;             // A's trial with hostile text in every field (two versions)
  std::size_t body_limit = 0;
};

using Rows = std::vector<Row>;

Rows protocol_rows(const Fixture& f);  // methods, framing, lengths, headers, CRLF, traversal
Rows body_rows(const Fixture& f);      // JSON syntax, UTF-8, NUL, nesting, types, keys, numbers
Rows write_rows(const Fixture& f);     // tokens, media types, If-Match, Idempotency-Key
Rows query_rows(const Fixture& f);     // query strings: UTF-8, q syntax, paging, parameters
Rows render_rows(const Fixture& f);    // the hostile record and hostile input on every page type

}  // namespace rinsho::testing::hostile
