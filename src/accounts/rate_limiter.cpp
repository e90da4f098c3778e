#include "accounts/rate_limiter.h"

namespace kring::accounts {

int RateLimiter::retry_after(const std::string& key) {
  std::lock_guard lock(mu_);
  Micros now = clock_.now();
  auto it = windows_.find(key);
  if (it == windows_.end() || now - it->second.start >= window_ || it->second.count < limit_) return 0;
  Micros left = it->second.start + window_ - now;
  return static_cast<int>((left + kMicrosPerSecond - 1) / kMicrosPerSecond);
}

void RateLimiter::record(const std::string& key) {
  std::lock_guard lock(mu_);
  Micros now = clock_.now();
  prune(now);
  Window& w = windows_[key];
  if (now - w.start >= window_) w = Window{now, 0};
  ++w.count;
}

void RateLimiter::reset(const std::string& key) {
  std::lock_guard lock(mu_);
  windows_.erase(key);
}

void RateLimiter::prune(Micros now) {
  if (now - last_prune_ < window_) return;
  last_prune_ = now;
  for (auto it = windows_.begin(); it != windows_.end();) {
    it = now - it->second.start >= window_ ? windows_.erase(it) : std::next(it);
  }
}

}  // namespace kring::accounts
