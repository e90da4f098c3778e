// What feed ranking needs, in memory and compact: the posts of the last `window` (30 days by default) with
// their engagement counts, per author their posts in time order, per hashtag its posts, per member the
// interactions they made (reactions and comments, with times), who follows whom, followed and muted hashtags,
// muted members, and each member's current company pages (to tell colleagues apart). Built at start from the
// store (load) and kept current by following the change log (apply); a benchmark can fill it directly through
// the write methods instead, without a store.
//
// Followed kinds: post.created / post.updated (the post is re-read from the store: text for hashtags,
// commentary and bait), post.deleted, reaction.created / reaction.updated / reaction.removed and
// comment.created / comment.deleted ({"post","member","author","at",...}), follow.created / follow.removed
// (kind member), interest.created / interest.removed (followed hashtags, {"member","tag"}), mute.created /
// mute.removed ({"member","kind":"member"|"hashtag","target"}), profile.updated with section positions or
// import (current company pages re-read from the store) and member.deleted.
//
// Engagers are kept once, per member who engaged (their interaction log), not per post: that one list gives
// the viewer's affinity (their own log) and "Anna commented on this" candidates (the logs of the viewer's
// connections, newest first), which is the direction the feed reads them. Per post only counts are kept:
// reactions, comments, how many of them came from the author's colleagues (decided when the engagement
// happens: a current position at a company page the author currently holds one at too) and how many came in
// the first early_window after posting. The author's own reactions and comments are not counted.
//
// Memory (64-bit, ~1M members × 9M posts, 30 days at 0.3 posts per member per day):
//   per post     32 bytes record (PostRecord; dense by post id, holes for deleted ids) + 8 bytes in the
//                author's list (PostRef, + vector slack) ≈ 44 bytes
//   per hashtag on a post   12 bytes (4 in the post's tag run, 8 in the tag's post list)
//   per reaction or comment 16 bytes (InteractionRecord in the engager's log)
//   per member   ~56 bytes (two vector headers, follower count, company) + follows (4 bytes each)
// so 9M posts cost about 400 MB, plus 16 bytes per reaction or comment (at 3.5 per post ≈ 500 MB).
// Post ids and member ids must stay below 2^32 (larger ones are ignored and logged); times are kept to the
// second.
//
// Thread safety. One writer-preferring reader-writer lock (graph::RwLock) guards everything. Readers take it
// shared for a whole feed computation through a Reader, so each computation sees one consistent state;
// writers (the change-log follower, or a generator) take it exclusively for one change, which is O(size of
// the touched lists). The write methods are thread-safe but meant for one writer thread. A thread holding a
// Reader must not call a write method or open a second Reader (the lock is not recursive).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/clock.h"
#include "feed/ranking.h"
#include "graph/rw_lock.h"
#include "store/change_follower.h"
#include "store/database.h"

namespace kring::feed {

// A post as the index takes it.
struct FeedPost {
  int64_t id = 0;
  MemberId author = 0;
  Micros created_at = 0;
  bool connections_only = false;
  std::optional<int64_t> reshare_of;
  bool has_commentary = true;
  bool engagement_bait = false;
  std::vector<std::string> hashtags;  // folded (parse_hashtags)
};

// The index's view of a post from its text: hashtags, commentary, bait.
FeedPost describe_post(int64_t id, MemberId author, Micros created_at, std::string_view visibility,
                       std::optional<int64_t> reshare_of, std::string_view text);

// One post, 32 bytes. Times are seconds since 2000-01-01 UTC (graph::Graph::to_stored_time).
struct PostRecord {
  static constexpr uint8_t kConnectionsOnly = 1, kHasCommentary = 2, kBait = 4, kReshare = 8;

  uint32_t author = 0;  // 0: an empty slot
  uint32_t created = 0;
  uint32_t reshare_of = 0;  // 0: not a reshare (or of a post id beyond 2^32)
  uint32_t reactions = 0;   // by members other than the author
  uint32_t comments = 0;
  uint16_t colleague_reactions = 0;  // saturating
  uint16_t colleague_comments = 0;
  uint16_t early = 0;  // reactions and comments within early_window of created
  uint8_t flags = 0;
  uint8_t ntags = 0;  // at most 255 hashtags per post are indexed
  uint32_t tags = 0;  // offset of the post's tag ids in the tag arena

  bool connections_only() const { return (flags & kConnectionsOnly) != 0; }
  bool has_commentary() const { return (flags & kHasCommentary) != 0; }
  bool bait() const { return (flags & kBait) != 0; }
  bool reshare() const { return (flags & kReshare) != 0; }
};
static_assert(sizeof(PostRecord) == 32);

// A post in an author's or a hashtag's list: ordered by (created, id), so walking a list newest first and
// counting an author's posts within a time span need no look-up of the records.
struct PostRef {
  uint32_t created = 0;
  uint32_t id = 0;
  auto operator<=>(const PostRef&) const = default;
};

// One reaction or comment a member made, 16 bytes.
struct InteractionRecord {
  static constexpr uint8_t kColleague = 1, kEarly = 2;
  uint32_t post = 0;
  uint32_t author = 0;  // the post's author (kept after the post leaves the window, for affinity)
  uint32_t at = 0;      // seconds since 2000-01-01
  Interaction kind = Interaction::kReaction;
  uint8_t type = 0;  // reaction type: index in reaction_types()
  uint8_t flags = 0;
  uint8_t unused = 0;
};
static_assert(sizeof(InteractionRecord) == 16);

struct FeedIndexOptions {
  Micros window = 30LL * 24 * 3600 * kMicrosPerSecond;  // posts and interactions older than this fall out
  size_t max_interactions_per_member = 2000;            // a member's older interactions beyond this fall out
  Micros early_window = kWeights.early_window_minutes * 60 * kMicrosPerSecond;
};

struct FeedIndexStats {
  size_t posts = 0;
  size_t interactions = 0;
  size_t hashtags = 0;      // distinct
  size_t memory_bytes = 0;  // vectors' capacities and records, not allocator overhead
};

class FeedIndex final : public store::Index {
 public:
  // REQUIRES: `clock` outlives the index.
  explicit FeedIndex(const Clock& clock, FeedIndexOptions options = {});
  FeedIndex(const FeedIndex&) = delete;
  FeedIndex& operator=(const FeedIndex&) = delete;

  // The store apply() re-reads posts and positions from; nullptr (the default): those changes are ignored.
  // REQUIRES: set before the follower starts; `db` outlives the index.
  void set_store(store::Database* db) { db_ = db; }

  std::string_view name() const override { return "feed"; }
  // Replaces the contents with the snapshot's posts and interactions of the window, follows, followed and
  // muted hashtags, mutes and current company pages.
  Status load(store::Session& snapshot) override;
  void apply(const store::Change& change) override;

  // ---- writes: thread-safe, meant for one writer thread
  // Adds or replaces a post (its counts survive a replace). Posts older than the window are ignored.
  void put_post(const FeedPost& post);
  void remove_post(int64_t id);
  // A reaction (`type` = index in reaction_types()) or comment by `member` on `post` by `author` at `at`.
  // A second reaction by the same member on the same post replaces the first (type and time). Self-engagement
  // is ignored.
  void add_interaction(MemberId member, int64_t post, MemberId author, Interaction kind, uint8_t type,
                       Micros at);
  void remove_interaction(MemberId member, int64_t post, Interaction kind);
  void set_follow(MemberId follower, MemberId target, bool following);
  void set_interest(MemberId member, std::string_view tag, bool following);
  void set_muted_member(MemberId member, MemberId muted, bool on);
  void set_muted_hashtag(MemberId member, std::string_view tag, bool on);
  // The company pages `member` currently works at (replaces the previous list).
  void set_companies(MemberId member, std::vector<int64_t> companies);
  void remove_member(MemberId member);
  // Drops posts that left the window (from the oldest id on) and prunes a slice of members' interaction logs.
  // Called by apply() at most once a minute.
  void expire();
  // Removes everything.
  void clear();
  // Gives back the slack of growing lists (load() does this at its end; a bulk filler should too).
  // O(members + hashtags), holding the lock exclusively.
  void shrink_to_fit();

  // ---- reads
  class Reader;
  // Holds the lock shared until destroyed. See the thread-safety note above.
  Reader read() const;

  FeedIndexStats stats() const;
  const FeedIndexOptions& options() const { return options_; }
  const Clock& clock() const { return clock_; }

 private:
  struct MemberSlot {
    std::vector<PostRef> posts;                   // ascending
    std::vector<InteractionRecord> interactions;  // ascending by at
    uint32_t followers = 0;
    uint32_t company = 0;  // first current company page, 0: none (more in more_companies_)
  };
  struct Social {
    std::vector<uint32_t> following;      // member ids, ascending
    std::vector<uint32_t> interests;      // tag ids, ascending
    std::vector<uint32_t> muted_members;  // ascending
    std::vector<uint32_t> muted_tags;     // ascending
    bool empty() const {
      return following.empty() && interests.empty() && muted_members.empty() && muted_tags.empty();
    }
  };

  // All REQUIRE mu_ held exclusively (or shared for the const ones).
  PostRecord* record_locked(int64_t id);
  const PostRecord* record_locked(int64_t id) const;
  MemberSlot* slot_locked(MemberId m);
  const MemberSlot* slot_locked(MemberId m) const;
  MemberSlot& own_slot_locked(MemberId m);
  uint32_t tag_id_locked(std::string_view tag);
  bool colleagues_locked(uint32_t a, uint32_t b) const;
  static void insert_sorted(std::vector<PostRef>& list, PostRef ref);
  static void erase_sorted(std::vector<PostRef>& list, PostRef ref);
  void unlink_post_locked(uint32_t id, const PostRecord& r);
  void remove_post_locked(int64_t id);
  void uncount_locked(const InteractionRecord& e);
  void remove_interaction_locked(MemberId member, int64_t post, Interaction kind);
  void compact_tags_locked();
  void expire_locked(Micros now);
  uint32_t cutoff_locked(Micros now) const;

  void reload_post(int64_t id);
  void reload_companies(MemberId member);

  const Clock& clock_;
  FeedIndexOptions options_;
  store::Database* db_ = nullptr;

  mutable graph::RwLock mu_;
  std::deque<PostRecord> posts_;                 // GUARDED_BY(mu_); posts_[i] is post base_ + i
  int64_t base_ = 0;                             // GUARDED_BY(mu_)
  size_t live_posts_ = 0;                        // GUARDED_BY(mu_)
  std::vector<MemberSlot> members_;              // GUARDED_BY(mu_); by member id
  std::unordered_map<uint32_t, Social> social_;  // GUARDED_BY(mu_)
  std::unordered_map<uint32_t, std::vector<uint32_t>> more_companies_;  // GUARDED_BY(mu_)
  std::vector<uint32_t> tag_arena_;                                     // GUARDED_BY(mu_)
  size_t tag_garbage_ = 0;                                              // GUARDED_BY(mu_)
  std::unordered_map<std::string, uint32_t> tag_ids_;                   // GUARDED_BY(mu_)
  std::vector<std::string> tag_names_;                                  // GUARDED_BY(mu_); by tag id
  std::vector<std::vector<PostRef>> tag_posts_;  // GUARDED_BY(mu_); by tag id, ascending
  size_t interactions_ = 0;                      // GUARDED_BY(mu_)
  size_t sweep_member_ = 0;                      // GUARDED_BY(mu_); where the interaction sweep resumes
  Micros last_expire_ = 0;                       // follower thread only
};

// A consistent view of the index; holds its lock shared. Spans and pointers are valid while it lives.
class FeedIndex::Reader {
 public:
  Reader(Reader&& other) noexcept : index_(other.index_) { other.index_ = nullptr; }
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;
  Reader& operator=(Reader&&) = delete;
  ~Reader() {
    if (index_) index_->mu_.unlock_shared();
  }

  // The post, or nullptr when unknown, deleted or out of the window.
  const PostRecord* post(int64_t id) const;
  // `author`'s posts in the window (some may have just left it: check created >= cutoff()), ascending by
  // (created, id).
  std::span<const PostRef> posts_by(MemberId author) const;
  std::span<const PostRef> posts_tagged(uint32_t tag) const;
  std::span<const uint32_t> tags_of(const PostRecord& r) const;
  // Reactions and comments `member` made, oldest first.
  std::span<const InteractionRecord> interactions_of(MemberId member) const;
  std::span<const uint32_t> following(MemberId member) const;
  std::span<const uint32_t> interests(MemberId member) const;
  std::span<const uint32_t> muted_members(MemberId member) const;
  std::span<const uint32_t> muted_tags(MemberId member) const;
  uint32_t followers(MemberId member) const;
  std::optional<uint32_t> tag_id(std::string_view tag) const;
  const std::string& tag_name(uint32_t tag) const;
  // Posts and interactions before this stored time are out of the window.
  uint32_t cutoff() const { return cutoff_; }

 private:
  friend class FeedIndex;
  explicit Reader(const FeedIndex& index);
  const FeedIndex* index_;
  uint32_t cutoff_ = 0;
};

}  // namespace kring::feed
