// SplitMix64: a small, fast, fully specified pseudo-random generator. Used where output must be identical
// on every platform and standard library for a given seed (std:: distributions are implementation-defined).
#pragma once

#include <cstdint>

namespace kring::graph {

class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}

  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    return mix(z);
  }
  // Uniform in [0, n) (n > 0), by multiply-shift; the bias is below n / 2^64.
  uint64_t below(uint64_t n) { return static_cast<uint64_t>((static_cast<unsigned __int128>(next()) * n) >> 64); }
  // Uniform in [0, 1) with 53 bits.
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  // The SplitMix64 finaliser: a bijective hash of 64-bit values.
  static uint64_t mix(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

 private:
  uint64_t state_;
};

}  // namespace kring::graph
