// Notifications on both backends: written in the transactions of the actions that cause them (mentions,
// comments, replies, reactions, accepted invitations, introductions), with the rules (never yourself, never
// across a block, mentions only for members who can see the post, an edit notifies only new mentions), the
// reaction aggregate, deletes that take them along, read state, paging, and erasing a member.
#include <algorithm>

#include <gtest/gtest.h>

#include "accounts/account_deletion.h"
#include "common/clock.h"
#include "feed/posts.h"
#include "graph/graph_index.h"
#include "members/member_directory.h"
#include "members/member_service.h"
#include "network/block_index.h"
#include "network/introductions.h"
#include "network/network_service.h"
#include "notifications/notification_service.h"
#include "store/change_follower.h"
#include "support/test_db.h"

namespace kring::notifications {
namespace {

using kring::testing::TestDatabase;

class NotificationStoreTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  void SetUp() override {
    t_ = kring::testing::make_test_database(GetParam());
    follower_ = std::make_unique<store::ChangeFollower>(*t_->db);
    follower_->add(&directory_);
    follower_->add(&graph_);
    follower_->add(&blocks_);
    ASSERT_TRUE(follower_->start().ok());
    net_ = std::make_unique<network::NetworkService>(*t_->db, directory_, graph_.graph(), blocks_, clock_);
    intros_ = std::make_unique<network::IntroductionService>(*net_);
    posts_ = std::make_unique<feed::PostService>(*t_->db, *net_, clock_);
    service_ = std::make_unique<NotificationService>(
        *t_->db, directory_, graph_.graph(), [this](MemberId a, MemberId b) { return blocks_.hidden(a, b); },
        clock_);
  }
  void TearDown() override {
    service_.reset();
    posts_.reset();
    intros_.reset();
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
  std::vector<Item> items(MemberId m) {
    auto page = service_->list(m, 100, "");
    EXPECT_TRUE(page.ok());
    return page.ok() ? page->items : std::vector<Item>{};
  }
  std::vector<std::string> kinds(MemberId m) {
    std::vector<std::string> out;
    for (const auto& i : items(m)) out.push_back(i.n.kind);
    return out;
  }
  int64_t unread(MemberId m) {
    auto n = service_->unread_count(m);
    EXPECT_TRUE(n.ok());
    return n.ok() ? *n : -1;
  }
  int64_t rows(const std::string& where) {
    auto r = t_->db->read<int64_t>([&](store::Session& s) -> Result<int64_t> {
      return s.query_one("SELECT COUNT(*) FROM notifications WHERE " + where)->i64(0);
    });
    return r.ok() ? *r : -1;
  }
  // Each notification gets its own moment, so the newest-first order is plain.
  void tick() { clock_.advance(1000); }

  ManualClock clock_{1'700'000'000'000'000};
  std::unique_ptr<TestDatabase> t_;
  members::MemberDirectory directory_;
  graph::GraphIndex graph_;
  network::BlockIndex blocks_;
  std::unique_ptr<store::ChangeFollower> follower_;
  std::unique_ptr<network::NetworkService> net_;
  std::unique_ptr<network::IntroductionService> intros_;
  std::unique_ptr<feed::PostService> posts_;
  std::unique_ptr<NotificationService> service_;
};

TEST_P(NotificationStoreTest, MentionsReachOnlyMembersWhoCanSeeThePost) {
  auto a = add_member("Anna"), b = add_member("Bram"), c = add_member("Cees");
  connect(a.id, b.id);
  auto open = posts_->create(a.id, "Thanks @" + b.handle + " and @" + c.handle + " and me @" + a.handle, "anyone",
                             std::nullopt);
  ASSERT_TRUE(open.ok()) << open.error().message;
  ASSERT_EQ(items(b.id).size(), 1u);
  ASSERT_EQ(items(c.id).size(), 1u);
  EXPECT_TRUE(items(a.id).empty());  // never yourself
  Item got = items(b.id)[0];
  EXPECT_EQ(got.n.kind, "mention");
  EXPECT_EQ(got.n.actor, a.id);
  EXPECT_EQ(got.n.post_id, open->id);
  EXPECT_FALSE(got.n.comment_id.has_value());
  EXPECT_FALSE(got.n.read_at.has_value());
  EXPECT_EQ(got.post_text, open->text);
  EXPECT_EQ(sentence(got, "Anna Tester"), "Anna Tester mentioned you in a post");

  // Connections only: Bram (a connection) hears about it, Cees does not.
  tick();
  auto closed = posts_->create(a.id, "Between us, @" + b.handle + " and @" + c.handle, "connections", std::nullopt);
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(items(b.id).size(), 2u);
  EXPECT_EQ(items(b.id)[0].n.post_id, closed->id);  // newest first
  EXPECT_EQ(items(c.id).size(), 1u);
  EXPECT_EQ(unread(b.id), 2);

  // When the connection ends, the connections-only post's notification is no longer shown or counted.
  ASSERT_TRUE(net_->remove_connection(a.id, b.handle).ok());
  EXPECT_EQ(items(b.id).size(), 1u);
  EXPECT_EQ(items(b.id)[0].n.post_id, open->id);
  EXPECT_EQ(unread(b.id), 1);
}

TEST_P(NotificationStoreTest, EditingNotifiesOnlyNewlyMentionedMembers) {
  auto a = add_member("Anna"), b = add_member("Bram"), c = add_member("Cees");
  auto p = posts_->create(a.id, "Hello @" + b.handle, "anyone", std::nullopt);
  ASSERT_TRUE(p.ok());
  tick();
  ASSERT_TRUE(posts_->edit(a.id, p->id, "Hello @" + b.handle + " and @" + c.handle).ok());
  EXPECT_EQ(items(b.id).size(), 1u);
  EXPECT_EQ(items(c.id).size(), 1u);
  tick();
  ASSERT_TRUE(posts_->edit(a.id, p->id, "Hello @" + b.handle + " and @" + c.handle + ", typo fixed").ok());
  EXPECT_EQ(items(b.id).size(), 1u);
  EXPECT_EQ(items(c.id).size(), 1u);
  // Taking a mention out takes its notification along; putting it back notifies again.
  tick();
  ASSERT_TRUE(posts_->edit(a.id, p->id, "Hello @" + c.handle).ok());
  EXPECT_TRUE(items(b.id).empty());
  EXPECT_EQ(items(c.id).size(), 1u);
  tick();
  ASSERT_TRUE(posts_->edit(a.id, p->id, "Hello @" + c.handle + " @" + b.handle).ok());
  EXPECT_EQ(items(b.id).size(), 1u);
  EXPECT_EQ(items(c.id).size(), 1u);
}

TEST_P(NotificationStoreTest, CommentsRepliesAndMentionsOneEachAndGoneWithTheComment) {
  auto a = add_member("Anna"), b = add_member("Bram"), c = add_member("Cees"), d = add_member("Dirk");
  auto p = posts_->create(a.id, "Thoughts?", "anyone", std::nullopt);
  ASSERT_TRUE(p.ok());
  tick();
  auto top = posts_->comment(b.id, p->id, "Good one", std::nullopt);
  ASSERT_TRUE(top.ok());
  EXPECT_EQ(kinds(a.id), std::vector<std::string>{"comment"});
  EXPECT_EQ(items(a.id)[0].n.comment_id, top->id);
  EXPECT_EQ(sentence(items(a.id)[0], "Bram Tester"), "Bram Tester commented on your post");
  tick();
  // A reply: its parent's author hears "replied", the post's author "commented", a mentioned member "mentioned".
  auto reply = posts_->comment(c.id, p->id, "Agreed, @" + d.handle, top->id);
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(kinds(b.id), std::vector<std::string>{"reply"});
  EXPECT_EQ(kinds(a.id), (std::vector<std::string>{"comment", "comment"}));
  EXPECT_EQ(kinds(d.id), std::vector<std::string>{"mention"});
  EXPECT_EQ(sentence(items(d.id)[0], "Cees Tester"), "Cees Tester mentioned you in a comment");
  tick();
  // One notification per member per comment, the most specific: Anna is mentioned, so not "commented".
  auto mention = posts_->comment(b.id, p->id, "@" + a.handle + " what do you think?", std::nullopt);
  ASSERT_TRUE(mention.ok());
  EXPECT_EQ(kinds(a.id), (std::vector<std::string>{"mention", "comment", "comment"}));
  // The author commenting on their own post notifies nobody who did not take part.
  tick();
  ASSERT_TRUE(posts_->comment(a.id, p->id, "Thanks all", std::nullopt).ok());
  EXPECT_EQ(items(a.id).size(), 3u);
  EXPECT_EQ(items(b.id).size(), 1u);

  // Deleting the top comment takes its reply and their notifications along.
  ASSERT_TRUE(posts_->delete_comment(b.id, top->id).ok());
  EXPECT_TRUE(items(b.id).empty());
  EXPECT_TRUE(items(d.id).empty());
  EXPECT_EQ(kinds(a.id), std::vector<std::string>{"mention"});
  // Deleting the post takes the rest.
  ASSERT_TRUE(posts_->remove(a.id, p->id).ok());
  EXPECT_TRUE(items(a.id).empty());
  EXPECT_EQ(rows("post_id IS NOT NULL"), 0);
}

TEST_P(NotificationStoreTest, ReactionsAggregatePerPostUntilRead) {
  auto a = add_member("Anna"), b = add_member("Bram"), c = add_member("Cees"), d = add_member("Dirk"),
       e = add_member("Eva");
  auto p = posts_->create(a.id, "React", "anyone", std::nullopt);
  ASSERT_TRUE(p.ok());
  for (auto* m : {&b, &c, &d}) {
    tick();
    ASSERT_TRUE(posts_->react(m->id, p->id, "like").ok());
  }
  ASSERT_TRUE(posts_->react(a.id, p->id, "love").ok());  // the author's own reaction counts for nothing
  auto list = items(a.id);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].n.kind, "reaction");
  EXPECT_EQ(list[0].n.count, 3);
  EXPECT_EQ(list[0].n.actor, d.id);
  EXPECT_EQ(sentence(list[0], "Dirk Tester"), "Dirk Tester and 2 others reacted to your post");
  EXPECT_EQ(unread(a.id), 1);

  // Changing a reaction adds nobody; removing one recounts (the latest remaining reactor becomes the actor).
  tick();
  ASSERT_TRUE(posts_->react(b.id, p->id, "celebrate").ok());
  EXPECT_EQ(items(a.id)[0].n.count, 3);
  ASSERT_TRUE(posts_->unreact(d.id, p->id).ok());
  list = items(a.id);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].n.count, 2);
  EXPECT_NE(list[0].n.actor, d.id);
  EXPECT_EQ(sentence(list[0], "X"), "X and 1 other reacted to your post");

  // Once read, the next reaction starts a new notification.
  ASSERT_TRUE(service_->mark_read(a.id, {list[0].n.id}).ok());
  EXPECT_EQ(unread(a.id), 0);
  tick();
  ASSERT_TRUE(posts_->react(e.id, p->id, "funny").ok());
  list = items(a.id);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].n.count, 1);
  EXPECT_EQ(list[0].n.actor, e.id);
  EXPECT_FALSE(list[0].n.read_at.has_value());
  EXPECT_TRUE(list[1].n.read_at.has_value());
  EXPECT_EQ(sentence(list[0], "Eva Tester"), "Eva Tester reacted to your post");
  // Removing the only reaction of an unread aggregate removes it.
  ASSERT_TRUE(posts_->unreact(e.id, p->id).ok());
  EXPECT_EQ(items(a.id).size(), 1u);
  EXPECT_EQ(unread(a.id), 0);
}

TEST_P(NotificationStoreTest, BlocksRemoveAndPreventNotifications) {
  auto a = add_member("Anna"), b = add_member("Bram"), c = add_member("Cees");
  auto p = posts_->create(a.id, "Hi @" + b.handle + " and @" + c.handle, "anyone", std::nullopt);
  ASSERT_TRUE(p.ok());
  ASSERT_TRUE(posts_->comment(b.id, p->id, "Hi!", std::nullopt).ok());
  EXPECT_EQ(items(a.id).size(), 1u);
  EXPECT_EQ(items(b.id).size(), 1u);
  ASSERT_TRUE(net_->block(b.id, a.handle, true).ok());
  EXPECT_TRUE(items(a.id).empty());
  EXPECT_TRUE(items(b.id).empty());
  EXPECT_EQ(items(c.id).size(), 1u);  // others keep theirs
  EXPECT_EQ(rows("recipient_id IN (" + std::to_string(a.id) + ", " + std::to_string(b.id) + ")"), 0);

  // Nothing new crosses the block: mentions of Bram are not mentions, and notify() refuses the pair.
  tick();
  ASSERT_TRUE(posts_->create(a.id, "Again @" + b.handle, "anyone", std::nullopt).ok());
  EXPECT_TRUE(items(b.id).empty());
  auto wrote = t_->db->write<bool>([&](store::WriteTx& tx) -> Result<bool> {
    return notify(tx, Notification{.recipient = a.id, .kind = "mention", .actor = b.id, .created_at = clock_.now()});
  });
  ASSERT_TRUE(wrote.ok());
  EXPECT_FALSE(*wrote);
  auto self = t_->db->write<bool>([&](store::WriteTx& tx) -> Result<bool> {
    return notify(tx, Notification{.recipient = c.id, .kind = "mention", .actor = c.id, .created_at = clock_.now()});
  });
  ASSERT_TRUE(self.ok());
  EXPECT_FALSE(*self);
}

TEST_P(NotificationStoreTest, InvitationsAcceptedAndIntroductions) {
  auto a = add_member("Anna"), b = add_member("Bram"), c = add_member("Cees"), d = add_member("Dirk");
  auto inv = net_->invite(a.id, b.handle, "We met at the meetup");
  ASSERT_TRUE(inv.ok()) << inv.error().message;
  EXPECT_TRUE(items(b.id).empty());  // invitations themselves are listed on /network
  ASSERT_TRUE(net_->accept(b.id, inv->id).ok());
  auto list = items(a.id);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].n.kind, "invitation_accepted");
  EXPECT_EQ(list[0].n.actor, b.id);
  EXPECT_EQ(sentence(list[0], "Bram Tester"), "Bram Tester accepted your invitation to connect");
  EXPECT_TRUE(items(b.id).empty());

  // Inviting back accepts the pending invitation: its sender hears about it.
  tick();
  ASSERT_TRUE(net_->invite(c.id, b.handle, "Colleagues").ok());
  ASSERT_TRUE(net_->invite(b.id, c.handle, "").ok());
  EXPECT_EQ(kinds(c.id), std::vector<std::string>{"invitation_accepted"});

  // Introductions: the intermediary when asked, the target once forwarded.
  connect(b.id, d.id);
  tick();
  auto intro = intros_->request(a.id, d.handle, b.handle, "I would like to meet Dirk");
  ASSERT_TRUE(intro.ok()) << intro.error().message;
  list = items(b.id);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].n.kind, "introduction");
  EXPECT_EQ(list[0].n.actor, a.id);
  EXPECT_TRUE(list[0].as_intermediary);
  EXPECT_EQ(sentence(list[0], "Anna Tester"), "Anna Tester asked you for an introduction");
  EXPECT_TRUE(items(d.id).empty());
  tick();
  ASSERT_TRUE(intros_->forward(b.id, intro->id, "Anna is great").ok());
  list = items(d.id);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].n.actor, a.id);
  EXPECT_FALSE(list[0].as_intermediary);
  EXPECT_EQ(sentence(list[0], "Anna Tester"), "Anna Tester would like to be introduced to you");
}

TEST_P(NotificationStoreTest, ReadStatePagingAndCursors) {
  auto a = add_member("Anna"), b = add_member("Bram"), c = add_member("Cees");
  std::vector<int64_t> posts;
  for (int i = 0; i < 5; ++i) {
    tick();
    auto p = posts_->create(a.id, "Post " + std::to_string(i) + " @" + b.handle, "anyone", std::nullopt);
    ASSERT_TRUE(p.ok());
    posts.push_back(p->id);
  }
  ASSERT_TRUE(posts_->create(a.id, "For @" + c.handle, "anyone", std::nullopt).ok());
  EXPECT_EQ(unread(b.id), 5);
  std::vector<int64_t> seen, ids;
  std::string cursor;
  for (int page = 0; page < 10; ++page) {
    auto r = service_->list(b.id, 2, cursor);
    ASSERT_TRUE(r.ok());
    for (const auto& i : r->items) {
      seen.push_back(*i.n.post_id);
      ids.push_back(i.n.id);
    }
    if (!r->next_cursor) break;
    cursor = *r->next_cursor;
  }
  EXPECT_EQ(seen, std::vector<int64_t>(posts.rbegin(), posts.rend()));
  EXPECT_EQ(service_->list(b.id, 2, "not a cursor").error().code, ErrorCode::kInvalidArgument);

  // Marking read: only the member's own; unknown and other members' ids are ignored.
  auto others = items(c.id);
  ASSERT_EQ(others.size(), 1u);
  ASSERT_TRUE(service_->mark_read(b.id, {ids[0], ids[1], others[0].n.id, 999999}).ok());
  EXPECT_EQ(unread(b.id), 3);
  EXPECT_EQ(unread(c.id), 1);
  EXPECT_TRUE(items(b.id)[0].n.read_at.has_value());
  EXPECT_FALSE(items(b.id)[2].n.read_at.has_value());
  std::vector<int64_t> too_many(kMaxMarkRead + 1);
  for (size_t i = 0; i < too_many.size(); ++i) too_many[i] = static_cast<int64_t>(i + 1);
  EXPECT_EQ(service_->mark_read(b.id, too_many).error().code, ErrorCode::kInvalidArgument);
  ASSERT_TRUE(service_->mark_all_read(b.id).ok());
  EXPECT_EQ(unread(b.id), 0);
  EXPECT_EQ(unread(c.id), 1);
}

TEST_P(NotificationStoreTest, ErasingAMemberRemovesTheNotificationsTheyReceivedAndCaused) {
  auto a = add_member("Anna"), b = add_member("Bram"), c = add_member("Cees");
  ASSERT_TRUE(posts_->create(a.id, "Hi @" + b.handle + " @" + c.handle, "anyone", std::nullopt).ok());
  auto p = posts_->create(b.id, "Mine", "anyone", std::nullopt);
  ASSERT_TRUE(p.ok());
  ASSERT_TRUE(posts_->react(c.id, p->id, "like").ok());
  ASSERT_TRUE(posts_->comment(a.id, p->id, "Nice", std::nullopt).ok());
  EXPECT_EQ(items(b.id).size(), 3u);
  auto erased = t_->db->write<bool>([&](store::WriteTx& tx) -> Result<bool> { return accounts::erase_member(tx, a.id); });
  ASSERT_TRUE(erased.ok());
  ASSERT_TRUE(*erased);
  EXPECT_EQ(rows("actor_id = " + std::to_string(a.id)), 0);
  EXPECT_EQ(kinds(b.id), std::vector<std::string>{"reaction"});
  EXPECT_TRUE(items(c.id).empty());
  erased = t_->db->write<bool>([&](store::WriteTx& tx) -> Result<bool> { return accounts::erase_member(tx, b.id); });
  ASSERT_TRUE(erased.ok());
  EXPECT_EQ(rows("1 = 1"), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, NotificationStoreTest, ::testing::ValuesIn(kring::testing::test_backends()),
                         kring::testing::BackendName());

}  // namespace
}  // namespace kring::notifications
