#pragma once
#include <map>
#include <optional>
#include <string_view>

namespace rinsho::frontend_files {
// Files of frontend/ compiled into the binary, by their path relative to frontend/
// ("templates/layout.mustache", "static/site.css", "i18n/messages.json").
std::optional<std::string_view> embedded_file(std::string_view path);
const std::map<std::string_view, std::string_view>& embedded_files();
}  // namespace rinsho::frontend_files
