// Registry ids and places: which registry an id belongs to, and which prefecture a site is in.
#include <array>
#include <regex>

#include "linkage/mapping.hpp"
#include "linkage/text.hpp"
#include "model/prefectures.hpp"

namespace rinsho::linkage {
namespace {

struct Prefix {
  std::string_view prefix, registry;
};

// Longest prefixes first where one starts another (JapicCTI before JMA).
constexpr auto kPrefixes = std::to_array<Prefix>({
  {"NCT", "NCT"}, {"jRCT", "jRCT"}, {"UMIN", "UMIN"}, {"JapicCTI", "JapicCTI"}, {"JMA-IIA", "JMA-IIA"},
  {"EUCTR", "EU CTR"}, {"CTIS", "CTIS"}, {"ISRCTN", "ISRCTN"}, {"ACTRN", "ANZCTR"}, {"ChiCTR", "ChiCTR"},
  {"DRKS", "DRKS"}, {"IRCT", "IRCT"}, {"KCT", "CRIS"}, {"CTRI/", "CTRI"}, {"NL-OMON", "NL-OMON"},
  {"NTR", "NTR"}, {"TCTR", "TCTR"}, {"PACTR", "PACTR"}, {"RBR-", "ReBEC"}, {"SLCTR", "SLCTR"},
  {"LBCTR", "LBCTR"}, {"ITMCTR", "ITMCTR"}, {"RPCEC", "RPCEC"}, {"PER-", "REPEC"}, {"U1111-", "WHO UTN"},
});

}  // namespace

bool is_jrct_id(std::string_view id) {
  static const std::regex jrct("^jRCT[0-9a-z][0-9]{9}$");
  return id.size() == 14 && std::regex_match(id.begin(), id.end(), jrct);
}

model::SecondaryId classify_id(std::string_view raw, std::string_view fallback_registry) {
  std::string_view id = trim(raw);
  if (id.starts_with("JPRN-")) id.remove_prefix(5);  // ICTRP's prefix, not part of the JPRN id
  static const std::regex eudract("^[0-9]{4}-[0-9]{6}-[0-9]{2}$");
  static const std::regex eu_ct("^[0-9]{4}-[0-9]{6}-[0-9]{2}-[0-9]{2}$");
  if (id.size() <= 20 && std::regex_match(id.begin(), id.end(), eudract)) return {"EudraCT", std::string(id)};
  if (id.size() <= 20 && std::regex_match(id.begin(), id.end(), eu_ct)) return {"CTIS", std::string(id)};
  for (const auto& p : kPrefixes)
    if (id.starts_with(p.prefix)) return {std::string(p.registry), std::string(id)};
  const auto fallback = trim(fallback_registry);
  return {fallback.empty() ? "other" : std::string(fallback.substr(0, 100)), std::string(id)};
}

std::optional<std::string> site_prefecture(std::string_view state, std::string_view city) {
  for (auto field : {state, city}) {
    if (const auto* p = model::find_prefecture(field)) return std::string(p->code);
  }
  // "Isehara City, Kanagawa", "Chuo-ku, Tokyo": try each comma-separated part, last part first,
  // because addresses end with the larger unit.
  for (auto field : {city, state}) {
    auto parts = split_keep(field, ',');
    for (auto it = parts.rbegin(); it != parts.rend(); ++it)
      if (const auto* p = model::find_prefecture(*it)) return std::string(p->code);
  }
  return std::nullopt;
}

}  // namespace rinsho::linkage
