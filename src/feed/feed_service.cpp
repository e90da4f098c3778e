#include "feed/feed_service.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <nlohmann/json.hpp>

#include "common/cursor.h"
#include "common/text.h"
#include "feed/posts.h"

namespace kring::feed {
namespace {

constexpr std::string_view kSelectMode = "SELECT mode FROM feed_settings WHERE member_id = ?";
constexpr std::string_view kUpsertMode =
    "INSERT INTO feed_settings (member_id, mode, updated_at) VALUES (?, ?, ?) "
    "ON CONFLICT (member_id) DO UPDATE SET mode = excluded.mode, updated_at = excluded.updated_at";

constexpr std::string_view kInsertMutedMember =
    "INSERT INTO feed_muted_members (member_id, muted_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO "
    "NOTHING";
constexpr std::string_view kDeleteMutedMember =
    "DELETE FROM feed_muted_members WHERE member_id = ? AND muted_id = ?";
constexpr std::string_view kCountMutedMembers = "SELECT COUNT(*) FROM feed_muted_members WHERE member_id = ?";
constexpr std::string_view kMutedMembers =
    "SELECT muted_id FROM feed_muted_members WHERE member_id = ? ORDER BY created_at DESC, muted_id";
constexpr std::string_view kInsertMutedHashtag =
    "INSERT INTO feed_muted_hashtags (member_id, tag, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING";
constexpr std::string_view kDeleteMutedHashtag =
    "DELETE FROM feed_muted_hashtags WHERE member_id = ? AND tag = ?";
constexpr std::string_view kCountMutedHashtags =
    "SELECT COUNT(*) FROM feed_muted_hashtags WHERE member_id = ?";
constexpr std::string_view kMutedHashtags =
    "SELECT tag FROM feed_muted_hashtags WHERE member_id = ? ORDER BY tag";
constexpr std::string_view kInsertInterest =
    "INSERT INTO member_interests (member_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING";
constexpr std::string_view kDeleteInterest = "DELETE FROM member_interests WHERE member_id = ? AND tag = ?";
constexpr std::string_view kCountInterests = "SELECT COUNT(*) FROM member_interests WHERE member_id = ?";
constexpr std::string_view kInterests = "SELECT tag FROM member_interests WHERE member_id = ? ORDER BY tag";

constexpr std::string_view kImpressions =
    "SELECT COALESCE(SUM(impressions), 0), COUNT(*) FROM post_impressions WHERE post_id = ?";
constexpr std::string_view kReactionsByType =
    "SELECT type, COUNT(*) FROM reactions WHERE post_id = ? GROUP BY type ORDER BY type";
constexpr std::string_view kCommentCount = "SELECT COUNT(*) FROM comments WHERE post_id = ?";
constexpr std::string_view kReshareCount = "SELECT COUNT(*) FROM posts WHERE reshare_of = ?";
constexpr std::string_view kOthersReactions =
    "SELECT COUNT(*) FROM reactions WHERE post_id = ? AND member_id <> ?";
constexpr std::string_view kOthersComments =
    "SELECT COUNT(*) FROM comments WHERE post_id = ? AND author_id <> ?";
// Colleagues: a current position (no end) at a company page where the author currently holds one too.
constexpr std::string_view kColleagueReactions =
    "SELECT COUNT(*) FROM reactions r WHERE r.post_id = ? AND r.member_id <> ? AND EXISTS ("
    "SELECT 1 FROM positions a JOIN positions b ON b.company_id = a.company_id "
    "WHERE a.member_id = ? AND a.end_year IS NULL AND b.member_id = r.member_id AND b.end_year IS NULL)";
constexpr std::string_view kColleagueComments =
    "SELECT COUNT(*) FROM comments c WHERE c.post_id = ? AND c.author_id <> ? AND EXISTS ("
    "SELECT 1 FROM positions a JOIN positions b ON b.company_id = a.company_id "
    "WHERE a.member_id = ? AND a.end_year IS NULL AND b.member_id = c.author_id AND b.end_year IS NULL)";
constexpr std::string_view kFollowers =
    "SELECT COUNT(*) FROM follows WHERE target_kind = 'member' AND target = ?";
constexpr std::string_view kAudience =
    "SELECT COUNT(*) FROM (SELECT follower AS m FROM follows WHERE target_kind = 'member' AND target = ? "
    "UNION SELECT member_b FROM connections WHERE member_a = ? "
    "UNION SELECT member_a FROM connections WHERE member_b = ?) AS audience";

uint32_t stored(Micros t) { return graph::Graph::to_stored_time(t); }
Micros unstored(uint32_t t) { return graph::Graph::from_stored_time(t); }

bool contains(std::span<const uint32_t> sorted, uint32_t x) {
  return std::binary_search(sorted.begin(), sorted.end(), x);
}

// Whether a post may appear in `viewer`'s feed at all. See feed_service.h.
struct Eligibility {
  const FeedIndex::Reader& rd;
  MemberId viewer;
  std::span<const uint32_t> connections;  // ascending
  std::span<const uint32_t> muted_members;
  std::span<const uint32_t> muted_tags;
  const network::BlockIndex* blocks;

  bool connected(uint32_t m) const { return contains(connections, m); }
  bool hidden(uint32_t m) const { return blocks && m != viewer && blocks->hidden(viewer, m); }
  bool shunned(uint32_t m) const { return contains(muted_members, m) || hidden(m); }

  // `r`: the post's record, or nullptr (then false).
  bool ok(const PostRecord* r) const {
    if (!r || r->author == viewer) return false;
    if (r->connections_only() && !connected(r->author)) return false;
    if (shunned(r->author)) return false;
    for (uint32_t t : rd.tags_of(*r)) {
      if (contains(muted_tags, t)) return false;
    }
    if (r->reshare_of) {
      const PostRecord* o = rd.post(r->reshare_of);
      if (o && o->author != viewer && shunned(o->author)) return false;
    }
    return true;
  }
};

// Calls fn(ref) for the entries of `list` (ascending) strictly before `before`, newest first, until it
// returns false.
template <typename F>
void walk_newest(std::span<const PostRef> list, PostRef before, F&& fn) {
  size_t end = list.size();
  if (end > 0 && !(list[end - 1] < before)) {
    end = static_cast<size_t>(std::lower_bound(list.begin(), list.end(), before) - list.begin());
  }
  for (size_t i = end; i > 0; --i) {
    if (!fn(list[i - 1])) return;
  }
}

}  // namespace

const char* mode_name(FeedMode mode) { return mode == FeedMode::kRecent ? "recent" : "relevant"; }

std::optional<FeedMode> parse_mode(std::string_view name) {
  if (name == "relevant") return FeedMode::kRelevant;
  if (name == "recent") return FeedMode::kRecent;
  return std::nullopt;
}

Result<std::string> normalize_hashtag(std::string_view typed) {
  std::string_view raw = text::trim(typed);
  if (!raw.empty() && raw.front() == '#') raw.remove_prefix(1);
  if (raw.empty() || !text::is_valid_utf8(raw))
    return Error::invalid("tag", "a hashtag is letters, digits and _");
  auto tags = parse_hashtags("#" + std::string(raw));
  if (tags.size() != 1 || tags.front() != text::fold(raw)) {
    return Error::invalid("tag",
                          "a hashtag is letters, digits and _, not only digits, at most 100 characters");
  }
  return tags.front();
}

FeedService::FeedService(const FeedIndex& index, const graph::Graph& graph, const Clock& clock,
                         FeedLimits limits)
    : index_(index),
      graph_(graph),
      clock_(clock),
      limits_(limits),
      next_snapshot_id_((clock.now() & 0xFFFFFFFFFFLL) << 8) {}

std::vector<uint32_t> FeedService::connections_of(MemberId viewer) const {
  std::vector<uint32_t> out;
  auto page = graph_.connections_page(viewer, limits_.max_connections);
  out.reserve(page.items.size());
  for (const auto& c : page.items) out.push_back(static_cast<uint32_t>(c.member));
  std::sort(out.begin(), out.end());
  return out;
}

std::string FeedService::full_name(MemberId m) const {
  if (!directory_) return {};
  auto p = directory_->find(m);
  if (!p) return {};
  std::string out = p->first_name;
  if (!p->last_name.empty()) out += (out.empty() ? "" : " ") + p->last_name;
  return out;
}

std::string FeedService::first_name(MemberId m) const {
  if (!directory_) return {};
  auto p = directory_->find(m);
  return p ? p->first_name : std::string();
}

// ---- relevant -------------------------------------------------------------------------------------------

std::shared_ptr<const FeedService::Ranked> FeedService::rank(MemberId viewer, Micros as_of) const {
  auto out = std::make_shared<Ranked>();
  out->as_of = as_of;
  out->made_at = clock_.now();
  const std::vector<uint32_t> conns = connections_of(viewer);

  // One entry per way a post reached the viewer; merged per post below (sorting beats a hash map here).
  struct Entry {
    uint32_t post;
    Source source;
    uint32_t via;
    uint32_t tag;
    const PostRecord* r;
  };
  struct Candidate {
    const PostRecord* r;
    uint32_t post, author, via, tag, engaged;
    Source source;
  };
  std::vector<Entry> entries;
  std::vector<Candidate> cands;
  std::vector<Features> features;
  {
    FeedIndex::Reader rd = index_.read();
    const Eligibility el{rd, viewer, conns, rd.muted_members(viewer), rd.muted_tags(viewer), blocks_};
    const uint32_t not_after = stored(as_of);
    const uint32_t cutoff = rd.cutoff();

    auto newest_of = [&](std::span<const PostRef> list, size_t cap, Source src, uint32_t tag) {
      size_t taken = 0;
      walk_newest(list, PostRef{not_after, UINT32_MAX}, [&](PostRef ref) {
        if (ref.created < cutoff) return false;
        const PostRecord* r = rd.post(ref.id);
        if (!el.ok(r)) return true;
        entries.push_back(Entry{ref.id, src, 0, tag, r});
        return ++taken < cap;
      });
    };
    // Posts by connections and followed members, and with followed hashtags.
    for (uint32_t c : conns) {
      if (!el.shunned(c)) newest_of(rd.posts_by(c), limits_.posts_per_author, Source::kConnectionPost, 0);
    }
    size_t follows = 0;
    for (uint32_t f : rd.following(viewer)) {
      if (++follows > limits_.max_follows) break;
      if (!el.connected(f) && !el.shunned(f)) {
        newest_of(rd.posts_by(f), limits_.posts_per_author, Source::kFollowedMember, 0);
      }
    }
    for (uint32_t t : rd.interests(viewer)) {
      if (!contains(el.muted_tags, t))
        newest_of(rd.posts_tagged(t), limits_.posts_per_hashtag, Source::kFollowedHashtag, t);
    }
    // Posts the viewer's connections commented on or reacted to: each connection once per post (a comment
    // is the stronger reason when they did both).
    const uint32_t horizon = std::max(stored(as_of - limits_.engagement_horizon), cutoff);
    for (uint32_t c : conns) {
      if (el.shunned(c)) continue;
      auto log = rd.interactions_of(c);
      const size_t mine = entries.size();
      size_t looked = 0;
      for (size_t i = log.size(); i > 0 && looked < limits_.interactions_per_connection; --i) {
        const InteractionRecord& e = log[i - 1];
        if (e.at > not_after) continue;
        if (e.at < horizon) break;
        ++looked;
        if (e.kind != Interaction::kReaction && e.kind != Interaction::kComment) continue;
        const Source src =
            e.kind == Interaction::kComment ? Source::kConnectionCommented : Source::kConnectionReacted;
        auto same = std::find_if(entries.begin() + static_cast<std::ptrdiff_t>(mine), entries.end(),
                                 [&](const Entry& x) { return x.post == e.post; });
        if (same != entries.end()) {
          same->source = std::min(same->source, src);
          continue;
        }
        const PostRecord* r = rd.post(e.post);
        if (el.ok(r)) entries.push_back(Entry{e.post, src, c, 0, r});
      }
    }

    // Merge per post: the strongest source explains it; count the connections who engaged.
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
      return a.post != b.post ? a.post < b.post : a.source < b.source;
    });
    for (size_t i = 0; i < entries.size();) {
      const Entry& best = entries[i];
      uint32_t engaged = 0;
      size_t j = i;
      for (; j < entries.size() && entries[j].post == best.post; ++j) {
        if (entries[j].source == Source::kConnectionCommented ||
            entries[j].source == Source::kConnectionReacted)
          ++engaged;
      }
      cands.push_back(Candidate{best.r, best.post, best.r->author, best.via, best.tag, engaged, best.source});
      i = j;
    }
    // Beyond the cap, the newest candidates stay: freshness ranks the older ones lower anyway.
    if (cands.size() > limits_.max_candidates) {
      const auto keep = static_cast<std::ptrdiff_t>(limits_.max_candidates);
      std::nth_element(cands.begin(), cands.begin() + keep, cands.end(), [](const Candidate& a, const Candidate& b) {
        return a.r->created != b.r->created ? a.r->created > b.r->created : a.post > b.post;
      });
      cands.resize(limits_.max_candidates);
    }

    // The viewer's affinity with each author, from their own interactions in the window, sorted by author.
    struct Affinity {
      uint32_t author = 0;
      double value = 0;
      uint16_t reactions = 0, comments = 0, views = 0, messages = 0;
    };
    std::vector<InteractionRecord> mine(rd.interactions_of(viewer).begin(), rd.interactions_of(viewer).end());
    std::sort(mine.begin(), mine.end(), [](const auto& a, const auto& b) { return a.author < b.author; });
    std::vector<Affinity> affinity;
    for (const InteractionRecord& e : mine) {
      if (e.at < cutoff || e.at > not_after) continue;
      if (affinity.empty() || affinity.back().author != e.author) affinity.push_back(Affinity{e.author});
      Affinity& a = affinity.back();
      a.value += interaction_value(e.kind, as_of - unstored(e.at));
      switch (e.kind) {
        case Interaction::kReaction:
          ++a.reactions;
          break;
        case Interaction::kComment:
          ++a.comments;
          break;
        case Interaction::kProfileView:
          ++a.views;
          break;
        case Interaction::kMessage:
          ++a.messages;
          break;
      }
    }

    // Features, author by author (reach, affinity and the author's post list looked up once per author).
    std::sort(cands.begin(), cands.end(), [](const Candidate& a, const Candidate& b) {
      return a.author != b.author ? a.author < b.author : a.post < b.post;
    });
    const auto repeat_window = static_cast<uint32_t>(kWeights.repeat_window_hours * 3600);
    features.reserve(cands.size());
    uint32_t author = 0, reach = 0;
    const Affinity* aff = nullptr;
    std::span<const PostRef> list;
    for (const Candidate& c : cands) {
      const PostRecord& r = *c.r;
      if (c.author != author) {
        author = c.author;
        reach = static_cast<uint32_t>(graph_.connection_count(author)) + rd.followers(author);
        auto it = std::lower_bound(affinity.begin(), affinity.end(), author,
                                   [](const Affinity& a, uint32_t m) { return a.author < m; });
        aff = it != affinity.end() && it->author == author ? &*it : nullptr;
        list = rd.posts_by(author);
      }
      Features f;
      f.post = c.post;
      f.author = author;
      f.created_at = unstored(r.created);
      f.now = as_of;
      f.source = c.source;
      f.via = c.via;
      f.hashtag = c.tag;
      f.connections_engaged = c.engaged;
      if (aff) {
        f.affinity = aff->value;
        f.my_reactions = aff->reactions;
        f.my_comments = aff->comments;
        f.my_profile_views = aff->views;
        f.my_messages = aff->messages;
      }
      f.reactions = r.reactions;
      f.comments = r.comments;
      f.colleague_reactions = r.colleague_reactions;
      f.colleague_comments = r.colleague_comments;
      f.early_engagements = r.early;
      f.author_reach = reach;
      // The author's posts in the repeat window before this one.
      const PostRef self{r.created, c.post};
      auto at = std::lower_bound(list.begin(), list.end(), self);
      auto from = std::lower_bound(list.begin(), at,
                                   PostRef{r.created > repeat_window ? r.created - repeat_window : 0, 0});
      f.earlier_posts_24h = static_cast<uint16_t>(std::min<ptrdiff_t>(at - from, UINT16_MAX));
      f.reshare = r.reshare();
      f.has_commentary = r.has_commentary();
      f.engagement_bait = r.bait();
      features.push_back(f);
    }
  }

  std::vector<double> scores(features.size());
  std::vector<MemberId> authors(features.size());
  for (size_t i = 0; i < features.size(); ++i) {
    scores[i] = score(features[i]).total;
    authors[i] = features[i].author;
  }
  // Sort by score first, keep the best max_ranked, then spread authors within them.
  std::vector<size_t> order(features.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  const size_t keep = std::min(order.size(), limits_.max_ranked);
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(keep), order.end(),
                    [&](size_t a, size_t b) {
                      if (scores[a] != scores[b]) return scores[a] > scores[b];
                      return features[a].post > features[b].post;
                    });
  order.resize(keep);
  order = spread_authors(order, authors, kWeights.author_spread);
  out->items.reserve(order.size());
  for (size_t i : order) out->items.push_back(features[i]);
  return out;
}

std::shared_ptr<const FeedService::Ranked> FeedService::find_snapshot(MemberId viewer, int64_t id) const {
  std::lock_guard lock(snap_mu_);
  auto it = snapshots_.find(viewer);
  if (it == snapshots_.end() || it->second->id != id) return nullptr;
  if (clock_.now() - it->second->made_at > limits_.snapshot_ttl) return nullptr;
  return it->second;
}

void FeedService::keep_snapshot(MemberId viewer, std::shared_ptr<const Ranked> ranked) {
  std::lock_guard lock(snap_mu_);
  snapshots_[viewer] = std::move(ranked);
  if (snapshots_.size() <= limits_.max_snapshots) return;
  const Micros now = clock_.now();
  std::erase_if(snapshots_, [&](const auto& kv) { return now - kv.second->made_at > limits_.snapshot_ttl; });
  while (snapshots_.size() > limits_.max_snapshots) {
    auto oldest = std::min_element(snapshots_.begin(), snapshots_.end(), [](const auto& a, const auto& b) {
      return a.second->made_at < b.second->made_at;
    });
    snapshots_.erase(oldest);
  }
}

Result<FeedPage> FeedService::relevant(MemberId viewer, int limit, std::string_view cursor) {
  const Micros now = clock_.now();
  std::shared_ptr<const Ranked> ranked;
  size_t offset = 0;
  if (!cursor.empty()) {
    KRING_ASSIGN_OR_RETURN(auto c, decode_cursor(cursor, 3));
    // The ranking moment may be a little ahead of this node's clock when another node made the cursor.
    constexpr Micros kSkew = 5 * 60 * kMicrosPerSecond;
    if (c[0] < 0 || c[1] < 0 || c[1] > static_cast<int64_t>(limits_.max_ranked) || c[2] <= 0 ||
        c[2] > now + kSkew) {
      return Error{ErrorCode::kInvalidArgument, "the cursor is not valid", "cursor", "invalid_cursor"};
    }
    offset = static_cast<size_t>(c[1]);
    ranked = find_snapshot(viewer, c[0]);
    if (!ranked) {
      auto again = std::const_pointer_cast<Ranked>(rank(viewer, c[2]));
      again->id = c[0];
      ranked = again;
      keep_snapshot(viewer, ranked);
    }
  } else {
    auto fresh = std::const_pointer_cast<Ranked>(rank(viewer, now));
    fresh->id = next_snapshot_id_.fetch_add(1) & std::numeric_limits<int64_t>::max();
    ranked = fresh;
    keep_snapshot(viewer, ranked);
  }

  FeedPage page;
  const std::vector<uint32_t> conns = connections_of(viewer);
  std::vector<std::pair<const Features*, std::string>> chosen;  // with the followed hashtag's name
  size_t pos = offset;
  {
    FeedIndex::Reader rd = index_.read();
    const Eligibility el{rd, viewer, conns, rd.muted_members(viewer), rd.muted_tags(viewer), blocks_};
    for (; pos < ranked->items.size() && chosen.size() < static_cast<size_t>(limit); ++pos) {
      const Features& f = ranked->items[pos];
      // Deleted, blocked or muted since it was ranked; a connection since removed no longer explains it.
      if (!el.ok(rd.post(f.post))) continue;
      chosen.emplace_back(&f, f.source == Source::kFollowedHashtag ? rd.tag_name(f.hashtag) : std::string());
    }
  }
  for (const auto& [fp, tag] : chosen) {
    const Features& f = *fp;
    LabelNames names{full_name(f.author), first_name(f.author), f.via ? full_name(f.via) : std::string(),
                     tag};
    const Score s = score(f);
    FeedItem item;
    item.post = f.post;
    item.author = f.author;
    item.reason = reason_text(f, names);
    item.score = s.total;
    for (const Factor& factor : s.list()) {
      item.factors.push_back(FeedFactor{factor.name, factor.value, factor_label(factor, f, names)});
    }
    page.items.push_back(std::move(item));
  }
  if (pos < ranked->items.size())
    page.next_cursor = encode_cursor({ranked->id, static_cast<int64_t>(pos), ranked->as_of});
  return page;
}

// ---- recent ---------------------------------------------------------------------------------------------

Result<FeedPage> FeedService::recent(MemberId viewer, int limit, std::string_view cursor) const {
  PostRef before{UINT32_MAX, UINT32_MAX};
  if (!cursor.empty()) {
    KRING_ASSIGN_OR_RETURN(auto c, decode_cursor(cursor, 2));
    if (c[0] < 0 || c[0] > UINT32_MAX || c[1] < 0 || c[1] > UINT32_MAX) {
      return Error{ErrorCode::kInvalidArgument, "the cursor is not valid", "cursor", "invalid_cursor"};
    }
    before = {static_cast<uint32_t>(c[0]), static_cast<uint32_t>(c[1])};
  }
  const Micros now = clock_.now();
  const std::vector<uint32_t> conns = connections_of(viewer);
  struct Hit {
    uint32_t created, post, author;
    Source source;
    uint32_t tag;
  };
  std::vector<Hit> hits;
  std::vector<std::string> tag_names;
  const size_t want = static_cast<size_t>(limit) + 1;
  {
    FeedIndex::Reader rd = index_.read();
    const Eligibility el{rd, viewer, conns, rd.muted_members(viewer), rd.muted_tags(viewer), blocks_};
    const uint32_t cutoff = rd.cutoff();
    auto take = [&](std::span<const PostRef> list, Source src, uint32_t tag) {
      size_t taken = 0;
      walk_newest(list, before, [&](PostRef ref) {
        if (ref.created < cutoff) return false;
        const PostRecord* r = rd.post(ref.id);
        if (!el.ok(r)) return true;
        hits.push_back(Hit{ref.created, ref.id, r->author, src, tag});
        return ++taken < want;
      });
    };
    for (uint32_t c : conns) {
      if (!el.shunned(c)) take(rd.posts_by(c), Source::kConnectionPost, 0);
    }
    size_t follows = 0;
    for (uint32_t f : rd.following(viewer)) {
      if (++follows > limits_.max_follows) break;
      if (!el.connected(f) && !el.shunned(f)) take(rd.posts_by(f), Source::kFollowedMember, 0);
    }
    for (uint32_t t : rd.interests(viewer)) {
      if (!contains(el.muted_tags, t)) take(rd.posts_tagged(t), Source::kFollowedHashtag, t);
    }
    // Newest first; a post reached several ways keeps its strongest source.
    std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
      if (a.created != b.created) return a.created > b.created;
      if (a.post != b.post) return a.post > b.post;
      return a.source < b.source;
    });
    hits.erase(
        std::unique(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) { return a.post == b.post; }),
        hits.end());
    if (hits.size() > want) hits.resize(want);
    for (const Hit& h : hits)
      tag_names.push_back(h.source == Source::kFollowedHashtag ? rd.tag_name(h.tag) : "");
  }
  FeedPage page;
  for (size_t i = 0; i < hits.size() && i < static_cast<size_t>(limit); ++i) {
    const Hit& h = hits[i];
    Features f;
    f.post = h.post;
    f.author = h.author;
    f.created_at = unstored(h.created);
    f.now = now;
    f.source = h.source;
    LabelNames names{full_name(h.author), first_name(h.author), {}, tag_names[i]};
    FeedItem item;
    item.post = h.post;
    item.author = h.author;
    item.reason = reason_text(f, names);
    item.score = static_cast<double>(f.created_at / kMicrosPerSecond);
    Factor freshness{"freshness", 0};
    item.factors.push_back(
        FeedFactor{"recency", item.score, "Newest first: " + factor_label(freshness, f, names)});
    page.items.push_back(std::move(item));
  }
  if (hits.size() > static_cast<size_t>(limit)) {
    const Hit& last = hits[static_cast<size_t>(limit) - 1];
    page.next_cursor = encode_cursor({last.created, last.post});
  }
  return page;
}

void FeedService::record_impressions(MemberId viewer, std::span<const int64_t> posts) {
  if (impressions_) impressions_->record(viewer, posts);
}

// ---- the store ------------------------------------------------------------------------------------------

Result<FeedMode> FeedService::mode(MemberId viewer) const {
  if (!db_) return FeedMode::kRelevant;
  return db_->read<FeedMode>([&](store::Session& s) -> Result<FeedMode> {
    auto row = s.query_one(kSelectMode, {viewer});
    if (!row) return FeedMode::kRelevant;
    return parse_mode(row->text(0)).value_or(FeedMode::kRelevant);
  });
}

Status FeedService::remember_mode(MemberId viewer, FeedMode mode) {
  if (!db_) return Error::unavailable("no store");
  KRING_ASSIGN_OR_RETURN(FeedMode current, this->mode(viewer));
  if (current == mode) {
    // Also when no row exists and the mode is the default: nothing to remember.
    return {};
  }
  const Micros now = clock_.now();
  auto r = db_->write<bool>([&](store::WriteTx& tx) -> Result<bool> {
    tx.exec(kUpsertMode, {viewer, std::string(mode_name(mode)), now});
    return true;
  });
  if (!r.ok()) return std::move(r).error();
  return {};
}

Status FeedService::mute_member(MemberId me, MemberId target, bool on) {
  if (!db_) return Error::unavailable("no store");
  if (me == target) return Error::invalid("handle", "you cannot mute yourself");
  const Micros now = clock_.now();
  auto r = db_->write<bool>([&](store::WriteTx& tx) -> Result<bool> {
    int64_t changed = 0;
    if (on) {
      if (tx.query_one(kCountMutedMembers, {me})->i64(0) >= static_cast<int64_t>(kMaxMutes)) {
        return Error::invalid("handle", "you can mute at most " + std::to_string(kMaxMutes) + " members");
      }
      changed = tx.exec(kInsertMutedMember, {me, target, now});
    } else {
      changed = tx.exec(kDeleteMutedMember, {me, target});
    }
    if (changed > 0) {
      tx.log(on ? "mute.created" : "mute.removed", me,
             nlohmann::json{{"member", me}, {"kind", "member"}, {"target", target}}.dump());
    }
    return true;
  });
  if (!r.ok()) return std::move(r).error();
  return {};
}

Status FeedService::mute_hashtag(MemberId me, std::string_view tag, bool on) {
  if (!db_) return Error::unavailable("no store");
  const Micros now = clock_.now();
  auto r = db_->write<bool>([&](store::WriteTx& tx) -> Result<bool> {
    int64_t changed = 0;
    if (on) {
      if (tx.query_one(kCountMutedHashtags, {me})->i64(0) >= static_cast<int64_t>(kMaxMutes)) {
        return Error::invalid("tag", "you can mute at most " + std::to_string(kMaxMutes) + " hashtags");
      }
      changed = tx.exec(kInsertMutedHashtag, {me, std::string(tag), now});
    } else {
      changed = tx.exec(kDeleteMutedHashtag, {me, std::string(tag)});
    }
    if (changed > 0) {
      tx.log(on ? "mute.created" : "mute.removed", me,
             nlohmann::json{{"member", me}, {"kind", "hashtag"}, {"target", tag}}.dump());
    }
    return true;
  });
  if (!r.ok()) return std::move(r).error();
  return {};
}

Status FeedService::follow_hashtag(MemberId me, std::string_view tag, bool on) {
  if (!db_) return Error::unavailable("no store");
  auto r = db_->write<bool>([&](store::WriteTx& tx) -> Result<bool> {
    int64_t changed = 0;
    if (on) {
      if (tx.query_one(kCountInterests, {me})->i64(0) >= static_cast<int64_t>(kMaxFollowedHashtags)) {
        return Error::invalid("tag",
                              "you can follow at most " + std::to_string(kMaxFollowedHashtags) + " hashtags");
      }
      changed = tx.exec(kInsertInterest, {me, std::string(tag)});
    } else {
      changed = tx.exec(kDeleteInterest, {me, std::string(tag)});
    }
    if (changed > 0) {
      tx.log(on ? "interest.created" : "interest.removed", me,
             nlohmann::json{{"member", me}, {"tag", tag}}.dump());
    }
    return true;
  });
  if (!r.ok()) return std::move(r).error();
  return {};
}

Result<FeedPreferences> FeedService::preferences(MemberId me) const {
  if (!db_) return Error::unavailable("no store");
  return db_->read<FeedPreferences>([&](store::Session& s) -> Result<FeedPreferences> {
    FeedPreferences p;
    if (auto row = s.query_one(kSelectMode, {me}))
      p.mode = parse_mode(row->text(0)).value_or(FeedMode::kRelevant);
    for (const auto& r : s.query(kMutedMembers, {me})) p.muted_members.push_back(r.i64(0));
    for (const auto& r : s.query(kMutedHashtags, {me})) p.muted_hashtags.push_back(r.text(0));
    for (const auto& r : s.query(kInterests, {me})) p.followed_hashtags.push_back(r.text(0));
    return p;
  });
}

Result<PostAnalytics> FeedService::analytics(int64_t post, MemberId author) const {
  if (!db_) return Error::unavailable("no store");
  return db_->read<PostAnalytics>([&](store::Session& s) -> Result<PostAnalytics> {
    PostAnalytics a;
    auto imp = s.query_one(kImpressions, {post});
    a.impressions = imp->i64(0);
    a.unique_viewers = imp->i64(1);
    for (const std::string& t : reaction_types()) a.reactions[t] = 0;
    for (const auto& r : s.query(kReactionsByType, {post})) a.reactions[r.text(0)] = r.i64(1);
    a.comments = s.query_one(kCommentCount, {post})->i64(0);
    a.reshares = s.query_one(kReshareCount, {post})->i64(0);
    const int64_t engagement = s.query_one(kOthersReactions, {post, author})->i64(0) +
                               s.query_one(kOthersComments, {post, author})->i64(0);
    const int64_t colleagues = s.query_one(kColleagueReactions, {post, author, author})->i64(0) +
                               s.query_one(kColleagueComments, {post, author, author})->i64(0);
    a.colleague_engagement_share =
        engagement > 0
            ? std::round(1000.0 * static_cast<double>(colleagues) / static_cast<double>(engagement)) / 1000.0
            : 0;
    a.followers = s.query_one(kFollowers, {author})->i64(0);
    a.audience = s.query_one(kAudience, {author, author, author})->i64(0);
    a.reach_percent =
        a.audience > 0
            ? std::round(1000.0 * static_cast<double>(a.unique_viewers) / static_cast<double>(a.audience)) /
                  10.0
            : 0;
    return a;
  });
}

}  // namespace kring::feed
