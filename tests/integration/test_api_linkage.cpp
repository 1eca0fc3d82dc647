#include <doctest/doctest.h>

#include "api_helpers.hpp"
#include "test_server.hpp"

using nlohmann::json;
using rinsho::testing::TestServer;

TEST_CASE("GET /api/v1/trials/{id}?format= returns FHIR, TRDS XML, ClinicalTrials.gov JSON and CSV") {
  TestServer server({.ids = {"jRCT2031240001"}});
  auto client = server.client();
  auto fhir = client.Get("/api/v1/trials/jRCT2031240001?format=fhir");
  REQUIRE(fhir);
  CHECK(fhir->status == 200);
  CHECK(json::parse(fhir->body)["resourceType"] == "ResearchStudy");
  auto xml = client.Get("/api/v1/trials/jRCT2031240001?format=trds-xml");
  REQUIRE(xml);
  CHECK(xml->body.find("<Trials_downloaded_from_ICTRP>") != std::string::npos);
  CHECK(xml->body.find("jRCT2031240001") != std::string::npos);
  auto ctgov = client.Get("/api/v1/trials/jRCT2031240001?format=ctgov-json");
  REQUIRE(ctgov);
  CHECK(json::parse(ctgov->body).contains("protocolSection"));
  auto csv = client.Get("/api/v1/trials/jRCT2031240001?format=csv");
  REQUIRE(csv);
  CHECK(csv->body.find("\"jRCT2031240001\"") != std::string::npos);
  auto bad = client.Get("/api/v1/trials/jRCT2031240001?format=pdf");
  REQUIRE(bad);
  CHECK(bad->status == 400);
  CHECK(json::parse(bad->body)["errors"][0]["pointer"] == "format");
}

TEST_CASE("GET /api/v1/export streams the whole registry or a search in every format") {
  TestServer server;
  auto client = server.client();
  const auto total = server.app().store.count_trials().value();
  auto ndjson = client.Get("/api/v1/export.ndjson");
  REQUIRE(ndjson);
  CHECK(ndjson->status == 200);
  CHECK(ndjson->get_header_value("Transfer-Encoding") == "chunked");
  CHECK(std::count(ndjson->body.begin(), ndjson->body.end(), '\n') == total);
  auto csv = client.Get("/api/v1/export.csv?status=recruiting");
  REQUIRE(csv);
  const auto rows = std::count(csv->body.begin(), csv->body.end(), '\n');
  CHECK(rows > 1);
  CHECK(rows < total + 1);
  auto fhir = client.Get("/api/v1/export?format=fhir&q=%E8%82%BA%E3%81%8C%E3%82%93");
  REQUIRE(fhir);
  CHECK(fhir->status == 200);
  CHECK(fhir->body.find("\"ResearchStudy\"") != std::string::npos);
  auto bad = client.Get("/api/v1/export?format=docx");
  REQUIRE(bad);
  CHECK(bad->status == 400);
}

TEST_CASE("POST /api/v1/import maps an ICTRP export, and importing it again changes nothing") {
  TestServer server({.sample_count = 1});
  auto client = server.client();
  const auto [org, bearer] = server.registrant("Linkage Test");
  const auto xml = rinsho::testing::read_file(rinsho::testing::source_dir() / "tests" / "data" /
                                              "who_ictrp_xml_machado" / "ICTRP-Results-1.xml");
  auto unauth = client.Post("/api/v1/import?format=ictrp-xml", xml, "application/xml");
  REQUIRE(unauth);
  CHECK(unauth->status == 401);
  httplib::Headers auth = {{"Authorization", bearer}};
  auto first = client.Post("/api/v1/import?format=ictrp-xml", auth, xml, "application/xml");
  REQUIRE(first);
  REQUIRE(first->status == 200);
  const auto a = json::parse(first->body);
  // 14 mapped records, 13 trials: NCT03759379 is ClinicalTrials.gov's registration of
  // jRCT2080224769 (which lists it) and joins that trial.
  CHECK(a["imported"].get<int>() == 13);
  CHECK(a["linked"].get<int>() == 1);
  CHECK(a["failed"].get<int>() == 4);
  CHECK(a["skipped"].get<int>() == 77);
  auto second = client.Post("/api/v1/import?format=ictrp-xml", auth, xml, "application/xml");
  REQUIRE(second);
  const auto b = json::parse(second->body);
  CHECK(b["imported"].get<int>() == 0);
  CHECK(b["unchanged"].get<int>() == 14);
  // Imported trials are searchable at once.
  auto search = client.Get("/api/v1/trials?q=patisiran");
  REQUIRE(search);
  CHECK(json::parse(search->body)["total"]["estimated"].get<int>() >= 1);
  // Either registration's id finds the one trial, and its page names the other registration.
  for (const char* q : {"NCT03759379", "jRCT2080224769"}) {
    auto by_id = client.Get(std::string("/api/v1/trials?q=") + q);
    REQUIRE(by_id);
    const auto hits = json::parse(by_id->body);
    REQUIRE(!hits["hits"].empty());
    CHECK(hits["hits"][0]["id"] == "jRCT2080224769");
  }
  auto page = client.Get("/trials/jRCT2080224769?lang=en");
  REQUIRE(page);
  CHECK(page->body.find("Also registered as") != std::string::npos);
  CHECK(page->body.find("https://clinicaltrials.gov/study/NCT03759379") != std::string::npos);
}

TEST_CASE("a jRCT id that a trial carries as a secondary id leads to that trial's page") {
  TestServer server({.ids = {"jRCT2031240001"}});
  auto client = server.client();
  auto record = rinsho::testing::sample_record("jRCT2031240001");
  record["id"] = "jRCT2031250777";
  record["secondary_ids"] = json::array({{{"registry", "jRCT"}, {"id", "jRCT1031250888"}}});
  REQUIRE(server.app().store.put_trial(record, rinsho::store::WriteContext{"", "operator", "ingest", std::nullopt, false}).has_value());
  auto moved = client.Get("/trials/jRCT1031250888?lang=en");
  REQUIRE(moved);
  CHECK(moved->status == 301);
  CHECK(moved->get_header_value("Location") == "/trials/jRCT2031250777?lang=en");
  auto unknown = client.Get("/trials/jRCT1031259999");
  REQUIRE(unknown);
  CHECK(unknown->status == 404);
}
