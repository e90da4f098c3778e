// A reader-writer lock that prefers writers: once a writer waits, new readers queue behind it. The graph is
// read by many request threads at once and written by one change-log follower; with a reader-preferring
// lock (the glibc default behind std::shared_mutex) a steady stream of overlapping reads could keep the
// follower out indefinitely, and with it every write that waits for its change to be applied.
//
// Not recursive: a thread holding the lock shared must not take it again (it would deadlock behind a
// waiting writer). Satisfies the Lockable and SharedLockable requirements (std::unique_lock, std::shared_lock).
#pragma once

#include <pthread.h>

#include <cstdlib>

namespace kring::graph {

class RwLock {
 public:
  RwLock() {
    pthread_rwlockattr_t attr;
    pthread_rwlockattr_init(&attr);
    pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
    if (pthread_rwlock_init(&lock_, &attr) != 0) std::abort();
    pthread_rwlockattr_destroy(&attr);
  }
  ~RwLock() { pthread_rwlock_destroy(&lock_); }
  RwLock(const RwLock&) = delete;
  RwLock& operator=(const RwLock&) = delete;

  void lock() {
    if (pthread_rwlock_wrlock(&lock_) != 0) std::abort();
  }
  void unlock() { pthread_rwlock_unlock(&lock_); }
  void lock_shared() {
    if (pthread_rwlock_rdlock(&lock_) != 0) std::abort();
  }
  void unlock_shared() { pthread_rwlock_unlock(&lock_); }

 private:
  pthread_rwlock_t lock_;
};

}  // namespace kring::graph
