// A background thread that runs a function every interval until stopped: the write-behind flushers (profile
// views, feed impressions) share it. The function runs on that thread only, never concurrently with itself.
//
// Thread safety: start() and stop() from one owning thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace kring {

class Periodic {
 public:
  explicit Periodic(std::chrono::milliseconds interval) : interval_(interval) {}
  ~Periodic() { stop(); }
  Periodic(const Periodic&) = delete;
  Periodic& operator=(const Periodic&) = delete;

  // Starts calling `fn` every interval. No-op when running or after stop().
  void start(std::function<void()> fn) {
    std::lock_guard lock(mu_);
    if (thread_.joinable() || stopping_) return;
    thread_ = std::thread([this, fn = std::move(fn)] {
      std::unique_lock lock(mu_);
      while (!stopping_) {
        wake_.wait_for(lock, interval_, [this] { return stopping_; });
        if (stopping_) break;
        lock.unlock();
        fn();
        lock.lock();
      }
    });
  }

  // Wakes the thread and waits for it (and for a call in progress). Idempotent; start() is a no-op after it.
  void stop() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

 private:
  const std::chrono::milliseconds interval_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // GUARDED_BY(mu_)
  std::thread thread_;
};

}  // namespace kring
