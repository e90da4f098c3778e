// Deterministic demo and benchmark data: members with names, headlines, locations and an "about", and a
// connection graph with communities (same company, same city) and skewed degrees. The same seed always
// yields the same data.
#pragma once

#include <cstdint>
#include <string>

#include "accounts/password.h"
#include "common/clock.h"
#include "common/result.h"
#include "store/database.h"

namespace kring::seed {

struct SeedOptions {
  int64_t members = 3000;
  uint64_t seed = 1;
  double avg_connections = 20;
  accounts::PasswordCost password_cost = accounts::PasswordCost::kInteractive;
  int post_days = 14;  // days of demo posts before `now` (see demo_posts.h); 0: no posts
  Micros now = 0;      // 0: the system clock
};

struct SeedReport {
  int64_t members = 0;
  int64_t connections = 0;
  int64_t posts = 0, reactions = 0, comments = 0;
};

// The demo account: log in with these to look around.
inline constexpr const char* kDemoEmail = "demo@kring.example";
inline constexpr const char* kDemoPassword = "kring-demo-pass";

// Fills an empty database. kConflict when it already has members.
Result<SeedReport> seed_database(store::Database& db, const SeedOptions& options);

// A small deterministic PRNG (splitmix64) so that output does not depend on the standard library.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n). REQUIRES: n > 0.
  uint64_t below(uint64_t n) { return next() % n; }
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

 private:
  uint64_t state_;
};

}  // namespace kring::seed
