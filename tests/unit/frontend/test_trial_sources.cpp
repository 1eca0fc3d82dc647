// The trial page's bridging block (frontend/trial_sources.cpp): other registrations with links, and
// the values registrations disagree on, in both languages.
#include <doctest/doctest.h>

#include "frontend_fixtures.hpp"

using namespace rinsho;
using namespace rinsho::testing;

namespace {

model::Trial linked_trial() {
  auto t = sample_trial();
  t.sources = std::vector<model::SourceRef>{
      {"jRCT", *t.id, "https://jrct.niph.go.jp/latest-detail/" + *t.id, "2026-05-01T00:00:00Z"},
      {"NCT", "NCT04000001", "https://clinicaltrials.gov/study/NCT04000001", "2026-05-01T00:00:00Z"},
      {"UMIN", "UMIN000012345", std::nullopt, "2026-05-01T00:00:00Z"}};
  t.source_conflicts = std::vector<model::SourceConflict>{
      {"/target_enrollment", {{"jRCT", *t.id, 120}, {"NCT", "NCT04000001", 150}}},
      {"/public_title", {{"rinsho", *t.id, {{"ja", "登録者の題"}, {"en", "Registrant title"}}},
                         {"NCT", "NCT04000001", {{"en", "<b>CT.gov title</b>"}}}}}};
  return t;
}

}  // namespace

TEST_CASE("Renderer::trial shows the other registrations with links, in both languages") {
  const auto ja = renderer().trial({linked_trial(), {}, {}}, page_context("ja", "/trials/jRCT2031240001"));
  CHECK(ja.find("他の登録先") != std::string::npos);
  CHECK(ja.find("<a href=\"https://clinicaltrials.gov/study/NCT04000001\" rel=\"noopener\">NCT NCT04000001</a>") != std::string::npos);
  CHECK(ja.find("UMIN UMIN000012345") != std::string::npos);  // no page address: named without a link
  CHECK(ja.find("latest-detail/jRCT2031240001") == std::string::npos);  // its own id is not "also"
  const auto en = renderer().trial({linked_trial(), {}, {}}, page_context("en", "/trials/jRCT2031240001"));
  CHECK(en.find("Also registered as") != std::string::npos);
}

TEST_CASE("Renderer::trial keeps and shows every registration's value where they differ") {
  const auto ja = renderer().trial({linked_trial(), {}, {}}, page_context("ja", "/trials/jRCT2031240001"));
  CHECK(ja.find("登録先により異なる値") != std::string::npos);
  CHECK(ja.find("<dd class=\"pre\">120</dd>") != std::string::npos);
  CHECK(ja.find("<dd class=\"pre\">150</dd>") != std::string::npos);
  CHECK(ja.find("登録者 jRCT2031240001") != std::string::npos);
  CHECK(ja.find("登録者の題") != std::string::npos);
  CHECK(ja.find("&lt;b&gt;CT.gov title&lt;/b&gt;") != std::string::npos);  // escaped like every value
  const auto en = renderer().trial({linked_trial(), {}, {}}, page_context("en", "/trials/jRCT2031240001"));
  CHECK(en.find("Values that differ between registries") != std::string::npos);
  CHECK(en.find("Registrant title") != std::string::npos);
  // A trial with one registration shows neither block.
  const auto plain = renderer().trial({sample_trial(), {}, {}}, page_context("en", "/trials/jRCT2031240001"));
  CHECK(plain.find("Also registered as") == std::string::npos);
  CHECK(plain.find("d-conflicts") == std::string::npos);
}

TEST_CASE("version history shows an import's note") {
  frontend::TrialView tv{sample_trial(), {}, {{2, "2026-05-20T10:00:00Z", {"/sources"}, "import of NCT NCT04000001: linked"}}};
  const auto ja = renderer().trial(tv, page_context("ja", "/trials/jRCT2031240001"));
  CHECK(ja.find("import of NCT NCT04000001: linked") != std::string::npos);
}
