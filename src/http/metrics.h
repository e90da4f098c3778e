// Request counters and latency histograms per route, rendered in Prometheus text format.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace kring::http {

class Metrics {
 public:
  // Bucket upper bounds in seconds.
  static constexpr std::array<double, 14> kBuckets = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                      0.025,  0.05,    0.1,    0.25,  0.5,    1.0,   2.5};

  // REQUIRES: called before any observe(). `labels[i]` names route index i ("GET /api/v1/...").
  void set_routes(std::vector<std::string> labels);

  // Thread-safe, lock-free. `route` is a route index, or -1 for requests that matched no route.
  void observe(long route, int status, double seconds);
  void set_gauge_ready(bool ready) { ready_.store(ready ? 1 : 0, std::memory_order_relaxed); }
  void connection_opened() { open_connections_.fetch_add(1, std::memory_order_relaxed); }
  void connection_closed() { open_connections_.fetch_sub(1, std::memory_order_relaxed); }

  std::string render() const;

 private:
  struct Series {
    std::string label;
    std::array<std::atomic<uint64_t>, 6> by_class{};  // 1xx..5xx, [0] unused
    std::array<std::atomic<uint64_t>, kBuckets.size() + 1> buckets{};
    std::atomic<uint64_t> count{0};
    std::atomic<uint64_t> sum_us{0};
  };
  std::vector<std::unique_ptr<Series>> series_;  // last one: unmatched
  std::atomic<int> ready_{0};
  std::atomic<int64_t> open_connections_{0};
};

}  // namespace kring::http
