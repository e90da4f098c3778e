#include "feed/impressions.h"

#include <spdlog/spdlog.h>

namespace kring::feed {
namespace {

// A post or viewer deleted since the impression was queued is skipped by the EXISTS checks (no foreign-key
// failure that would roll back the whole batch). The checks also require the post and the viewer to predate the
// impression: SQLite reuses the id of a deleted row with the largest id, and a queued impression of a deleted
// post must not land on a new post that got its id.
constexpr std::string_view kUpsertImpression =
    "INSERT INTO post_impressions (post_id, viewer_id, impressions, first_at, last_at) "
    "SELECT CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT) "
    "WHERE EXISTS (SELECT 1 FROM posts WHERE id = ? AND created_at <= ?) "
    "AND EXISTS (SELECT 1 FROM members WHERE id = ? AND created_at <= ?) "
    "ON CONFLICT (post_id, viewer_id) DO UPDATE SET impressions = post_impressions.impressions + "
    "excluded.impressions, "
    "last_at = excluded.last_at";

}  // namespace

ImpressionRecorder::ImpressionRecorder(store::Database& db, const Clock& clock,
                                       std::chrono::milliseconds interval)
    : db_(db), clock_(clock), flusher_(interval) {}

ImpressionRecorder::~ImpressionRecorder() { stop(); }

void ImpressionRecorder::start() {
  {
    std::lock_guard lock(mu_);
    if (stopped_) return;
  }
  flusher_.start([this] {
    if (queued() == 0) return;
    Status st = flush();
    if (!st.ok()) spdlog::warn("impressions: flush failed, will retry: {}", st.error().message);
  });
}

void ImpressionRecorder::stop() {
  {
    std::lock_guard lock(mu_);
    if (stopped_) return;
  }
  flusher_.stop();
  Status st = flush();
  if (!st.ok()) spdlog::warn("impressions: {} lost at shutdown: {}", queued(), st.error().message);
  std::lock_guard lock(mu_);
  stopped_ = true;
  queue_.clear();
}

void ImpressionRecorder::record(int64_t viewer, std::span<const int64_t> posts) {
  if (posts.empty()) return;
  const Micros now = clock_.now();
  std::lock_guard lock(mu_);
  if (stopped_) return;
  for (int64_t post : posts) {
    auto it = queue_.find({post, viewer});
    if (it == queue_.end()) {
      if (queue_.size() >= kMaxQueued) {
        ++dropped_;
        continue;
      }
      it = queue_.emplace(std::pair{post, viewer}, Pending{0, now, now}).first;
    }
    ++it->second.count;
    it->second.last = now;
  }
}

Status ImpressionRecorder::flush() {
  std::lock_guard flushing(flush_mu_);
  std::map<std::pair<int64_t, int64_t>, Pending> batch;
  {
    std::lock_guard lock(mu_);
    batch.swap(queue_);
  }
  if (batch.empty()) return {};
  auto r = db_.write<bool>([&](store::WriteTx& tx) -> Result<bool> {
    for (const auto& [key, p] : batch) {
      tx.exec(kUpsertImpression,
              {key.first, key.second, p.count, p.first, p.last, key.first, p.first, key.second, p.first});
    }
    return true;
  });
  if (r.ok()) return {};
  // Merge them back with anything that arrived meanwhile.
  std::lock_guard lock(mu_);
  for (auto& [key, p] : batch) {
    auto it = queue_.find(key);
    if (it != queue_.end()) {
      it->second.count += p.count;
      it->second.first = std::min(it->second.first, p.first);
      continue;
    }
    if (queue_.size() >= kMaxQueued) {
      ++dropped_;
      continue;
    }
    queue_.emplace(key, p);
  }
  return std::move(r).error();
}

size_t ImpressionRecorder::queued() const {
  std::lock_guard lock(mu_);
  return queue_.size();
}

uint64_t ImpressionRecorder::dropped() const {
  std::lock_guard lock(mu_);
  return dropped_;
}

}  // namespace kring::feed
