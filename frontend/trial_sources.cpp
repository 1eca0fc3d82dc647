// The trial page's view of bridging: the other registrations of the trial ("also registered as",
// with links to each registry's page) and the fields on which they disagree, every registration's
// value shown side by side (core/linkage/README.md, "One trial, however many registries list it").
#include <string>

#include "frontend/trial_parts.hpp"

namespace rinsho::frontend::trial_parts {
namespace {

constexpr std::size_t kMaxValueChars = 400;

// A value as a reader sees it: a text in the page's language, a list joined, anything else as JSON.
std::string shown(const nlohmann::json& v, const std::string& lang) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_object() && (v.contains("ja") || v.contains("en"))) {
    const char* first = lang == "en" ? "en" : "ja";
    const char* second = lang == "en" ? "ja" : "en";
    return v.value(first, v.value(second, ""));
  }
  if (v.is_array()) {
    std::string out;
    for (const auto& item : v) out += (out.empty() ? "" : "; ") + shown(item, lang);
    return out;
  }
  if (v.is_object() && v.contains("name")) return shown(v["name"], lang);
  return v.dump();
}

// Cut at a UTF-8 character boundary so a long criterion never ends in half a character.
std::string clipped(std::string s) {
  if (s.size() <= kMaxValueChars) return s;
  std::size_t end = kMaxValueChars;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end) + "…";
}

}  // namespace

nlohmann::json registrations(const model::Trial& t, const std::string& lang, const Messages& m) {
  nlohmann::json out = nlohmann::json::object();
  nlohmann::json also = nlohmann::json::array();
  if (t.sources)
    for (const auto& s : *t.sources) {
      if (t.id && s.id == *t.id) continue;  // the trial's own registration is its id above
      also.push_back({{"registry", s.registry}, {"id", s.id}, {"url", s.url.value_or("")}});
    }
  if (!also.empty()) out["also"] = {{"sources", also}};
  nlohmann::json conflicts = nlohmann::json::array();
  if (t.source_conflicts)
    for (const auto& c : *t.source_conflicts) {
      std::string field = c.field.substr(c.field.empty() ? 0 : 1);
      for (auto& ch : field)
        if (ch == '/') ch = ' ';
      nlohmann::json values = nlohmann::json::array();
      for (const auto& v : c.values)
        values.push_back({{"registry", v.registry == "rinsho" ? m.text("source_registrant", lang) : v.registry},
                          {"id", v.id}, {"value", clipped(shown(v.value, lang))}});
      conflicts.push_back({{"field", field}, {"values", values}});
    }
  if (!conflicts.empty()) out["conflicts"] = {{"fields", conflicts}};
  return out;
}

}  // namespace rinsho::frontend::trial_parts
