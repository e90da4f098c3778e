// Cryptographically secure randomness (libsodium) for tokens and keys.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kring::crypto {

// Initialises libsodium; idempotent and thread-safe. Aborts the process if the library cannot start.
void init();

// `bytes` random bytes encoded as URL-safe base64 without padding.
std::string random_token(std::size_t bytes = 32);

// Hex-encoded BLAKE2b-256 of `data`: how tokens and API keys are stored (never in clear).
std::string hash_token(std::string_view data);

// Constant-time comparison of two equal-length strings; false if lengths differ.
bool equal_constant_time(std::string_view a, std::string_view b);

std::string base64url_encode(std::string_view data);
// Returns false on malformed input.
bool base64url_decode(std::string_view in, std::string& out);

}  // namespace kring::crypto
