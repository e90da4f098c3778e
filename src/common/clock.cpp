#include "common/clock.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace kring {

Micros SystemClock::now() const {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

const SystemClock& SystemClock::instance() {
  static const SystemClock clock;
  return clock;
}

std::string format_rfc3339(Micros t) {
  int64_t secs = t / kMicrosPerSecond;
  int64_t rem = t % kMicrosPerSecond;
  if (rem < 0) {
    rem += kMicrosPerSecond;
    --secs;
  }
  std::time_t tt = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(rem / 1000));
  return buf;
}

}  // namespace kring
