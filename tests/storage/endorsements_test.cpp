// Endorsements and profile views on both backends: the relationship an endorsement records (colleagues in
// overlapping years, classmates, plain connections), counts and highlights, hiding, requests, what a block
// removes; profile views queued and flushed once per viewer and day in the viewer's mode.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "common/clock.h"
#include "graph/graph_index.h"
#include "members/member_directory.h"
#include "members/member_service.h"
#include "network/block_index.h"
#include "network/network_service.h"
#include "profiles/endorsements.h"
#include "profiles/profile_service.h"
#include "profiles/profile_views.h"
#include "store/change_follower.h"
#include "support/test_db.h"

namespace kring::profiles {
namespace {

using kring::testing::TestDatabase;

constexpr Micros kDay = 24LL * 3600 * kMicrosPerSecond;

class EndorsementStoreTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  void SetUp() override {
    t_ = kring::testing::make_test_database(GetParam());
    follower_ = std::make_unique<store::ChangeFollower>(*t_->db);
    follower_->add(&directory_);
    follower_->add(&graph_);
    follower_->add(&blocks_);
    ASSERT_TRUE(follower_->start().ok());
    net_ = std::make_unique<network::NetworkService>(*t_->db, directory_, graph_.graph(), blocks_, clock_);
    profiles_ = std::make_unique<ProfileService>(*t_->db, directory_, *net_, clock_);
    endorsements_ = std::make_unique<EndorsementService>(*t_->db, *net_, *profiles_, clock_);
  }
  void TearDown() override {
    endorsements_.reset();
    profiles_.reset();
    net_.reset();
    follower_->stop();
  }

  MemberId add_member(const std::string& name, const std::string& headline = "") {
    auto m = t_->db->write<members::Member>([&](store::WriteTx& tx) {
      return members::insert_member(tx, {name, "Tester", headline, "", ""}, clock_.now());
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
  void page(const char* table, const std::string& slug, const std::string& name) {
    ASSERT_TRUE(t_->db->write<bool>([&](store::WriteTx& tx) -> Result<bool> {
                        tx.exec(std::string("INSERT INTO ") + table + " (handle, name, created_at) VALUES (?, ?, 0)",
                                {slug, name});
                        return true;
                      }).ok());
  }
  void work(MemberId m, const std::string& company, int from, std::optional<int> to) {
    Position p;
    p.company.name = company;
    p.title = "Engineer";
    p.start = YearMonth{from, 1};
    if (to) p.end = YearMonth{*to, 12};
    auto r = profiles_->add_position(m, p);
    ASSERT_TRUE(r.ok()) << r.error().message;
    ASSERT_TRUE(r->company.id.has_value()) << company << " is not linked to its page";
  }
  void study(MemberId m, const std::string& school, int from, int to) {
    Education e;
    e.school.name = school;
    e.start_year = from;
    e.end_year = to;
    ASSERT_TRUE(profiles_->add_education(m, e).ok());
  }
  void skills(MemberId m, std::vector<std::string> names) { ASSERT_TRUE(profiles_->set_skills(m, names).ok()); }
  int64_t count_of(MemberId m, const std::string& key) {
    auto p = profiles_->load(m);
    EXPECT_TRUE(p.ok());
    for (const Skill& s : p->skills) {
      if (s.key == key) return s.endorsement_count;
    }
    return -1;
  }
  int64_t rows(const std::string& sql) {
    return t_->db->read<int64_t>([&](store::Session& s) -> Result<int64_t> { return s.query_one(sql)->i64(0); })
        .value();
  }

  ManualClock clock_{1'700'000'000'000'000};  // November 2023
  std::unique_ptr<TestDatabase> t_;
  members::MemberDirectory directory_;
  graph::GraphIndex graph_;
  network::BlockIndex blocks_;
  std::unique_ptr<store::ChangeFollower> follower_;
  std::unique_ptr<network::NetworkService> net_;
  std::unique_ptr<ProfileService> profiles_;
  std::unique_ptr<EndorsementService> endorsements_;
};

TEST_P(EndorsementStoreTest, RecordsTheRelationshipBehindTheEndorsement) {
  page("companies", "rabobank", "Rabobank");
  page("schools", "hogeschool-utrecht", "Hogeschool Utrecht");
  MemberId anna = add_member("Anna"), bram = add_member("Bram"), cees = add_member("Cees"), dirk = add_member("Dirk"),
           eva = add_member("Eva");
  work(anna, "Rabobank", 2015, 2019);
  work(bram, "Rabobank", 2018, std::nullopt);  // overlaps 2018-2019
  work(cees, "Rabobank", 2020, std::nullopt);  // joined after Anna left
  study(anna, "Hogeschool Utrecht", 2008, 2012);
  study(cees, "Hogeschool Utrecht", 2010, 2014);
  work(dirk, "Rabobank", 2001, 2003);  // no overlap, no school
  skills(anna, {"Project Management", "SQL"});
  for (MemberId m : {bram, cees, dirk, eva}) connect(anna, m);

  auto b = endorsements_->endorse(bram, anna, "Project Management");
  ASSERT_TRUE(b.ok()) << b.error().message;
  EXPECT_EQ(b->basis.relationship, "worked_together");
  EXPECT_EQ(b->basis.context, "Rabobank");
  EXPECT_EQ(b->skill_key, "projectmanagement");
  EXPECT_EQ(b->skill_name, "Project Management");

  auto c = endorsements_->endorse(cees, anna, "project management");  // the name, folded
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->basis.relationship, "studied_together");
  EXPECT_EQ(c->basis.context, "Hogeschool Utrecht");

  auto d = endorsements_->endorse(dirk, anna, "projectmanagement");  // the key
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->basis.relationship, "connection");
  EXPECT_EQ(d->basis.context, "");

  // What the basis says beforehand matches what endorsing records.
  auto basis = endorsements_->basis(eva, anna);
  ASSERT_TRUE(basis.ok());
  EXPECT_EQ(basis->relationship, "connection");
  EXPECT_EQ(endorsements_->basis(bram, anna)->relationship, "worked_together");

  EXPECT_EQ(count_of(anna, "projectmanagement"), 3);
  EXPECT_EQ(count_of(anna, "sql"), 0);
}

TEST_P(EndorsementStoreTest, RulesCountsAndHighlights) {
  page("companies", "rabobank", "Rabobank");
  MemberId anna = add_member("Anna"), bram = add_member("Bram"), cees = add_member("Cees"), dirk = add_member("Dirk"),
           stranger = add_member("Stranger");
  work(anna, "Rabobank", 2015, std::nullopt);
  work(bram, "Rabobank", 2016, std::nullopt);
  work(cees, "Rabobank", 2017, 2020);
  skills(anna, {"SQL", "Go"});
  for (MemberId m : {bram, cees, dirk}) connect(anna, m);

  EXPECT_EQ(endorsements_->endorse(anna, anna, "SQL").error().code, ErrorCode::kInvalidArgument);
  auto no = endorsements_->endorse(stranger, anna, "SQL");
  ASSERT_FALSE(no.ok());
  EXPECT_EQ(no.error().code, ErrorCode::kForbidden);
  EXPECT_EQ(endorsements_->endorse(bram, anna, "Rust").error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(endorsements_->endorse(bram, anna, "SQL").ok());
  auto twice = endorsements_->endorse(bram, anna, "sql");
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().api_code, "already_endorsed");
  ASSERT_TRUE(endorsements_->endorse(cees, anna, "SQL").ok());
  auto by_dirk = endorsements_->endorse(dirk, anna, "SQL");
  ASSERT_TRUE(by_dirk.ok());

  EXPECT_EQ(count_of(anna, "sql"), 3);
  auto views = endorsements_->skill_views(bram, anna);
  ASSERT_TRUE(views.ok());
  EXPECT_TRUE((*views)["sql"].endorsed_by_viewer);
  EXPECT_EQ((*views)["sql"].highlight, "Endorsed by 2 colleagues from Rabobank");
  EXPECT_FALSE(views->count("go"));
  EXPECT_FALSE(endorsements_->skill_views(std::nullopt, anna)->at("sql").endorsed_by_viewer);

  auto list = endorsements_->list(stranger, anna, "SQL", 2, "");
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->summary, "Endorsed by 2 colleagues from Rabobank");
  ASSERT_EQ(list->items.size(), 2u);
  ASSERT_TRUE(list->next_cursor.has_value());
  auto rest = endorsements_->list(stranger, anna, "SQL", 2, *list->next_cursor);
  ASSERT_EQ(rest->items.size(), 1u);
  EXPECT_FALSE(rest->next_cursor.has_value());

  // Hidden endorsements: not counted, not summarised, shown only to the owner.
  clock_.advance(kMicrosPerSecond);
  auto bram_id = endorsements_->list(anna, anna, "SQL", 10, "")->items;
  int64_t hide_id = 0;
  for (const auto& e : bram_id) {
    if (e.endorser == bram) hide_id = e.id;
  }
  ASSERT_TRUE(endorsements_->set_hidden(anna, hide_id, true).ok());
  EXPECT_EQ(endorsements_->set_hidden(bram, hide_id, false).error().code, ErrorCode::kNotFound);  // not Bram's
  EXPECT_EQ(count_of(anna, "sql"), 2);
  views = endorsements_->skill_views(bram, anna);
  EXPECT_TRUE((*views)["sql"].endorsed_by_viewer);  // still Bram's own
  EXPECT_EQ((*views)["sql"].highlight, "Endorsed by 1 colleague from Rabobank");  // tie 1:1, colleagues first
  EXPECT_EQ(endorsements_->list(stranger, anna, "SQL", 10, "")->items.size(), 2u);
  auto owner = endorsements_->list(anna, anna, "SQL", 10, "");
  ASSERT_EQ(owner->items.size(), 3u);
  int hidden = 0;
  for (const auto& e : owner->items) hidden += e.hidden;
  EXPECT_EQ(hidden, 1);

  // Removing one received, and withdrawing one's own.
  ASSERT_TRUE(endorsements_->remove(anna, by_dirk->id).ok());
  EXPECT_EQ(endorsements_->remove(anna, by_dirk->id).error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(endorsements_->withdraw(cees, anna, "SQL").ok());
  EXPECT_EQ(endorsements_->withdraw(cees, anna, "SQL").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(count_of(anna, "sql"), 0);
  EXPECT_FALSE(endorsements_->skill_views(cees, anna)->at("sql").highlight.has_value());  // only the hidden one

  // A removed skill takes its endorsements along.
  ASSERT_TRUE(endorsements_->endorse(cees, anna, "Go").ok());
  skills(anna, {"SQL"});
  EXPECT_EQ(rows("SELECT COUNT(*) FROM endorsements WHERE skill_key = 'go'"), 0);
}

TEST_P(EndorsementStoreTest, SummaryDescribesTheLargestGroup) {
  using G = EndorsementGroup;
  EXPECT_EQ(endorsement_summary({}), std::nullopt);
  EXPECT_EQ(endorsement_summary({G{{"connection", ""}, 0}}), std::nullopt);
  EXPECT_EQ(endorsement_summary({G{{"worked_together", "Rabobank"}, 3}, G{{"connection", ""}, 2}}),
            "Endorsed by 3 colleagues from Rabobank");
  EXPECT_EQ(endorsement_summary({G{{"worked_together", "Rabobank"}, 1}, G{{"connection", ""}, 4}}),
            "Endorsed by 4 connections");
  EXPECT_EQ(endorsement_summary({G{{"studied_together", "Hogeschool Utrecht"}, 2}}),
            "Endorsed by 2 classmates from Hogeschool Utrecht");
  EXPECT_EQ(endorsement_summary({G{{"connection", ""}, 1}}), "Endorsed by 1 connection");
}

TEST_P(EndorsementStoreTest, RequestsAreFulfilledByEndorsing) {
  MemberId anna = add_member("Anna"), bram = add_member("Bram"), stranger = add_member("Stranger");
  skills(anna, {"SQL", "Go"});
  connect(anna, bram);
  EXPECT_EQ(endorsements_->request(anna, stranger, "SQL", "").error().code, ErrorCode::kForbidden);
  EXPECT_EQ(endorsements_->request(anna, anna, "SQL", "").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(endorsements_->request(anna, bram, "Rust", "").error().code, ErrorCode::kInvalidArgument);
  auto r = endorsements_->request(anna, bram, "sql", "  Could you vouch for my SQL?  ");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, "pending");
  EXPECT_EQ(r->message, "Could you vouch for my SQL?");
  EXPECT_EQ(r->skill_name, "SQL");
  EXPECT_EQ(endorsements_->request(anna, bram, "SQL", "").error().api_code, "request_pending");
  clock_.advance(kMicrosPerSecond);
  auto go = endorsements_->request(anna, bram, "Go", "");
  ASSERT_TRUE(go.ok());

  auto pending = endorsements_->requests(bram, 10, "");
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->first.size(), 2u);
  EXPECT_EQ(pending->first[0].id, go->id);  // newest first
  EXPECT_TRUE(endorsements_->requests(anna, 10, "")->first.empty());

  ASSERT_TRUE(endorsements_->endorse(bram, anna, "SQL").ok());
  pending = endorsements_->requests(bram, 10, "");
  ASSERT_EQ(pending->first.size(), 1u);
  EXPECT_EQ(pending->first[0].id, go->id);
  EXPECT_EQ(rows("SELECT COUNT(*) FROM endorsement_requests WHERE status = 'endorsed'"), 1);
  EXPECT_EQ(endorsements_->dismiss_request(bram, r->id).error().api_code, "request_closed");
  EXPECT_EQ(endorsements_->dismiss_request(anna, go->id).error().code, ErrorCode::kNotFound);  // not the recipient
  auto dismissed = endorsements_->dismiss_request(bram, go->id);
  ASSERT_TRUE(dismissed.ok());
  EXPECT_EQ(dismissed->status, "dismissed");
  EXPECT_TRUE(endorsements_->requests(bram, 10, "")->first.empty());
  // Already endorsed: asking again is a conflict.
  EXPECT_EQ(endorsements_->request(anna, bram, "SQL", "").error().api_code, "already_endorsed");
}

TEST_P(EndorsementStoreTest, BlockRemovesEndorsementsBothWaysAndPendingRequests) {
  MemberId anna = add_member("Anna"), bram = add_member("Bram"), cees = add_member("Cees");
  skills(anna, {"SQL", "Go"});
  skills(bram, {"SQL", "Go"});
  connect(anna, bram);
  connect(anna, cees);
  ASSERT_TRUE(endorsements_->endorse(bram, anna, "SQL").ok());
  ASSERT_TRUE(endorsements_->endorse(anna, bram, "SQL").ok());
  ASSERT_TRUE(endorsements_->endorse(cees, anna, "SQL").ok());
  ASSERT_TRUE(endorsements_->request(bram, anna, "Go", "").ok());
  ASSERT_TRUE(endorsements_->request(anna, cees, "Go", "").ok());
  EXPECT_EQ(count_of(anna, "sql"), 2);

  ASSERT_TRUE(net_->block(anna, handle(bram), true).ok());
  EXPECT_EQ(count_of(anna, "sql"), 1);
  EXPECT_EQ(count_of(bram, "sql"), 0);
  EXPECT_EQ(rows("SELECT COUNT(*) FROM endorsements"), 1);  // Cees's stays
  EXPECT_EQ(rows("SELECT COUNT(*) FROM endorsement_requests"), 1);  // Anna's request to Cees stays
  EXPECT_TRUE(endorsements_->requests(anna, 10, "")->first.empty());
  // Unblocking brings nothing back, and they are no longer connected.
  ASSERT_TRUE(net_->block(anna, handle(bram), false).ok());
  EXPECT_EQ(endorsements_->endorse(bram, anna, "SQL").error().code, ErrorCode::kForbidden);
}

INSTANTIATE_TEST_SUITE_P(Backends, EndorsementStoreTest, ::testing::ValuesIn(kring::testing::test_backends()),
                         kring::testing::BackendName());

// ---- profile views --------------------------------------------------------------------------------------

class ProfileViewEndorsementStoreTest : public EndorsementStoreTest {};

TEST_P(ProfileViewEndorsementStoreTest, ViewsAreFlushedOncePerViewerAndDayInTheirMode) {
  MemberId anna = add_member("Anna"), bram = add_member("Bram", "Nurse at UMC Utrecht"),
           cees = add_member("Cees", "Teacher"), dirk = add_member("Dirk");
  ProfileViewService views(*t_->db, clock_, std::chrono::milliseconds(20));
  ASSERT_TRUE(views.update_settings(cees, {"anonymous", std::nullopt, std::nullopt}).ok());
  ASSERT_TRUE(views.update_settings(dirk, {"private", std::nullopt, true}).ok());
  EXPECT_EQ(views.update_settings(dirk, {"invisible", std::nullopt, std::nullopt}).error().field, "profile_view_mode");
  auto dirk_settings = views.settings(dirk);
  EXPECT_EQ(dirk_settings->profile_view_mode, "private");
  EXPECT_TRUE(dirk_settings->searchable_posts);
  EXPECT_FALSE(dirk_settings->hide_connections);
  EXPECT_EQ(views.settings(anna)->profile_view_mode, "name");

  for (MemberId v : {bram, cees, dirk}) {
    views.record(v, anna, *views.view_mode(v), directory_.find(v)->headline);
    clock_.advance(kMicrosPerSecond);
  }
  views.record(bram, anna, "name", "");  // again the same day: one row
  views.record(anna, anna, "name", "");  // oneself: never
  EXPECT_EQ(views.queued(), 3u);
  ASSERT_TRUE(views.flush().ok());
  EXPECT_EQ(views.queued(), 0u);
  clock_.advance(kMicrosPerSecond);
  views.record(bram, anna, "name", "");  // the same day, after a flush: still one row, moved to the latest view
  ASSERT_TRUE(views.flush().ok());
  EXPECT_EQ(rows("SELECT COUNT(*) FROM profile_views"), 3);

  auto page = views.list(anna, 2, "");
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total_90_days, 3);
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].mode, "name");
  EXPECT_EQ(page->items[0].viewer, bram);
  EXPECT_EQ(page->items[1].mode, "private");
  ASSERT_TRUE(page->next_cursor.has_value());
  auto rest = views.list(anna, 2, *page->next_cursor);
  ASSERT_EQ(rest->items.size(), 1u);
  EXPECT_EQ(rest->items[0].mode, "anonymous");
  EXPECT_EQ(rest->items[0].headline, "Teacher");
  EXPECT_FALSE(rest->next_cursor.has_value());

  // The next day counts again; the background thread writes it without an explicit flush.
  clock_.advance(kDay);
  views.start();
  views.record(bram, anna, "name", "");
  for (int i = 0; i < 200 && rows("SELECT COUNT(*) FROM profile_views") < 4; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(rows("SELECT COUNT(*) FROM profile_views"), 4);
  // stop() writes what is still queued.
  views.record(cees, anna, "anonymous", "Teacher");
  views.stop();
  EXPECT_EQ(rows("SELECT COUNT(*) FROM profile_views"), 5);
  // Views older than 90 days leave the listing and the total.
  clock_.advance(91 * kDay);
  EXPECT_EQ(views.list(anna, 10, "")->total_90_days, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, ProfileViewEndorsementStoreTest,
                         ::testing::ValuesIn(kring::testing::test_backends()), kring::testing::BackendName());

}  // namespace
}  // namespace kring::profiles
