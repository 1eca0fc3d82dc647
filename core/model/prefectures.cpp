#include "model/prefectures.hpp"

#include <array>
#include <string>

#include "model/prefecture_places.hpp"

namespace rinsho::model {
namespace {

// Office coordinates: the prefectural government buildings (GSI's table of prefectural capitals).
constexpr std::array<Prefecture, 47> kPrefectures = {{
  {"01", "北海道", "Hokkaido", 43.0642, 141.3469},   {"02", "青森県", "Aomori", 40.8244, 140.7400},
  {"03", "岩手県", "Iwate", 39.7036, 141.1527},      {"04", "宮城県", "Miyagi", 38.2688, 140.8721},
  {"05", "秋田県", "Akita", 39.7186, 140.1024},      {"06", "山形県", "Yamagata", 38.2404, 140.3633},
  {"07", "福島県", "Fukushima", 37.7500, 140.4678},  {"08", "茨城県", "Ibaraki", 36.3418, 140.4468},
  {"09", "栃木県", "Tochigi", 36.5657, 139.8836},    {"10", "群馬県", "Gunma", 36.3911, 139.0608},
  {"11", "埼玉県", "Saitama", 35.8570, 139.6489},    {"12", "千葉県", "Chiba", 35.6051, 140.1233},
  {"13", "東京都", "Tokyo", 35.6895, 139.6917},      {"14", "神奈川県", "Kanagawa", 35.4478, 139.6425},
  {"15", "新潟県", "Niigata", 37.9026, 139.0236},    {"16", "富山県", "Toyama", 36.6953, 137.2113},
  {"17", "石川県", "Ishikawa", 36.5947, 136.6256},   {"18", "福井県", "Fukui", 36.0652, 136.2216},
  {"19", "山梨県", "Yamanashi", 35.6642, 138.5684},  {"20", "長野県", "Nagano", 36.6513, 138.1810},
  {"21", "岐阜県", "Gifu", 35.3912, 136.7223},       {"22", "静岡県", "Shizuoka", 34.9769, 138.3831},
  {"23", "愛知県", "Aichi", 35.1802, 136.9066},      {"24", "三重県", "Mie", 34.7303, 136.5086},
  {"25", "滋賀県", "Shiga", 35.0045, 135.8686},      {"26", "京都府", "Kyoto", 35.0214, 135.7556},
  {"27", "大阪府", "Osaka", 34.6863, 135.5200},      {"28", "兵庫県", "Hyogo", 34.6913, 135.1830},
  {"29", "奈良県", "Nara", 34.6853, 135.8327},       {"30", "和歌山県", "Wakayama", 34.2260, 135.1675},
  {"31", "鳥取県", "Tottori", 35.5036, 134.2383},    {"32", "島根県", "Shimane", 35.4723, 133.0505},
  {"33", "岡山県", "Okayama", 34.6618, 133.9344},    {"34", "広島県", "Hiroshima", 34.3966, 132.4596},
  {"35", "山口県", "Yamaguchi", 34.1859, 131.4714},  {"36", "徳島県", "Tokushima", 34.0658, 134.5593},
  {"37", "香川県", "Kagawa", 34.3401, 134.0434},     {"38", "愛媛県", "Ehime", 33.8417, 132.7661},
  {"39", "高知県", "Kochi", 33.5597, 133.5311},      {"40", "福岡県", "Fukuoka", 33.6064, 130.4181},
  {"41", "佐賀県", "Saga", 33.2494, 130.2988},       {"42", "長崎県", "Nagasaki", 32.7448, 129.8737},
  {"43", "熊本県", "Kumamoto", 32.7898, 130.7417},   {"44", "大分県", "Oita", 33.2382, 131.6126},
  {"45", "宮崎県", "Miyazaki", 31.9111, 131.4239},   {"46", "鹿児島県", "Kagoshima", 31.5602, 130.5581},
  {"47", "沖縄県", "Okinawa", 26.2124, 127.6809},
}};

// Older or phonetic spellings that normalisation alone does not reach.
constexpr std::array<std::pair<std::string_view, std::string_view>, 3> kRomajiAliases = {{
  {"gumma", "10"}, {"kioto", "26"}, {"hokkai", "01"},
}};

// Words registries append to place names; dropped so "Nagoya-shi" and "Hyogo Prefecture" match.
constexpr std::array<std::string_view, 17> kSuffixWords = {
  "shi", "city", "ku", "ward", "gun", "cho", "machi", "town", "mura", "village",
  "ken", "fu", "to", "do", "prefecture", "pref", "metropolis"};

bool is_suffix_word(std::string_view w) {
  for (auto s : kSuffixWords)
    if (w == s) return true;
  return false;
}

// Folds a romaji spelling to a comparison key: ASCII lower case, macrons and long-vowel spellings
// folded (ō, ou, oo -> o; ū, uu -> u), suffix words dropped, separators removed.
std::string romaji_key(std::string_view s) {
  std::string folded;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = s[i];
    if (c == 0xC5 && i + 1 < s.size() && (s[i + 1] == '\x8D' || s[i + 1] == '\x8C')) { folded += 'o'; ++i; continue; }
    if (c == 0xC5 && i + 1 < s.size() && (s[i + 1] == '\xAB' || s[i + 1] == '\xAA')) { folded += 'u'; ++i; continue; }
    if (c == 0xC3 && i + 1 < s.size() && (s[i + 1] == '\xB4' || s[i + 1] == '\x94')) { folded += 'o'; ++i; continue; }
    if (c >= 0x80) return {};  // not romaji
    folded += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
  }
  std::string key, word;
  auto flush = [&] {
    if (!word.empty() && !is_suffix_word(word)) key += word;
    word.clear();
  };
  for (char c : folded) {
    if (c >= 'a' && c <= 'z') word += c;
    else flush();
  }
  flush();
  std::string out;
  for (char c : key) {
    if (!out.empty() && ((out.back() == 'o' && (c == 'u' || c == 'o')) || (out.back() == 'u' && c == 'u'))) continue;
    out += c;
  }
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool ends_with_any(std::string_view s, std::initializer_list<std::string_view> tails) {
  for (auto t : tails)
    if (s.ends_with(t)) return true;
  return false;
}

// 東京都, 東京, 東京都文京区 and 大阪市北区 all resolve; 京都 is Kyoto, not 東京's tail.
const Prefecture* find_japanese_prefecture(std::string_view s) {
  for (const auto& p : kPrefectures) {
    if (s.starts_with(p.name_ja)) return &p;
    std::string_view stem = p.name_ja;
    if (stem != "北海道" && ends_with_any(stem, {"都", "府", "県"})) stem.remove_suffix(3);
    if (s == stem || (s.starts_with(stem) && s.substr(stem.size()).starts_with("市"))) return &p;
  }
  return nullptr;
}

const Prefecture* find_japanese_place(std::string_view s) {
  for (const auto& place : detail::prefecture_places()) {
    if (place.ja.empty()) continue;
    if (s.starts_with(place.ja)) return prefecture_by_code(place.code);
    std::string_view stem = place.ja;
    if (ends_with_any(stem, {"市", "区", "町", "郡"})) stem.remove_suffix(3);
    if (s == stem) return prefecture_by_code(place.code);
  }
  return nullptr;
}

const Prefecture* find_romaji(std::string_view s) {
  const std::string key = romaji_key(s);
  if (key.empty()) return nullptr;
  for (const auto& p : kPrefectures)
    if (romaji_key(p.name_en) == key) return &p;
  for (const auto& [alias, code] : kRomajiAliases)
    if (alias == key) return prefecture_by_code(code);
  for (const auto& place : detail::prefecture_places())
    if (!place.romaji.empty() && romaji_key(place.romaji) == key) return prefecture_by_code(place.code);
  return nullptr;
}

bool has_non_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return true;
  return false;
}

}  // namespace

std::span<const Prefecture> prefectures() { return kPrefectures; }

const Prefecture* prefecture_by_code(std::string_view code) {
  for (const auto& p : kPrefectures)
    if (p.code == code) return &p;
  return nullptr;
}

const Prefecture* find_prefecture(std::string_view place) {
  place = trim(place);
  if (place.empty()) return nullptr;
  if (const auto* p = find_romaji(place)) return p;
  if (!has_non_ascii(place)) return nullptr;
  if (const auto* p = find_japanese_prefecture(place)) return p;
  return find_japanese_place(place);
}

}  // namespace rinsho::model
