#include "text/registry_id.hpp"

#include "text/normalizer.hpp"

namespace rinsho::text {
namespace {

bool ascii_alnum(unsigned char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

constexpr std::size_t kMinDigits = 6;

}  // namespace

std::string registry_id_key(std::string_view id) {
  std::string key;
  for (unsigned char c : normalize(id))
    if (c >= 0x80 || ascii_alnum(c)) key += static_cast<char>(c);
  return key;
}

std::optional<std::string> registry_id_in_query(std::string_view word) {
  auto key = registry_id_key(word);
  std::size_t digits = 0;
  for (unsigned char c : key) {
    if (!ascii_alnum(c)) return std::nullopt;
    digits += c >= '0' && c <= '9';
  }
  if (digits < kMinDigits) return std::nullopt;
  return key;
}

}  // namespace rinsho::text
