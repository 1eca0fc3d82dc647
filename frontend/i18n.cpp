#include "frontend/i18n.hpp"

#include "frontend/frontend_files.hpp"
#include "model/prefectures.hpp"

namespace rinsho::frontend {
namespace {

Result<nlohmann::json> parse_file(std::string_view text, const char* name) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    return fail(ErrorCode::internal, std::string(name) + ": " + e.what());
  }
}

// Both languages must be present: a missing English text would silently show Japanese on /en pages.
Result<void> check_bilingual(const nlohmann::json& entry, const std::string& where) {
  if (!entry.is_object() || !entry.contains("ja") || !entry.contains("en") || !entry["ja"].is_string() ||
      !entry["en"].is_string() || entry["ja"].get_ref<const std::string&>().empty() ||
      entry["en"].get_ref<const std::string&>().empty())
    return fail(ErrorCode::internal, where + ": needs non-empty \"ja\" and \"en\"");
  return {};
}

}  // namespace

std::string normalize_lang(std::string_view lang) { return lang == "en" ? "en" : "ja"; }

Result<Messages> Messages::load() {
  auto file = [](const char* path) { return frontend_files::embedded_file(path).value_or(""); };
  return parse(file("i18n/messages.json"), file("i18n/labels.json"), file("i18n/glossary.json"));
}

Result<Messages> Messages::parse(std::string_view messages, std::string_view labels, std::string_view glossary) {
  Messages m;
  auto msg = parse_file(messages, "messages.json");
  if (!msg) return tl::unexpected(msg.error());
  auto lab = parse_file(labels, "labels.json");
  if (!lab) return tl::unexpected(lab.error());
  auto glo = parse_file(glossary, "glossary.json");
  if (!glo) return tl::unexpected(glo.error());
  // One prefecture table for the whole project (core/model), so names and points never disagree.
  for (const auto& p : model::prefectures())
    m.prefectures_.push_back({std::string(p.code), std::string(p.name_ja), std::string(p.name_en), p.lat, p.lon});
  m.messages_ = std::move(*msg);
  m.labels_ = std::move(*lab);
  m.texts_ja_ = nlohmann::json::object();
  m.texts_en_ = nlohmann::json::object();
  for (const auto& [key, entry] : m.messages_.items()) {
    if (auto ok = check_bilingual(entry, "messages.json " + key); !ok) return tl::unexpected(ok.error());
    m.texts_ja_[key] = entry["ja"];
    m.texts_en_[key] = entry["en"];
  }
  for (const auto& [kind, values] : m.labels_.items()) {
    if (kind == "quick_conditions") continue;
    for (const auto& [value, entry] : values.items())
      if (auto ok = check_bilingual(entry, "labels.json " + kind + "/" + value); !ok) return tl::unexpected(ok.error());
  }
  try {
    for (const auto& q : m.labels_.at("quick_conditions"))
      if (auto ok = check_bilingual(q, "labels.json quick_conditions"); !ok) return tl::unexpected(ok.error());
    for (const auto& g : *glo)
      m.glossary_.push_back({g.at("id"), g.at("term").at("ja"), g.at("term").at("en"), g.at("body").at("ja"),
                             g.at("body").at("en")});
  } catch (const nlohmann::json::exception& e) {
    return fail(ErrorCode::internal, std::string("labels.json or glossary.json: ") + e.what());
  }
  return m;
}

std::string Messages::text(std::string_view key, std::string_view lang) const {
  const auto& texts = this->texts(lang);
  auto it = texts.find(key);
  if (it == texts.end()) return std::string(key);
  return it->get<std::string>();
}

std::string Messages::format(std::string_view key, std::string_view lang,
                             std::initializer_list<std::pair<std::string_view, std::string>> args) const {
  std::string out = text(key, lang);
  for (const auto& [name, value] : args) {
    const std::string placeholder = "{" + std::string(name) + "}";
    for (auto pos = out.find(placeholder); pos != std::string::npos; pos = out.find(placeholder, pos + value.size()))
      out.replace(pos, placeholder.size(), value);
  }
  return out;
}

std::string Messages::label(std::string_view kind, std::string_view value, std::string_view lang) const {
  if (kind == "prefecture") {
    if (const auto* p = prefecture(value)) return p->name(lang);
    return std::string(value);
  }
  auto k = labels_.find(kind);
  if (k == labels_.end() || !k->is_object()) return std::string(value);
  auto v = k->find(value);
  if (v == k->end()) return std::string(value);
  return (*v)[lang == "en" ? "en" : "ja"].get<std::string>();
}

bool Messages::has_label(std::string_view kind, std::string_view value) const {
  if (kind == "prefecture") return prefecture(value) != nullptr;
  auto k = labels_.find(kind);
  return k != labels_.end() && k->is_object() && k->contains(value);
}

const Prefecture* Messages::prefecture(std::string_view code) const {
  for (const auto& p : prefectures_)
    if (p.code == code) return &p;
  return nullptr;
}

}  // namespace rinsho::frontend
