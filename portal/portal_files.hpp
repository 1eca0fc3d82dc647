#pragma once
#include <map>
#include <optional>
#include <string_view>

namespace rinsho::portal_files {
// Files of portal/ compiled into the binary, by their path relative to portal/
// ("templates/sign_in.mustache", "i18n/portal.json").
std::optional<std::string_view> embedded_file(std::string_view path);
const std::map<std::string_view, std::string_view>& embedded_files();
}  // namespace rinsho::portal_files
