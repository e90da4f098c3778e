// The profile cache on both backends: every kind of write a profile shows is visible in the next read (the
// cache follows the change log), hits share one snapshot, the capacity holds, and readers racing a writer
// end up with the writer's last state.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "common/clock.h"
#include "graph/graph_index.h"
#include "members/member_directory.h"
#include "members/member_service.h"
#include "network/block_index.h"
#include "network/network_service.h"
#include "profiles/endorsements.h"
#include "profiles/profile_cache.h"
#include "profiles/profile_service.h"
#include "store/change_follower.h"
#include "support/test_db.h"

namespace kring::profiles {
namespace {

class ProfileCacheTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  void SetUp() override {
    t_ = kring::testing::make_test_database(GetParam());
    follower_ = std::make_unique<store::ChangeFollower>(*t_->db);
    net_ = std::make_unique<network::NetworkService>(*t_->db, directory_, graph_.graph(), blocks_, clock_);
    members_ = std::make_unique<members::MemberService>(*t_->db, directory_, clock_);
    profiles_ = std::make_unique<ProfileService>(*t_->db, directory_, *net_, clock_);
    endorsements_ = std::make_unique<EndorsementService>(*t_->db, *net_, *profiles_, clock_);
    cache_ = std::make_unique<ProfileCache>(*profiles_, *endorsements_, *net_);
    follower_->add(&directory_);
    follower_->add(&graph_);
    follower_->add(&blocks_);
    follower_->add(cache_.get());
    ASSERT_TRUE(follower_->start().ok());
  }
  void TearDown() override { follower_->stop(); }

  MemberId add_member(const std::string& name) {
    auto m = t_->db->write<members::Member>([&](store::WriteTx& tx) {
      return members::insert_member(tx, {name, "Tester", "", "", ""}, clock_.now());
    });
    EXPECT_TRUE(m.ok());
    return m->id;
  }
  std::string handle(MemberId id) { return directory_.find(id)->handle; }
  void connect(MemberId a, MemberId b) {
    ASSERT_TRUE(t_->db->write<bool>([&](store::WriteTx& tx) -> Result<bool> {
                        network::NetworkService::connect_in_tx(tx, a, b, clock_.now());
                        return true;
                      }).ok());
  }
  std::shared_ptr<const ProfileSnapshot> get(MemberId m) {
    auto s = cache_->get(m);
    EXPECT_TRUE(s.ok());
    return s.ok() ? *s : nullptr;
  }

  ManualClock clock_{1'700'000'000'000'000};
  std::unique_ptr<kring::testing::TestDatabase> t_;
  members::MemberDirectory directory_;
  graph::GraphIndex graph_;
  network::BlockIndex blocks_;
  std::unique_ptr<store::ChangeFollower> follower_;
  std::unique_ptr<network::NetworkService> net_;
  std::unique_ptr<members::MemberService> members_;
  std::unique_ptr<ProfileService> profiles_;
  std::unique_ptr<EndorsementService> endorsements_;
  std::unique_ptr<ProfileCache> cache_;
};

TEST_P(ProfileCacheTest, EveryWriteAProfileShowsIsReadBack) {
  MemberId anna = add_member("Anna"), bram = add_member("Bram");
  auto first = get(anna);
  ASSERT_TRUE(first);
  EXPECT_EQ(get(anna), first) << "a second read is a hit on the same snapshot";
  EXPECT_TRUE(first->profile.positions.empty());

  Position p;
  p.company.name = "Rabobank";
  p.title = "Engineer";
  p.start = YearMonth{2020, 1};
  ASSERT_TRUE(profiles_->add_position(anna, p).ok());
  ASSERT_EQ(get(anna)->profile.positions.size(), 1u);
  EXPECT_EQ(get(anna)->profile.positions[0].title, "Engineer");

  ASSERT_TRUE(profiles_->set_skills(anna, {"Rust", "SQL"}).ok());
  ASSERT_EQ(get(anna)->profile.skills.size(), 2u);

  ASSERT_TRUE(profiles_->set_visibility(anna, {{"skills", Visibility::kConnections}}).ok());
  EXPECT_EQ(get(anna)->profile.visibility.at("skills"), Visibility::kConnections);

  members::MemberPatch patch;
  patch.headline = "Builds payment systems";
  ASSERT_TRUE(members_->update(anna, patch).ok());
  EXPECT_EQ(get(anna)->profile.member.headline, "Builds payment systems");

  // Connecting evicts (the anonymous body carries the connection count); endorsing changes the skill.
  get(anna)->set_anonymous_body("{}");
  connect(anna, bram);
  EXPECT_EQ(get(anna)->anonymous_body(), nullptr);
  const std::string key = get(anna)->profile.skills[0].key;
  auto e = endorsements_->endorse(bram, anna, key);
  ASSERT_TRUE(e.ok()) << e.error().message;
  auto after = get(anna);
  ASSERT_TRUE(after->endorsements.count(key));
  EXPECT_TRUE(after->endorsements.at(key).endorsed_by(bram));
  EXPECT_FALSE(after->endorsements.at(key).endorsed_by(anna));
  EXPECT_TRUE(after->endorsements.at(key).highlight.has_value());
  EXPECT_EQ(after->profile.skills[0].endorsement_count, 1);

  ASSERT_TRUE(endorsements_->set_hidden(anna, e->id, true).ok());
  EXPECT_EQ(get(anna)->profile.skills[0].endorsement_count, 0);
  EXPECT_FALSE(get(anna)->endorsements.at(key).highlight.has_value());
  EXPECT_TRUE(get(anna)->endorsements.at(key).endorsed_by(bram)) << "the endorser still sees their endorsement";

  (void)net_->follow_member(bram, handle(anna), false);  // whether or not connecting made Bram a follower
  const int64_t followers = get(anna)->followers;
  ASSERT_TRUE(net_->follow_member(bram, handle(anna), true).ok());
  EXPECT_EQ(get(anna)->followers, followers + 1);

  // The cached sections equal what the store says now.
  auto fresh = profiles_->load(anna);
  ASSERT_TRUE(fresh.ok());
  auto cached = get(anna);
  EXPECT_EQ(cached->profile.positions.size(), fresh->positions.size());
  EXPECT_EQ(cached->profile.skills.size(), fresh->skills.size());
  EXPECT_EQ(cached->profile.member.headline, fresh->member.headline);
  EXPECT_EQ(cache_->get(999'999).ok(), false);
}

TEST_P(ProfileCacheTest, KeepsAtMostItsCapacity) {
  ProfileCache small(*profiles_, *endorsements_, *net_, 32);  // two per shard; no writes follow, so unfollowed
  std::vector<MemberId> ids;
  for (int i = 0; i < 100; ++i) ids.push_back(add_member("M" + std::to_string(i)));
  for (MemberId id : ids) ASSERT_TRUE(small.get(id).ok());
  EXPECT_LE(small.stats().size, 32u);
  EXPECT_GT(small.stats().size, 0u);
  EXPECT_EQ(small.stats().misses, 100u);
  ASSERT_TRUE(small.get(ids.back()).ok());  // the most recent one is still there
  EXPECT_EQ(small.stats().hits, 1u);
}

TEST_P(ProfileCacheTest, ReadersRacingAWriterEndWithItsLastWrite) {
  MemberId anna = add_member("Anna");
  std::atomic<bool> done{false};
  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r) {
    readers.emplace_back([&] {
      while (!done.load()) ASSERT_TRUE(get(anna));
    });
  }
  for (int i = 0; i < 60; ++i) {
    members::MemberPatch patch;
    patch.headline = "headline " + std::to_string(i);
    ASSERT_TRUE(members_->update(anna, patch).ok());
    ASSERT_TRUE(profiles_->set_skills(anna, {"skill " + std::to_string(i)}).ok());
    // Read-your-writes: the writer sees its own write at once.
    auto s = get(anna);
    ASSERT_EQ(s->profile.member.headline, "headline " + std::to_string(i));
    ASSERT_EQ(s->profile.skills.at(0).name, "skill " + std::to_string(i));
  }
  done = true;
  for (auto& t : readers) t.join();
  EXPECT_EQ(get(anna)->profile.member.headline, "headline 59");
  EXPECT_EQ(get(anna)->profile.skills.at(0).name, "skill 59");
}

INSTANTIATE_TEST_SUITE_P(Backends, ProfileCacheTest, ::testing::ValuesIn(kring::testing::test_backends()),
                         kring::testing::BackendName());

}  // namespace
}  // namespace kring::profiles
