// Readers of the stress test: searches of every shape the query builder has a branch for, pages,
// suggestions, statistics and exports, all at once against the writers.
#include <random>
#include <string>
#include <vector>

#include <httplib.h>

#include "api_helpers.hpp"
#include "workload.hpp"

namespace rinsho::testing {
namespace {

std::string q(const std::string& text) { return url_encode(text); }

// Paths that need no written trial. Words that name only attributes (募集中, オンライン), exclusions
// and misspellings that end in a suggestion are here on purpose: they build queries over every
// document, the path that once shared one static Xapian query between threads (c3a3226).
std::vector<std::string> fixed_read_paths() {
  return {
      "/api/v1/trials?q=" + q("肺がん"),
      "/api/v1/trials?q=" + q("募集中"),
      "/api/v1/trials?q=" + q("オンライン 治験"),
      "/api/v1/trials?q=" + q("-がん"),
      "/api/v1/trials?q=" + q("がん -肺"),
      "/api/v1/trials?q=" + q("EGFR 肺がん TKI"),
      "/api/v1/trials?q=" + q("とうにょうびょう"),
      "/api/v1/trials?q=" + q("ｊｒｃｔ２０３１２４０００１"),
      "/api/v1/trials?q=NCT04176289",
      "/api/v1/trials?q=" + q("breast cancer") + "&status=recruiting",
      "/api/v1/trials?q=" + q("がｎ") + "&page=2",
      "/api/v1/trials?q=" + q("小児 ぜんそく"),
      "/api/v1/trials?q=" + q("zzkrqvt"),
      "/api/v1/trials?status=recruiting&phase=3&page_size=5",
      "/api/v1/trials?near=35.68,139.76&sort=nearest&within_km=50",
      "/api/v1/trials?sort=newest&page_size=50",
      "/api/v1/trials?age=10&healthy=true&facets=false",
      "/api/v1/trials/jRCT2031240001",
      "/api/v1/trials/jRCT2031240001/versions",
      "/api/v1/suggest?q=" + q("とう"),
      "/api/v1/suggest?q=" + q("アルツ"),
      "/api/v1/suggest?q=lung",
      "/",
      "/search?q=" + q("乳がん") + "&lang=en",
      "/search?q=" + q("募集中 -がん"),
      "/trials/jRCT2031240001",
      "/stats",
      "/api/v1/stats",
      "/metrics",
      "/sitemap.xml",
      "/healthz",
  };
}

void expect_ok(Ledger& ledger, const std::string& path, const httplib::Result& res) {
  if (!res) ledger.fail("GET " + path + ": " + httplib::to_string(res.error()));
  else if (res->status != 200) ledger.fail("GET " + path + ": " + std::to_string(res->status) + " " + res->body.substr(0, 200));
}

}  // namespace

void read_loop(const LoadTarget& target, unsigned seed) {
  const auto fixed = fixed_read_paths();
  std::mt19937 rng(seed);
  httplib::Client client("127.0.0.1", target.port);
  client.set_read_timeout(120, 0);
  for (std::size_t n = 0; !target.stop->load(); ++n) {
    std::string path = fixed[rng() % fixed.size()];
    // Every third request reads a trial the writers are changing at that moment.
    if (n % 3 == 0) {
      const auto id = target.ledger->some_id(rng());
      if (!id.empty()) {
        static const char* const shapes[][2] = {{"/api/v1/trials/", ""}, {"/trials/", ""}, {"/api/v1/trials/", "/versions"}};
        const auto& shape = shapes[rng() % 3];
        path = shape[0] + id + shape[1];
      }
    }
    expect_ok(*target.ledger, path, client.Get(path.c_str()));
  }
}

void export_loop(const LoadTarget& target, unsigned seed) {
  const std::vector<std::string> exports = {
      "/api/v1/export.csv?q=" + q("肺がん"),
      "/api/v1/export.ndjson?status=recruiting",
      "/api/v1/export?format=fhir&q=" + q("がん"),
      "/api/v1/export?format=trds-xml&q=" + q("募集中"),
      "/api/v1/export?format=ctgov-json&phase=3",
      "/api/v1/export.csv",
      "/api/v1/export.ndjson",
  };
  std::mt19937 rng(seed);
  httplib::Client client("127.0.0.1", target.port);
  client.set_read_timeout(120, 0);
  while (!target.stop->load()) {
    const auto& path = exports[rng() % exports.size()];
    auto res = client.Get(path.c_str());
    expect_ok(*target.ledger, path, res);
    // A stream cut short still arrives as a 200: a CSV must at least carry its header row.
    if (res && res->status == 200 && path.find("csv") != std::string::npos && res->body.find('\n') == std::string::npos)
      target.ledger->fail("GET " + path + ": CSV without a header row");
  }
}

}  // namespace rinsho::testing
