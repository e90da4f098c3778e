// Impressions: a post shown in a member's feed. Recording must not add a write to a feed read, so record()
// only queues (merged per post and viewer) and a background thread writes the queue in one transaction every
// flush interval (500 ms by default), as profile views do; stop() writes what is left. The store keeps one
// row per (post, viewer) with the number of times it was shown and the first and last time
// (post_impressions): impressions are the sum, unique viewers the row count.
//
// Impressions are analytics, not records: a crash loses at most one interval of them; when the queue holds
// kMaxQueued pairs (the store is down or far behind) further ones are dropped and counted in dropped(). Rows
// for posts or members deleted meanwhile are skipped. No change-log entry: no index follows impressions.
//
// Thread safety: all methods may be called concurrently; start() and stop() from one owning thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <span>
#include <utility>

#include "common/clock.h"
#include "common/periodic.h"
#include "common/result.h"
#include "store/database.h"

namespace kring::feed {

class ImpressionRecorder {
 public:
  static constexpr std::chrono::milliseconds kDefaultFlushInterval{500};
  static constexpr size_t kMaxQueued = 200'000;

  // REQUIRES: db and clock outlive the recorder.
  ImpressionRecorder(store::Database& db, const Clock& clock,
                     std::chrono::milliseconds flush_interval = kDefaultFlushInterval);
  ~ImpressionRecorder();  // stop()
  ImpressionRecorder(const ImpressionRecorder&) = delete;
  ImpressionRecorder& operator=(const ImpressionRecorder&) = delete;

  // Starts the background flusher. Idempotent.
  void start();
  // Stops the flusher and writes what is queued. Idempotent; record() after stop() drops impressions.
  void stop();

  // Queues one impression of each post for `viewer`. Never blocks on the store.
  void record(int64_t viewer, std::span<const int64_t> posts);
  // Writes the queue now, in one transaction. On failure it stays queued for the next attempt.
  Status flush();
  size_t queued() const;
  uint64_t dropped() const;

 private:
  struct Pending {
    int64_t count = 0;
    Micros first = 0, last = 0;
  };

  store::Database& db_;
  const Clock& clock_;

  mutable std::mutex mu_;
  std::map<std::pair<int64_t, int64_t>, Pending> queue_;  // GUARDED_BY(mu_); (post, viewer)
  uint64_t dropped_ = 0;                                  // GUARDED_BY(mu_)
  bool stopped_ = false;                                  // GUARDED_BY(mu_)
  std::mutex flush_mu_;                                   // one flush at a time
  Periodic flusher_;
};

}  // namespace kring::feed
