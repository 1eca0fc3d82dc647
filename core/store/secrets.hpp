#pragma once
// Internal: randomness and hashing for ids and API tokens (OpenSSL).
#include <cstddef>
#include <string>
#include <string_view>

#include "common/error.hpp"

namespace rinsho::store::detail {

// `bytes` bytes from the OpenSSL CSPRNG, as lower-case hex.
Result<std::string> random_hex(std::size_t bytes);

// SHA-256 of the text, lower-case hex (64 characters).
Result<std::string> sha256_hex(std::string_view text);

}  // namespace rinsho::store::detail
