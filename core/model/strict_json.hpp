#pragma once
// JSON from outside (API bodies, ingested files) is parsed strictly: nlohmann alone accepts duplicate
// keys (last one wins, silently) and arbitrary depth.
#include <cstddef>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/error.hpp"

namespace rinsho::model {

struct JsonLimits {
  std::size_t max_bytes = 4u << 20;
  int max_depth = 32;
};

Result<nlohmann::json> parse_json_strict(std::string_view text, const JsonLimits& limits = {});

// "/a/b~1c" from path tokens, escaping ~ and / as RFC 6901 says.
std::string json_pointer_token(std::string_view token);

}  // namespace rinsho::model
