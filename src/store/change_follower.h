// Keeps in-memory indexes current with the store by following the change log.
//
// Start-up: all indexes load from one read snapshot together with the log position of that snapshot; from
// then on the follower thread reads entries after that position and applies them, in order, to every index.
// It wakes when this process commits (ChangeObserver::committed), when another process announces a commit
// (PostgreSQL NOTIFY), and at least every poll interval.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string_view>
#include <thread>
#include <vector>

#include "store/database.h"

namespace kring::store {

// An in-memory structure derived from the store.
class Index {
 public:
  virtual ~Index() = default;
  virtual std::string_view name() const = 0;
  // Builds the index from a consistent snapshot. Called once, before any apply().
  virtual Status load(Session& snapshot) = 0;
  // Applies one change-log entry. Called on the follower thread only, in sequence order. Must not throw.
  // Entries of kinds the index does not care about are ignored.
  virtual void apply(const Change& change) = 0;
};

class ChangeFollower final : public ChangeObserver {
 public:
  // REQUIRES: `db` outlives the follower.
  explicit ChangeFollower(Database& db, std::chrono::milliseconds poll_interval = std::chrono::milliseconds(500));
  ~ChangeFollower() override;

  // REQUIRES: before start(). `index` must outlive the follower.
  void add(Index* index);

  // Loads every index from one snapshot, registers as the database's observer and starts following.
  Status start();
  // Stops the follower thread and detaches from the database. Idempotent.
  void stop();

  bool ready() const { return ready_.load(std::memory_order_acquire); }
  int64_t applied_seq() const { return applied_.load(std::memory_order_acquire); }

  // Blocks until entries up to `seq` are applied, or `timeout` passes. Returns whether they were.
  bool wait_applied(int64_t seq, std::chrono::milliseconds timeout = std::chrono::seconds(10));

  void committed(int64_t seq) override;
  void remote_changes() override;

 private:
  void run();
  void catch_up();

  Database& db_;
  const std::chrono::milliseconds poll_interval_;
  std::vector<Index*> indexes_;
  std::atomic<bool> ready_{false};
  std::atomic<int64_t> applied_{0};

  std::mutex mu_;
  std::condition_variable wake_cv_;     // follower waits here for work
  std::condition_variable applied_cv_;  // writers wait here for their seq
  bool wake_ = false;                   // GUARDED_BY(mu_)
  bool stopping_ = false;               // GUARDED_BY(mu_)
  std::thread thread_;
};

}  // namespace kring::store
