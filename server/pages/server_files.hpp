#pragma once
#include <map>
#include <optional>
#include <string_view>

namespace rinsho::server_files {
// Files of server/ compiled into the binary, by their path relative to server/ ("pages/assets/stats.css").
std::optional<std::string_view> embedded_file(std::string_view path);
const std::map<std::string_view, std::string_view>& embedded_files();
}  // namespace rinsho::server_files
