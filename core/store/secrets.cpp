#include "store/secrets.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <vector>

namespace rinsho::store::detail {
namespace {

std::string to_hex(const unsigned char* data, std::size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out += kDigits[data[i] >> 4];
    out += kDigits[data[i] & 0x0f];
  }
  return out;
}

}  // namespace

Result<std::string> random_hex(std::size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  if (RAND_bytes(buf.data(), static_cast<int>(buf.size())) != 1)
    return fail(ErrorCode::internal, "cannot generate random bytes (OpenSSL RAND_bytes failed)");
  return to_hex(buf.data(), buf.size());
}

Result<std::string> sha256_hex(std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(text.data(), text.size(), digest, &size, EVP_sha256(), nullptr) != 1)
    return fail(ErrorCode::internal, "cannot compute SHA-256 (OpenSSL EVP_Digest failed)");
  return to_hex(digest, size);
}

}  // namespace rinsho::store::detail
