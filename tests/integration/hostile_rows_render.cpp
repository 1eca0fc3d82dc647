// Hostile rows about output: a record with script in every text field, registered with a valid token,
// then read back on every page type and export, and hostile input echoed by pages. HTML and XML must
// carry the text escaped; CSV cells must not start a spreadsheet formula.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>

#include "hostile_table.hpp"

namespace rinsho::testing::hostile {
namespace {

// The script payload percent-encoded, for query strings and paths.
const std::string kPayloadQuery = "%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E";

bool has(const std::string& s, const std::string& needle) { return s.find(needle) != std::string::npos; }

// RFC 4180 records: quoted cells may hold commas, doubled quotes, CR and LF.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    auto& cell = rows.back().back();
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') cell += text[++i];
      else if (c == '"') quoted = false;
      else cell += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().emplace_back();
    } else if (c == '\n') {
      rows.emplace_back(1);
    } else if (c != '\r') {
      cell += c;
    }
  }
  if (rows.back().size() == 1 && rows.back()[0].empty()) rows.pop_back();
  return rows;
}

// The hostile trial's row is there, carries the payload, and no cell would start a formula.
std::function<void(const RawResponse&)> csv_neutralised(const std::string& id) {
  return [id](const RawResponse& r) {
    CHECK(has(r.header("content-type"), "text/csv"));
    const auto rows = parse_csv(r.body);
    const auto it = std::find_if(rows.begin(), rows.end(), [&](const auto& row) { return !row.empty() && row[0] == id; });
    CHECK(it != rows.end());  // (CHECK, never REQUIRE, in a row: one bad row must not end the table)
    if (it == rows.end()) return;
    CHECK(it->size() == rows.front().size());
    bool payload = false;
    for (std::size_t i = 0; i < it->size(); ++i) {
      const auto& cell = (*it)[i];
      payload = payload || has(cell, "<script>alert(");
      CAPTURE(rows.front().size() > i ? rows.front()[i] : "?");
      CAPTURE(cell.substr(0, 40));
      CHECK((cell.empty() || std::string("=+-@\t\r").find(cell[0]) == std::string::npos));
    }
    CHECK(payload);
  };
}

// The payload is on the page, as text.
std::function<void(const RawResponse&)> shows_payload_escaped(const std::string& id) {
  return [id](const RawResponse& r) {
    CHECK(has(r.header("content-type"), "text/html"));
    CHECK(has(r.body, id));
    CHECK(has(r.body, "&lt;script&gt;alert("));
  };
}

void html(const RawResponse& r) { CHECK(has(r.header("content-type"), "text/html")); }

void json_not_html(const RawResponse& r) {
  CHECK(has(r.header("content-type"), "json"));
  CHECK(!nlohmann::json::parse(r.body, nullptr, false).is_discarded());
}

std::function<void(const RawResponse&)> ndjson_with(const std::string& id) {
  return [id](const RawResponse& r) {
    CHECK(has(r.header("content-type"), "ndjson"));
    std::istringstream lines(r.body);
    std::string line;
    bool found = false;
    while (std::getline(lines, line)) {
      const auto record = nlohmann::json::parse(line, nullptr, false);
      CHECK(record.is_object());
      found = found || (record.is_object() && record.value("id", "") == id);
    }
    CHECK(found);
  };
}

std::function<void(const RawResponse&)> xml_with(const std::string& id) {
  return [id](const RawResponse& r) {
    CHECK(has(r.header("content-type"), "xml"));
    CHECK(has(r.body, id));
  };
}

Row read(std::string name, std::string target, std::set<int> statuses, std::function<void(const RawResponse&)> check) {
  return {.category = "render", .name = std::move(name), .target = std::move(target), .statuses = std::move(statuses),
          .check = std::move(check)};
}

}  // namespace

Rows render_rows(const Fixture& f) {
  const auto& id = f.xss_trial;
  return {
      read("trial page", "/trials/" + id, {200}, shows_payload_escaped(id)),
      read("trial page in English", "/trials/" + id + "?lang=en", {200}, shows_payload_escaped(id)),
      read("results page", "/search?q=xssprobe", {200}, shows_payload_escaped(id)),
      read("results page in English", "/search?q=xssprobe&lang=en", {200}, shows_payload_escaped(id)),
      read("results page for a script query", "/search?q=" + kPayloadQuery, {200}, html),
      read("top page with a script query", "/?q=" + kPayloadQuery, {200}, html),
      read("top page with a script lang", "/?lang=" + kPayloadQuery, {200}, html),
      read("suggestions for a script query", "/api/v1/suggest?q=" + kPayloadQuery, {200}, json_not_html),
      read("suggestions for the probe", "/api/v1/suggest?q=xssprobe", {200}, json_not_html),
      read("version history", "/api/v1/trials/" + id + "/versions", {200},
           [](const RawResponse& r) {
             json_not_html(r);
             const auto body = nlohmann::json::parse(r.body, nullptr, false);
             CHECK((body.is_object() && body["versions"].size() == 2));
           }),
      read("version 2 with its diff", "/api/v1/trials/" + id + "/versions/2", {200}, json_not_html),
      read("CSV export of everything", "/api/v1/export.csv", {200}, csv_neutralised(id)),
      read("CSV export of a search", "/api/v1/export?format=csv&q=xssprobe", {200}, csv_neutralised(id)),
      read("the trial as CSV", "/api/v1/trials/" + id + "?format=csv", {200}, csv_neutralised(id)),
      read("NDJSON export", "/api/v1/export.ndjson?q=xssprobe", {200}, ndjson_with(id)),
      read("JSON record", "/api/v1/trials/" + id, {200}, json_not_html),
      read("WHO TRDS XML export", "/api/v1/export?format=trds-xml&q=xssprobe", {200}, xml_with(id)),
      read("the trial as WHO TRDS XML", "/api/v1/trials/" + id + "?format=trds-xml", {200}, xml_with(id)),
      read("FHIR export", "/api/v1/export?format=fhir&q=xssprobe", {200}, [](const RawResponse& r) { CHECK(!r.body.empty()); }),
      read("the trial as ClinicalTrials.gov JSON", "/api/v1/trials/" + id + "?format=ctgov-json", {200}, json_not_html),
      read("sitemap", "/sitemap.xml", {200}, xml_with(id)),
      read("error page naming a script parameter", "/search?" + kPayloadQuery + "=1", {400}, html),
      read("error page for a script status", "/search?status=" + kPayloadQuery, {400}, html),
      read("not-found page for a script path", "/" + kPayloadQuery, {404}, html),
      read("trial page with a script near", "/trials/" + f.operator_trial + "?near=" + kPayloadQuery, {200}, html),
      read("results page with a script lang", "/search?q=a&lang=" + kPayloadQuery, {200}, html),
      read("glossary with a script lang", "/glossary?lang=" + kPayloadQuery, {200}, html),
      read("API not-found for a script id", "/api/v1/trials/" + kPayloadQuery, {404}, json_not_html),
  };
}

}  // namespace rinsho::testing::hostile
