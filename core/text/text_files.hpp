#pragma once
#include <map>
#include <optional>
#include <string_view>

namespace rinsho::text_files {
// Files of core/text/ compiled into the binary, by their path relative to core/text/
// ("data/concepts.tsv", "data/kyujitai.tsv").
std::optional<std::string_view> embedded_file(std::string_view path);
const std::map<std::string_view, std::string_view>& embedded_files();
}  // namespace rinsho::text_files
