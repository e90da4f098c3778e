// People search on both backends: the index built from the store at start and kept current by the change log;
// text with stemming and diacritic folding; filters (names, skills, companies, company country with started
// before, degree, open to work); paging that returns every match once; what visibility and blocks hide.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

#include "common/clock.h"
#include "graph/graph_index.h"
#include "members/member_directory.h"
#include "members/member_service.h"
#include "network/block_index.h"
#include "network/network_service.h"
#include "profiles/profile_service.h"
#include "search/people_index.h"
#include "store/change_follower.h"
#include "support/test_db.h"

namespace kring::search {
namespace {

using kring::testing::TestDatabase;
using profiles::Position;
using profiles::YearMonth;

class PeopleSearchTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  void SetUp() override {
    t_ = kring::testing::make_test_database(GetParam());
    index_ = std::make_unique<PeopleIndex>(*t_->db, graph_.graph());
    index_->set_blocks(&blocks_);
    follower_ = std::make_unique<store::ChangeFollower>(*t_->db);
    follower_->add(&directory_);
    follower_->add(&graph_);
    follower_->add(&blocks_);
    follower_->add(index_.get());
    ASSERT_TRUE(follower_->start().ok());
    net_ = std::make_unique<network::NetworkService>(*t_->db, directory_, graph_.graph(), blocks_, clock_);
    profiles_ = std::make_unique<profiles::ProfileService>(*t_->db, directory_, *net_, clock_);
  }
  void TearDown() override {
    profiles_.reset();
    net_.reset();
    follower_->stop();
  }

  MemberId add(const std::string& first, const std::string& last, const std::string& headline = "") {
    auto m = t_->db->write<members::Member>([&](store::WriteTx& tx) {
      return members::insert_member(tx, {first, last, headline, "", ""}, clock_.now());
    });
    EXPECT_TRUE(m.ok());
    return m->id;
  }
  void connect(MemberId a, MemberId b) {
    ASSERT_TRUE(t_->db->write<bool>([&](store::WriteTx& tx) -> Result<bool> {
                        network::NetworkService::connect_in_tx(tx, a, b, clock_.now());
                        return true;
                      }).ok());
  }
  void company(const std::string& handle, const std::string& name, const std::string& country) {
    ASSERT_TRUE(t_->db->write<bool>([&](store::WriteTx& tx) -> Result<bool> {
                        tx.exec("INSERT INTO companies (handle, name, country, created_at) VALUES (?, ?, ?, 0)",
                                {handle, name, country});
                        return true;
                      }).ok());
  }
  void work(MemberId m, const std::string& company, const std::string& title, int from, std::optional<int> to) {
    Position p;
    p.company.name = company;
    p.title = title;
    p.start = YearMonth{from, 1};
    if (to) p.end = YearMonth{*to, 12};
    auto r = profiles_->add_position(m, p);
    ASSERT_TRUE(r.ok()) << r.error().message;
  }
  void skills(MemberId m, std::vector<std::string> names) { ASSERT_TRUE(profiles_->set_skills(m, names).ok()); }

  PeopleQuery query(MemberId viewer) {
    PeopleQuery q;
    q.viewer = viewer;
    q.hidden = index_->hidden_from(viewer);
    q.limit = 50;
    return q;
  }
  std::vector<MemberId> ids(const PeopleQuery& q) {
    auto r = index_->search(q);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    std::vector<MemberId> out;
    if (r.ok()) {
      for (const auto& h : r->items) out.push_back(h.doc->id);
    }
    return out;
  }
  std::vector<MemberId> text(MemberId viewer, const std::string& q) {
    auto pq = query(viewer);
    pq.q = q;
    return ids(pq);
  }

  ManualClock clock_{1'700'000'000'000'000};
  std::unique_ptr<TestDatabase> t_;
  members::MemberDirectory directory_;
  graph::GraphIndex graph_;
  network::BlockIndex blocks_;
  std::unique_ptr<PeopleIndex> index_;
  std::unique_ptr<store::ChangeFollower> follower_;
  std::unique_ptr<network::NetworkService> net_;
  std::unique_ptr<profiles::ProfileService> profiles_;
};

using Ids = std::vector<MemberId>;
Ids sorted(Ids v) {
  std::sort(v.begin(), v.end());
  return v;
}

TEST_P(PeopleSearchTest, TextStemsFoldsAndFollowsTheLog) {
  MemberId viewer = add("Vera", "Kijker");
  MemberId anke = add("Anke", "Müller", "Verpleegkundige in Utrecht");
  MemberId bob = add("Bob", "Jansen", "Software engineer");
  EXPECT_EQ(text(viewer, "muller"), (Ids{anke}));
  EXPECT_EQ(text(viewer, "MÜLLER"), (Ids{anke}));
  EXPECT_EQ(text(viewer, "verpleegkundigen"), (Ids{anke}));  // Dutch stemming
  EXPECT_EQ(text(viewer, "engineers"), (Ids{bob}));          // English stemming
  EXPECT_TRUE((text(viewer, "nobody-has-this")).empty());

  // Updates follow the log: a new position and skills match; deleting the member removes it.
  work(bob, "Kanaal Software", "Data Scientist", 2020, std::nullopt);
  skills(bob, {"Python", "SQL"});
  EXPECT_EQ(text(viewer, "scientist"), (Ids{bob}));
  EXPECT_EQ(text(viewer, "python"), (Ids{bob}));
  auto r = index_->search([&] { auto q = query(viewer); q.q = "python"; return q; }());
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->items.size(), 1u);
  EXPECT_EQ(r->items[0].why.fields, std::vector<std::string>{"skills"});
  ASSERT_EQ(r->items[0].why.skills.size(), 1u);
  EXPECT_EQ(r->items[0].why.skills[0].name, "Python");

  // A fresh index loads the same from a snapshot.
  PeopleIndex fresh(*t_->db, graph_.graph());
  ASSERT_TRUE(t_->db->read<bool>([&](store::Session& s) -> Result<bool> {
                      KRING_TRY(fresh.load(s));
                      return true;
                    }).ok());
  EXPECT_EQ(fresh.size(), 3u);
  PeopleQuery q = query(viewer);
  q.q = "scientist";
  auto fr = fresh.search(q);
  ASSERT_TRUE(fr.ok());
  ASSERT_EQ(fr->items.size(), 1u);
  EXPECT_EQ(fr->items[0].doc->id, bob);

  ASSERT_TRUE(t_->db->write<bool>([&](store::WriteTx& tx) -> Result<bool> {
                      tx.exec("DELETE FROM members WHERE id = ?", {bob});
                      tx.log("member.deleted", bob, "{\"member\":" + std::to_string(bob) + "}");
                      return true;
                    }).ok());
  EXPECT_TRUE((text(viewer, "python")).empty());
}

TEST_P(PeopleSearchTest, SyntaxTypedByUsersNeverThrows) {
  MemberId viewer = add("Vera", "Kijker");
  add("Anke", "Jansen", "Nurse");
  for (std::string q : std::vector<std::string>{"AND", "OR OR", "(", "\"unclosed", "NOT", "-", "title:nurse", "a AND (b OR", "*", "+ -",
                        "nurse NEAR/3", std::string(3000, 'x'), "\xff\xfe"}) {
    PeopleQuery pq = query(viewer);
    pq.q = q;
    auto r = index_->search(pq);
    EXPECT_TRUE(r.ok()) << q;
  }
}

TEST_P(PeopleSearchTest, FiltersNamesSkillsCompaniesAndCountry) {
  company("kanaal-software", "Kanaal Software", "Netherlands");
  company("isar-werke", "Isar Werke", "Germany");
  MemberId viewer = add("Vera", "Kijker");
  MemberId jan = add("Jan", "de Vries", "Engineer");
  MemberId janneke = add("Janneke", "Vries", "Engineer");
  MemberId eva = add("Eva", "Bakker", "Engineer");
  work(jan, "Kanaal Software", "Engineer", 2015, std::nullopt);
  work(jan, "Isar Werke", "Engineer", 2010, 2014);
  work(janneke, "Kanaal Software", "Engineer", 2021, std::nullopt);
  work(eva, "Isar Werke", "Consultant", 2012, std::nullopt);
  skills(jan, {"Python", "SQL"});
  skills(janneke, {"Python"});

  PeopleQuery q = query(viewer);
  q.first_name = "JAN";
  EXPECT_EQ(ids(q), (Ids{jan}));  // the whole name, not Janneke
  q = query(viewer);
  q.last_name = "de vries";
  EXPECT_EQ(ids(q), (Ids{jan}));
  q = query(viewer);
  q.skills = {"python", "sql"};
  EXPECT_EQ(ids(q), (Ids{jan}));  // several skills: all of them
  q.skills = {"python"};
  EXPECT_EQ(sorted(ids(q)), sorted(Ids{jan, janneke}));
  q = query(viewer);
  q.current_company = "kanaal-software";
  EXPECT_EQ(sorted(ids(q)), sorted(Ids{jan, janneke}));
  q = query(viewer);
  q.past_company = "Isar Werke";
  EXPECT_EQ(ids(q), (Ids{jan}));

  // A current position at a company in the Netherlands that began before 2020: Jan only, with that position.
  q = query(viewer);
  q.company_country = index_->country_key("Netherlands");
  q.started_before = 2020;
  auto r = index_->search(q);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->items.size(), 1u);
  EXPECT_EQ(r->items[0].doc->id, jan);
  ASSERT_EQ(r->items[0].positions.size(), 1u);
  EXPECT_EQ(r->items[0].positions[0].company_name, "Kanaal Software");
  EXPECT_EQ(r->items[0].positions[0].start_year, 2015);
  q.company_country = index_->country_key("germany");
  EXPECT_EQ(ids(q), (Ids{eva}));
  q.started_before = 2012;
  EXPECT_TRUE((ids(q)).empty());

  // Facets count the matches.
  q = query(viewer);
  q.q = "engineer";
  r = index_->search(q);
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE(r->facets["current_company"].empty());
  EXPECT_EQ(r->facets["current_company"][0].value, "kanaal-software");
  EXPECT_EQ(r->facets["current_company"][0].count, 2u);
}

TEST_P(PeopleSearchTest, DegreeFilterAndProximityRanking) {
  MemberId viewer = add("Vera", "Kijker");
  MemberId first = add("Ann", "Een", "Nurse");
  MemberId second = add("Ben", "Twee", "Nurse");
  MemberId third = add("Cor", "Drie", "Nurse");
  MemberId far = add("Dirk", "Ver", "Nurse");
  connect(viewer, first);
  connect(first, second);
  connect(second, third);
  // Both ways of applying the limit: the network as an id filter, and (over budget) a check per match.
  for (size_t budget : {size_t{400'000}, size_t{0}}) {
    SCOPED_TRACE(budget);
    index_->set_degree_filter_budget(budget);
    auto q = query(viewer);
    q.q = "nurse";
    EXPECT_EQ(ids(q), (Ids{first, second, third, far}));  // equal text: 1st before 2nd before 3rd
    q.max_degree = 1;
    EXPECT_EQ(ids(q), (Ids{first}));
    q.max_degree = 2;
    EXPECT_EQ(ids(q), (Ids{first, second}));
    q.q.clear();
    EXPECT_EQ(ids(q), (Ids{first, second}));  // filters only
    q.q = "nurse";
    q.max_degree = 3;
    auto r = index_->search(q);
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->items.size(), 3u);
    EXPECT_EQ(r->items[2].degree, 3);
  }
}

TEST_P(PeopleSearchTest, PagingReturnsEveryMatchOnce) {
  MemberId viewer = add("Vera", "Kijker");
  std::set<MemberId> all;
  for (int i = 0; i < 23; ++i) all.insert(add("Member" + std::to_string(i), "Test", i % 2 ? "Nurse nurse" : "Nurse"));
  for (bool with_text : {true, false}) {
    std::set<MemberId> seen;
    size_t pages = 0;
    for (size_t offset = 0;; offset += 5) {
      auto q = query(viewer);
      if (with_text) q.q = "nurse";
      else q.last_name = "test";
      q.offset = offset;
      q.limit = 5;
      auto r = index_->search(q);
      ASSERT_TRUE(r.ok());
      for (const auto& h : r->items) EXPECT_TRUE(seen.insert(h.doc->id).second) << "twice: " << h.doc->id;
      ++pages;
      if (!r->has_more) break;
    }
    EXPECT_EQ(seen, all);
    EXPECT_EQ(pages, 5u);
  }
}

TEST_P(PeopleSearchTest, HiddenSectionsBlocksAndOpenToWork) {
  MemberId stranger = add("Sam", "Vreemd");
  MemberId friend_ = add("Fay", "Vriend");
  MemberId owner = add("Olga", "Eigen", "Analyst");
  connect(owner, friend_);
  skills(owner, {"Kubernetes"});
  auto by_skill = [&](MemberId viewer) {
    auto q = query(viewer);
    q.skills = {profiles::fold_skill("Kubernetes").key};
    return ids(q);
  };
  EXPECT_EQ(by_skill(stranger), (Ids{owner}));
  ASSERT_TRUE(profiles_->set_visibility(owner, {{"skills", profiles::Visibility::kConnections}}).ok());
  // Connections-only sections are not indexed: no match for a stranger (nor, by design, for anyone).
  EXPECT_TRUE((by_skill(stranger)).empty());
  EXPECT_TRUE((text(stranger, "kubernetes")).empty());
  auto facets = index_->search(query(stranger));
  ASSERT_TRUE(facets.ok());
  EXPECT_TRUE(facets->facets["skill"].empty());
  ASSERT_TRUE(profiles_->set_visibility(owner, {{"skills", profiles::Visibility::kMembers}}).ok());
  EXPECT_EQ(by_skill(stranger), (Ids{owner}));

  // Open to work for recruiters only: matched by recruiters, not by others.
  profiles::OpenToWork otw;
  otw.roles = {"Analyst"};
  otw.visibility = "recruiters";
  ASSERT_TRUE(profiles_->set_open_to_work(owner, otw).ok());
  auto open = [&](MemberId viewer, bool recruiter) {
    auto q = query(viewer);
    q.viewer_is_recruiter = recruiter;
    q.open_to_work = true;
    return ids(q);
  };
  EXPECT_TRUE((open(stranger, false)).empty());
  EXPECT_EQ(open(stranger, true), (Ids{owner}));

  // A block hides the member both ways.
  ASSERT_TRUE(net_->block(stranger, directory_.find(owner)->handle, true).ok());
  EXPECT_TRUE((text(stranger, "analyst")).empty());
  EXPECT_EQ(text(friend_, "analyst"), (Ids{owner}));
  EXPECT_TRUE(index_->typeahead(stranger, "olg", index_->hidden_from(stranger), 5).empty());
  EXPECT_EQ(index_->typeahead(friend_, "olg", index_->hidden_from(friend_), 5).size(), 1u);
}

TEST_P(PeopleSearchTest, PastTheCandidateCapTheViewersNetworkIsStillRanked) {
  index_->set_max_candidates(3);
  MemberId viewer = add("Vera", "Kijker");
  std::vector<MemberId> nurses;
  for (int i = 0; i < 6; ++i) nurses.push_back(add("Member" + std::to_string(i), "Test", "Nurse"));
  connect(viewer, nurses.back());  // the newest: beyond the first 3 by id
  for (bool with_text : {true, false}) {
    SCOPED_TRACE(with_text ? "text" : "filters only");
    auto q = query(viewer);
    if (with_text) q.q = "nurse";
    else q.last_name = "test";
    auto r = index_->search(q);
    ASSERT_TRUE(r.ok());
    ASSERT_FALSE(r->items.empty());
    EXPECT_EQ(r->items[0].doc->id, nurses.back());
    EXPECT_EQ(r->items[0].degree, 1);
    EXPECT_EQ(r->total, 4u);  // the cap plus the connection
    // Paging returns each ranked match once.
    std::set<MemberId> seen;
    for (size_t offset = 0;; ++offset) {
      q.offset = offset;
      q.limit = 1;
      auto page = index_->search(q);
      ASSERT_TRUE(page.ok());
      for (const auto& h : page->items) EXPECT_TRUE(seen.insert(h.doc->id).second);
      if (!page->has_more) break;
    }
    EXPECT_EQ(seen.size(), 4u);
  }
  // Not capped: no second match, every match ranked.
  index_->set_max_candidates(10);
  auto q = query(viewer);
  q.q = "nurse";
  EXPECT_EQ(index_->search(q)->total, 6u);
}

TEST_P(PeopleSearchTest, TypeaheadPutsTheViewersNetworkFirstThenWholeWordsThenCompleteProfiles) {
  MemberId viewer = add("Vera", "Kijker");
  MemberId friend_ = add("Bart", "Vriend");
  MemberId far = add("Olgaria", "Ver");  // 2nd degree, a longer word, an empty profile
  MemberId near = add("Olga", "Dichtbij");           // 1st degree, no headline
  std::vector<MemberId> strangers;
  for (int i = 0; i < 80; ++i) strangers.push_back(add("Olga", "Vreemd" + std::to_string(i), "A complete headline"));
  MemberId bare = add("Olga", "Leeg");  // a stranger with an empty profile: least complete
  connect(viewer, near);
  connect(viewer, friend_);
  connect(friend_, far);
  auto handles = [&](MemberId v, std::string_view prefix, size_t n) {
    std::vector<MemberId> out;
    for (const auto& m : index_->typeahead(v, prefix, {}, n)) out.push_back(m.doc->id);
    return out;
  };
  // Behind 80 better-ranked matches, the connection and the 2nd-degree member are still found, in that order.
  auto got = handles(viewer, "olg", 5);
  ASSERT_EQ(got.size(), 5u);
  auto degrees = index_->typeahead(viewer, "olg", {}, 5);
  EXPECT_EQ(degrees[0].degree, 1);
  EXPECT_EQ(degrees[1].degree, 2);
  EXPECT_EQ(degrees[2].degree, std::nullopt);
  EXPECT_EQ(got[0], near);
  EXPECT_EQ(got[1], far);
  // Strangers: the whole word "olga" before longer words, the most complete first, then by id.
  EXPECT_EQ(got[2], strangers[0]);
  EXPECT_EQ(got[3], strangers[1]);
  // Without a network, complete profiles rank before the empty one.
  auto anonymous = handles(0, "olga l", 5);
  EXPECT_EQ(anonymous, (std::vector<MemberId>{bare}));
  auto all = handles(0, "olga", 200);
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(all.front(), strangers[0]);
  // Earlier words are whole words; the last is a prefix of any name word.
  EXPECT_EQ(handles(viewer, "olga dicht", 5), (std::vector<MemberId>{near}));
  EXPECT_TRUE(handles(viewer, "olg dicht", 5).empty());
  EXPECT_EQ(handles(viewer, "dichtbij o", 5), (std::vector<MemberId>{near}));
  // A renamed member is found by the new name only.
  ASSERT_TRUE(t_->db->write<bool>([&](store::WriteTx& tx) -> Result<bool> {
                      tx.exec("UPDATE members SET first_name = 'Xenia' WHERE id = ?", {near});
                      tx.log("member.updated", near, "{}");
                      return true;
                    }).ok());
  index_->reindex(near);
  EXPECT_EQ(handles(viewer, "xen", 5), (std::vector<MemberId>{near}));
  EXPECT_TRUE(handles(viewer, "olga dicht", 5).empty());
}

TEST_P(PeopleSearchTest, SearchesRunWhileTheFollowerIndexes) {
  MemberId viewer = add("Vera", "Kijker");
  std::atomic<bool> stop{false};
  std::atomic<int> searches{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&] {
      while (!stop.load()) {
        auto q = query(viewer);
        q.q = "nurse";
        q.max_degree = searches.load() % 2 ? std::optional<int>(2) : std::nullopt;
        ASSERT_TRUE(index_->search(q).ok());
        (void)index_->typeahead(0, "ver", {}, 5);
        ++searches;
      }
    });
  }
  std::vector<MemberId> made;
  for (int i = 0; i < 30; ++i) {
    made.push_back(add("Nurse" + std::to_string(i), "Verpleger", "Nurse"));
    if (i > 0) connect(made[i - 1], made[i]);
    if (i % 3 == 0) skills(made[i], {"Triage"});
  }
  stop = true;
  for (auto& t : readers) t.join();
  EXPECT_GT(searches.load(), 0);
  auto q = query(viewer);
  q.q = "nurse";
  EXPECT_EQ(ids(q).size(), 30u);
}

TEST_P(PeopleSearchTest, CompanyPagesAddedWhileRunningAreFound) {
  // What an import into a running node's store does: the page row and its change-log entry in one transaction.
  ASSERT_TRUE(t_->db->write<bool>([&](store::WriteTx& tx) -> Result<bool> {
                      auto id = tx.query_one(
                          "INSERT INTO companies (handle, name, country, city, created_at) "
                          "VALUES ('zeeland-ventures', 'Zeeland Ventures', 'Netherlands', '', 0) RETURNING id");
                      tx.log("company.created", id->i64(0),
                             nlohmann::json{{"id", id->i64(0)}, {"handle", "zeeland-ventures"},
                                            {"name", "Zeeland Ventures"}, {"country", "Netherlands"}, {"city", ""}}
                                 .dump());
                      return true;
                    }).ok());
  auto [hits, total] = index_->search_companies("zeeland", 0, 10);
  ASSERT_EQ(total, 1u);
  EXPECT_EQ(hits.at(0).handle, "zeeland-ventures");
  auto typed = index_->typeahead_companies("zeel", 5);
  ASSERT_EQ(typed.size(), 1u);
  EXPECT_EQ(typed[0].second, "Zeeland Ventures");
}

INSTANTIATE_TEST_SUITE_P(Backends, PeopleSearchTest, ::testing::ValuesIn(kring::testing::test_backends()),
                         kring::testing::BackendName());

}  // namespace
}  // namespace kring::search
