#pragma once
#include <map>
#include <optional>
#include <string_view>

namespace rinsho::metrics_files {
// Files of core/metrics/ compiled into the binary, by their path relative to core/metrics/.
std::optional<std::string_view> embedded_file(std::string_view path);
const std::map<std::string_view, std::string_view>& embedded_files();
}  // namespace rinsho::metrics_files
