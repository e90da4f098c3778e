#include "common/random.h"

#include <sodium.h>

#include <cstdlib>
#include <vector>

namespace kring::crypto {

void init() {
  static const bool ok = sodium_init() >= 0;
  if (!ok) std::abort();
}

std::string base64url_encode(std::string_view data) {
  std::string out(sodium_base64_ENCODED_LEN(data.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.size() - 1);  // drop the terminating NUL
  return out;
}

bool base64url_decode(std::string_view in, std::string& out) {
  out.assign(in.size(), '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), in.data(), in.size(), nullptr,
                        &len, nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    return false;
  }
  out.resize(len);
  return true;
}

std::string random_token(std::size_t bytes) {
  init();
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  return base64url_encode(raw);
}

std::string hash_token(std::string_view data) {
  init();
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                     nullptr, 0);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex, 64);
}

bool equal_constant_time(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace kring::crypto
