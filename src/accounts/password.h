// Password hashing with argon2id (libsodium). Hashing is deliberately slow and memory-hungry; a semaphore
// bounds how many run at once so that a burst of log-ins cannot exhaust memory.
#pragma once

#include <string>
#include <string_view>

namespace kring::accounts {

inline constexpr size_t kMinPasswordLength = 10;    // code points
inline constexpr size_t kMaxPasswordLength = 1024;  // bytes

// Cost parameters. kInteractive is libsodium's recommendation for on-line log-in (64 MiB, 2 passes).
// kMinimum exists for generating large benchmark data sets quickly; never use it for real accounts.
enum class PasswordCost { kInteractive, kMinimum };

// Returns the encoded hash ($argon2id$v=19$m=...,t=...,p=1$salt$hash). Thread-safe.
std::string hash_password(std::string_view password, PasswordCost cost = PasswordCost::kInteractive);

// Constant-time check of `password` against an encoded hash. False for malformed hashes. Thread-safe.
bool verify_password(std::string_view encoded_hash, std::string_view password);

// Burns the time of one verification, so that unknown accounts answer as slowly as known ones.
void verify_dummy(std::string_view password);

}  // namespace kring::accounts
