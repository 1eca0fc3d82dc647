#pragma once
// The 47 prefectures of Japan (JIS X 0401), used wherever a site, filter or facet needs a
// prefecture: codes are what records store, names are what people read and type.
#include <span>
#include <string_view>

namespace rinsho::model {

struct Prefecture {
  std::string_view code;     // JIS X 0401: "01".."47", the value of sites[].prefecture
  std::string_view name_ja;  // with its suffix: 北海道, 青森県, 東京都, 大阪府
  std::string_view name_en;  // Hepburn without macrons or suffix: Hokkaido, Aomori, Tokyo
  double lat, lon;           // the prefectural office, a stand-in when a site has no coordinates
};

// All 47, in code order.
std::span<const Prefecture> prefectures();

// nullptr unless `code` is "01".."47".
const Prefecture* prefecture_by_code(std::string_view code);

// Resolves what registries write in a state or city field: a prefecture name in Japanese or romaji,
// with or without its suffix (東京都, 東京, Tokyo-to, Hyōgo Prefecture, Oosaka), or a common city or
// Tokyo ward (Yokohama, Nagoya-shi, 横浜市中央区, Bunkyo-ku, Tsukuba). Prefecture names win over
// city names, so "Ibaraki" is the prefecture, not the city in Osaka. Ward names that several
// big cities share (Chuo, Minato) resolve to Tokyo's ward; pass the state first where there is
// one. nullptr when nothing matches.
const Prefecture* find_prefecture(std::string_view place);

}  // namespace rinsho::model
