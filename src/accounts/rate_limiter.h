// Fixed-window failure counters per key (account, IP address), in memory of this process.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

#include "common/clock.h"

namespace kring::accounts {

class RateLimiter {
 public:
  // At most `limit` events per `window` per key.
  RateLimiter(int limit, Micros window, const Clock& clock) : limit_(limit), window_(window), clock_(clock) {}

  // Seconds until `key` may act again, or 0 if it may act now. Thread-safe.
  int retry_after(const std::string& key);
  // Counts one event for `key`.
  void record(const std::string& key);
  // Forgets `key` (a successful log-in clears the account's failures).
  void reset(const std::string& key);

 private:
  struct Window {
    Micros start = 0;
    int count = 0;
  };
  void prune(Micros now);  // REQUIRES: mu_ held

  const int limit_;
  const Micros window_;
  const Clock& clock_;
  std::mutex mu_;
  std::unordered_map<std::string, Window> windows_;  // GUARDED_BY(mu_)
  Micros last_prune_ = 0;                            // GUARDED_BY(mu_)
};

}  // namespace kring::accounts
