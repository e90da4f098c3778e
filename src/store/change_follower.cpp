#include "store/change_follower.h"

#include <spdlog/spdlog.h>

namespace kring::store {
namespace {
constexpr int kBatch = 2000;
}

ChangeFollower::ChangeFollower(Database& db, std::chrono::milliseconds poll_interval)
    : db_(db), poll_interval_(poll_interval) {}

ChangeFollower::~ChangeFollower() { stop(); }

void ChangeFollower::add(Index* index) { indexes_.push_back(index); }

Status ChangeFollower::start() {
  auto loaded = db_.read<int64_t>([&](Session& s) -> Result<int64_t> {
    int64_t seq = max_seq(s);
    for (Index* index : indexes_) {
      auto t0 = std::chrono::steady_clock::now();
      KRING_TRY(index->load(s));
      auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
      spdlog::info("index {} loaded in {} ms", index->name(), ms.count());
    }
    return seq;
  });
  if (!loaded.ok()) return std::move(loaded).error();
  applied_.store(*loaded, std::memory_order_release);
  db_.set_observer(this);
  thread_ = std::thread([this] { run(); });
  ready_.store(true, std::memory_order_release);
  return {};
}

void ChangeFollower::stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    stopping_ = true;
    wake_cv_.notify_all();
    applied_cv_.notify_all();
  }
  if (thread_.joinable()) {
    thread_.join();
    db_.set_observer(nullptr);
  }
}

bool ChangeFollower::wait_applied(int64_t seq, std::chrono::milliseconds timeout) {
  if (applied_seq() >= seq) return true;
  std::unique_lock lock(mu_);
  wake_ = true;
  wake_cv_.notify_one();
  return applied_cv_.wait_for(lock, timeout, [&] { return stopping_ || applied_seq() >= seq; }) &&
         applied_seq() >= seq;
}

void ChangeFollower::committed(int64_t seq) {
  if (!wait_applied(seq)) spdlog::warn("indexes did not reach change {} in time", seq);
}

void ChangeFollower::remote_changes() {
  std::lock_guard lock(mu_);
  wake_ = true;
  wake_cv_.notify_one();
}

void ChangeFollower::run() {
  for (;;) {
    {
      std::unique_lock lock(mu_);
      wake_cv_.wait_for(lock, poll_interval_, [&] { return wake_ || stopping_; });
      if (stopping_) return;
      wake_ = false;
    }
    catch_up();
  }
}

void ChangeFollower::catch_up() {
  for (;;) {
    auto changes = read_changes(db_, applied_seq(), kBatch);
    if (!changes.ok()) {
      spdlog::warn("change log read failed: {}", changes.error().message);
      return;
    }
    for (const Change& c : *changes) {
      for (Index* index : indexes_) index->apply(c);
      applied_.store(c.seq, std::memory_order_release);
    }
    {
      std::lock_guard lock(mu_);
      applied_cv_.notify_all();
    }
    if (changes->size() < static_cast<size_t>(kBatch)) return;
  }
}

}  // namespace kring::store
