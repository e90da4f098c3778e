// Time source. Production uses SystemClock; tests substitute a ManualClock to control time.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace kring {

// Microseconds since the Unix epoch, UTC. All stored timestamps use this unit.
using Micros = int64_t;

class Clock {
 public:
  virtual ~Clock() = default;
  // Thread-safe.
  virtual Micros now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Micros now() const override;
  static const SystemClock& instance();
};

class ManualClock final : public Clock {
 public:
  explicit ManualClock(Micros start) : now_(start) {}
  Micros now() const override { return now_.load(); }
  void advance(Micros by) { now_ += by; }
  void set(Micros t) { now_ = t; }

 private:
  std::atomic<Micros> now_;
};

constexpr Micros kMicrosPerSecond = 1'000'000;

// RFC 3339 in UTC with millisecond precision: 2026-11-22T10:15:30.123Z
std::string format_rfc3339(Micros t);

}  // namespace kring
