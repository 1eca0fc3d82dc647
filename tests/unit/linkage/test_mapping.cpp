#include <doctest/doctest.h>

#include "linkage/mapping.hpp"
#include "linkage/text.hpp"

using namespace rinsho::linkage;

namespace {

template <class T> std::optional<T> ok(const Parsed<T>& p) {
  CAPTURE(p.error);
  CHECK(p.error.empty());
  return p.value;
}

}  // namespace

TEST_CASE("parse_recruitment_status maps ICTRP, ClinicalTrials.gov v2 and legacy spellings") {
  const std::pair<const char*, const char*> cases[] = {
      {"Recruiting", "recruiting"}, {"RECRUITING", "recruiting"}, {"Not recruiting", "active_not_recruiting"},
      {"Not Recruiting", "active_not_recruiting"}, {"Active, not recruiting", "active_not_recruiting"},
      {"ACTIVE_NOT_RECRUITING", "active_not_recruiting"}, {"Not yet recruiting", "pending"},
      {"NOT_YET_RECRUITING", "pending"}, {"Enrolling by invitation", "enrolling_by_invitation"},
      {"Completed", "completed"}, {"Suspended", "suspended"}, {"TERMINATED", "terminated"}, {"Withdrawn", "withdrawn"}};
  for (const auto& entry : cases) {  // named, not bound: CAPTURE's lambda cannot take bindings in clang 14
    const auto& raw = entry.first;
    const auto& expected = entry.second;
    CAPTURE(raw);
    CHECK(ok(parse_recruitment_status(raw)) == expected);
  }
  CHECK(!parse_recruitment_status("  ").value);
  CHECK(parse_recruitment_status("  ").error.empty());
  CHECK(parse_recruitment_status("Authorised").error.find("EU CTR") != std::string::npos);
  CHECK(parse_recruitment_status("Unknown status").error.find("unknown") != std::string::npos);
  CHECK(parse_recruitment_status("Withheld").error == "'Withheld' is not a recruitment status rinsho knows");
  CHECK(!parse_site_status("Enrolling by invitation").error.empty());
}

TEST_CASE("parse_phase reads every phase spelling in the shared data and refuses spreadsheet damage") {
  const std::pair<const char*, const char*> cases[] = {
      {"Phase 3", "3"}, {"3", "3"}, {"Phase III", "3"}, {"III", "3"}, {"Phase 2/Phase 3", "2/3"}, {"2-3", "2/3"},
      {"Phase1/Phase2", "1/2"}, {"Phase I/II", "1/2"}, {"1-2", "1/2"}, {"Early Phase 1", "0"}, {"0", "0"},
      {"Phase 4", "4"}, {"IV", "4"}, {"N/A", "na"}, {"Not Applicable", "na"}, {"Not selected", "na"}, {"", "na"},
      {"Retrospective study", "na"}, {"New Treatment Measure Clinical Study", "na"}, {"PHASE2", "2"},
      {"Human pharmacology (Phase I): no\nTherapeutic exploratory (Phase II): yes\nTherapeutic confirmatory - (Phase III): yes\n"
       "Therapeutic use (Phase IV): no", "2/3"},
      {"Human pharmacology (Phase I): no Therapeutic exploratory (Phase II): no Therapeutic confirmatory - (Phase III): yes "
       "Therapeutic use - (Phase IV): no", "3"}};
  for (const auto& entry : cases) {  // named, not bound: CAPTURE's lambda cannot take bindings in clang 14
    const auto& raw = entry.first;
    const auto& expected = entry.second;
    CAPTURE(raw);
    CHECK(ok(parse_phase(raw)) == expected);
  }
  CHECK(ok(parse_phases({"PHASE1", "PHASE2"})) == "1/2");
  CHECK(ok(parse_phases({"EARLY_PHASE1"})) == "0");
  CHECK(ok(parse_phases({})) == "na");
  const auto damaged = parse_phase("43862");
  CHECK(!damaged.value);
  CHECK(damaged.error.find("spreadsheet date serial (2020-02-01") != std::string::npos);
  CHECK(!parse_phase("Phase 5").error.empty());
  CHECK(!parse_phases({"PHASE3", "PHASE4"}).error.empty());
}

TEST_CASE("parse_sex, parse_study_type and parse_intervention_type cover the sources' values") {
  for (const char* all : {"All", "Both", "BOTH", "Male and Female", "Both males and females", "<br>Female: yes<br>Male: yes<br>",
                          "Female: yes Male: yes", "ALL"})
    CHECK(ok(parse_sex(all)) == "all");
  CHECK(ok(parse_sex("Females")) == "female");
  CHECK(ok(parse_sex("<br>Female: no<br>Male: yes<br>")) == "male");
  CHECK(!ok(parse_sex("")));
  CHECK(!parse_sex("Hermaphrodite").error.empty());
  CHECK(ok(parse_study_type("Interventional clinical trial of medicinal product")) == "interventional");
  CHECK(ok(parse_study_type("Observational [Patient Registry]")) == "observational");
  CHECK(ok(parse_study_type("EXPANDED_ACCESS")) == "expanded_access");
  const auto umin = parse_study_type("Others,meta-analysis etc");
  CHECK(umin.value == "observational");
  CHECK(!umin.note.empty());
  CHECK(!parse_study_type("Diagnostic test").error.empty());
  CHECK(ok(parse_intervention_type("Dietary Supplement")) == "dietary_supplement");
  CHECK(ok(parse_intervention_type("COMBINATION_PRODUCT")) == "other");
  CHECK(!parse_intervention_type("Experimental").error.empty());
}

TEST_CASE("parse_age_years reads ages in every unit and form the sources use") {
  const std::pair<const char*, double> cases[] = {
      {"20 Years", 20}, {"18", 18}, {"18 years", 18}, {"6 Months", 0.5}, {">= 20age old", 20}, {"<= 90age old", 90},
      {"16years-old", 16}, {"60(Year)", 60}, {"1 Day", 0.0027}, {"2 Weeks", 0.0383}, {"< 75age old", 75}};
  for (const auto& entry : cases) {  // named, not bound: CAPTURE's lambda cannot take bindings in clang 14
    const auto& raw = entry.first;
    const auto& years = entry.second;
    CAPTURE(raw);
    auto v = ok(parse_age_years(raw, false));
    REQUIRE(v);
    CHECK(*v == doctest::Approx(years).epsilon(0.001));
  }
  for (const char* none : {"N/A", "None", "Not applicable", "No limit", "", "/"}) CHECK(!ok(parse_age_years(none, true)));
  CHECK(ok(parse_age_years("65+", false)) == 65);
  CHECK(!parse_age_years("65+", true).error.empty());  // an open range is no upper limit
  CHECK(!ok(parse_age_years("??", true)));  // the COVID-19 CSV's placeholder
  CHECK(!parse_age_years("adult", true).error.empty());
  CHECK(!parse_age_years("200 Years", true).error.empty());
}

TEST_CASE("parse_date reads the sources' date forms and refuses Excel serials") {
  const std::pair<const char*, const char*> cases[] = {
      {"2020-03-15", "2020-03-15"}, {"March 15, 2020", "2020-03-15"}, {"15/03/2020", "2020-03-15"},
      {"2016/12/06", "2016-12-06"}, {"20240408", "2024-04-08"}, {"20 May 2024", "2024-05-20"},
      {"4/15/2020 4:11:24 PM", "2020-04-15"}, {"2020-06-07 17:53:51", "2020-06-07"}, {"08/04/2024", "2024-04-08"},
      {"15-Mar-2020", "2020-03-15"}};
  for (const auto& entry : cases) {  // named, not bound: CAPTURE's lambda cannot take bindings in clang 14
    const auto& raw = entry.first;
    const auto& iso = entry.second;
    CAPTURE(raw);
    CHECK(ok(parse_date(raw)) == iso);
  }
  const auto month = parse_date("January 2022");
  CHECK(month.value == "2022-01-01");
  CHECK(month.note.find("only the month") != std::string::npos);
  CHECK(parse_date("2006-11").value == "2006-11-01");
  CHECK(!ok(parse_date("01/01/1900")));  // ICTRP's "no date"
  const auto serial = parse_date("43862");
  CHECK(!serial.value);
  CHECK(serial.error.find("spreadsheet date serial (2020-02-01") != std::string::npos);
  CHECK(parse_date("45016").error.find("2023-03-31") != std::string::npos);
  CHECK(parse_date("2023-02-29").error.find("not a date that exists") != std::string::npos);
  CHECK(!parse_date("someday").error.empty());
  CHECK(excel_serial_date(1) == "1899-12-31");  // Excel's day 1 is 1900-01-01 only before its fictitious 29 Feb
  CHECK(excel_serial_date(61) == "1900-03-01");
}

TEST_CASE("parse_count sums ChiCTR group sizes and rejects text") {
  CHECK(ok(parse_count("600")) == 600);
  CHECK(ok(parse_count("1,000")) == 1000);
  CHECK(ok(parse_count("Experimental group:30;Control group:30;")) == 60);
  CHECK(ok(parse_count("Case series:100;")) == 100);
  CHECK(!ok(parse_count("")));
  CHECK(!parse_count("about 100").error.empty());
  CHECK(!parse_count("999999999999").error.empty());
}

TEST_CASE("country_code maps registry spellings to ISO 3166-1 alpha-2 and knows regions") {
  const std::pair<const char*, const char*> cases[] = {
      {"Japan", "JP"}, {"Korea, Republic of", "KR"}, {"Korea, Republic Of", "KR"}, {"KOREA", "KR"}, {"USA", "US"},
      {"United States of America", "US"}, {"Türkiye", "TR"}, {"Turkey", "TR"}, {"The Netherlands", "NL"},
      {"Czech Republic", "CZ"}, {"Czechia", "CZ"}, {"Iran (Islamic Republic of)", "IR"}, {"Russian Federation", "RU"},
      {"Taiwan, Province Of China", "TW"}, {"Viet Nam", "VN"}, {"Vietnam", "VN"}, {"Hong Kong", "HK"},
      {"Réunion", "RE"}, {"China?", "CN"}, {"North Macedonia", "MK"}};
  for (const auto& entry : cases) {  // named, not bound: CAPTURE's lambda cannot take bindings in clang 14
    const auto& name = entry.first;
    const auto& code = entry.second;
    CAPTURE(name);
    CHECK(country_code(name) == code);
  }
  CHECK(!country_code("Asia except Japan"));
  CHECK(is_region("Asia(except Japan)"));
  CHECK(is_region("EUROPE"));
  CHECK(country_name("JP") == "Japan");
  MapLog log;
  CHECK(map_countries("Japan,Asia(except Japan),North America", "Countries", log) == std::vector<std::string>{"JP"});
  CHECK(map_countries("USA;KOREA;Japan;USA", "Countries", log) == std::vector<std::string>{"US", "KR", "JP"});
  CHECK(map_countries("Korea, Republic of;Wuhan", "Countries", log) == std::vector<std::string>{"KR"});
  REQUIRE(log.notes.size() == 2);
  CHECK(log.notes[0] == "Countries: 'Asia(except Japan)', 'North America' are regions, not countries; left out");
  CHECK(log.notes[1] == "Countries: 'Wuhan' not recognised as a country; left out");
}

TEST_CASE("classify_id names the registry of an id and is_jrct_id checks the schema's id pattern") {
  CHECK(classify_id("JPRN-jRCT2080224769").registry == "jRCT");
  CHECK(classify_id("JPRN-jRCT2080224769").id == "jRCT2080224769");
  CHECK(classify_id("JPRN-UMIN000027045").registry == "UMIN");
  CHECK(classify_id("JPRN-UMIN000027045").id == "UMIN000027045");
  CHECK(classify_id("JapicCTI-194846").registry == "JapicCTI");
  CHECK(classify_id("JMA-IIA00123").registry == "JMA-IIA");
  CHECK(classify_id("NCT03759379").registry == "NCT");
  CHECK(classify_id("2019-001698-10").registry == "EudraCT");
  CHECK(classify_id("EUCTR2021-000037-14-PL").registry == "EU CTR");
  CHECK(classify_id("NEOD001-301", "CRIS").registry == "CRIS");
  CHECK(classify_id("NEOD001-301").registry == "other");
  CHECK(is_jrct_id("jRCTs031210288"));
  CHECK(is_jrct_id("jRCT2031240001"));
  CHECK(!is_jrct_id("jRCT20312400011"));
  CHECK(!is_jrct_id("UMIN000027045"));
}

TEST_CASE("site_prefecture reads the state first, then the city, then comma-separated parts") {
  CHECK(site_prefecture("Aichi", "Nagoya-shi") == "23");
  CHECK(site_prefecture("", "Isehara City, Kanagawa") == "14");
  CHECK(site_prefecture("", "Kanazawa") == "17");
  CHECK(site_prefecture("Osaka", "Chuo-ku") == "27");  // the state decides a ward name several cities share
  CHECK(!site_prefecture("", "Local Institution"));
}

TEST_CASE("clean_text, localized and invalid_utf8_at prepare registry text") {
  CHECK(clean_text("\r<br>        Inclusion:\r<br>\r<br>        - a\r<br>        - b\n    ") == "Inclusion:\n\n- a\n- b");
  CHECK(clean_text("a<BR/>b<br />c") == "a\nb\nc");
  CHECK(localized("肺がん")->ja == "肺がん");
  CHECK(!localized("肺がん")->en);
  CHECK(localized("Lung cancer")->en == "Lung cancer");
  CHECK(!localized(" - "));
  CHECK(!invalid_utf8_at("日本語 and ASCII"));
  CHECK(invalid_utf8_at("ab\xff") == 2u);
  CHECK(invalid_utf8_at("\xc0\xaf") == 0u);         // overlong "/"
  CHECK(invalid_utf8_at("\xed\xa0\x80") == 0u);     // a UTF-16 surrogate
  CHECK(invalid_utf8_at("x\xe6\x97") == 1u);        // cut in the middle of a character
}
