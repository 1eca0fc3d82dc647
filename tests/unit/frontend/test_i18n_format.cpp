#include <doctest/doctest.h>

#include <regex>

#include "frontend/assets.hpp"
#include "frontend/format.hpp"
#include "frontend/frontend_files.hpp"
#include "frontend/i18n.hpp"
#include "frontend/template.hpp"
#include "frontend_fixtures.hpp"

using namespace rinsho;
using namespace rinsho::testing;

TEST_CASE("Messages::load has every message in both languages") {
  auto m = frontend::Messages::load();
  REQUIRE(m.has_value());
  CHECK(m->texts("ja").size() == m->texts("en").size());
  CHECK(m->text("search_button", "ja") == "検索");
  CHECK(m->text("search_button", "en") == "Search");
  CHECK(m->text("no_such_key", "ja") == "no_such_key");
  CHECK(m->format("results_count", "ja", {{"n", "1,234"}}) == "1,234 件の研究が見つかりました");
}

TEST_CASE("Messages::parse rejects a message missing its English text") {
  auto m = frontend::Messages::parse(R"({"a": {"ja": "あ"}})", R"({"quick_conditions": []})", "[]");
  CHECK_FALSE(m.has_value());
}

TEST_CASE("every template message key exists") {
  auto m = *frontend::Messages::load();
  const std::regex key(R"(\{\{[#^/]?t\.([a-z0-9_]+)\}\})");
  for (const auto& [path, text] : frontend_files::embedded_files()) {
    const std::string s(text);
    for (auto it = std::sregex_iterator(s.begin(), s.end(), key); it != std::sregex_iterator(); ++it) {
      const std::string where = std::string(path) + ": " + (*it)[1].str();
      CHECK_MESSAGE(m.texts("ja").contains((*it)[1].str()), where);
    }
  }
}

TEST_CASE("every schema enum value has a label in both languages") {
  auto m = *frontend::Messages::load();
  const auto schema = nlohmann::json::parse(read_file(source_dir() / "schema/trial.schema.json"));
  const auto& p = schema["properties"];
  const std::pair<const char*, nlohmann::json> kinds[] = {
      {"status", p["recruitment_status"]["enum"]}, {"phase", p["phase"]["enum"]}, {"category", p["category"]["enum"]},
      {"study_type", p["study_type"]["enum"]}, {"modality", p["modality"]["enum"]},
      {"sex", p["eligibility"]["properties"]["sex"]["enum"]},
      {"allocation", p["design"]["properties"]["allocation"]["enum"]},
      {"masking", p["design"]["properties"]["masking"]["enum"]}, {"control", p["design"]["properties"]["control"]["enum"]},
      {"purpose", p["design"]["properties"]["purpose"]["enum"]},
      {"intervention_type", p["interventions"]["items"]["properties"]["type"]["enum"]},
      {"approval_status", p["interventions"]["items"]["properties"]["approval_status"]["enum"]},
      {"ethics_status", p["ethics_review"]["properties"]["status"]["enum"]},
      {"ipd_plan", p["ipd_sharing"]["properties"]["plan"]["enum"]},
      {"site_status", p["sites"]["items"]["properties"]["status"]["enum"]}};
  // Plain names, not structured bindings: CHECK_MESSAGE captures in a lambda, which clang 14 (the
  // sanitizer builds' compiler) does not allow for bindings.
  for (const auto& entry : kinds) {
    const auto& kind = entry.first;
    for (const auto& v : entry.second) CHECK_MESSAGE(m.has_label(kind, v.get<std::string>()), (std::string(kind) + " " + v.get<std::string>()));
  }
  for (const auto& item : p.items()) {
    const std::string field = item.key();
    if (field != "version" && field != "created_at" && field != "updated_at" && field != "owner_org")
      CHECK_MESSAGE(m.has_label("field", field), field);
  }
  for (const char* flag : {"dct", "dct:remote_visits", "dct:home_visits", "dct:econsent", "dct:direct_to_patient_delivery",
                           "dct:wearables", "single_irb", "international", "fih", "pediatric", "orphan", "drug_loss", "healthy"})
    CHECK_MESSAGE(m.has_label("flag", flag), flag);
}

TEST_CASE("Messages::prefectures lists all 47 with office coordinates") {
  auto m = *frontend::Messages::load();
  REQUIRE(m.prefectures().size() == 47);
  CHECK(m.label("prefecture", "01", "ja") == "北海道");
  CHECK(m.label("prefecture", "01", "en") == "Hokkaido");
  CHECK(m.label("prefecture", "47", "ja") == "沖縄県");
  for (std::size_t i = 0; i < 47; ++i) {
    const auto& p = m.prefectures()[i];
    char code[3];
    std::snprintf(code, sizeof code, "%02zu", i + 1);
    CHECK(p.code == code);
    CHECK(p.lat > 24);
    CHECK(p.lat < 46);
    CHECK(p.lon > 122);
    CHECK(p.lon < 146);
  }
}

TEST_CASE("url helpers encode values and edit queries") {
  CHECK(frontend::url_encode("肺がん a&b") == "%E8%82%BA%E3%81%8C%E3%82%93%20a%26b");
  CHECK(frontend::build_url("/search", {{"q", "a b"}, {"status", "recruiting"}}) == "/search?q=a%20b&status=recruiting");
  CHECK(frontend::build_url("/", {}) == "/");
  CHECK(frontend::with_lang({{"lang", "en"}, {"q", "x"}}, "ja") == frontend::Query{{"q", "x"}});
  CHECK(frontend::with_lang({{"q", "x"}}, "en") == frontend::Query{{"q", "x"}, {"lang", "en"}});
  CHECK(frontend::without_value({{"status", "recruiting,completed"}, {"status", "pending"}, {"q", "x"}}, "status", "completed") ==
        frontend::Query{{"status", "recruiting"}, {"status", "pending"}, {"q", "x"}});
  CHECK(frontend::without_value({{"status", "pending"}}, "status", "pending").empty());
}

TEST_CASE("format helpers") {
  CHECK(frontend::format_date("2024-04-12", "ja") == "2024年4月12日");
  CHECK(frontend::format_date("2024-04-12T09:00:00Z", "en") == "12 Apr 2024");
  CHECK(frontend::format_date("soon", "ja") == "soon");
  CHECK(frontend::format_count(1234567) == "1,234,567");
  CHECK(frontend::format_km(3.24) == "3.2");
  CHECK(frontend::format_km(123.6) == "124");
  CHECK(frontend::truncate_utf8("あいうえお", 3) == "あいう…");
  CHECK(frontend::truncate_utf8("abc", 3) == "abc");
  const double tokyo_osaka = frontend::distance_km(35.6895, 139.6917, 34.6863, 135.5200);
  CHECK(tokyo_osaka > 390);
  CHECK(tokyo_osaka < 405);
  const nlohmann::json j = {{"a", "</script><!--&"}};
  const auto safe = frontend::script_safe_json(j);
  CHECK(safe.find('<') == std::string::npos);
  CHECK(nlohmann::json::parse(safe) == j);
  CHECK(frontend::paragraphs("a\n\nb\r\n") == std::vector<std::string>{"a", "b"});
}

TEST_CASE("static_asset serves only exact embedded names") {
  auto css = frontend::static_asset("site.css");
  REQUIRE(css.has_value());
  CHECK(css->content_type == "text/css; charset=utf-8");
  CHECK(css->etag.size() == 18);
  CHECK(frontend::static_asset("site.js")->content_type == "text/javascript; charset=utf-8");
  CHECK(frontend::static_asset("favicon.svg")->content_type == "image/svg+xml");
  for (const char* bad : {"", "../frontend_files.hpp", "%2e%2e/site.css", "../templates/layout.mustache", "site.css/",
                          "/site.css", "SITE.CSS"})
    CHECK_FALSE(frontend::static_asset(bad).has_value());
  CHECK(frontend::asset_url("site.css").rfind("/static/site.css?v=", 0) == 0);
}

TEST_CASE("check_templates parses every embedded template") {
  CHECK(frontend::check_templates().has_value());
  CHECK(frontend::template_names().size() >= 8);
}
