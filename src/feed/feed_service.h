// The feed a member reads, in two modes, with the member's remembered choice, mutes, followed hashtags,
// impressions and per-post analytics for authors.
//
// Recent: posts of the window (FeedIndexOptions::window, 30 days) by the viewer's connections and the members
// they follow, and posts carrying a hashtag they follow, strictly newest first (created second, then post id,
// both descending). Company pages cannot post yet, so there are no company posts to include. The viewer's own
// posts are not in their feed.
//
// Relevant: candidates are the newest posts_per_author posts of each connection and followed member, the
// newest posts_per_hashtag posts of each followed hashtag, and the posts the viewer's connections commented
// on or reacted to (each connection's newest interactions_per_connection interactions within
// engagement_horizon), without duplicates; they are scored (feed/ranking.h) and the best max_ranked kept.
// Every candidate reports how it came (the `reason`, strongest source first) and why it scored as it did.
//
// Both modes leave out: posts the viewer may not see (connections-only posts of non-connections: also when a
// connection reacted to them), posts by members hidden by a block either way, by muted members, with a muted
// hashtag, and reshares of a post whose author is blocked or muted. Deleted posts are gone as soon as the
// delete returns (the index applies post.deleted before the write returns; pages are checked again when
// they are served).
//
// Paging. Recent mode: the cursor is the (created second, id) of the last item. Relevant mode: the first page
// ranks the candidates and keeps the ranked list (features only, ~100 bytes an item) in memory as the
// viewer's snapshot (one per viewer, at most max_snapshots, for snapshot_ttl); the cursor holds the
// snapshot's id, the offset and the ranking moment, so later pages continue the same list even while new
// posts and reactions arrive. When the snapshot is gone (expired, evicted, another node, a restart) the list
// is ranked again as of the cursor's moment: posts created after it are left out and freshness is computed
// for it, so the pages continue consistently; only engagement that arrived since can move an item. Items
// deleted or hidden since are skipped when a page is served.
//
// Cost of one relevant page: O(connections + follows) list look-ups, at most posts_per_author posts per
// author and interactions_per_connection interactions per connection, all in memory under the index's shared
// lock; then scoring (no allocation per candidate) and one sort.
//
// Thread safety: every method may be called concurrently.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "feed/feed_index.h"
#include "feed/impressions.h"
#include "feed/ranking.h"
#include "graph/graph.h"
#include "members/member_directory.h"
#include "network/block_index.h"
#include "store/database.h"

namespace kring::feed {

enum class FeedMode { kRelevant, kRecent };
const char* mode_name(FeedMode mode);
std::optional<FeedMode> parse_mode(std::string_view name);

// A hashtag as a member types it ("#Rust", "rust", "Café"): folded, without '#'. kInvalidArgument ("tag")
// unless it is exactly one hashtag.
Result<std::string> normalize_hashtag(std::string_view typed);

struct FeedLimits {
  size_t posts_per_author = 5;
  size_t posts_per_hashtag = 50;
  size_t interactions_per_connection = 20;
  Micros engagement_horizon = 7LL * 24 * 3600 * kMicrosPerSecond;
  size_t max_connections = 10'000;  // connections looked at (the newest ones)
  size_t max_follows = 10'000;
  size_t max_candidates = 20'000;
  size_t max_ranked = 150;  // the relevant feed ends after this many items
  Micros snapshot_ttl = 30LL * 60 * kMicrosPerSecond;
  size_t max_snapshots = 4096;
};

struct FeedFactor {
  std::string name;
  double value = 0;
  std::string label;
};

struct FeedItem {
  int64_t post = 0;
  MemberId author = 0;
  std::string reason;
  double score = 0;
  std::vector<FeedFactor> factors;
};

struct FeedPage {
  std::vector<FeedItem> items;
  std::optional<std::string> next_cursor;
};

struct FeedPreferences {
  FeedMode mode = FeedMode::kRelevant;
  std::vector<MemberId> muted_members;         // most recently muted first
  std::vector<std::string> muted_hashtags;     // alphabetical
  std::vector<std::string> followed_hashtags;  // alphabetical
};

// What an author sees about one post. Reach is unique viewers as a percentage of the author's audience:
// the distinct members who follow the author or are connected to them.
struct PostAnalytics {
  int64_t impressions = 0;
  int64_t unique_viewers = 0;
  std::map<std::string, int64_t> reactions;  // every reaction type, 0 included
  int64_t comments = 0;                      // comments and replies, the author's own included
  int64_t reshares = 0;
  double colleague_engagement_share = 0;  // 0..1, of reactions and comments by others than the author
  int64_t followers = 0;
  int64_t audience = 0;      // followers ∪ connections
  double reach_percent = 0;  // one decimal
};

inline constexpr size_t kMaxMutes = 1000;  // per member, of members and of hashtags each
inline constexpr size_t kMaxFollowedHashtags = 1000;

class FeedService {
 public:
  // REQUIRES: all references outlive the service.
  FeedService(const FeedIndex& index, const graph::Graph& graph, const Clock& clock, FeedLimits limits = {});

  // Optional collaborators; set before concurrent use. Each must outlive the service.
  void set_blocks(const network::BlockIndex* blocks) { blocks_ = blocks; }   // none: no blocks
  void set_directory(const members::MemberDirectory* d) { directory_ = d; }  // none: "a member" in reasons
  void set_store(store::Database* db) { db_ = db; }                          // REQUIRED by the store methods
  void set_impressions(ImpressionRecorder* r) { impressions_ = r; }          // none: impressions not kept

  // ---- pages (memory only). Errors: kInvalidArgument ("cursor") for a cursor that is not this mode's.
  Result<FeedPage> relevant(MemberId viewer, int limit, std::string_view cursor);
  Result<FeedPage> recent(MemberId viewer, int limit, std::string_view cursor) const;
  // Queues one impression per post for `viewer` (no store write on this thread).
  void record_impressions(MemberId viewer, std::span<const int64_t> posts);

  // ---- the store. REQUIRES: set_store().
  // The remembered mode, relevant when none.
  Result<FeedMode> mode(MemberId viewer) const;
  // Remembers `mode`; writes only when it differs from the remembered one.
  Status remember_mode(MemberId viewer, FeedMode mode);
  // Idempotent. kInvalidArgument for oneself or beyond kMaxMutes. Logged (mute.created / mute.removed).
  Status mute_member(MemberId me, MemberId target, bool on);
  Status mute_hashtag(MemberId me, std::string_view tag, bool on);  // tag: normalize_hashtag()d
  // Followed hashtags (member_interests). Logged (interest.created / interest.removed).
  Status follow_hashtag(MemberId me, std::string_view tag, bool on);
  Result<FeedPreferences> preferences(MemberId me) const;
  // REQUIRES: the caller checked that `author` wrote `post` (PostService::get by the author).
  Result<PostAnalytics> analytics(int64_t post, MemberId author) const;

  const FeedLimits& limits() const { return limits_; }

 private:
  struct Ranked {
    int64_t id = 0;
    Micros as_of = 0;
    Micros made_at = 0;
    std::vector<Features> items;  // ranked order
  };

  std::vector<uint32_t> connections_of(MemberId viewer) const;
  std::shared_ptr<const Ranked> rank(MemberId viewer, Micros as_of) const;
  std::shared_ptr<const Ranked> find_snapshot(MemberId viewer, int64_t id) const;
  void keep_snapshot(MemberId viewer, std::shared_ptr<const Ranked> ranked);
  std::string full_name(MemberId m) const;
  std::string first_name(MemberId m) const;

  const FeedIndex& index_;
  const graph::Graph& graph_;
  const Clock& clock_;
  FeedLimits limits_;
  const network::BlockIndex* blocks_ = nullptr;
  const members::MemberDirectory* directory_ = nullptr;
  store::Database* db_ = nullptr;
  ImpressionRecorder* impressions_ = nullptr;

  std::atomic<int64_t> next_snapshot_id_;
  mutable std::mutex snap_mu_;
  std::unordered_map<MemberId, std::shared_ptr<const Ranked>>
      snapshots_;  // GUARDED_BY(snap_mu_); one per viewer
};

}  // namespace kring::feed
