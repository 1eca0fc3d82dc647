// "Start from a file" as a real upload: multipart/form-data from a browser without JavaScript,
// the session's CSRF token read from its own part, and hostile bodies (too many parts, too large,
// no length, a broken boundary, a huge part header) refused with the server still up and nothing
// made.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>

#include "api_helpers.hpp"
#include "portal_helpers.hpp"
#include "store/trial_draft.hpp"

using nlohmann::json;
using namespace rinsho::testing;

namespace {

struct Part {
  std::string name, filename, content_type, content;
};

constexpr const char* kBoundary = "----rinshoTestBoundary7MA4YWxkTrZu0gW";

std::string multipart_body(const std::vector<Part>& parts) {
  std::string body;
  for (const auto& p : parts) {
    body += std::string("--") + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + p.name + "\"";
    if (!p.filename.empty()) body += "; filename=\"" + p.filename + "\"";
    body += "\r\n";
    if (!p.content_type.empty()) body += "Content-Type: " + p.content_type + "\r\n";
    body += "\r\n" + p.content + "\r\n";
  }
  return body + "--" + kBoundary + "--\r\n";
}

httplib::Result upload(Member& m, const std::string& body, const std::string& path = "/portal/drafts/import") {
  httplib::Headers h{{"Cookie", m.cookies}};
  return m.portal.client.Post(path.c_str(), h, body, (std::string("multipart/form-data; boundary=") + kBoundary).c_str());
}

std::size_t drafts_of(TestServer& server, const Member& m) { return server.app().store.list_drafts(m.portal.org_id).value().size(); }

}  // namespace

TEST_CASE("portal upload: a trial or a ClinicalTrials.gov study file prefills a draft without JavaScript") {
  TestServer server({.ids = {"jRCT2031240001"}});
  Member author(server, "臨床大学病院", "hanako@example.jp", "editor");

  auto page = author.get("/portal/drafts/import");
  REQUIRE(page);
  CHECK(page->body.find("enctype=\"multipart/form-data\"") != std::string::npos);
  CHECK(page->body.find("<input type=\"file\" id=\"upload\" name=\"upload\"") != std::string::npos);
  CHECK(page->body.find("<label for=\"upload\">") != std::string::npos);
  CHECK(page->body.find("<textarea id=\"file\" name=\"file\"") != std::string::npos);

  auto record = new_record("upload");
  record["public_title"]["ja"] = "ファイルで<b>届いた</b>試験";
  auto res = upload(author, multipart_body({{"csrf", "", "", author.csrf},
                                           {"upload", "trial.json", "application/json", record.dump()},
                                           {"file", "", "", ""}}));
  REQUIRE(res);
  CHECK(res->status == 303);
  auto drafts = server.app().store.list_drafts(author.portal.org_id).value();
  REQUIRE(drafts.size() == 1);
  CHECK(drafts[0].record["public_title"]["ja"] == "ファイルで<b>届いた</b>試験");

  std::ifstream in(std::string(RINSHO_SOURCE_DIR) + "/tests/fuzz/corpus/ctgov_json/NCT06171568.json");
  const std::string study((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  REQUIRE(study.size() > 1000);
  // Browsers send whatever type they guess for a file; the content decides.
  auto ctgov = upload(author, multipart_body({{"csrf", "", "", author.csrf}, {"upload", "study.json", "application/octet-stream", study}}));
  REQUIRE(ctgov);
  CHECK(ctgov->status == 303);
  CHECK(drafts_of(server, author) == 2);

  // The text box still works in the same multipart form when no file is chosen (an empty file part).
  auto pasted = upload(author, multipart_body({{"csrf", "", "", author.csrf}, {"upload", "", "application/octet-stream", ""},
                                              {"file", "", "", record.dump()}}));
  REQUIRE(pasted);
  CHECK(pasted->status == 303);
  CHECK(drafts_of(server, author) == 3);

  SUBCASE("a file that is not a trial is named beside the file input, and not echoed") {
    auto bad = upload(author, multipart_body({{"csrf", "", "", author.csrf}, {"upload", "x.json", "application/json", "\x89PNG\r\n\x1a\n<script>"}}));
    REQUIRE(bad);
    CHECK(bad->status == 400);
    CHECK(bad->body.find("<a href=\"#upload\">") != std::string::npos);
    CHECK(bad->body.find("id=\"upload-error\">") != std::string::npos);
    CHECK(bad->body.find("<script>") == std::string::npos);
    CHECK(drafts_of(server, author) == 3);
  }
  SUBCASE("without the session's CSRF token in its part, or with another, nothing is made") {
    for (const auto& parts : std::vector<std::vector<Part>>{
             {{"upload", "trial.json", "application/json", record.dump()}},
             {{"csrf", "", "", std::string(64, '0')}, {"upload", "trial.json", "application/json", record.dump()}},
             // A token sent as a file does not count as the field.
             {{"csrf", "csrf.txt", "text/plain", author.csrf}, {"upload", "trial.json", "application/json", record.dump()}}}) {
      auto refused = upload(author, multipart_body(parts));
      REQUIRE(refused);
      CHECK(refused->status == 403);
    }
    CHECK(drafts_of(server, author) == 3);
  }
  SUBCASE("hostile bodies are refused, the server stays up and nothing is made") {
    std::vector<Part> many = {{"csrf", "", "", author.csrf}};
    for (int i = 0; i < 20; ++i) many.push_back({"x" + std::to_string(i), "", "", "y"});
    auto too_many = upload(author, multipart_body(many));
    REQUIRE(too_many);
    CHECK(too_many->status == 413);

    auto too_large = upload(author, multipart_body({{"csrf", "", "", author.csrf}, {"upload", "big.json", "", std::string(1100 * 1024, ' ')}}));
    REQUIRE(too_large);
    CHECK(too_large->status == 413);

    // A part header far longer than any browser sends.
    auto long_header = upload(author, multipart_body({{"csrf", "", "", author.csrf}, {std::string(200 * 1024, 'n'), "", "", "v"}}));
    REQUIRE(long_header);
    CHECK(long_header->status >= 400);
    CHECK(long_header->status < 500);

    httplib::Headers h{{"Cookie", author.cookies}};
    auto no_boundary = author.portal.client.Post("/portal/drafts/import", h, multipart_body({{"csrf", "", "", author.csrf}}), "multipart/form-data");
    REQUIRE(no_boundary);
    CHECK(no_boundary->status == 400);
    auto truncated = upload(author, multipart_body({{"csrf", "", "", author.csrf}, {"upload", "t.json", "", record.dump()}}).substr(0, 200));
    REQUIRE(truncated);
    CHECK(truncated->status == 400);

    // Multipart where no route takes it is refused as before.
    auto elsewhere = upload(author, multipart_body({{"csrf", "", "", author.csrf}}), "/portal/drafts");
    REQUIRE(elsewhere);
    CHECK(elsewhere->status == 415);

    CHECK(drafts_of(server, author) == 3);
    auto alive = author.get("/portal");
    REQUIRE(alive);
    CHECK(alive->status == 200);
  }
}
