// Country names as registries write them -> ISO 3166-1 alpha-2.
#include <algorithm>
#include <array>
#include <map>

#include "linkage/mapping.hpp"
#include "linkage/text.hpp"

namespace rinsho::linkage {
namespace {

struct Country {
  std::string_view code, name;
};

// Every ISO 3166-1 country with its English short name (the name exporters write).
constexpr auto kCountries = std::to_array<Country>({
  {"AD", "Andorra"}, {"AE", "United Arab Emirates"}, {"AF", "Afghanistan"}, {"AG", "Antigua and Barbuda"},
  {"AI", "Anguilla"}, {"AL", "Albania"}, {"AM", "Armenia"}, {"AO", "Angola"}, {"AQ", "Antarctica"},
  {"AR", "Argentina"}, {"AS", "American Samoa"}, {"AT", "Austria"}, {"AU", "Australia"}, {"AW", "Aruba"},
  {"AX", "Åland Islands"}, {"AZ", "Azerbaijan"}, {"BA", "Bosnia and Herzegovina"}, {"BB", "Barbados"},
  {"BD", "Bangladesh"}, {"BE", "Belgium"}, {"BF", "Burkina Faso"}, {"BG", "Bulgaria"}, {"BH", "Bahrain"},
  {"BI", "Burundi"}, {"BJ", "Benin"}, {"BL", "Saint Barthélemy"}, {"BM", "Bermuda"}, {"BN", "Brunei Darussalam"},
  {"BO", "Bolivia"}, {"BQ", "Bonaire, Sint Eustatius and Saba"}, {"BR", "Brazil"}, {"BS", "Bahamas"},
  {"BT", "Bhutan"}, {"BV", "Bouvet Island"}, {"BW", "Botswana"}, {"BY", "Belarus"}, {"BZ", "Belize"},
  {"CA", "Canada"}, {"CC", "Cocos (Keeling) Islands"}, {"CD", "Congo, The Democratic Republic of the"},
  {"CF", "Central African Republic"}, {"CG", "Congo"}, {"CH", "Switzerland"}, {"CI", "Côte d'Ivoire"},
  {"CK", "Cook Islands"}, {"CL", "Chile"}, {"CM", "Cameroon"}, {"CN", "China"}, {"CO", "Colombia"},
  {"CR", "Costa Rica"}, {"CU", "Cuba"}, {"CV", "Cabo Verde"}, {"CW", "Curaçao"}, {"CX", "Christmas Island"},
  {"CY", "Cyprus"}, {"CZ", "Czechia"}, {"DE", "Germany"}, {"DJ", "Djibouti"}, {"DK", "Denmark"},
  {"DM", "Dominica"}, {"DO", "Dominican Republic"}, {"DZ", "Algeria"}, {"EC", "Ecuador"}, {"EE", "Estonia"},
  {"EG", "Egypt"}, {"EH", "Western Sahara"}, {"ER", "Eritrea"}, {"ES", "Spain"}, {"ET", "Ethiopia"},
  {"FI", "Finland"}, {"FJ", "Fiji"}, {"FK", "Falkland Islands (Malvinas)"}, {"FM", "Micronesia, Federated States of"},
  {"FO", "Faroe Islands"}, {"FR", "France"}, {"GA", "Gabon"}, {"GB", "United Kingdom"}, {"GD", "Grenada"},
  {"GE", "Georgia"}, {"GF", "French Guiana"}, {"GG", "Guernsey"}, {"GH", "Ghana"}, {"GI", "Gibraltar"},
  {"GL", "Greenland"}, {"GM", "Gambia"}, {"GN", "Guinea"}, {"GP", "Guadeloupe"}, {"GQ", "Equatorial Guinea"},
  {"GR", "Greece"}, {"GS", "South Georgia and the South Sandwich Islands"}, {"GT", "Guatemala"}, {"GU", "Guam"},
  {"GW", "Guinea-Bissau"}, {"GY", "Guyana"}, {"HK", "Hong Kong"}, {"HM", "Heard Island and McDonald Islands"},
  {"HN", "Honduras"}, {"HR", "Croatia"}, {"HT", "Haiti"}, {"HU", "Hungary"}, {"ID", "Indonesia"},
  {"IE", "Ireland"}, {"IL", "Israel"}, {"IM", "Isle of Man"}, {"IN", "India"}, {"IO", "British Indian Ocean Territory"},
  {"IQ", "Iraq"}, {"IR", "Iran, Islamic Republic of"}, {"IS", "Iceland"}, {"IT", "Italy"}, {"JE", "Jersey"},
  {"JM", "Jamaica"}, {"JO", "Jordan"}, {"JP", "Japan"}, {"KE", "Kenya"}, {"KG", "Kyrgyzstan"}, {"KH", "Cambodia"},
  {"KI", "Kiribati"}, {"KM", "Comoros"}, {"KN", "Saint Kitts and Nevis"},
  {"KP", "Korea, Democratic People's Republic of"}, {"KR", "Korea, Republic of"}, {"KW", "Kuwait"},
  {"KY", "Cayman Islands"}, {"KZ", "Kazakhstan"}, {"LA", "Lao People's Democratic Republic"}, {"LB", "Lebanon"},
  {"LC", "Saint Lucia"}, {"LI", "Liechtenstein"}, {"LK", "Sri Lanka"}, {"LR", "Liberia"}, {"LS", "Lesotho"},
  {"LT", "Lithuania"}, {"LU", "Luxembourg"}, {"LV", "Latvia"}, {"LY", "Libya"}, {"MA", "Morocco"},
  {"MC", "Monaco"}, {"MD", "Moldova, Republic of"}, {"ME", "Montenegro"}, {"MF", "Saint Martin (French part)"},
  {"MG", "Madagascar"}, {"MH", "Marshall Islands"}, {"MK", "North Macedonia"}, {"ML", "Mali"}, {"MM", "Myanmar"},
  {"MN", "Mongolia"}, {"MO", "Macao"}, {"MP", "Northern Mariana Islands"}, {"MQ", "Martinique"},
  {"MR", "Mauritania"}, {"MS", "Montserrat"}, {"MT", "Malta"}, {"MU", "Mauritius"}, {"MV", "Maldives"},
  {"MW", "Malawi"}, {"MX", "Mexico"}, {"MY", "Malaysia"}, {"MZ", "Mozambique"}, {"NA", "Namibia"},
  {"NC", "New Caledonia"}, {"NE", "Niger"}, {"NF", "Norfolk Island"}, {"NG", "Nigeria"}, {"NI", "Nicaragua"},
  {"NL", "Netherlands"}, {"NO", "Norway"}, {"NP", "Nepal"}, {"NR", "Nauru"}, {"NU", "Niue"},
  {"NZ", "New Zealand"}, {"OM", "Oman"}, {"PA", "Panama"}, {"PE", "Peru"}, {"PF", "French Polynesia"},
  {"PG", "Papua New Guinea"}, {"PH", "Philippines"}, {"PK", "Pakistan"}, {"PL", "Poland"},
  {"PM", "Saint Pierre and Miquelon"}, {"PN", "Pitcairn"}, {"PR", "Puerto Rico"}, {"PS", "Palestine, State of"},
  {"PT", "Portugal"}, {"PW", "Palau"}, {"PY", "Paraguay"}, {"QA", "Qatar"}, {"RE", "Réunion"},
  {"RO", "Romania"}, {"RS", "Serbia"}, {"RU", "Russian Federation"}, {"RW", "Rwanda"}, {"SA", "Saudi Arabia"},
  {"SB", "Solomon Islands"}, {"SC", "Seychelles"}, {"SD", "Sudan"}, {"SE", "Sweden"}, {"SG", "Singapore"},
  {"SH", "Saint Helena, Ascension and Tristan da Cunha"}, {"SI", "Slovenia"}, {"SJ", "Svalbard and Jan Mayen"},
  {"SK", "Slovakia"}, {"SL", "Sierra Leone"}, {"SM", "San Marino"}, {"SN", "Senegal"}, {"SO", "Somalia"},
  {"SR", "Suriname"}, {"SS", "South Sudan"}, {"ST", "Sao Tome and Principe"}, {"SV", "El Salvador"},
  {"SX", "Sint Maarten (Dutch part)"}, {"SY", "Syrian Arab Republic"}, {"SZ", "Eswatini"},
  {"TC", "Turks and Caicos Islands"}, {"TD", "Chad"}, {"TF", "French Southern Territories"}, {"TG", "Togo"},
  {"TH", "Thailand"}, {"TJ", "Tajikistan"}, {"TK", "Tokelau"}, {"TL", "Timor-Leste"}, {"TM", "Turkmenistan"},
  {"TN", "Tunisia"}, {"TO", "Tonga"}, {"TR", "Türkiye"}, {"TT", "Trinidad and Tobago"}, {"TV", "Tuvalu"},
  {"TW", "Taiwan"}, {"TZ", "Tanzania, United Republic of"}, {"UA", "Ukraine"}, {"UG", "Uganda"},
  {"UM", "United States Minor Outlying Islands"}, {"US", "United States"}, {"UY", "Uruguay"},
  {"UZ", "Uzbekistan"}, {"VA", "Holy See (Vatican City State)"}, {"VC", "Saint Vincent and the Grenadines"},
  {"VE", "Venezuela"}, {"VG", "Virgin Islands, British"}, {"VI", "Virgin Islands, U.S."}, {"VN", "Viet Nam"},
  {"VU", "Vanuatu"}, {"WF", "Wallis and Futuna"}, {"WS", "Samoa"}, {"YE", "Yemen"}, {"YT", "Mayotte"},
  {"ZA", "South Africa"}, {"ZM", "Zambia"}, {"ZW", "Zimbabwe"},
});

// Other spellings seen in ICTRP, ClinicalTrials.gov and jRCT exports. "Korea" alone means the
// Republic of Korea in every registry rinsho reads.
constexpr auto kAliases = std::to_array<Country>({
  {"US", "USA"}, {"US", "U.S.A."}, {"US", "United States of America"}, {"US", "America"},
  {"GB", "UK"}, {"GB", "Great Britain"}, {"GB", "England"}, {"GB", "Scotland"}, {"GB", "Wales"},
  {"GB", "Northern Ireland"}, {"GB", "United Kingdom of Great Britain and Northern Ireland"},
  {"KR", "Korea"}, {"KR", "South Korea"}, {"KR", "Republic of Korea"}, {"KR", "Korea, South"},
  {"KP", "North Korea"}, {"TW", "Taiwan, Province of China"}, {"TW", "Republic of China"},
  {"TW", "Chinese Taipei"}, {"CN", "People's Republic of China"}, {"CN", "PR China"}, {"CN", "P.R. China"},
  {"CN", "Mainland China"}, {"HK", "Hong Kong SAR"}, {"HK", "Hong Kong, China"}, {"MO", "Macau"},
  {"NL", "The Netherlands"}, {"NL", "Holland"}, {"CZ", "Czech Republic"}, {"TR", "Turkey"}, {"TR", "Turkiye"},
  {"RU", "Russia"}, {"IR", "Iran"}, {"IR", "Iran (Islamic Republic of)"}, {"VN", "Vietnam"},
  {"LA", "Laos"}, {"SY", "Syria"}, {"MD", "Moldova"}, {"BO", "Bolivia, Plurinational State of"},
  {"VE", "Venezuela, Bolivarian Republic of"}, {"TZ", "Tanzania"}, {"CD", "Democratic Republic of the Congo"},
  {"CD", "Congo, Democratic Republic"}, {"CG", "Republic of the Congo"}, {"CI", "Ivory Coast"},
  {"CI", "Cote d'Ivoire"}, {"CV", "Cape Verde"}, {"MK", "Macedonia"}, {"MK", "The Former Yugoslav Republic of Macedonia"},
  {"MK", "Macedonia, The Former Yugoslav Republic of"}, {"SZ", "Swaziland"}, {"PS", "Palestine"},
  {"PS", "Palestinian Territory, Occupied"}, {"PS", "Palestinian Territories"}, {"BN", "Brunei"},
  {"VA", "Vatican City"}, {"FM", "Micronesia"}, {"MM", "Burma"}, {"RE", "Reunion"}, {"CW", "Curacao"},
  {"GM", "The Gambia"}, {"BS", "The Bahamas"}, {"TL", "East Timor"}, {"SK", "Slovak Republic"},
  {"FK", "Falkland Islands"}, {"VG", "British Virgin Islands"}, {"VI", "US Virgin Islands"},
});

// Continents and the region choices jRCT offers ("Asia except Japan"); never countries.
constexpr auto kRegions = std::to_array<std::string_view>({
  "asia", "asia except japan", "asia(except japan)", "asia (except japan)", "europe", "africa",
  "north america", "south america", "latin america", "central america", "oceania", "middle east",
  "worldwide", "international", "multinational", "global", "eu", "european union", "other", "others"});

// Case, accents of the ASCII kind and surrounding punctuation do not matter.
std::string country_key(std::string_view name) {
  std::string key = lower_ascii(trim(name));
  while (!key.empty() && (key.back() == '.' || key.back() == '?' || key.back() == ' ')) key.pop_back();
  return key;
}

const std::map<std::string, std::string>& country_index() {
  static const auto index = [] {
    std::map<std::string, std::string> m;
    for (const auto& c : kCountries) m.emplace(country_key(c.name), std::string(c.code));
    for (const auto& c : kAliases) m.emplace(country_key(c.name), std::string(c.code));
    return m;
  }();
  return index;
}

}  // namespace

std::optional<std::string> country_code(std::string_view name) {
  const auto& index = country_index();
  if (auto it = index.find(country_key(name)); it != index.end()) return it->second;
  return std::nullopt;
}

bool is_region(std::string_view name) {
  const auto key = country_key(name);
  return std::find(kRegions.begin(), kRegions.end(), key) != kRegions.end();
}

std::string_view country_name(std::string_view code) {
  for (const auto& c : kCountries)
    if (c.code == code) return c.name;
  return {};
}

void add_country(std::vector<std::string>& codes, const std::string& code) {
  if (std::find(codes.begin(), codes.end(), code) == codes.end()) codes.push_back(code);
}

std::vector<std::string> map_countries(std::string_view raw, std::string_view field, MapLog& log) {
  std::vector<std::string> codes, regions, unknown;
  auto take = [&](std::string_view name) {
    const auto cleaned = std::string(trim(name));
    if (cleaned.empty()) return true;
    if (auto code = country_code(cleaned)) return add_country(codes, *code), true;
    if (is_region(cleaned)) return regions.push_back(cleaned), true;
    return false;
  };
  for (const auto& part : split_keep(raw, ';')) {
    if (take(part)) continue;
    // jRCT joins its choices with commas ("Japan,Asia(except Japan),Europe"); a name that
    // holds a comma itself ("Korea, Republic of") was matched whole above.
    std::vector<std::string> pieces = split_keep(part, ',');
    bool all_known = pieces.size() > 1;
    for (const auto& piece : pieces) all_known = all_known && (trim(piece).empty() || country_code(piece) || is_region(piece));
    if (all_known) {
      for (const auto& piece : pieces) take(piece);
    } else {
      unknown.emplace_back(trim(part));
    }
  }
  auto list = [](const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "'" : ", '") + x + "'";
    return s;
  };
  if (!regions.empty()) log.note(field, list(regions) + (regions.size() > 1 ? " are regions" : " is a region") + ", not countries; left out");
  if (!unknown.empty()) log.note(field, list(unknown) + " not recognised as " + (unknown.size() > 1 ? "countries" : "a country") + "; left out");
  return codes;
}

}  // namespace rinsho::linkage
