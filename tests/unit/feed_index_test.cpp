// The feed index (feed/feed_index.h) filled directly, without a store, as a benchmark fills it, and the feed
// service over it: counts and flags of engagement, the window, member deletion, the candidates and exclusions
// of both modes, paging, and readers running while the follower writes.
#include <atomic>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "feed/feed_index.h"
#include "feed/feed_service.h"
#include "graph/graph.h"
#include "network/block_index.h"

namespace kring::feed {
namespace {

constexpr Micros kHour = 3600 * kMicrosPerSecond;
constexpr Micros kDay = 24 * kHour;
constexpr Micros kStart = 1'750'000'000'000'000;

class FeedIndexTest : public ::testing::Test {
 protected:
  FeedPost make(int64_t id, MemberId author, Micros age, std::string_view text = "Something worth saying",
                std::string_view visibility = "anyone", std::optional<int64_t> reshare_of = std::nullopt) {
    return describe_post(id, author, clock_.now() - age, visibility, reshare_of, text);
  }
  void add(int64_t id, MemberId author, Micros age, std::string_view text = "Something worth saying",
           std::string_view visibility = "anyone") {
    index_.put_post(make(id, author, age, text, visibility));
  }
  static std::vector<uint32_t> ids_of(std::span<const PostRef> list) {
    std::vector<uint32_t> out;
    for (const PostRef& r : list) out.push_back(r.id);
    return out;
  }
  PostRecord record(int64_t id) {
    auto rd = index_.read();
    const PostRecord* r = rd.post(id);
    return r ? *r : PostRecord{};
  }
  std::vector<int64_t> ids(const FeedPage& p) {
    std::vector<int64_t> out;
    for (const auto& i : p.items) out.push_back(i.post);
    return out;
  }
  std::vector<int64_t> all_relevant(MemberId viewer, int limit) {
    std::vector<int64_t> out;
    std::string cursor;
    for (int i = 0; i < 100; ++i) {
      auto page = service_.relevant(viewer, limit, cursor);
      EXPECT_TRUE(page.ok());
      for (int64_t id : ids(*page)) out.push_back(id);
      if (!page->next_cursor) break;
      cursor = *page->next_cursor;
    }
    return out;
  }

  ManualClock clock_{kStart};
  FeedIndex index_{clock_};
  graph::Graph graph_;
  FeedService service_{index_, graph_, clock_};
};

TEST_F(FeedIndexTest, CountsEngagementWithColleaguesAndEarlyFlags) {
  index_.set_companies(1, {10});
  index_.set_companies(2, {10, 11});
  index_.set_companies(3, {12});
  add(100, 1, 3 * kHour);
  const Micros posted = clock_.now() - 3 * kHour;
  index_.add_interaction(2, 100, 1, Interaction::kReaction, 0, posted + kHour);      // colleague, early
  index_.add_interaction(3, 100, 1, Interaction::kReaction, 0, posted + 3 * kHour);  // outside, late
  index_.add_interaction(3, 100, 1, Interaction::kComment, 0, posted + 3 * kHour);
  index_.add_interaction(1, 100, 1, Interaction::kComment, 0, posted + kHour);  // the author: ignored
  PostRecord r = record(100);
  EXPECT_EQ(r.reactions, 2u);
  EXPECT_EQ(r.comments, 1u);
  EXPECT_EQ(r.colleague_reactions, 1u);
  EXPECT_EQ(r.colleague_comments, 0u);
  EXPECT_EQ(r.early, 1u);

  // Changing a reaction's type is not a second reaction (it takes the new time: no longer early).
  index_.add_interaction(2, 100, 1, Interaction::kReaction, 3, posted + 3 * kHour);
  EXPECT_EQ(record(100).reactions, 2u);
  EXPECT_EQ(record(100).early, 0u);
  index_.add_interaction(2, 100, 1, Interaction::kReaction, 4, posted + kHour);
  EXPECT_EQ(record(100).early, 1u);
  // Removing undoes exactly what adding did, flags included.
  index_.remove_interaction(2, 100, Interaction::kReaction);
  r = record(100);
  EXPECT_EQ(r.reactions, 1u);
  EXPECT_EQ(r.colleague_reactions, 0u);
  EXPECT_EQ(r.early, 0u);
  index_.remove_interaction(2, 100, Interaction::kReaction);  // twice: nothing left to remove
  EXPECT_EQ(record(100).reactions, 1u);
  EXPECT_EQ(index_.stats().interactions, 2u);

  // A deleted member's engagement leaves the counts with them.
  index_.remove_member(3);
  r = record(100);
  EXPECT_EQ(r.reactions, 0u);
  EXPECT_EQ(r.comments, 0u);
  EXPECT_EQ(index_.stats().interactions, 0u);
}

TEST_F(FeedIndexTest, PostsKeepTheirOrderTagsAndFlagsAndLeaveWithTheWindow) {
  add(5, 1, 2 * kDay, "Old but in the window #Rust");
  add(7, 1, kHour, "Newest #rust and #cpp");
  add(6, 1, 3 * kHour, "https://example.org");  // out of id order in time: lists follow time
  index_.put_post(make(8, 1, 40 * kDay));       // older than the window: not kept
  {
    auto rd = index_.read();
    EXPECT_EQ(ids_of(rd.posts_by(1)), (std::vector<uint32_t>{5, 6, 7}));
    auto rust = rd.tag_id("rust");
    ASSERT_TRUE(rust);
    EXPECT_EQ(ids_of(rd.posts_tagged(*rust)), (std::vector<uint32_t>{5, 7}));
    EXPECT_FALSE(rd.post(6)->has_commentary());
    EXPECT_TRUE(rd.post(7)->has_commentary());
    EXPECT_EQ(rd.tags_of(*rd.post(7)).size(), 2u);
    EXPECT_EQ(rd.post(8), nullptr);
  }
  // An edit replaces tags and flags but keeps the counts.
  index_.add_interaction(2, 7, 1, Interaction::kComment, 0, clock_.now());
  index_.put_post(make(7, 1, kHour, "Comment YES for the slides"));
  {
    auto rd = index_.read();
    EXPECT_TRUE(rd.post(7)->bait());
    EXPECT_EQ(rd.post(7)->comments, 1u);
    EXPECT_EQ(rd.tags_of(*rd.post(7)).size(), 0u);
    EXPECT_EQ(ids_of(rd.posts_tagged(*rd.tag_id("rust"))), (std::vector<uint32_t>{5}));
  }
  // Time passes: the oldest post falls out of the window, for readers at once and from memory on expire().
  clock_.advance(29 * kDay);
  EXPECT_EQ(index_.read().post(5), nullptr);
  EXPECT_NE(index_.read().post(7), nullptr);
  index_.expire();
  EXPECT_EQ(index_.stats().posts, 2u);
  index_.remove_post(6);
  index_.remove_post(7);
  EXPECT_EQ(index_.stats().posts, 0u);
  EXPECT_TRUE(index_.read().posts_by(1).empty());
}

TEST_F(FeedIndexTest, IdsFarApartDoNotBlowUpTheDenseArray) {
  add(1'000'000, 1, kHour);
  add(3, 2, kHour);                      // far below: ignored rather than a million empty slots
  add(1'000'000 + (1 << 20), 3, kHour);  // far beyond: likewise
  add(1'000'001, 4, kHour);
  EXPECT_EQ(index_.stats().posts, 2u);
  EXPECT_LT(index_.stats().memory_bytes, size_t{1} << 20);
}

TEST_F(FeedIndexTest, RecentIsNewestFirstFromConnectionsFollowsAndHashtagsWithinVisibility) {
  graph_.add_edge(1, 2, kStart);
  graph_.add_edge(1, 3, kStart);
  index_.set_follow(1, 4, true);
  index_.set_interest(1, "rust", true);
  add(10, 2, 5 * kHour);
  add(11, 3, 4 * kHour, "For connections", "connections");
  add(12, 4, 3 * kHour);
  add(13, 4, 2 * kHour, "Connections only", "connections");  // followed, not connected
  add(14, 5, kHour, "About #rust");
  add(15, 5, kHour / 2, "Secret #rust", "connections");
  add(16, 1, 0);  // the viewer's own
  auto page = service_.recent(1, 10, "");
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(ids(*page), (std::vector<int64_t>{14, 12, 11, 10}));
  EXPECT_EQ(page->items[0].reason, "You follow #rust");
  EXPECT_EQ(page->items[1].reason, "You follow a member");  // no directory: no names
  EXPECT_EQ(page->items[0].factors.size(), 1u);
  EXPECT_EQ(page->items[0].factors[0].name, "recency");

  // Paging by two.
  auto first = service_.recent(1, 2, "");
  ASSERT_TRUE(first.ok() && first->next_cursor);
  auto second = service_.recent(1, 2, *first->next_cursor);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(ids(*second), (std::vector<int64_t>{11, 10}));
  EXPECT_FALSE(second->next_cursor);

  // Mutes: a member, a hashtag.
  index_.set_muted_member(1, 4, true);
  index_.set_muted_hashtag(1, "rust", true);
  EXPECT_EQ(ids(*service_.recent(1, 10, "")), (std::vector<int64_t>{11, 10}));
}

TEST_F(FeedIndexTest, ProfileViewsRaiseAffinityOncePerViewerMemberAndDay) {
  graph_.add_edge(1, 2, kStart);
  graph_.add_edge(1, 3, kStart);
  add(20, 2, 2 * kHour);
  add(21, 3, 2 * kHour);
  auto affinity_of = [&](int64_t post) {
    auto page = service_.relevant(1, 10, "");
    EXPECT_TRUE(page.ok());
    for (const auto& item : page->items) {
      if (item.post != post) continue;
      for (const auto& f : item.factors) {
        if (f.name == "affinity") return f.value;
      }
      return 0.0;
    }
    ADD_FAILURE() << "post " << post << " is not in the feed";
    return 0.0;
  };
  EXPECT_EQ(affinity_of(21), 0.0);
  // The viewer looked at author 3's profile twice today: one view, as the store keeps it.
  index_.add_interaction(1, 0, 3, Interaction::kProfileView, 0, clock_.now() - kHour);
  index_.add_interaction(1, 0, 3, Interaction::kProfileView, 0, clock_.now() - kHour / 2);
  EXPECT_EQ(index_.stats().interactions, 1u);
  const double once = affinity_of(21);
  EXPECT_GT(once, 0.0);
  EXPECT_EQ(affinity_of(20), 0.0);
  auto page = service_.relevant(1, 10, "");
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->items.front().post, 21) << "the author the viewer looked up ranks first";
  // A view on another day counts again; a profile view never makes a post a candidate or counts on a post.
  index_.add_interaction(1, 0, 3, Interaction::kProfileView, 0, clock_.now() - 2 * kDay);
  EXPECT_EQ(index_.stats().interactions, 2u);
  EXPECT_GT(affinity_of(21), once);
  EXPECT_EQ(record(21).reactions + record(21).comments, 0u);
}

TEST_F(FeedIndexTest, BeyondTheCandidateCapTheNewestPostsStay) {
  FeedLimits limits;
  limits.max_candidates = 2;
  FeedService capped(index_, graph_, clock_, limits);
  for (MemberId m = 2; m <= 5; ++m) graph_.add_edge(1, m, kStart);
  add(30, 2, 4 * kDay);  // the lowest ids are the oldest posts
  add(31, 3, 3 * kDay);
  add(32, 4, 2 * kHour);
  add(33, 5, 1 * kHour);
  auto page = capped.relevant(1, 10, "");
  ASSERT_TRUE(page.ok());
  std::vector<int64_t> got = ids(*page);
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (std::vector<int64_t>{32, 33}));
}

TEST_F(FeedIndexTest, RelevantCandidatesIncludeWhatConnectionsEngagedWithButNotPastVisibility) {
  graph_.add_edge(1, 2, kStart);  // the viewer and Anna
  graph_.add_edge(5, 2, kStart);  // Anna and the stranger
  add(20, 5, 3 * kHour);
  add(21, 5, 2 * kHour, "Connections only", "connections");
  add(22, 2, kHour);
  index_.add_interaction(2, 20, 5, Interaction::kComment, 0, clock_.now() - kHour);
  index_.add_interaction(2, 21, 5, Interaction::kReaction, 0, clock_.now() - kHour);
  index_.add_interaction(2, 21, 5, Interaction::kComment, 0, clock_.now() - kHour);
  auto page = service_.relevant(1, 10, "");
  ASSERT_TRUE(page.ok());
  std::set<int64_t> got;
  for (const auto& item : page->items) {
    got.insert(item.post);
    if (item.post == 20) {
      EXPECT_EQ(item.reason, "a member commented on this");
    }
    double sum = 0;
    for (const auto& f : item.factors) sum += f.value;
    EXPECT_NEAR(sum, item.score, 1e-9);
  }
  EXPECT_EQ(got, (std::set<int64_t>{20, 22}));

  // Blocks hide both ways; the stranger's post leaves.
  network::BlockIndex blocks;
  blocks.apply(store::Change{1, "block.created", 5, R"({"blocker":5,"blocked":1})", 0});
  service_.set_blocks(&blocks);
  auto blocked = service_.relevant(1, 10, "");
  ASSERT_TRUE(blocked.ok());
  EXPECT_EQ(ids(*blocked), (std::vector<int64_t>{22}));
  service_.set_blocks(nullptr);

  // A deleted post leaves at once, also from a snapshot being paged.
  auto first = service_.relevant(1, 1, "");
  ASSERT_TRUE(first.ok() && first->next_cursor);
  const int64_t shown = first->items[0].post;
  index_.remove_post(shown == 20 ? 22 : 20);
  auto rest = service_.relevant(1, 10, *first->next_cursor);
  ASSERT_TRUE(rest.ok());
  EXPECT_TRUE(rest->items.empty());
}

TEST_F(FeedIndexTest, RelevantPagesStayStableAndSurviveALostSnapshot) {
  for (MemberId m = 2; m <= 21; ++m) {
    graph_.add_edge(1, m, kStart);
    for (int k = 0; k < 3; ++k) add(m * 10 + k, m, (m + k * 7) * kHour);
  }
  const auto all = all_relevant(1, 7);
  EXPECT_EQ(all.size(), 60u);
  EXPECT_EQ(std::set<int64_t>(all.begin(), all.end()).size(), 60u);

  // A new node (a fresh service) ranks the cursor's moment again and continues the same list.
  auto first = service_.relevant(1, 10, "");
  ASSERT_TRUE(first.ok() && first->next_cursor);
  add(999, 2, 0);  // newer than the cursor's moment: not in this list
  clock_.advance(kHour);
  FeedService other{index_, graph_, clock_};
  auto second = other.relevant(1, 10, *first->next_cursor);
  auto same = service_.relevant(1, 10, *first->next_cursor);
  ASSERT_TRUE(second.ok() && same.ok());
  EXPECT_EQ(ids(*second), ids(*same));
  for (int64_t id : ids(*second)) EXPECT_NE(id, 999);

  // One author's posts are not stacked: no author twice in any three consecutive items.
  auto page = service_.relevant(1, 30, "");
  ASSERT_TRUE(page.ok());
  for (size_t i = 2; i < page->items.size(); ++i) {
    EXPECT_NE(page->items[i].author, page->items[i - 1].author);
    EXPECT_NE(page->items[i].author, page->items[i - 2].author);
  }

  // Cursors of the other mode and garbage are rejected.
  auto recent = service_.recent(1, 5, "");
  ASSERT_TRUE(recent.ok() && recent->next_cursor);
  EXPECT_EQ(service_.relevant(1, 5, *recent->next_cursor).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(service_.recent(1, 5, *first->next_cursor).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(service_.relevant(1, 5, "x").error().code, ErrorCode::kInvalidArgument);
}

TEST_F(FeedIndexTest, ReadersRunWhileTheFollowerWrites) {
  for (MemberId m = 2; m <= 50; ++m) graph_.add_edge(1, m, kStart);
  std::atomic<bool> stop{false};
  std::atomic<size_t> pages{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&, t] {
      while (!stop.load()) {
        auto r = t == 0 ? service_.recent(1, 10, "") : service_.relevant(1, 10, "");
        ASSERT_TRUE(r.ok());
        ++pages;
      }
    });
  }
  while (pages.load() < 3) std::this_thread::yield();
  for (int64_t id = 1; id <= 3000; ++id) {
    if (id % 100 == 0) {  // let the readers see the index grow
      const size_t seen = pages.load();
      while (pages.load() == seen) std::this_thread::yield();
    }
    const MemberId author = 2 + id % 49;
    add(id, author, (3000 - id) * kMicrosPerSecond, id % 3 ? "Hello #rust" : "Hello");
    index_.add_interaction(2 + (id + 1) % 49, id, author, Interaction::kReaction, 0, clock_.now());
    if (id % 5 == 0) index_.remove_post(id - 3);
    if (id % 7 == 0) index_.remove_interaction(2 + (id + 1) % 49, id, Interaction::kReaction);
    if (id % 500 == 0) index_.expire();
  }
  stop = true;
  for (auto& t : readers) t.join();
  EXPECT_GT(pages.load(), 0u);
  EXPECT_EQ(index_.stats().posts, 3000u - 600u);
}

}  // namespace
}  // namespace kring::feed
