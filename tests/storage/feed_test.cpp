// The feed on both backends: the index that followed the change log equals one loaded from the store after a
// random sequence of posts, edits, deletes, reactions, comments, follows, mutes and followed hashtags; the
// remembered mode; mutes and preferences; impressions written in the background; post analytics.
#include <random>
#include <set>

#include <gtest/gtest.h>

#include "common/clock.h"
#include "feed/feed_index.h"
#include "feed/feed_service.h"
#include "feed/impressions.h"
#include "feed/posts.h"
#include "graph/graph_index.h"
#include "members/member_directory.h"
#include "members/member_service.h"
#include "network/block_index.h"
#include "network/network_service.h"
#include "store/change_follower.h"
#include "support/test_db.h"

namespace kring::feed {
namespace {

using kring::testing::TestDatabase;

class FeedStoreTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  void SetUp() override {
    t_ = kring::testing::make_test_database(GetParam());
    index_.set_store(t_->db.get());
    follower_ = std::make_unique<store::ChangeFollower>(*t_->db);
    follower_->add(&directory_);
    follower_->add(&graph_);
    follower_->add(&blocks_);
    follower_->add(&index_);
    ASSERT_TRUE(follower_->start().ok());
    net_ = std::make_unique<network::NetworkService>(*t_->db, directory_, graph_.graph(), blocks_, clock_);
    posts_ = std::make_unique<PostService>(*t_->db, *net_, clock_);
    feed_ = std::make_unique<FeedService>(index_, graph_.graph(), clock_);
    feed_->set_blocks(&blocks_);
    feed_->set_directory(&directory_);
    feed_->set_store(t_->db.get());
  }
  void TearDown() override {
    feed_.reset();
    posts_.reset();
    net_.reset();
    follower_->stop();
  }

  members::Member add_member(const std::string& first) {
    auto m = t_->db->write<members::Member>([&](store::WriteTx& tx) {
      return members::insert_member(tx, {first, "Tester", "", "", ""}, clock_.now());
    });
    EXPECT_TRUE(m.ok());
    return *m;
  }
  void connect(MemberId a, MemberId b) {
    auto r = t_->db->write<bool>([&](store::WriteTx& tx) -> Result<bool> {
      network::NetworkService::connect_in_tx(tx, a, b, clock_.now());
      return true;
    });
    ASSERT_TRUE(r.ok());
  }
  int64_t add_company(const std::string& handle) {
    auto r = t_->db->write<int64_t>([&](store::WriteTx& tx) -> Result<int64_t> {
      return tx
          .query_one("INSERT INTO companies (handle, name, created_at) VALUES (?, ?, ?) RETURNING id",
                     {handle, handle, clock_.now()})
          ->i64(0);
    });
    EXPECT_TRUE(r.ok());
    return *r;
  }
  // A current position at `company`, logged as the profile service does.
  void work_at(MemberId m, int64_t company) {
    auto r = t_->db->write<bool>([&](store::WriteTx& tx) -> Result<bool> {
      tx.exec(
          "INSERT INTO positions (member_id, company_id, company_name, start_year, created_at) VALUES (?, ?, "
          "'x', 2020, ?)",
          {m, company, clock_.now()});
      tx.log("profile.updated", m, R"({"member":)" + std::to_string(m) + R"(,"section":"positions"})");
      return true;
    });
    ASSERT_TRUE(r.ok());
  }
  int64_t count(const std::string& sql) {
    auto r =
        t_->db->read<int64_t>([&](store::Session& s) -> Result<int64_t> { return s.query_one(sql)->i64(0); });
    return *r;
  }
  std::vector<int64_t> ids(const FeedPage& p) {
    std::vector<int64_t> out;
    for (const auto& i : p.items) out.push_back(i.post);
    return out;
  }

  // Everything the index holds about `members` and the store's posts, as comparable values.
  static std::vector<std::string> describe(const FeedIndex& index, const std::vector<int64_t>& posts,
                                           const std::vector<MemberId>& members,
                                           const std::vector<std::string>& tags) {
    std::vector<std::string> out;
    auto rd = index.read();
    for (int64_t id : posts) {
      const PostRecord* r = rd.post(id);
      if (!r) {
        out.push_back("post " + std::to_string(id) + " absent");
        continue;
      }
      std::string t;
      for (uint32_t tag : rd.tags_of(*r)) t += rd.tag_name(tag) + ",";
      out.push_back("post " + std::to_string(id) + " by " + std::to_string(r->author) + " r" +
                    std::to_string(r->reactions) + " c" + std::to_string(r->comments) + " cr" +
                    std::to_string(r->colleague_reactions) + " cc" + std::to_string(r->colleague_comments) +
                    " e" + std::to_string(r->early) + " f" + std::to_string(r->flags) + " re" +
                    std::to_string(r->reshare_of) + " t" + t);
    }
    auto list = [](std::span<const uint32_t> s) {
      std::string o;
      for (uint32_t x : s) o += std::to_string(x) + ",";
      return o;
    };
    auto refs = [](std::span<const PostRef> s) {
      std::string o;
      for (const PostRef& x : s) o += std::to_string(x.id) + "@" + std::to_string(x.created) + ",";
      return o;
    };
    auto tag_list = [&](std::span<const uint32_t> s) {
      std::set<std::string> names;
      for (uint32_t x : s) names.insert(rd.tag_name(x));
      std::string o;
      for (const auto& n : names) o += n + ",";
      return o;
    };
    for (MemberId m : members) {
      std::multiset<std::string> log;
      for (const InteractionRecord& e : rd.interactions_of(m)) {
        log.insert(std::to_string(e.post) + "/" + std::to_string(e.author) + "/" +
                   std::to_string(static_cast<int>(e.kind)) + "/" + std::to_string(e.type) + "/" +
                   std::to_string(e.flags));
      }
      std::string l;
      for (const auto& e : log) l += e + ";";
      out.push_back("member " + std::to_string(m) + " posts " + refs(rd.posts_by(m)) + " follows " +
                    list(rd.following(m)) + " followers " + std::to_string(rd.followers(m)) + " muted " +
                    list(rd.muted_members(m)) + " muted tags " + tag_list(rd.muted_tags(m)) + " interests " +
                    tag_list(rd.interests(m)) + " log " + l);
    }
    for (const std::string& tag : tags) {
      auto id = rd.tag_id(tag);
      out.push_back("tag " + tag + " " + (id ? refs(rd.posts_tagged(*id)) : std::string()));
    }
    return out;
  }

  ManualClock clock_{1'700'000'000'000'000};
  std::unique_ptr<TestDatabase> t_;
  members::MemberDirectory directory_;
  graph::GraphIndex graph_;
  network::BlockIndex blocks_;
  FeedIndex index_{clock_};
  std::unique_ptr<store::ChangeFollower> follower_;
  std::unique_ptr<network::NetworkService> net_;
  std::unique_ptr<PostService> posts_;
  std::unique_ptr<FeedService> feed_;
};

TEST_P(FeedStoreTest, TheFollowedIndexMatchesOneLoadedFromTheStore) {
  std::vector<members::Member> ms;
  for (int i = 0; i < 8; ++i) ms.push_back(add_member("M" + std::to_string(i)));
  const int64_t acme = add_company("acme"), globex = add_company("globex");
  for (int i = 0; i < 8; ++i) work_at(ms[i].id, i % 3 == 0 ? acme : globex);
  for (int i = 1; i < 8; ++i) connect(ms[0].id, ms[i].id);
  connect(ms[1].id, ms[2].id);

  std::mt19937 rng(GetParam() == store::Backend::kSqlite ? 11 : 12);
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  const std::vector<std::string> texts{"Plain words",         "About #rust and #cpp",
                                       "https://example.org", "Comment YES below!",
                                       "#Kring news",         "Wie helpt mij naar 10.000 connecties?"};
  const std::vector<std::string> tags{"rust", "cpp", "kring", "other"};
  std::vector<int64_t> posts;
  std::vector<int64_t> comments;
  for (int step = 0; step < 300; ++step) {
    clock_.advance(static_cast<Micros>(pick(20) + 1) * 60 * kMicrosPerSecond);
    const auto& me = ms[pick(ms.size())];
    const size_t op = pick(13);
    if (op < 3 || posts.empty()) {
      std::optional<int64_t> reshare;
      if (!posts.empty() && pick(4) == 0) reshare = posts[pick(posts.size())];
      auto p = posts_->create(me.id, reshare && pick(2) ? "" : texts[pick(texts.size())],
                              pick(3) ? "anyone" : "connections", reshare);
      if (p.ok()) posts.push_back(p->id);
    } else if (op == 3) {
      (void)posts_->edit(me.id, posts[pick(posts.size())], texts[pick(texts.size())]);
    } else if (op == 4 && pick(3) == 0) {
      (void)posts_->remove(me.id, posts[pick(posts.size())]);
    } else if (op <= 6) {
      (void)posts_->react(me.id, posts[pick(posts.size())], reaction_types()[pick(6)]);
    } else if (op == 7) {
      (void)posts_->unreact(me.id, posts[pick(posts.size())]);
    } else if (op == 8 || op == 9) {
      std::optional<int64_t> parent;
      if (!comments.empty() && pick(2)) parent = comments[pick(comments.size())];
      auto c = posts_->comment(me.id, posts[pick(posts.size())], "A comment", parent);
      if (c.ok()) comments.push_back(c->id);
    } else if (op == 10 && !comments.empty()) {
      (void)posts_->delete_comment(me.id, comments[pick(comments.size())]);
    } else if (op == 11) {
      const auto& other = ms[pick(ms.size())];
      if (other.id != me.id) {
        ASSERT_TRUE(net_->follow_member(me.id, other.handle, pick(3) != 0).ok());
      }
    } else {
      const auto& other = ms[pick(ms.size())];
      const std::string tag = tags[pick(tags.size())];
      switch (pick(3)) {
        case 0:
          if (other.id != me.id) {
            ASSERT_TRUE(feed_->mute_member(me.id, other.id, pick(2) != 0).ok());
          }
          break;
        case 1:
          ASSERT_TRUE(feed_->mute_hashtag(me.id, tag, pick(2) != 0).ok());
          break;
        default:
          ASSERT_TRUE(feed_->follow_hashtag(me.id, tag, pick(2) != 0).ok());
          break;
      }
    }
  }
  ASSERT_GT(count("SELECT COUNT(*) FROM reactions"), 5);
  ASSERT_GT(count("SELECT COUNT(*) FROM comments"), 5);
  ASSERT_GT(count("SELECT COUNT(*) FROM change_log WHERE kind = 'comment.deleted'"), 0);
  ASSERT_GT(count("SELECT COUNT(*) FROM change_log WHERE kind = 'reaction.removed'"), 0);

  FeedIndex fresh(clock_);
  auto loaded = t_->db->read<bool>([&](store::Session& s) -> Result<bool> {
    KRING_TRY(fresh.load(s));
    return true;
  });
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  std::vector<MemberId> members;
  for (const auto& m : ms) members.push_back(m.id);
  const auto followed = describe(index_, posts, members, tags);
  const auto rebuilt = describe(fresh, posts, members, tags);
  ASSERT_EQ(followed.size(), rebuilt.size());
  for (size_t i = 0; i < followed.size(); ++i) EXPECT_EQ(followed[i], rebuilt[i]);
  EXPECT_EQ(index_.stats().posts, fresh.stats().posts);
  EXPECT_EQ(index_.stats().interactions, fresh.stats().interactions);
  EXPECT_EQ(static_cast<int64_t>(index_.stats().posts), count("SELECT COUNT(*) FROM posts"));
  // The counts agree with the store's (the author's own engagement is not counted by the index).
  for (int64_t id : posts) {
    auto rd = index_.read();
    const PostRecord* r = rd.post(id);
    if (!r) continue;
    const std::string where = " WHERE post_id = " + std::to_string(id);
    EXPECT_EQ(r->reactions, count("SELECT COUNT(*) FROM reactions r JOIN posts p ON p.id = r.post_id" +
                                  where + " AND r.member_id <> p.author_id"));
    EXPECT_EQ(r->comments, count("SELECT COUNT(*) FROM comments c JOIN posts p ON p.id = c.post_id" + where +
                                 " AND c.author_id <> p.author_id"));
  }
}

TEST_P(FeedStoreTest, ModeMutesAndPreferencesLiveInTheStore) {
  auto a = add_member("Anna"), b = add_member("Bert"), c = add_member("Cees");
  EXPECT_EQ(*feed_->mode(a.id), FeedMode::kRelevant);
  ASSERT_TRUE(feed_->remember_mode(a.id, FeedMode::kRelevant).ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM feed_settings"), 0);  // the default needs no row
  ASSERT_TRUE(feed_->remember_mode(a.id, FeedMode::kRecent).ok());
  EXPECT_EQ(*feed_->mode(a.id), FeedMode::kRecent);
  EXPECT_EQ(*feed_->mode(b.id), FeedMode::kRelevant);
  ASSERT_TRUE(feed_->remember_mode(a.id, FeedMode::kRelevant).ok());
  EXPECT_EQ(*feed_->mode(a.id), FeedMode::kRelevant);

  ASSERT_TRUE(feed_->mute_member(a.id, b.id, true).ok());
  clock_.advance(1000);
  ASSERT_TRUE(feed_->mute_member(a.id, c.id, true).ok());
  ASSERT_TRUE(feed_->mute_member(a.id, c.id, true).ok());  // idempotent
  EXPECT_EQ(feed_->mute_member(a.id, a.id, true).error().code, ErrorCode::kInvalidArgument);
  ASSERT_TRUE(feed_->mute_hashtag(a.id, "rust", true).ok());
  ASSERT_TRUE(feed_->follow_hashtag(a.id, "cpp", true).ok());
  auto p = feed_->preferences(a.id);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->muted_members, (std::vector<MemberId>{c.id, b.id}));
  EXPECT_EQ(p->muted_hashtags, std::vector<std::string>{"rust"});
  EXPECT_EQ(p->followed_hashtags, std::vector<std::string>{"cpp"});
  EXPECT_EQ(count("SELECT COUNT(*) FROM change_log WHERE kind = 'mute.created'"), 3);
  {
    auto rd = index_.read();
    EXPECT_EQ(rd.muted_members(a.id).size(), 2u);
    EXPECT_EQ(rd.muted_tags(a.id).size(), 1u);
    EXPECT_EQ(rd.interests(a.id).size(), 1u);
  }
  ASSERT_TRUE(feed_->mute_member(a.id, b.id, false).ok());
  ASSERT_TRUE(feed_->mute_hashtag(a.id, "rust", false).ok());
  EXPECT_EQ(index_.read().muted_members(a.id).size(), 1u);
  EXPECT_TRUE(index_.read().muted_tags(a.id).empty());

  EXPECT_EQ(*normalize_hashtag("#Café"), "cafe");
  EXPECT_EQ(*normalize_hashtag(" rust_lang "), "rust_lang");
  EXPECT_EQ(normalize_hashtag("two words").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(normalize_hashtag("2024").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(normalize_hashtag("").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(normalize_hashtag("a\xC3").error().code, ErrorCode::kInvalidArgument);
}

TEST_P(FeedStoreTest, ImpressionsAndAnalytics) {
  auto author = add_member("Auke"), colleague = add_member("Cor"), outsider = add_member("Otto"),
       follower = add_member("Fien");
  const int64_t acme = add_company("acme");
  work_at(author.id, acme);
  work_at(colleague.id, acme);
  connect(author.id, colleague.id);
  connect(author.id, outsider.id);
  ASSERT_TRUE(net_->follow_member(follower.id, author.handle, true).ok());
  ASSERT_TRUE(net_->follow_member(outsider.id, author.handle, true).ok());  // a connection who also follows

  auto p = posts_->create(author.id, "Numbers", "anyone", std::nullopt);
  ASSERT_TRUE(p.ok());
  auto doomed = posts_->create(author.id, "Short-lived", "anyone", std::nullopt);
  ASSERT_TRUE(doomed.ok());
  ASSERT_TRUE(posts_->react(colleague.id, p->id, "like").ok());
  ASSERT_TRUE(posts_->react(outsider.id, p->id, "celebrate").ok());
  ASSERT_TRUE(posts_->comment(outsider.id, p->id, "Nice", std::nullopt).ok());
  ASSERT_TRUE(
      posts_->comment(author.id, p->id, "Thanks", std::nullopt).ok());  // the author's own: not engagement
  ASSERT_TRUE(posts_->create(follower.id, "", "anyone", p->id).ok());
  {
    auto rd = index_.read();
    EXPECT_EQ(rd.post(p->id)->colleague_reactions, 1u);
    EXPECT_EQ(rd.post(p->id)->reactions, 2u);
    EXPECT_EQ(rd.post(p->id)->comments, 1u);
  }

  ImpressionRecorder rec(*t_->db, clock_, std::chrono::hours(1));  // flushed by hand below
  const std::vector<int64_t> shown{p->id, doomed->id};
  rec.record(colleague.id, shown);
  rec.record(colleague.id, shown);
  rec.record(outsider.id, shown);
  EXPECT_EQ(rec.queued(), 4u);
  ASSERT_TRUE(posts_->remove(author.id, doomed->id).ok());  // its impressions are skipped, not an error
  ASSERT_TRUE(rec.flush().ok());
  EXPECT_EQ(rec.queued(), 0u);
  rec.record(follower.id, shown);
  rec.stop();                      // writes the rest
  rec.record(follower.id, shown);  // after stop: dropped
  EXPECT_EQ(count("SELECT COUNT(*) FROM post_impressions"), 3);

  auto a = feed_->analytics(p->id, author.id);
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(a->impressions, 4);
  EXPECT_EQ(a->unique_viewers, 3);
  EXPECT_EQ(a->reactions.at("like"), 1);
  EXPECT_EQ(a->reactions.at("celebrate"), 1);
  EXPECT_EQ(a->reactions.at("love"), 0);
  EXPECT_EQ(a->reactions.size(), reaction_types().size());
  EXPECT_EQ(a->comments, 2);
  EXPECT_EQ(a->reshares, 1);
  EXPECT_DOUBLE_EQ(a->colleague_engagement_share, 0.333);  // 1 of 3 engagements by others
  EXPECT_EQ(a->followers, 2);
  EXPECT_EQ(a->audience, 3);  // 2 connections and 2 followers, one of them both
  EXPECT_DOUBLE_EQ(a->reach_percent, 100.0);

  // Deleting a member takes their impressions and mutes with them (cascades).
  ASSERT_TRUE(feed_->mute_member(outsider.id, author.id, true).ok());
  auto del = t_->db->write<bool>([&](store::WriteTx& tx) -> Result<bool> {
    tx.exec("DELETE FROM members WHERE id = ?", {outsider.id});
    tx.log("member.deleted", outsider.id, "{}");
    return true;
  });
  ASSERT_TRUE(del.ok()) << del.error().message;
  EXPECT_EQ(count("SELECT COUNT(*) FROM post_impressions"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM feed_muted_members"), 0);
  {
    auto rd = index_.read();  // a read guard: released before the writes below, which the index must apply
    EXPECT_EQ(rd.post(p->id)->reactions, 1u);
    EXPECT_EQ(rd.post(p->id)->comments, 0u);
  }
  // A queued impression of a deleted post never lands on a later post, even one that got its id (SQLite reuses
  // the largest id once its row is gone).
  {
    auto last = posts_->create(author.id, "The newest", "anyone", std::nullopt);
    ASSERT_TRUE(last.ok());
    ImpressionRecorder late(*t_->db, clock_, std::chrono::hours(1));
    const std::vector<int64_t> seen{last->id};
    late.record(colleague.id, seen);
    ASSERT_TRUE(posts_->remove(author.id, last->id).ok());
    clock_.advance(1'000'000);
    auto again = posts_->create(author.id, "Next", "anyone", std::nullopt);
    ASSERT_TRUE(again.ok());
    ASSERT_TRUE(late.flush().ok());
    auto fresh = feed_->analytics(again->id, author.id);
    ASSERT_TRUE(fresh.ok()) << fresh.error().message;
    EXPECT_EQ(fresh->impressions, 0);
    late.record(colleague.id, std::vector<int64_t>{again->id});
    ASSERT_TRUE(late.flush().ok());
    EXPECT_EQ(feed_->analytics(again->id, author.id)->impressions, 1);
  }
}

TEST_P(FeedStoreTest, FeedsFollowWritesAtOnce) {
  auto v = add_member("Vera"), a = add_member("Anna"), s = add_member("Stan");
  connect(v.id, a.id);
  auto mine = posts_->create(a.id, "Hello #rust", "anyone", std::nullopt);
  auto strangers = posts_->create(s.id, "From afar", "anyone", std::nullopt);
  ASSERT_TRUE(mine.ok() && strangers.ok());
  EXPECT_EQ(ids(*feed_->recent(v.id, 10, "")), std::vector<int64_t>{mine->id});
  ASSERT_TRUE(posts_->comment(a.id, strangers->id, "Interesting", std::nullopt).ok());
  auto relevant = feed_->relevant(v.id, 10, "");
  ASSERT_TRUE(relevant.ok());
  const auto got = ids(*relevant);
  EXPECT_EQ(std::set<int64_t>(got.begin(), got.end()), (std::set<int64_t>{mine->id, strangers->id}));
  for (const auto& item : relevant->items) {
    EXPECT_EQ(item.reason, item.post == strangers->id ? "Anna Tester commented on this"
                                                      : "Your connection Anna Tester posted this");
  }
  ASSERT_TRUE(feed_->mute_hashtag(v.id, "rust", true).ok());
  EXPECT_TRUE(ids(*feed_->recent(v.id, 10, "")).empty());
  ASSERT_TRUE(feed_->mute_hashtag(v.id, "rust", false).ok());
  ASSERT_TRUE(posts_->remove(a.id, mine->id).ok());
  EXPECT_TRUE(ids(*feed_->recent(v.id, 10, "")).empty());
  EXPECT_EQ(ids(*feed_->relevant(v.id, 10, "")), std::vector<int64_t>{strangers->id});
  ASSERT_TRUE(net_->block(v.id, s.handle, true).ok());
  EXPECT_TRUE(ids(*feed_->relevant(v.id, 10, "")).empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, FeedStoreTest, ::testing::ValuesIn(kring::testing::test_backends()),
                         kring::testing::BackendName());

}  // namespace
}  // namespace kring::feed
