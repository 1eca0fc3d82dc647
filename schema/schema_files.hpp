#pragma once
#include <map>
#include <optional>
#include <string_view>

namespace rinsho::schema_files {
// Files of schema/ compiled into the binary, by their name relative to schema/.
std::optional<std::string_view> embedded_file(std::string_view path);
const std::map<std::string_view, std::string_view>& embedded_files();
}  // namespace rinsho::schema_files
