#include "feed/feed_index.h"

#include <algorithm>
#include <mutex>
#include <shared_mutex>

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "feed/posts.h"
#include "graph/graph.h"

namespace kring::feed {
namespace {

constexpr std::string_view kSelectPost =
    "SELECT id, author_id, text, visibility, reshare_of, created_at FROM posts WHERE id = ?";
constexpr std::string_view kWindowPosts =
    "SELECT id, author_id, text, visibility, reshare_of, created_at FROM posts WHERE created_at >= ? AND id "
    "> ? "
    "ORDER BY id LIMIT ?";
constexpr std::string_view kWindowReactions =
    "SELECT r.member_id, r.post_id, p.author_id, r.type, r.created_at FROM reactions r "
    "JOIN posts p ON p.id = r.post_id WHERE r.post_id >= ? AND r.post_id < ? AND r.created_at >= ?";
constexpr std::string_view kWindowComments =
    "SELECT c.author_id, c.post_id, p.author_id, c.created_at FROM comments c "
    "JOIN posts p ON p.id = c.post_id WHERE c.post_id >= ? AND c.post_id < ? AND c.created_at >= ?";
constexpr std::string_view kWindowProfileViews =
    "SELECT viewer_id, viewed_id, created_at FROM profile_views WHERE viewer_id IS NOT NULL AND created_at >= ?";
constexpr std::string_view kMemberFollows =
    "SELECT follower, target FROM follows WHERE target_kind = 'member'";
constexpr std::string_view kInterests = "SELECT member_id, tag FROM member_interests";
constexpr std::string_view kMutedMembers = "SELECT member_id, muted_id FROM feed_muted_members";
constexpr std::string_view kMutedHashtags = "SELECT member_id, tag FROM feed_muted_hashtags";
constexpr std::string_view kCurrentCompanies =
    "SELECT member_id, company_id FROM positions WHERE end_year IS NULL AND company_id IS NOT NULL "
    "ORDER BY member_id, company_id";
constexpr std::string_view kMemberCompanies =
    "SELECT DISTINCT company_id FROM positions WHERE member_id = ? AND end_year IS NULL AND company_id IS "
    "NOT NULL "
    "ORDER BY company_id";

constexpr int64_t kLoadPage = 20'000;           // posts per query while loading
constexpr int64_t kInteractionIdSpan = 20'000;  // post ids per interaction query while loading
constexpr Micros kExpireEvery = 60 * kMicrosPerSecond;
constexpr size_t kSweepMembers = 4096;  // members whose interaction logs one expire() prunes
constexpr size_t kMaxTags = 255;
constexpr int64_t kDenseSlack = 1 << 16;  // ids this far beyond the dense range still extend it

bool valid_id(int64_t id) { return id > 0 && id <= graph::Graph::kMaxMember; }
uint32_t stored(Micros t) { return graph::Graph::to_stored_time(t); }

bool set_member(std::vector<uint32_t>& v, uint32_t x, bool on) {
  auto it = std::lower_bound(v.begin(), v.end(), x);
  const bool present = it != v.end() && *it == x;
  if (on == present) return false;
  if (on) {
    v.insert(it, x);
  } else {
    v.erase(it);
  }
  return true;
}

std::span<const uint32_t> span_of(const std::vector<uint32_t>& v) { return {v.data(), v.size()}; }

uint8_t reaction_index(std::string_view type) {
  const auto& t = reaction_types();
  auto it = std::find(t.begin(), t.end(), type);
  return it == t.end() ? 0 : static_cast<uint8_t>(it - t.begin());
}

template <typename T>
size_t vector_bytes(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
}

}  // namespace

FeedPost describe_post(int64_t id, MemberId author, Micros created_at, std::string_view visibility,
                       std::optional<int64_t> reshare_of, std::string_view text) {
  FeedPost p;
  p.id = id;
  p.author = author;
  p.created_at = created_at;
  p.connections_only = visibility != "anyone";
  p.reshare_of = reshare_of;
  p.has_commentary = has_commentary(text);
  p.engagement_bait = is_engagement_bait(text);
  p.hashtags = parse_hashtags(text);
  return p;
}

FeedIndex::FeedIndex(const Clock& clock, FeedIndexOptions options) : clock_(clock), options_(options) {}

// ---- private helpers (mu_ held) ------------------------------------------------------------------------

const PostRecord* FeedIndex::record_locked(int64_t id) const {
  if (id >= base_ && id - base_ < static_cast<int64_t>(posts_.size()))
    return &posts_[static_cast<size_t>(id - base_)];
  return nullptr;
}

PostRecord* FeedIndex::record_locked(int64_t id) {
  return const_cast<PostRecord*>(static_cast<const FeedIndex*>(this)->record_locked(id));
}

const FeedIndex::MemberSlot* FeedIndex::slot_locked(MemberId m) const {
  if (m <= 0 || m >= static_cast<MemberId>(members_.size())) return nullptr;
  return &members_[static_cast<size_t>(m)];
}

FeedIndex::MemberSlot* FeedIndex::slot_locked(MemberId m) {
  return const_cast<MemberSlot*>(static_cast<const FeedIndex*>(this)->slot_locked(m));
}

FeedIndex::MemberSlot& FeedIndex::own_slot_locked(MemberId m) {
  if (m >= static_cast<MemberId>(members_.size())) {
    members_.resize(std::max<size_t>(static_cast<size_t>(m) + 1, members_.size() + members_.size() / 8));
  }
  return members_[static_cast<size_t>(m)];
}

uint32_t FeedIndex::tag_id_locked(std::string_view tag) {
  auto it = tag_ids_.find(std::string(tag));
  if (it != tag_ids_.end()) return it->second;
  const auto id = static_cast<uint32_t>(tag_names_.size());
  tag_names_.emplace_back(tag);
  tag_posts_.emplace_back();
  tag_ids_.emplace(std::string(tag), id);
  return id;
}

bool FeedIndex::colleagues_locked(uint32_t a, uint32_t b) const {
  const MemberSlot* sa = slot_locked(a);
  const MemberSlot* sb = slot_locked(b);
  if (!sa || !sb || sa->company == 0 || sb->company == 0) return false;
  auto companies = [&](uint32_t m, const MemberSlot* s) {
    std::vector<uint32_t> out{s->company};
    if (auto it = more_companies_.find(m); it != more_companies_.end()) {
      out.insert(out.end(), it->second.begin(), it->second.end());
    }
    return out;
  };
  if (sa->company == sb->company) return true;
  if (!more_companies_.contains(a) && !more_companies_.contains(b)) return false;
  auto ca = companies(a, sa), cb = companies(b, sb);
  for (uint32_t c : ca) {
    if (std::find(cb.begin(), cb.end(), c) != cb.end()) return true;
  }
  return false;
}

void FeedIndex::insert_sorted(std::vector<PostRef>& list, PostRef ref) {
  if (list.empty() || list.back() < ref) {
    list.push_back(ref);
    return;
  }
  auto it = std::lower_bound(list.begin(), list.end(), ref);
  if (it != list.end() && *it == ref) return;
  list.insert(it, ref);
}

void FeedIndex::erase_sorted(std::vector<PostRef>& list, PostRef ref) {
  auto it = std::lower_bound(list.begin(), list.end(), ref);
  if (it != list.end() && *it == ref) list.erase(it);
}

// Removes post `id` (whose record still holds `r`) from its author's and its tags' lists.
void FeedIndex::unlink_post_locked(uint32_t id, const PostRecord& r) {
  const PostRef ref{r.created, id};
  if (MemberSlot* s = slot_locked(r.author)) erase_sorted(s->posts, ref);
  for (uint32_t k = 0; k < r.ntags; ++k) {
    const uint32_t t = tag_arena_[r.tags + k];
    if (t < tag_posts_.size()) erase_sorted(tag_posts_[t], ref);
  }
  tag_garbage_ += r.ntags;
}

void FeedIndex::remove_post_locked(int64_t id) {
  PostRecord* r = record_locked(id);
  if (!r || r->author == 0) return;
  const PostRecord old = *r;
  unlink_post_locked(static_cast<uint32_t>(id), old);
  *r = PostRecord{};
  --live_posts_;
  while (!posts_.empty() && posts_.front().author == 0) {
    posts_.pop_front();
    ++base_;
  }
  if (posts_.empty()) base_ = 0;
}

void FeedIndex::uncount_locked(const InteractionRecord& e) {
  PostRecord* r = record_locked(e.post);
  if (!r || r->author == 0) return;
  auto dec32 = [](uint32_t& v) { v -= v > 0 ? 1 : 0; };
  auto dec16 = [](uint16_t& v) { v -= v > 0 ? 1 : 0; };
  if (e.kind == Interaction::kReaction) {
    dec32(r->reactions);
    if (e.flags & InteractionRecord::kColleague) dec16(r->colleague_reactions);
  } else if (e.kind == Interaction::kComment) {
    dec32(r->comments);
    if (e.flags & InteractionRecord::kColleague) dec16(r->colleague_comments);
  }
  if (e.flags & InteractionRecord::kEarly) dec16(r->early);
}

void FeedIndex::remove_interaction_locked(MemberId member, int64_t post, Interaction kind) {
  // Only what is in the member's log is undone, so removing twice is harmless. An interaction that fell out
  // of a log longer than max_interactions_per_member keeps its count on the post (a member that active
  // un-reacting an old post is rare; the count is exact again at the next start).
  MemberSlot* s = slot_locked(member);
  if (!s) return;
  for (auto it = s->interactions.end(); it != s->interactions.begin();) {
    --it;
    if (it->post == post && it->kind == kind) {
      uncount_locked(*it);
      s->interactions.erase(it);
      --interactions_;
      return;
    }
  }
}

void FeedIndex::compact_tags_locked() {
  if (tag_garbage_ < (size_t{1} << 16) || tag_garbage_ * 2 < tag_arena_.size()) return;
  std::vector<uint32_t> arena;
  arena.reserve(tag_arena_.size() - tag_garbage_);
  for (PostRecord& r : posts_) {
    if (r.author == 0 || r.ntags == 0) continue;
    const auto off = static_cast<uint32_t>(arena.size());
    arena.insert(arena.end(), tag_arena_.begin() + r.tags, tag_arena_.begin() + r.tags + r.ntags);
    r.tags = off;
  }
  tag_arena_.swap(arena);
  tag_garbage_ = 0;
}

uint32_t FeedIndex::cutoff_locked(Micros now) const { return stored(now - options_.window); }

void FeedIndex::expire_locked(Micros now) {
  const uint32_t cutoff = cutoff_locked(now);
  while (!posts_.empty()) {
    const PostRecord& f = posts_.front();
    if (f.author == 0) {
      posts_.pop_front();
      ++base_;
      continue;
    }
    if (f.created >= cutoff) break;
    remove_post_locked(base_);
  }
  if (posts_.empty()) base_ = 0;
  if (members_.empty()) return;
  for (size_t k = 0; k < kSweepMembers; ++k) {
    if (sweep_member_ >= members_.size()) sweep_member_ = 0;
    auto& log = members_[sweep_member_++].interactions;
    auto keep = std::lower_bound(log.begin(), log.end(), cutoff,
                                 [](const InteractionRecord& e, uint32_t c) { return e.at < c; });
    if (keep != log.begin()) {
      interactions_ -= static_cast<size_t>(keep - log.begin());
      log.erase(log.begin(), keep);
    }
  }
}

// ---- writes ----------------------------------------------------------------------------------------------

void FeedIndex::clear() {
  std::unique_lock lock(mu_);
  posts_.clear();
  base_ = 0;
  live_posts_ = 0;
  members_.clear();
  social_.clear();
  more_companies_.clear();
  tag_arena_.clear();
  tag_garbage_ = 0;
  tag_ids_.clear();
  tag_names_.clear();
  tag_posts_.clear();
  interactions_ = 0;
  sweep_member_ = 0;
}

void FeedIndex::put_post(const FeedPost& p) {
  if (!valid_id(p.id) || !valid_id(p.author)) {
    if (p.id > 0)
      spdlog::warn("feed index: post {} by {} has an id beyond 2^32; not indexed", p.id, p.author);
    return;
  }
  std::unique_lock lock(mu_);
  const uint32_t created = stored(p.created_at);
  if (created < cutoff_locked(clock_.now())) {
    remove_post_locked(p.id);
    return;
  }
  PostRecord* r = record_locked(p.id);
  PostRecord next;
  if (r && r->author != 0) {
    const PostRecord old = *r;
    unlink_post_locked(static_cast<uint32_t>(p.id), old);
    next = old;  // keeps the counts
  } else {
    const auto size = static_cast<int64_t>(posts_.size());
    if (posts_.empty()) {
      base_ = p.id;
      posts_.emplace_back();
    } else if (p.id >= base_ + size) {
      if (p.id - (base_ + size) > std::max(size, kDenseSlack)) {
        spdlog::warn("feed index: post id {} is far beyond the posts in the window; not indexed", p.id);
        return;
      }
      posts_.resize(static_cast<size_t>(p.id - base_ + 1));
    } else if (p.id < base_) {
      if (base_ - p.id > std::max(size, kDenseSlack)) {
        spdlog::warn("feed index: post id {} is far below the posts in the window; not indexed", p.id);
        return;
      }
      posts_.insert(posts_.begin(), static_cast<size_t>(base_ - p.id), PostRecord{});
      base_ = p.id;
    }
    r = record_locked(p.id);
    ++live_posts_;
  }
  next.author = static_cast<uint32_t>(p.author);
  next.created = created;
  next.reshare_of = p.reshare_of && valid_id(*p.reshare_of) ? static_cast<uint32_t>(*p.reshare_of) : 0;
  next.flags = (p.connections_only ? PostRecord::kConnectionsOnly : 0) |
               (p.has_commentary ? PostRecord::kHasCommentary : 0) |
               (p.engagement_bait ? PostRecord::kBait : 0) | (p.reshare_of ? PostRecord::kReshare : 0);
  next.tags = static_cast<uint32_t>(tag_arena_.size());
  next.ntags = 0;
  for (const std::string& tag : p.hashtags) {
    if (next.ntags == kMaxTags) break;
    tag_arena_.push_back(tag_id_locked(tag));
    ++next.ntags;
  }
  *r = next;
  const PostRef ref{created, static_cast<uint32_t>(p.id)};
  insert_sorted(own_slot_locked(p.author).posts, ref);
  for (uint32_t k = 0; k < next.ntags; ++k) insert_sorted(tag_posts_[tag_arena_[next.tags + k]], ref);
  compact_tags_locked();
}

void FeedIndex::remove_post(int64_t id) {
  std::unique_lock lock(mu_);
  remove_post_locked(id);
}

void FeedIndex::add_interaction(MemberId member, int64_t post, MemberId author, Interaction kind,
                                uint8_t type, Micros at) {
  const bool about_post = kind == Interaction::kReaction || kind == Interaction::kComment;
  if (!valid_id(member) || (about_post && !valid_id(post)) || !valid_id(author) || member == author) return;
  if (!about_post) post = 0;
  std::unique_lock lock(mu_);
  MemberSlot& s = own_slot_locked(member);
  if (kind == Interaction::kProfileView) {
    // The store keeps one view per viewer, member and day (the latest): so does the index.
    const uint32_t day = stored(at) / 86400;
    for (auto it = s.interactions.begin(); it != s.interactions.end(); ++it) {
      if (it->kind == Interaction::kProfileView && it->author == static_cast<uint32_t>(author) && it->at / 86400 == day) {
        s.interactions.erase(it);
        --interactions_;
        break;
      }
    }
  }
  if (kind == Interaction::kReaction) {
    // A changed reaction replaces the old one, with the new time (as the store keeps it).
    for (auto it = s.interactions.end(); it != s.interactions.begin();) {
      --it;
      if (it->post == post && it->kind == Interaction::kReaction) {
        uncount_locked(*it);
        s.interactions.erase(it);
        --interactions_;
        break;
      }
    }
  }
  InteractionRecord e;
  e.post = static_cast<uint32_t>(post);
  e.author = static_cast<uint32_t>(author);
  e.at = stored(at);
  e.kind = kind;
  e.type = type;
  if (colleagues_locked(static_cast<uint32_t>(member), e.author)) e.flags |= InteractionRecord::kColleague;
  if (PostRecord* r = about_post ? record_locked(post) : nullptr; r && r->author != 0) {
    const auto early = static_cast<uint32_t>(options_.early_window / kMicrosPerSecond);
    if (e.at >= r->created && e.at - r->created <= early) e.flags |= InteractionRecord::kEarly;
    auto inc16 = [](uint16_t& v) { v += v < UINT16_MAX ? 1 : 0; };
    if (kind == Interaction::kReaction) {
      ++r->reactions;
      if (e.flags & InteractionRecord::kColleague) inc16(r->colleague_reactions);
    } else if (kind == Interaction::kComment) {
      ++r->comments;
      if (e.flags & InteractionRecord::kColleague) inc16(r->colleague_comments);
    }
    if (e.flags & InteractionRecord::kEarly) inc16(r->early);
  }
  auto& log = s.interactions;
  if (log.empty() || log.back().at <= e.at) {
    log.push_back(e);
  } else {
    auto it = std::upper_bound(log.begin(), log.end(), e.at,
                               [](uint32_t t, const InteractionRecord& x) { return t < x.at; });
    log.insert(it, e);
  }
  ++interactions_;
  const size_t cap = options_.max_interactions_per_member;
  if (log.size() > cap + cap / 4) {
    const size_t drop = log.size() - cap;
    log.erase(log.begin(), log.begin() + static_cast<std::ptrdiff_t>(drop));
    interactions_ -= drop;
  }
}

void FeedIndex::remove_interaction(MemberId member, int64_t post, Interaction kind) {
  if (!valid_id(member) || !valid_id(post)) return;
  std::unique_lock lock(mu_);
  remove_interaction_locked(member, post, kind);
}

void FeedIndex::set_follow(MemberId follower, MemberId target, bool following) {
  if (!valid_id(follower) || !valid_id(target)) return;
  std::unique_lock lock(mu_);
  Social& s = social_[static_cast<uint32_t>(follower)];
  if (set_member(s.following, static_cast<uint32_t>(target), following)) {
    uint32_t& n = own_slot_locked(target).followers;
    if (following) {
      ++n;
    } else if (n > 0) {
      --n;
    }
  }
  if (s.empty()) social_.erase(static_cast<uint32_t>(follower));
}

void FeedIndex::set_interest(MemberId member, std::string_view tag, bool following) {
  if (!valid_id(member) || tag.empty()) return;
  std::unique_lock lock(mu_);
  Social& s = social_[static_cast<uint32_t>(member)];
  set_member(s.interests, tag_id_locked(tag), following);
  if (s.empty()) social_.erase(static_cast<uint32_t>(member));
}

void FeedIndex::set_muted_member(MemberId member, MemberId muted, bool on) {
  if (!valid_id(member) || !valid_id(muted)) return;
  std::unique_lock lock(mu_);
  Social& s = social_[static_cast<uint32_t>(member)];
  set_member(s.muted_members, static_cast<uint32_t>(muted), on);
  if (s.empty()) social_.erase(static_cast<uint32_t>(member));
}

void FeedIndex::set_muted_hashtag(MemberId member, std::string_view tag, bool on) {
  if (!valid_id(member) || tag.empty()) return;
  std::unique_lock lock(mu_);
  Social& s = social_[static_cast<uint32_t>(member)];
  set_member(s.muted_tags, tag_id_locked(tag), on);
  if (s.empty()) social_.erase(static_cast<uint32_t>(member));
}

void FeedIndex::set_companies(MemberId member, std::vector<int64_t> companies) {
  if (!valid_id(member)) return;
  std::vector<uint32_t> ids;
  for (int64_t c : companies) {
    if (valid_id(c)) ids.push_back(static_cast<uint32_t>(c));
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::unique_lock lock(mu_);
  const auto m = static_cast<uint32_t>(member);
  if (ids.empty()) {
    if (MemberSlot* s = slot_locked(member)) s->company = 0;
    more_companies_.erase(m);
    return;
  }
  own_slot_locked(member).company = ids.front();
  if (ids.size() > 1) {
    more_companies_[m] = std::vector<uint32_t>(ids.begin() + 1, ids.end());
  } else {
    more_companies_.erase(m);
  }
}

void FeedIndex::remove_member(MemberId member) {
  if (!valid_id(member)) return;
  std::unique_lock lock(mu_);
  const auto m = static_cast<uint32_t>(member);
  if (MemberSlot* s = slot_locked(member)) {
    for (const InteractionRecord& e : s->interactions) uncount_locked(e);
    interactions_ -= s->interactions.size();
    std::vector<InteractionRecord>().swap(s->interactions);
    const std::vector<PostRef> own = s->posts;
    for (const PostRef& ref : own) remove_post_locked(ref.id);
    std::vector<PostRef>().swap(slot_locked(member)->posts);
    slot_locked(member)->company = 0;
    slot_locked(member)->followers = 0;
  }
  if (auto it = social_.find(m); it != social_.end()) {
    for (uint32_t t : it->second.following) {
      if (MemberSlot* ts = slot_locked(t); ts && ts->followers > 0) --ts->followers;
    }
    social_.erase(it);
  }
  more_companies_.erase(m);
}

void FeedIndex::shrink_to_fit() {
  std::unique_lock lock(mu_);
  members_.shrink_to_fit();
  for (MemberSlot& s : members_) {
    s.posts.shrink_to_fit();
    s.interactions.shrink_to_fit();
  }
  for (auto& list : tag_posts_) list.shrink_to_fit();
  tag_arena_.shrink_to_fit();
  posts_.shrink_to_fit();
}

void FeedIndex::expire() {
  std::unique_lock lock(mu_);
  expire_locked(clock_.now());
  compact_tags_locked();
}

// ---- store -----------------------------------------------------------------------------------------------

Status FeedIndex::load(store::Session& snapshot) {
  clear();
  const Micros since = clock_.now() - options_.window;
  try {
    {
      MemberId current = 0;
      std::vector<int64_t> companies;
      for (const store::Row& r : snapshot.query(kCurrentCompanies)) {
        if (r.i64(0) != current) {
          if (current) set_companies(current, std::move(companies));
          companies.clear();
          current = r.i64(0);
        }
        companies.push_back(r.i64(1));
      }
      if (current) set_companies(current, std::move(companies));
    }
    int64_t after = 0, min_id = 0, max_id = 0;
    for (;;) {
      auto rows = snapshot.query(kWindowPosts, {since, after, kLoadPage});
      for (const store::Row& r : rows) {
        put_post(describe_post(r.i64(0), r.i64(1), r.i64(5), r.text(3), r.opt_i64(4), r.text(2)));
        if (!min_id) min_id = r.i64(0);
        max_id = r.i64(0);
      }
      if (rows.size() < static_cast<size_t>(kLoadPage)) break;
      after = rows.back().i64(0);
    }
    for (const store::Row& r : snapshot.query(kMemberFollows)) set_follow(r.i64(0), r.i64(1), true);
    for (const store::Row& r : snapshot.query(kInterests)) set_interest(r.i64(0), r.text(1), true);
    for (const store::Row& r : snapshot.query(kMutedMembers)) set_muted_member(r.i64(0), r.i64(1), true);
    for (const store::Row& r : snapshot.query(kMutedHashtags)) set_muted_hashtag(r.i64(0), r.text(1), true);
    for (const store::Row& r : snapshot.query(kWindowProfileViews, {since})) {
      add_interaction(r.i64(0), 0, r.i64(1), Interaction::kProfileView, 0, r.i64(2));
    }
    // Reactions and comments on the window's posts, by ranges of post ids.
    for (int64_t lo = min_id; min_id && lo <= max_id; lo += kInteractionIdSpan) {
      const int64_t hi = lo + kInteractionIdSpan;
      for (const store::Row& r : snapshot.query(kWindowReactions, {lo, hi, since})) {
        add_interaction(r.i64(0), r.i64(1), r.i64(2), Interaction::kReaction, reaction_index(r.text(3)),
                        r.i64(4));
      }
      for (const store::Row& r : snapshot.query(kWindowComments, {lo, hi, since})) {
        add_interaction(r.i64(0), r.i64(1), r.i64(2), Interaction::kComment, 0, r.i64(3));
      }
    }
  } catch (const std::exception& e) {
    return Error::internal(std::string("feed index: ") + e.what());
  }
  shrink_to_fit();
  const FeedIndexStats st = stats();
  spdlog::info("feed index: {} posts, {} interactions, {} hashtags, {} MB", st.posts, st.interactions,
               st.hashtags, st.memory_bytes >> 20);
  return {};
}

void FeedIndex::reload_post(int64_t id) {
  if (!db_) return;
  auto row = db_->read<std::optional<store::Row>>(
      [&](store::Session& s) -> Result<std::optional<store::Row>> { return s.query_one(kSelectPost, {id}); });
  if (!row.ok()) {
    spdlog::error("feed index: reading post {}: {}", id, row.error().message);
    return;
  }
  if (!*row) {
    remove_post(id);
    return;
  }
  const store::Row& r = **row;
  put_post(describe_post(r.i64(0), r.i64(1), r.i64(5), r.text(3), r.opt_i64(4), r.text(2)));
}

void FeedIndex::reload_companies(MemberId member) {
  if (!db_) return;
  auto ids = db_->read<std::vector<int64_t>>([&](store::Session& s) -> Result<std::vector<int64_t>> {
    std::vector<int64_t> out;
    for (const store::Row& r : s.query(kMemberCompanies, {member})) out.push_back(r.i64(0));
    return out;
  });
  if (!ids.ok()) {
    spdlog::error("feed index: reading positions of {}: {}", member, ids.error().message);
    return;
  }
  set_companies(member, std::move(*ids));
}

void FeedIndex::apply(const store::Change& change) {
  const std::string& k = change.kind;
  try {
    if (k == "post.created" || k == "post.updated") {
      reload_post(change.entity);
    } else if (k == "post.deleted") {
      remove_post(change.entity);
    } else if (k.starts_with("reaction.") || k.starts_with("comment.")) {
      const auto j = nlohmann::json::parse(change.payload);
      const MemberId member = j.value("member", int64_t{0});
      const int64_t post = j.value("post", int64_t{0});
      const MemberId author = j.value("author", int64_t{0});
      const Micros at = j.value("at", change.created_at);
      if (k == "reaction.created" || k == "reaction.updated") {
        add_interaction(member, post, author, Interaction::kReaction,
                        reaction_index(j.value("type", std::string())), at);
      } else if (k == "reaction.removed") {
        remove_interaction(member, post, Interaction::kReaction);
      } else if (k == "comment.created") {
        add_interaction(member, post, author, Interaction::kComment, 0, at);
      } else if (k == "comment.deleted") {
        remove_interaction(member, post, Interaction::kComment);
      }
    } else if (k == "profile_view.recorded") {
      const auto j = nlohmann::json::parse(change.payload);
      add_interaction(j.value("viewer", int64_t{0}), 0, j.value("member", int64_t{0}), Interaction::kProfileView, 0,
                      j.value("at", change.created_at));
    } else if (k == "follow.created" || k == "follow.removed") {
      const auto j = nlohmann::json::parse(change.payload);
      if (j.value("kind", std::string()) == "member") {
        set_follow(j.value("follower", int64_t{0}), j.value("target", int64_t{0}), k == "follow.created");
      }
    } else if (k == "interest.created" || k == "interest.removed") {
      const auto j = nlohmann::json::parse(change.payload);
      set_interest(j.value("member", int64_t{0}), j.value("tag", std::string()), k == "interest.created");
    } else if (k == "mute.created" || k == "mute.removed") {
      const auto j = nlohmann::json::parse(change.payload);
      const bool on = k == "mute.created";
      const std::string kind = j.value("kind", std::string());
      if (kind == "member" && j.contains("target") && j["target"].is_number_integer()) {
        set_muted_member(j.value("member", int64_t{0}), j["target"].get<int64_t>(), on);
      } else if (kind == "hashtag" && j.contains("target") && j["target"].is_string()) {
        set_muted_hashtag(j.value("member", int64_t{0}), j["target"].get<std::string>(), on);
      }
    } else if (k == "profile.updated") {
      const auto j = nlohmann::json::parse(change.payload);
      const std::string section = j.value("section", std::string());
      if (section == "positions" || section == "import") reload_companies(j.value("member", change.entity));
    } else if (k == "member.deleted") {
      remove_member(change.entity);
    }
  } catch (const std::exception& e) {
    spdlog::error("feed index: applying {} {}: {}", k, change.entity, e.what());
  }
  const Micros now = clock_.now();
  if (now - last_expire_ >= kExpireEvery) {
    last_expire_ = now;
    expire();
  }
}

// ---- reads -----------------------------------------------------------------------------------------------

FeedIndex::Reader FeedIndex::read() const { return Reader(*this); }

FeedIndex::Reader::Reader(const FeedIndex& index) : index_(&index) {
  index.mu_.lock_shared();
  cutoff_ = index.cutoff_locked(index.clock_.now());
}

const PostRecord* FeedIndex::Reader::post(int64_t id) const {
  const PostRecord* r = index_->record_locked(id);
  if (!r || r->author == 0 || r->created < cutoff_) return nullptr;
  return r;
}

std::span<const PostRef> FeedIndex::Reader::posts_by(MemberId author) const {
  const MemberSlot* s = index_->slot_locked(author);
  if (!s) return {};
  return {s->posts.data(), s->posts.size()};
}

std::span<const PostRef> FeedIndex::Reader::posts_tagged(uint32_t tag) const {
  if (tag >= index_->tag_posts_.size()) return {};
  return {index_->tag_posts_[tag].data(), index_->tag_posts_[tag].size()};
}

std::span<const uint32_t> FeedIndex::Reader::tags_of(const PostRecord& r) const {
  return {index_->tag_arena_.data() + r.tags, r.ntags};
}

std::span<const InteractionRecord> FeedIndex::Reader::interactions_of(MemberId member) const {
  const MemberSlot* s = index_->slot_locked(member);
  if (!s) return {};
  return {s->interactions.data(), s->interactions.size()};
}

namespace {
const std::vector<uint32_t> kNone;
}

std::span<const uint32_t> FeedIndex::Reader::following(MemberId member) const {
  auto it = member > 0 ? index_->social_.find(static_cast<uint32_t>(member)) : index_->social_.end();
  return span_of(it == index_->social_.end() ? kNone : it->second.following);
}

std::span<const uint32_t> FeedIndex::Reader::interests(MemberId member) const {
  auto it = member > 0 ? index_->social_.find(static_cast<uint32_t>(member)) : index_->social_.end();
  return span_of(it == index_->social_.end() ? kNone : it->second.interests);
}

std::span<const uint32_t> FeedIndex::Reader::muted_members(MemberId member) const {
  auto it = member > 0 ? index_->social_.find(static_cast<uint32_t>(member)) : index_->social_.end();
  return span_of(it == index_->social_.end() ? kNone : it->second.muted_members);
}

std::span<const uint32_t> FeedIndex::Reader::muted_tags(MemberId member) const {
  auto it = member > 0 ? index_->social_.find(static_cast<uint32_t>(member)) : index_->social_.end();
  return span_of(it == index_->social_.end() ? kNone : it->second.muted_tags);
}

uint32_t FeedIndex::Reader::followers(MemberId member) const {
  const MemberSlot* s = index_->slot_locked(member);
  return s ? s->followers : 0;
}

std::optional<uint32_t> FeedIndex::Reader::tag_id(std::string_view tag) const {
  auto it = index_->tag_ids_.find(std::string(tag));
  if (it == index_->tag_ids_.end()) return std::nullopt;
  return it->second;
}

const std::string& FeedIndex::Reader::tag_name(uint32_t tag) const {
  static const std::string kEmpty;
  return tag < index_->tag_names_.size() ? index_->tag_names_[tag] : kEmpty;
}

FeedIndexStats FeedIndex::stats() const {
  std::shared_lock lock(mu_);
  FeedIndexStats st;
  st.posts = live_posts_;
  st.interactions = interactions_;
  st.hashtags = tag_names_.size();
  size_t bytes = posts_.size() * sizeof(PostRecord) + members_.capacity() * sizeof(MemberSlot) +
                 vector_bytes(tag_arena_);
  for (const MemberSlot& s : members_) bytes += vector_bytes(s.posts) + vector_bytes(s.interactions);
  for (const auto& list : tag_posts_) bytes += vector_bytes(list) + sizeof(list);
  for (const auto& name : tag_names_) bytes += name.capacity() + sizeof(name) + 48;  // + the map node
  for (const auto& [m, s] : social_) {
    bytes += 48 + sizeof(Social) + vector_bytes(s.following) + vector_bytes(s.interests) +
             vector_bytes(s.muted_members) + vector_bytes(s.muted_tags);
  }
  for (const auto& [m, v] : more_companies_) bytes += 48 + vector_bytes(v);
  st.memory_bytes = bytes;
  return st;
}

}  // namespace kring::feed
