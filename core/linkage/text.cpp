#include "linkage/text.hpp"

#include <algorithm>

namespace rinsho::linkage {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Replaces every spelling of an HTML line break (<br>, <BR/>, <br />) with \n.
std::string replace_br(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] == '<' && i + 3 < s.size() && (s[i + 1] == 'b' || s[i + 1] == 'B') && (s[i + 2] == 'r' || s[i + 2] == 'R')) {
      std::size_t j = i + 3;
      while (j < s.size() && s[j] == ' ') ++j;
      if (j < s.size() && s[j] == '/') ++j;
      if (j < s.size() && s[j] == '>') {
        out += '\n';
        i = j + 1;
        continue;
      }
    }
    out += s[i++];
  }
  return out;
}

std::vector<std::string> split_lines(const std::string& s) {
  std::vector<std::string> lines(1);
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r') {
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
      lines.emplace_back();
    } else if (s[i] == '\n') {
      lines.emplace_back();
    } else {
      lines.back() += s[i];
    }
  }
  return lines;
}

char32_t decode_at(std::string_view s, std::size_t& i) {
  const auto c = static_cast<unsigned char>(s[i]);
  int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
  char32_t cp = extra == 3 ? c & 0x07 : extra == 2 ? c & 0x0F : extra == 1 ? c & 0x1F : c;
  for (int k = 0; k < extra && i + 1 < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[++i]) & 0x3F);
  ++i;
  return cp;
}

}  // namespace

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string enum_key(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c >= 'a' && c <= 'z') out += static_cast<char>(c - 'a' + 'A');
    else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) out += c;
  }
  return out;
}

std::string clean_text(std::string_view raw) {
  auto lines = split_lines(replace_br(raw));
  for (auto& line : lines) line.erase(std::find_if_not(line.rbegin(), line.rend(), is_space).base(), line.end());
  std::size_t indent = std::string::npos;
  for (const auto& line : lines) {
    if (line.empty()) continue;
    indent = std::min(indent, line.find_first_not_of(' '));
  }
  std::string out;
  int blank_run = 0;
  for (const auto& line : lines) {
    if (line.empty()) {
      ++blank_run;
      continue;
    }
    if (!out.empty()) out += blank_run > 0 ? "\n\n" : "\n";
    blank_run = 0;
    out += indent != std::string::npos && indent <= line.size() ? line.substr(indent) : line;
  }
  return std::string(trim(out));
}

bool is_placeholder(std::string_view cleaned) {
  const auto key = lower_ascii(trim(cleaned));
  if (key.empty()) return true;
  if (std::all_of(key.begin(), key.end(), [](char c) { return c == '-' || c == '.' || c == ' ' || c == ';' || c == '?' || c == '/'; }))
    return true;
  for (const char* p : {"n/a", "na", "none", "not applicable", "not available", "nil", "null", "unknown"})
    if (key == p) return true;
  return false;
}

bool has_japanese_script(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    const char32_t cp = decode_at(s, i);
    if ((cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
        (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF66 && cp <= 0xFF9F))
      return true;
  }
  return false;
}

std::optional<model::LocalizedText> localized(std::string_view raw) {
  auto text = clean_text(raw);
  if (is_placeholder(text)) return std::nullopt;
  model::LocalizedText out;
  (has_japanese_script(text) ? out.ja : out.en) = std::move(text);
  return out;
}

std::optional<std::size_t> invalid_utf8_at(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    int extra = 0;
    char32_t cp = 0, min = 0;
    if (c >= 0xC2 && c <= 0xDF) extra = 1, cp = c & 0x1F, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF) extra = 2, cp = c & 0x0F, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4) extra = 3, cp = c & 0x07, min = 0x10000;
    else return i;
    if (i + extra >= s.size()) return i;
    for (int k = 1; k <= extra; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += extra + 1;
  }
  return std::nullopt;
}

std::optional<std::string> raw_value_problem(std::string_view field, std::string_view value) {
  if (value.size() > kMaxFieldBytes)
    return std::string(field) + ": is longer than the 1 MiB a field may hold";
  if (auto at = invalid_utf8_at(value))
    return std::string(field) + ": is not valid UTF-8 (byte " + std::to_string(*at) +
           " of the value); re-save the file as UTF-8";
  return std::nullopt;
}

std::vector<std::string> split_clean(std::string_view raw, char separator) {
  std::vector<std::string> out;
  for (auto& part : split_keep(raw, separator)) {
    auto text = clean_text(part);
    if (!is_placeholder(text)) out.push_back(std::move(text));
  }
  return out;
}

std::vector<std::string> split_keep(std::string_view raw, char separator) {
  std::vector<std::string> out(1);
  for (char c : raw) {
    if (c == separator) out.emplace_back();
    else out.back() += c;
  }
  return out;
}

}  // namespace rinsho::linkage
