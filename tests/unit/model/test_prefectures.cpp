#include <doctest/doctest.h>

#include <set>
#include <string>

#include "model/prefectures.hpp"

using namespace rinsho;

TEST_CASE("prefectures lists the 47 in JIS order with names and office coordinates") {
  const auto all = model::prefectures();
  REQUIRE(all.size() == 47);
  std::set<std::string_view> ja, en;
  for (std::size_t i = 0; i < all.size(); ++i) {
    const auto& p = all[i];
    CAPTURE(p.code);
    const auto expected = (i + 1 < 10 ? "0" : "") + std::to_string(i + 1);
    CHECK(p.code == expected);
    CHECK(ja.insert(p.name_ja).second);
    CHECK(en.insert(p.name_en).second);
    // Japan spans roughly 24-46 N and 122-146 E.
    CHECK(p.lat > 24);
    CHECK(p.lat < 46);
    CHECK(p.lon > 122);
    CHECK(p.lon < 146);
  }
  CHECK(all[0].name_ja == "北海道");
  CHECK(all[1].name_ja == "青森県");
  CHECK(all[12].name_ja == "東京都");
  CHECK(all[12].name_en == "Tokyo");
  CHECK(all[25].name_ja == "京都府");
  CHECK(all[26].name_ja == "大阪府");
  CHECK(all[46].name_en == "Okinawa");
  CHECK(all[46].lat == doctest::Approx(26.2124).epsilon(0.001));
}

TEST_CASE("prefecture_by_code accepts only 01..47") {
  REQUIRE(model::prefecture_by_code("13") != nullptr);
  CHECK(model::prefecture_by_code("13")->name_en == "Tokyo");
  CHECK(model::prefecture_by_code("00") == nullptr);
  CHECK(model::prefecture_by_code("48") == nullptr);
  CHECK(model::prefecture_by_code("1") == nullptr);
}

TEST_CASE("find_prefecture resolves prefecture names, romaji variants and city names") {
  struct Case { const char* place; const char* code; };
  const Case cases[] = {
      // Prefecture names as registries write them.
      {"東京都", "13"}, {"東京", "13"}, {"Tokyo", "13"}, {"TOKYO", "13"}, {"Tokyo-to", "13"}, {"Tokyo Metropolis", "13"},
      {"大阪府", "27"}, {"Osaka-fu", "27"}, {"Oosaka", "27"}, {"北海道", "01"}, {"Hokkaido", "01"}, {"Hokkaidō", "01"},
      {"Hyōgo", "28"}, {"Hyogo Prefecture", "28"}, {"Hyogo-ken", "28"}, {"Kouchi", "39"}, {"Ooita", "44"},
      {"Gumma", "10"}, {"京都", "26"}, {"Kyoto-fu", "26"}, {"Aichi", "23"}, {"Ibaraki", "08"},
      // Japanese addresses start with the prefecture or the city.
      {"東京都文京区本郷", "13"}, {"大阪市中央区", "27"}, {"横浜市", "14"}, {"札幌市北区", "01"}, {"文京区", "13"},
      // Cities and wards from the brief and from real ClinicalTrials.gov sites.
      {"Osaka", "27"}, {"Yokohama", "14"}, {"Sapporo", "01"}, {"Kobe", "28"}, {"Kyoto", "26"}, {"Fukuoka", "40"},
      {"Nagoya", "23"}, {"Nagoya-shi", "23"}, {"Sendai", "04"}, {"Hiroshima", "34"}, {"Chiba", "12"}, {"Saitama", "11"},
      {"Kawasaki", "14"}, {"Kitakyushu", "40"}, {"Hamamatsu", "22"}, {"Niigata", "15"}, {"Okayama", "33"},
      {"Kumamoto", "43"}, {"Kagoshima", "46"}, {"Matsuyama", "38"}, {"Kanazawa", "17"}, {"Toyama", "16"},
      {"Nagasaki", "42"}, {"Oita", "44"}, {"Naha", "47"}, {"Tsukuba", "08"}, {"Bunkyo", "13"}, {"Bunkyo-ku", "13"},
      {"Chuo-ku", "13"}, {"Shinjuku", "13"}, {"Minato-ku", "13"}, {"Chiyoda", "13"}, {"Suita", "27"}, {"Kashiwa", "12"},
      {"Osaka-sayama", "27"}, {"Kitaadachigun", "11"}, {"Isehara City", "14"}, {"Kamogawa", "12"}, {"Shimotsuke", "09"},
      {"Shibuya", "13"}, {"Shinagawa", "13"}, {"Habikino-shi", "27"}, {"Akashi-shi", "28"}, {"Natori-shi", "04"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.place);
    const auto* p = model::find_prefecture(c.place);
    REQUIRE(p != nullptr);
    CHECK(p->code == c.code);
  }
}

TEST_CASE("find_prefecture returns nullptr for places it does not know") {
  for (const char* place : {"", "   ", "Paris", "Kita-ku", "Springfield", "New York", "ku", "北区"}) {
    CAPTURE(place);
    CHECK(model::find_prefecture(place) == nullptr);
  }
}
