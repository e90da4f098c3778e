// Minimal fork-join helpers for bulk graph work (build, compaction).
#pragma once

#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace kring::graph {

// Runs fn(t) for t in [0, threads) on `threads` threads (the caller's included) and waits for all.
template <typename Fn>
void run_parallel(unsigned threads, Fn&& fn) {
  if (threads <= 1) {
    fn(0u);
    return;
  }
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back([&fn, t] { fn(t); });
  fn(0u);
  for (auto& th : pool) th.join();
}

// [begin, end) of part `t` when `n` items are split into `parts` near-equal parts.
inline std::pair<size_t, size_t> split_range(size_t n, unsigned parts, unsigned t) {
  return {n * t / parts, n * (t + 1) / parts};
}

}  // namespace kring::graph
