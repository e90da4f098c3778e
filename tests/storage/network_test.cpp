// The network service on both backends: the in-memory graph and block index stay consistent with the store
// through a random sequence of operations (checked by rebuilding them from the store and comparing), and the
// rules that need the store (limits, pending invitations) hold.
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "common/clock.h"
#include "graph/graph_index.h"
#include "members/member_directory.h"
#include "members/member_service.h"
#include "network/block_index.h"
#include "network/introductions.h"
#include "network/network_service.h"
#include "network/suggestions.h"
#include "store/change_follower.h"
#include "support/test_db.h"

namespace kring::network {
namespace {

using kring::testing::TestDatabase;

class NetworkStoreTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  void SetUp() override {
    t_ = kring::testing::make_test_database(GetParam());
    follower_ = std::make_unique<store::ChangeFollower>(*t_->db);
    follower_->add(&directory_);
    follower_->add(&graph_);
    follower_->add(&blocks_);
    ASSERT_TRUE(follower_->start().ok());
    NetworkConfig config;
    config.invitations_per_week = 1000;
    net_ = std::make_unique<NetworkService>(*t_->db, directory_, graph_.graph(), blocks_, clock_, config);
  }
  void TearDown() override {
    net_.reset();
    follower_->stop();
  }

  std::string add_member(int i) {
    auto m = t_->db->write<members::Member>([&](store::WriteTx& tx) {
      return members::insert_member(tx, {"Member", "Number " + std::to_string(i), "", "", ""}, clock_.now());
    });
    EXPECT_TRUE(m.ok());
    return m->handle;
  }

  // The set of connections as the store has them and as a freshly built index has them.
  std::set<std::pair<int64_t, int64_t>> store_edges() {
    auto rows = t_->db->read<store::Rows>([](store::Session& s) -> Result<store::Rows> {
      return s.query("SELECT member_a, member_b FROM connections");
    });
    std::set<std::pair<int64_t, int64_t>> out;
    for (const auto& r : *rows) out.insert({r.i64(0), r.i64(1)});
    return out;
  }

  ManualClock clock_{1'700'000'000'000'000};
  std::unique_ptr<TestDatabase> t_;
  members::MemberDirectory directory_;
  graph::GraphIndex graph_;
  BlockIndex blocks_;
  std::unique_ptr<store::ChangeFollower> follower_;
  std::unique_ptr<NetworkService> net_;
};

TEST_P(NetworkStoreTest, GraphAndBlocksMatchTheStoreAfterRandomOperations) {
  constexpr int kMembers = 24;
  std::vector<std::string> handles;
  for (int i = 0; i < kMembers; ++i) handles.push_back(add_member(i));
  std::vector<MemberId> ids;
  for (const auto& h : handles) ids.push_back(directory_.find_by_handle(h)->id);
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> pick(0, kMembers - 1), op(0, 9);
  int accepted = 0;
  for (int step = 0; step < 400; ++step) {
    int a = pick(rng), b = pick(rng);
    clock_.advance(1'000'000);
    switch (op(rng)) {
      case 0: case 1: case 2: case 3: {  // invite and usually accept
        auto inv = net_->invite(ids[a], handles[b], "hello");
        if (inv.ok() && inv->status == "pending" && op(rng) < 8) {
          ASSERT_TRUE(net_->accept(ids[b], inv->id).ok());
          ++accepted;
        }
        break;
      }
      case 4: case 5: (void)net_->remove_connection(ids[a], handles[b]); break;
      case 6: (void)net_->block(ids[a], handles[b], true); break;
      case 7: (void)net_->block(ids[a], handles[b], false); break;
      case 8: (void)net_->follow_member(ids[a], handles[b], true); break;
      default: (void)net_->dismiss_suggestion(ids[a], handles[b]); break;
    }
    // The graph answers what the store says, after every write.
    ASSERT_EQ(graph_.graph().connected(ids[a], ids[b]), store_edges().count({std::min(ids[a], ids[b]),
                                                                               std::max(ids[a], ids[b])}) > 0);
  }
  EXPECT_GT(accepted, 20);

  // A graph and block index rebuilt from the store equal the ones that followed the log.
  graph::GraphIndex rebuilt;
  BlockIndex rebuilt_blocks;
  ASSERT_TRUE(t_->db->read<bool>([&](store::Session& s) -> Result<bool> {
                      KRING_TRY(rebuilt.load(s));
                      KRING_TRY(rebuilt_blocks.load(s));
                      return true;
                    }).ok());
  auto edges = store_edges();
  for (MemberId x : ids) {
    for (MemberId y : ids) {
      bool in_store = edges.count({std::min(x, y), std::max(x, y)}) > 0;
      ASSERT_EQ(graph_.graph().connected(x, y), in_store) << x << " " << y;
      ASSERT_EQ(rebuilt.graph().connected(x, y), in_store) << x << " " << y;
      ASSERT_EQ(blocks_.hidden(x, y), rebuilt_blocks.hidden(x, y)) << x << " " << y;
      // A block and a connection never coexist.
      if (blocks_.hidden(x, y)) ASSERT_FALSE(in_store);
      ASSERT_EQ(graph_.graph().degree(x, y), rebuilt.graph().degree(x, y));
    }
    ASSERT_EQ(graph_.graph().connection_count(x), rebuilt.graph().connection_count(x));
  }
}

TEST_P(NetworkStoreTest, InvitationRulesHoldInTheStore) {
  auto a = add_member(1), b = add_member(2), c = add_member(3);
  MemberId ia = directory_.find_by_handle(a)->id, ib = directory_.find_by_handle(b)->id;
  auto inv = net_->invite(ia, b, "");
  ASSERT_FALSE(inv.ok());
  EXPECT_EQ(inv.error().api_code, "note_required");
  inv = net_->invite(ia, b, "  we worked together  ");
  ASSERT_TRUE(inv.ok());
  EXPECT_EQ(inv->note, "we worked together");
  auto twice = net_->invite(ia, b, "again");
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, ErrorCode::kConflict);
  // Inviting back accepts.
  auto back = net_->invite(ib, a, "");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->status, "accepted");
  EXPECT_TRUE(graph_.graph().connected(ia, ib));
  // Now c is 2nd degree from a once connected to b: no note needed.
  MemberId ic = directory_.find_by_handle(c)->id;
  auto bc = net_->invite(ib, c, "hi");
  ASSERT_TRUE(bc.ok());
  ASSERT_TRUE(net_->accept(ic, bc->id).ok());
  EXPECT_TRUE(net_->invite(ia, c, "").ok());
}

TEST_P(NetworkStoreTest, SuggestionsUseSharedEmployersSchoolsCityAndSkills) {
  auto me = add_member(1), colleague = add_member(2), classmate = add_member(3), stranger = add_member(4);
  MemberId im = directory_.find_by_handle(me)->id, ic = directory_.find_by_handle(colleague)->id,
           is = directory_.find_by_handle(classmate)->id, ix = directory_.find_by_handle(stranger)->id;
  ASSERT_TRUE(t_->db->write<bool>([&](store::WriteTx& tx) -> Result<bool> {
                      tx.exec("INSERT INTO companies (id, handle, name, created_at) VALUES (1, 'rabo', 'Rabobank', 0)");
                      tx.exec("INSERT INTO schools (id, handle, name, created_at) VALUES (1, 'uu', 'Universiteit Utrecht', 0)");
                      for (auto [m, s, e] : {std::tuple{im, 2015, 2020}, std::tuple{ic, 2018, 2022}, std::tuple{ix, 2021, 2023}}) {
                        tx.exec("INSERT INTO positions (member_id, company_id, company_name, start_year, end_year, created_at) "
                                "VALUES (?, 1, 'Rabobank', ?, ?, 0)", {m, s, e});
                      }
                      for (auto [m, y] : {std::pair{im, 2014}, std::pair{is, 2013}}) {
                        tx.exec("INSERT INTO education (member_id, school_id, school_name, start_year, end_year, created_at) "
                                "VALUES (?, 1, 'Universiteit Utrecht', ?, ?, 0)", {m, y - 3, y});
                      }
                      tx.exec("UPDATE members SET city = 'Utrecht' WHERE id IN (?, ?)", {im, is});
                      tx.exec("INSERT INTO member_skills (member_id, skill_key, name, ord, created_at) VALUES (?, 'sql', 'SQL', 0, 0)", {im});
                      tx.exec("INSERT INTO member_skills (member_id, skill_key, name, ord, created_at) VALUES (?, 'sql', 'SQL', 0, 0)", {ic});
                      return true;
                    }).ok());
  SuggestionService suggestions(*net_);
  bool more = true;
  auto r = suggestions.suggest(im, 0, 10, &more);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(more);
  ASSERT_EQ(r->size(), 2u);  // the stranger started at Rabobank after `me` left
  EXPECT_EQ((*r)[0].member, ic);
  EXPECT_EQ((*r)[0].why[0].factor, "worked_together");
  EXPECT_EQ((*r)[0].why[0].detail, "Both at Rabobank, 2018\u20132020");
  EXPECT_EQ((*r)[0].why[1].factor, "shared_skills");
  EXPECT_EQ((*r)[1].member, is);
  std::set<std::string> factors;
  for (const auto& f : (*r)[1].why) factors.insert(f.factor);
  EXPECT_EQ(factors, (std::set<std::string>{"studied_together", "same_city"}));
  // Dismissed members drop out.
  ASSERT_TRUE(net_->dismiss_suggestion(im, colleague).ok());
  r = suggestions.suggest(im, 0, 10, &more);
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].member, is);
}

INSTANTIATE_TEST_SUITE_P(Backends, NetworkStoreTest, ::testing::ValuesIn(kring::testing::test_backends()),
                         kring::testing::BackendName());

}  // namespace
}  // namespace kring::network
