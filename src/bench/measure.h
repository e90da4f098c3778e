// Timing one query on a shared machine: a run during which another process took the core (an involuntary
// context switch) is repeated, up to 3 more times. The first run's wall-clock time is what a user would have
// seen; the first run that was not preempted (else the fastest) is the engine's own service time, which a busy
// shared machine otherwise hides in the tail. Shared by the network and feed benchmarks.
#pragma once

#include <sys/resource.h>

#include <algorithm>
#include <chrono>

namespace kring::bench {

// Involuntary context switches of the calling thread so far.
inline long preemptions() {
  struct rusage ru {};
  getrusage(RUSAGE_THREAD, &ru);
  return ru.ru_nivcsw;
}

struct Timed {
  double first_us = 0;  // the first run
  double quiet_us = 0;  // the first unpreempted run, else the fastest
  int preempted_runs = 0;
};

// Runs fn(attempt) once, or up to 4 times while runs are preempted.
template <typename Fn>
Timed time_unpreempted(Fn&& fn) {
  Timed t;
  for (int attempt = 0; attempt < 4; ++attempt) {
    const long before = preemptions();
    const auto t0 = std::chrono::steady_clock::now();
    fn(attempt);
    const double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count();
    const bool preempted = preemptions() != before;
    if (attempt == 0) {
      t.first_us = t.quiet_us = us;
    } else {
      t.quiet_us = std::min(t.quiet_us, us);
    }
    if (!preempted) {
      t.quiet_us = us;
      break;
    }
    ++t.preempted_runs;
  }
  return t;
}

}  // namespace kring::bench
