// Posts, reactions and comments on both backends: visibility rules (connections-only, blocks, anonymous),
// one reaction per member per post that can change, replies attaching to the top-level comment, and a delete
// taking the conversation with it.
#include <gtest/gtest.h>

#include "common/clock.h"
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

class PostStoreTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  void SetUp() override {
    t_ = kring::testing::make_test_database(GetParam());
    follower_ = std::make_unique<store::ChangeFollower>(*t_->db);
    follower_->add(&directory_);
    follower_->add(&graph_);
    follower_->add(&blocks_);
    ASSERT_TRUE(follower_->start().ok());
    net_ = std::make_unique<network::NetworkService>(*t_->db, directory_, graph_.graph(), blocks_, clock_);
    posts_ = std::make_unique<PostService>(*t_->db, *net_, clock_);
  }
  void TearDown() override {
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
  int64_t count(const std::string& sql) {
    auto r = t_->db->read<int64_t>([&](store::Session& s) -> Result<int64_t> { return s.query_one(sql)->i64(0); });
    return *r;
  }

  ManualClock clock_{1'700'000'000'000'000};
  std::unique_ptr<TestDatabase> t_;
  members::MemberDirectory directory_;
  graph::GraphIndex graph_;
  network::BlockIndex blocks_;
  std::unique_ptr<store::ChangeFollower> follower_;
  std::unique_ptr<network::NetworkService> net_;
  std::unique_ptr<PostService> posts_;
};

TEST_P(PostStoreTest, VisibilityFollowsConnectionsAndBlocks) {
  auto a = add_member("Anna"), b = add_member("Bert"), c = add_member("Cees");
  connect(a.id, b.id);
  auto open = posts_->create(a.id, "Hello world #Kring @" + b.handle + " @nobody-here", "anyone", std::nullopt);
  ASSERT_TRUE(open.ok()) << open.error().message;
  EXPECT_EQ(open->hashtags, std::vector<std::string>{"kring"});
  EXPECT_EQ(open->mentions, std::vector<std::string>{b.handle});
  auto closed = posts_->create(a.id, "Only for my connections", "connections", std::nullopt);
  ASSERT_TRUE(closed.ok());

  EXPECT_TRUE(posts_->get(std::nullopt, open->id).ok());
  EXPECT_TRUE(posts_->get(c.id, open->id).ok());
  EXPECT_EQ(posts_->get(std::nullopt, closed->id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(posts_->get(c.id, closed->id).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(posts_->get(b.id, closed->id).ok());
  EXPECT_TRUE(posts_->get(a.id, closed->id).ok());

  auto mine = posts_->member_posts(c.id, a.id, 10, "");
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->items.size(), 1u);
  EXPECT_EQ(mine->items[0].id, open->id);
  auto theirs = posts_->member_posts(b.id, a.id, 10, "");
  ASSERT_EQ(theirs->items.size(), 2u);
  EXPECT_EQ(theirs->items[0].id, closed->id);  // newest first (same time: higher id first)

  // Reshares: a connections-only post cannot be shared wider; a hidden one does not exist for the resharer.
  EXPECT_EQ(posts_->create(b.id, "", "anyone", closed->id).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(posts_->create(c.id, "", "anyone", closed->id).error().code, ErrorCode::kNotFound);
  auto reshare = posts_->create(c.id, "", "anyone", open->id);
  ASSERT_TRUE(reshare.ok());
  EXPECT_EQ(reshare->reshare_of, open->id);

  ASSERT_TRUE(net_->block(c.id, a.handle, true).ok());
  EXPECT_EQ(posts_->get(c.id, open->id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(posts_->react(c.id, open->id, "like").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(posts_->comment(c.id, open->id, "hi", std::nullopt).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(posts_->get(a.id, reshare->id).error().code, ErrorCode::kNotFound);

  // Only the author edits.
  EXPECT_EQ(posts_->edit(b.id, open->id, "mine now").error().code, ErrorCode::kForbidden);
  EXPECT_EQ(posts_->edit(c.id, open->id, "mine now").error().code, ErrorCode::kNotFound);
  clock_.advance(1000);
  auto edited = posts_->edit(a.id, open->id, "Edited #Other");
  ASSERT_TRUE(edited.ok());
  EXPECT_TRUE(edited->edited_at.has_value());
  EXPECT_EQ(edited->hashtags, std::vector<std::string>{"other"});
}

TEST_P(PostStoreTest, OneReactionPerMemberThatCanChange) {
  auto a = add_member("Anna"), b = add_member("Bert");
  auto p = posts_->create(a.id, "React to me", "anyone", std::nullopt);
  ASSERT_TRUE(p.ok());
  auto r1 = posts_->react(b.id, p->id, "like");
  ASSERT_TRUE(r1.ok());
  EXPECT_TRUE(r1->created);
  auto r2 = posts_->react(b.id, p->id, "like");
  ASSERT_TRUE(r2.ok());
  EXPECT_FALSE(r2->created);
  auto r3 = posts_->react(b.id, p->id, "celebrate");
  ASSERT_TRUE(r3.ok());
  EXPECT_EQ(r3->reaction_counts, (std::map<std::string, int64_t>{{"celebrate", 1}}));
  ASSERT_TRUE(posts_->react(a.id, p->id, "celebrate").ok());
  auto got = posts_->get(b.id, p->id);
  EXPECT_EQ(got->reaction_counts, (std::map<std::string, int64_t>{{"celebrate", 2}}));
  EXPECT_EQ(got->my_reaction, "celebrate");
  EXPECT_EQ(posts_->react(b.id, p->id, "dislike").error().code, ErrorCode::kInvalidArgument);
  ASSERT_TRUE(posts_->unreact(b.id, p->id).ok());
  ASSERT_TRUE(posts_->unreact(b.id, p->id).ok());
  got = posts_->get(b.id, p->id);
  EXPECT_EQ(got->reaction_counts, (std::map<std::string, int64_t>{{"celebrate", 1}}));
  EXPECT_FALSE(got->my_reaction.has_value());
}

TEST_P(PostStoreTest, RepliesAttachToTheTopLevelCommentAndDeleteCascades) {
  auto a = add_member("Anna"), b = add_member("Bert");
  auto p = posts_->create(a.id, "Discuss", "anyone", std::nullopt);
  ASSERT_TRUE(p.ok());
  auto top = posts_->comment(b.id, p->id, "First", std::nullopt);
  ASSERT_TRUE(top.ok());
  std::vector<int64_t> replies;
  for (int i = 0; i < 5; ++i) {
    clock_.advance(1000);
    auto r = posts_->comment(a.id, p->id, "Reply " + std::to_string(i), i == 0 ? top->id : replies.back());
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->parent, top->id);
    replies.push_back(r->id);
  }
  auto other = posts_->create(a.id, "Other", "anyone", std::nullopt);
  EXPECT_EQ(posts_->comment(b.id, other->id, "x", top->id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(posts_->comment(b.id, p->id, std::string(1251, 'x'), std::nullopt).error().code,
            ErrorCode::kInvalidArgument);

  auto list = posts_->comments(std::nullopt, p->id, 10, "");
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->items.size(), 1u);
  EXPECT_EQ(list->items[0].reply_count, 5);
  ASSERT_EQ(list->items[0].replies.size(), 3u);
  EXPECT_EQ(list->items[0].replies[0].id, replies[2]);
  EXPECT_EQ(list->items[0].replies[2].id, replies[4]);
  EXPECT_EQ(posts_->get(std::nullopt, p->id)->comment_count, 6);

  EXPECT_EQ(posts_->delete_comment(b.id, replies[0]).error().code, ErrorCode::kForbidden);
  ASSERT_TRUE(posts_->delete_comment(a.id, replies[0]).ok());  // its author
  ASSERT_TRUE(posts_->react(b.id, p->id, "love").ok());
  auto reshare = posts_->create(b.id, "Look", "anyone", p->id);
  ASSERT_TRUE(reshare.ok());

  EXPECT_EQ(posts_->remove(b.id, p->id).error().code, ErrorCode::kForbidden);
  ASSERT_TRUE(posts_->remove(a.id, p->id).ok());
  EXPECT_EQ(posts_->get(a.id, p->id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(posts_->comment(b.id, p->id, "late", std::nullopt).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(posts_->react(b.id, p->id, "like").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(count("SELECT COUNT(*) FROM comments WHERE post_id = " + std::to_string(p->id)), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM reactions WHERE post_id = " + std::to_string(p->id)), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM post_hashtags WHERE post_id = " + std::to_string(p->id)), 0);
  auto still = posts_->get(b.id, reshare->id);
  ASSERT_TRUE(still.ok());
  EXPECT_FALSE(still->reshare_of.has_value());
}

TEST_P(PostStoreTest, TextRulesAndParsing) {
  auto a = add_member("Anna");
  std::string emoji;
  for (int i = 0; i < 3000; ++i) emoji += "\xF0\x9F\x98\x80";
  EXPECT_TRUE(posts_->create(a.id, emoji, "anyone", std::nullopt).ok());
  EXPECT_EQ(posts_->create(a.id, emoji + "\xF0\x9F\x98\x80", "anyone", std::nullopt).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(posts_->create(a.id, "  ", "anyone", std::nullopt).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(posts_->create(a.id, "bad \x01", "anyone", std::nullopt).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(posts_->create(a.id, "bad \xC3", "anyone", std::nullopt).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(posts_->create(a.id, "x", "everyone", std::nullopt).error().code, ErrorCode::kInvalidArgument);
  const std::string rtl = "\u200F\u05E9\u05DC\u05D5\u05DD\u200B zero\u200Dwidth";
  auto p = posts_->create(a.id, rtl, "anyone", std::nullopt);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(posts_->get(std::nullopt, p->id)->text, rtl);

  EXPECT_EQ(parse_hashtags("#Café and #café, C# #1 #a_b x#y #Ünïcode\u200B"),
            (std::vector<std::string>{"cafe", "a_b", "unicode"}));
  EXPECT_EQ(parse_mention_handles("hi @Anna-B, mail me@example.org @anna-b"), std::vector<std::string>{"anna-b"});
}

INSTANTIATE_TEST_SUITE_P(Backends, PostStoreTest, ::testing::ValuesIn(kring::testing::test_backends()),
                         kring::testing::BackendName());

}  // namespace
}  // namespace kring::feed
