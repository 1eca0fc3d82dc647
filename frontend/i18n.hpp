#pragma once
// Every word the site shows, in Japanese (default) and English: UI messages (i18n/messages.json),
// labels for enum values and record fields (i18n/labels.json), the glossary (i18n/glossary.json)
// and the prefectures (model/prefectures.hpp). Loaded once at start-up; read-only afterwards.
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/error.hpp"

namespace rinsho::frontend {

struct Prefecture {
  std::string code;  // JIS X 0401 "01".."47"
  std::string ja, en;
  double lat = 0, lon = 0;  // the prefectural office: the point "near" uses when there is no GPS fix
  const std::string& name(std::string_view lang) const { return lang == "en" ? en : ja; }
};

struct GlossaryEntry {
  std::string id;  // anchor on /glossary
  std::string term_ja, term_en, body_ja, body_en;
};

// "ja" unless the value is exactly "en": anything unexpected falls back to the default language.
std::string normalize_lang(std::string_view lang);

class Messages {
 public:
  static Result<Messages> load();  // from the embedded i18n/*.json
  static Result<Messages> parse(std::string_view messages, std::string_view labels, std::string_view glossary);

  // The message in `lang`; an unknown key comes back as the key itself, so a typo shows on the page
  // (and fails the tests) instead of rendering nothing.
  std::string text(std::string_view key, std::string_view lang) const;
  // text() with "{name}" placeholders replaced by the given values.
  std::string format(std::string_view key, std::string_view lang,
                     std::initializer_list<std::pair<std::string_view, std::string>> args) const;
  // label("status", "recruiting", "ja") == "募集中"; unknown kinds or values come back unchanged.
  std::string label(std::string_view kind, std::string_view value, std::string_view lang) const;
  bool has_label(std::string_view kind, std::string_view value) const;

  // Every message of one language as {"key": "text"}, for templates ({{t.key}}).
  const nlohmann::json& texts(std::string_view lang) const { return lang == "en" ? texts_en_ : texts_ja_; }
  const nlohmann::json& labels() const { return labels_; }
  const nlohmann::json& messages() const { return messages_; }
  const std::vector<Prefecture>& prefectures() const { return prefectures_; }
  const Prefecture* prefecture(std::string_view code) const;
  const std::vector<GlossaryEntry>& glossary() const { return glossary_; }
  // Quick links on the top page: {"ja": "肺がん", "en": "Lung cancer"}.
  const nlohmann::json& quick_conditions() const { return labels_["quick_conditions"]; }

 private:
  nlohmann::json messages_, labels_, texts_ja_, texts_en_;
  std::vector<Prefecture> prefectures_;
  std::vector<GlossaryEntry> glossary_;
};

}  // namespace rinsho::frontend
