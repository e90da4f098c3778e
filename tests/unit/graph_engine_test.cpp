// The connection graph engine on small hand-built graphs: every query, every write, and compaction.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "graph/graph.h"
#include "graph/graph_generator.h"

namespace kring::graph {
namespace {

constexpr int64_t kT0 = 1700000000LL * 1'000'000;  // 2023-11-14T22:13:20Z
int64_t at_s(int64_t seconds) { return kT0 + seconds * 1'000'000; }

// Compaction after every write, or never (for the sizes used here).
GraphOptions eager_compaction() {
  GraphOptions o;
  o.compact_min_entries = 0;
  o.compact_divisor = 1'000'000;
  o.threads = 2;
  return o;
}
GraphOptions no_compaction() {
  GraphOptions o;
  o.compact_min_entries = size_t{1} << 40;
  return o;
}

std::unique_ptr<Graph> make(std::vector<std::pair<MemberId, MemberId>> pairs, MemberId max_member,
                            GraphOptions options = {}) {
  std::vector<Edge> edges;
  int64_t s = 0;
  for (auto [a, b] : pairs) edges.push_back({a, b, at_s(s++)});
  return Graph::build(edges, max_member, options);
}

// 1 - 2 - 3 - 4 - 5 - 6, plus 2 - 7, 7 - 3, and an island 8 - 9.
std::unique_ptr<Graph> chain(GraphOptions options = {}) {
  return make({{1, 2}, {2, 3}, {3, 4}, {4, 5}, {5, 6}, {2, 7}, {7, 3}, {8, 9}}, 10, options);
}

TEST(GraphDegree, SeparatesByHops) {
  auto g = chain();
  EXPECT_EQ(g->degree(1, 1), 0);
  EXPECT_EQ(g->degree(1, 2), 1);
  EXPECT_EQ(g->degree(2, 1), 1);
  EXPECT_EQ(g->degree(1, 3), 2);
  EXPECT_EQ(g->degree(1, 7), 2);
  EXPECT_EQ(g->degree(1, 4), 3);
  EXPECT_EQ(g->degree(4, 1), 3);
  EXPECT_EQ(g->degree(1, 5), std::nullopt);
  EXPECT_EQ(g->degree(1, 8), std::nullopt);
  EXPECT_EQ(g->degree(1, 10), std::nullopt);  // a member without connections
  EXPECT_EQ(g->degree(1, 999), std::nullopt);  // beyond capacity
  EXPECT_EQ(g->degree(10, 10), 0);
  EXPECT_EQ(g->degree(0, 1), std::nullopt);
  EXPECT_EQ(g->degree(-3, 1), std::nullopt);
}

TEST(GraphDegree, RespectsMaxDepth) {
  auto g = chain();
  EXPECT_EQ(g->degree(1, 4, 2), std::nullopt);
  EXPECT_EQ(g->degree(1, 3, 2), 2);
  EXPECT_EQ(g->degree(1, 3, 1), std::nullopt);
  EXPECT_EQ(g->degree(1, 2, 1), 1);
  EXPECT_EQ(g->degree(1, 2, 0), std::nullopt);
  EXPECT_EQ(g->degree(1, 1, 0), 0);
  EXPECT_EQ(g->degree(1, 4, 9), 3);  // clamped to 3
}

TEST(GraphDegree, BatchMatchesSingleQueries) {
  auto g = chain();
  std::vector<MemberId> targets = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0, 42, 4, 3};
  for (MemberId viewer : {1, 2, 5, 8, 10}) {
    for (int depth = 0; depth <= 3; ++depth) {
      auto batch = g->degrees(viewer, targets, depth);
      ASSERT_EQ(batch.size(), targets.size());
      for (size_t i = 0; i < targets.size(); ++i) {
        EXPECT_EQ(batch[i], g->degree(viewer, targets[i], depth)) << viewer << " -> " << targets[i] << " d" << depth;
      }
    }
  }
}

TEST(GraphDegree, BatchWithOnePendingTargetUsesTheSingleCheck) {
  auto g = chain();
  std::vector<MemberId> one = {4};
  EXPECT_EQ(g->degrees(1, one)[0], 3);
  std::vector<MemberId> two = {4, 5};
  auto r = g->degrees(1, two);
  EXPECT_EQ(r[0], 3);
  EXPECT_EQ(r[1], std::nullopt);
}

class GraphWrites : public ::testing::TestWithParam<bool> {
 protected:
  GraphOptions options() const { return GetParam() ? eager_compaction() : no_compaction(); }
};

TEST_P(GraphWrites, AddAndRemoveEdgesChangeDegrees) {
  auto g = chain(options());
  g->add_edge(1, 5, at_s(100));
  EXPECT_EQ(g->degree(1, 5), 1);
  EXPECT_EQ(g->degree(1, 6), 2);
  EXPECT_TRUE(g->connected(5, 1));
  g->add_edge(1, 5, at_s(200));  // already connected: no change, time kept
  EXPECT_EQ(g->connection_count(1), 2u);
  EXPECT_EQ(g->connections_page(1, 10).items.front(), (Connection{5, at_s(100)}));
  g->remove_edge(5, 1);
  EXPECT_FALSE(g->connected(1, 5));
  EXPECT_EQ(g->degree(1, 5), std::nullopt);
  g->remove_edge(5, 1);  // absent: no-op
  g->remove_edge(2, 3);
  EXPECT_EQ(g->degree(1, 3), 3);  // still through 2 - 7 - 3
  g->remove_edge(7, 3);
  EXPECT_EQ(g->degree(1, 3), std::nullopt);
  EXPECT_EQ(g->shortest_path(1, 3), std::nullopt);
  // New members beyond the built capacity.
  g->add_edge(6, 25, at_s(300));
  g->add_edge(25, 1000, at_s(301));
  EXPECT_EQ(g->degree(5, 1000), 3);
  EXPECT_EQ(g->shortest_path(4, 1000), (std::vector<MemberId>{4, 5, 6, 25, 1000}));
  EXPECT_EQ(g->stats().directed_connections, 2u * 8);
  // Ignored writes.
  g->add_edge(3, 3, at_s(1));
  g->add_edge(0, 3, at_s(1));
  g->add_edge(3, Graph::kMaxMember + 1, at_s(1));
  EXPECT_EQ(g->stats().directed_connections, 2u * 8);
  if (GetParam()) {
    EXPECT_GT(g->stats().compactions, 0u);
    EXPECT_EQ(g->stats().overlay_members, 0u);
  } else {
    EXPECT_EQ(g->stats().compactions, 0u);
  }
}

TEST_P(GraphWrites, RemovingAMemberDropsAllItsConnections) {
  auto g = chain(options());
  g->remove_member(3);
  EXPECT_EQ(g->connection_count(3), 0u);
  EXPECT_FALSE(g->connected(2, 3));
  EXPECT_FALSE(g->connected(3, 4));
  EXPECT_FALSE(g->connected(7, 3));
  EXPECT_EQ(g->degree(1, 4), std::nullopt);
  EXPECT_EQ(g->degree(1, 7), 2);
  EXPECT_EQ(g->network_size(2).first_degree, 2u);
  EXPECT_EQ(g->stats().directed_connections, 2u * 5);
  g->remove_member(3);    // again: no-op
  g->remove_member(404);  // unknown: no-op
  g->add_edge(3, 6, at_s(50));  // the id can connect again
  EXPECT_EQ(g->shortest_path(3, 4), (std::vector<MemberId>{3, 6, 5, 4}));
}

TEST_P(GraphWrites, ExplicitCompactionKeepsEverything) {
  auto g = chain(options());
  g->add_edge(1, 6, at_s(70));
  g->remove_edge(8, 9);
  g->compact();
  EXPECT_EQ(g->stats().overlay_entries, 0u);
  EXPECT_TRUE(g->connected(6, 1));
  EXPECT_FALSE(g->connected(8, 9));
  EXPECT_EQ(g->connections_page(6, 10).items,
            (std::vector<Connection>{{1, at_s(70)}, {5, at_s(4)}}));
}

INSTANTIATE_TEST_SUITE_P(Compaction, GraphWrites, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "AfterEveryWrite" : "Never"; });

TEST(GraphBuild, NormalisesItsInput) {
  std::vector<Edge> edges = {
      {2, 1, at_s(5)}, {1, 2, at_s(3)},  // duplicate in both orientations: earliest time wins
      {3, 3, at_s(1)},                   // self-connection
      {0, 4, at_s(1)},  {-1, 4, at_s(1)}, {4, Graph::kMaxMember + 1, at_s(1)},  // invalid ids
      {4, 2, at_s(9)},
  };
  auto g = Graph::build(edges, 3);
  EXPECT_EQ(g->stats().directed_connections, 4u);
  EXPECT_EQ(g->stats().vertex_capacity, 5u);  // 4 appears in an edge
  EXPECT_EQ(g->connections_page(1, 10).items, (std::vector<Connection>{{2, at_s(3)}}));
  EXPECT_EQ(g->connections_page(2, 10).items, (std::vector<Connection>{{4, at_s(9)}, {1, at_s(3)}}));
  auto empty = Graph::build({}, 0);
  EXPECT_EQ(empty->degree(1, 2), std::nullopt);
  EXPECT_EQ(empty->shortest_path(1, 2), std::nullopt);
  EXPECT_EQ(empty->shortest_path(1, 1), (std::vector<MemberId>{1}));
}

TEST(GraphBuild, ReplaceWithSwapsContents) {
  Graph g;
  g.add_edge(1, 2, at_s(1));
  auto other = chain();
  g.replace_with(*other);
  EXPECT_TRUE(g.connected(5, 6));
  EXPECT_FALSE(g.connected(1, 2) && !g.connected(2, 3));
  EXPECT_EQ(other->stats().directed_connections, 0u);
  EXPECT_FALSE(other->connected(5, 6));
}

TEST(GraphTime, StoresWholeSecondsSince2000) {
  EXPECT_EQ(Graph::from_stored_time(Graph::to_stored_time(at_s(12))), at_s(12));
  EXPECT_EQ(Graph::from_stored_time(Graph::to_stored_time(at_s(12) + 999'999)), at_s(12));
  EXPECT_EQ(Graph::to_stored_time(0), 0u);  // before 2000: clamped
  EXPECT_EQ(Graph::from_stored_time(0), 946684800LL * 1'000'000);
  EXPECT_EQ(Graph::to_stored_time(946684800LL * 1'000'000 - 1), 0u);
  EXPECT_EQ(Graph::to_stored_time(INT64_MAX), UINT32_MAX);
}

TEST(GraphMutual, ListsAndCountsCommonConnections) {
  auto g = make({{1, 10}, {1, 11}, {1, 12}, {1, 13}, {2, 11}, {2, 13}, {2, 14}, {2, 10}, {3, 4}}, 20);
  EXPECT_EQ(g->mutual_connections(1, 2, 10), (std::vector<MemberId>{10, 11, 13}));
  EXPECT_EQ(g->mutual_connections(2, 1, 2), (std::vector<MemberId>{10, 11}));
  EXPECT_EQ(g->mutual_count(1, 2), 3u);
  EXPECT_EQ(g->mutual_count(1, 3), 0u);
  EXPECT_TRUE(g->mutual_connections(1, 1, 10).empty());
  EXPECT_TRUE(g->mutual_connections(1, 2, 0).empty());
  EXPECT_EQ(g->mutual_count(1, 99), 0u);
}

TEST(GraphMutual, GallopsWhenSizesDiffer) {
  // A hub with 3,000 connections and a member with 5: the common ones must all be found.
  std::vector<std::pair<MemberId, MemberId>> pairs;
  for (MemberId m = 10; m < 3010; ++m) pairs.emplace_back(1, m);
  for (MemberId m : {5, 11, 1500, 3009, 4000}) pairs.emplace_back(2, m);
  auto g = make(pairs, 4000);
  EXPECT_EQ(g->mutual_connections(2, 1, 100), (std::vector<MemberId>{11, 1500, 3009}));
  EXPECT_EQ(g->mutual_count(1, 2), 3u);
  EXPECT_EQ(g->degree(1, 2), 2);
}

TEST(GraphPath, FindsShortestChains) {
  auto g = chain();
  EXPECT_EQ(g->shortest_path(1, 1), (std::vector<MemberId>{1}));
  EXPECT_EQ(g->shortest_path(1, 2), (std::vector<MemberId>{1, 2}));
  EXPECT_EQ(g->shortest_path(1, 6), (std::vector<MemberId>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(g->shortest_path(6, 1), (std::vector<MemberId>{6, 5, 4, 3, 2, 1}));
  auto p = g->shortest_path(7, 4);
  EXPECT_EQ(p, (std::vector<MemberId>{7, 3, 4}));
  EXPECT_EQ(g->shortest_path(1, 9), std::nullopt);
  EXPECT_EQ(g->shortest_path(1, 10), std::nullopt);
  EXPECT_EQ(g->shortest_path(1, 12345), std::nullopt);
  EXPECT_EQ(g->shortest_path(0, 1), std::nullopt);
}

TEST(GraphNetwork, CountsFirstAndSecondDegree) {
  auto g = chain();
  NetworkSize n = g->network_size(2);
  EXPECT_EQ(n.first_degree, 3u);   // 1, 3, 7
  EXPECT_EQ(n.second_degree, 1u);  // 4 (7 and 3 are first degree)
  n = g->network_size(4);
  EXPECT_EQ(n.first_degree, 2u);   // 3, 5
  EXPECT_EQ(n.second_degree, 3u);  // 2, 7, 6
  n = g->network_size(10);
  EXPECT_EQ(n.first_degree, 0u);
  EXPECT_EQ(n.second_degree, 0u);
}

TEST(GraphConnections, PagesNewestFirstWithTiesByMemberId) {
  Graph g(no_compaction());
  // Member 1 connected to 2..9; times with ties.
  const int64_t secs[] = {0, 0, 50, 10, 50, 50, 10, 0, 30, 99};
  for (MemberId m = 2; m <= 9; ++m) g.add_edge(1, m, at_s(secs[m]) + 123);  // sub-second part dropped
  std::vector<Connection> expected = {{9, at_s(99)}, {2, at_s(50)}, {4, at_s(50)}, {5, at_s(50)},
                                      {8, at_s(30)}, {3, at_s(10)}, {6, at_s(10)}, {7, at_s(0)}};
  EXPECT_EQ(g.connections_page(1, 100).items, expected);
  for (size_t limit : {1, 2, 3, 7, 8}) {
    std::vector<Connection> all;
    std::optional<PageCursor> cursor;
    int pages = 0;
    do {
      ConnectionsPage p = g.connections_page(1, limit, cursor);
      EXPECT_LE(p.items.size(), limit);
      all.insert(all.end(), p.items.begin(), p.items.end());
      cursor = p.next;
      ASSERT_LT(++pages, 20);
    } while (cursor);
    EXPECT_EQ(all, expected) << "limit " << limit;
  }
  EXPECT_TRUE(g.connections_page(1, 0).items.empty());
  EXPECT_TRUE(g.connections_page(77, 10).items.empty());
  // A cursor past the end.
  EXPECT_TRUE(g.connections_page(1, 10, PageCursor{at_s(0), 7}).items.empty());
  EXPECT_EQ(g.connections_page(1, 10, PageCursor{at_s(0), 2}).items, (std::vector<Connection>{{7, at_s(0)}}));
}

TEST(GraphSuggest, RanksByAdamicAdar) {
  // Viewer 1 knows 2, 3, 4. 2 knows 5, 6; 3 knows 5, 6, 7, 8; 4 knows 5.
  auto g = make({{1, 2}, {1, 3}, {1, 4}, {2, 5}, {2, 6}, {3, 5}, {3, 6}, {3, 7}, {3, 8}, {4, 5}}, 10);
  auto s = g->suggest(1);
  // deg(2)=3, deg(3)=5, deg(4)=2.
  const double w2 = 1 / std::log(3.0), w3 = 1 / std::log(5.0), w4 = 1 / std::log(2.0);
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s[0].member, 5);
  EXPECT_NEAR(s[0].score, w2 + w3 + w4, 1e-12);
  EXPECT_EQ(s[0].mutual, 3u);
  EXPECT_EQ(s[1].member, 6);
  EXPECT_NEAR(s[1].score, w2 + w3, 1e-12);
  EXPECT_EQ(s[1].mutual, 2u);
  EXPECT_EQ(s[2].member, 7);  // tie with 8: lower id first
  EXPECT_EQ(s[3].member, 8);
  EXPECT_NEAR(s[3].score, w3, 1e-12);

  SuggestOptions two;
  two.limit = 2;
  auto top = g->suggest(1, two, [](MemberId m) { return m == 5; });
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top[0].member, 6);
  EXPECT_EQ(top[1].member, 7);

  // Hubs are not expanded but still count as mutual connections.
  SuggestOptions hub;
  hub.hub_degree_limit = 4;  // 3 (degree 5) is a hub
  auto h = g->suggest(1, hub);
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0].member, 5);
  EXPECT_NEAR(h[0].score, w2 + w4, 1e-12);
  EXPECT_EQ(h[0].mutual, 3u);
  EXPECT_EQ(h[1].member, 6);
  EXPECT_EQ(h[1].mutual, 2u);

  EXPECT_TRUE(g->suggest(9).empty());
  EXPECT_TRUE(g->suggest(5, SuggestOptions{0, 5000}).empty());
}

TEST(GraphMemory, StaysWithinSixteenBytesPerDirectedConnection) {
  GeneratedGraph gen = generate_social_graph(100'000, 40, 7);
  auto g = Graph::build(gen.edges, 100'000);
  GraphStats st = g->stats();
  ASSERT_EQ(st.directed_connections, 2 * gen.edges.size());
  const double per_edge = static_cast<double>(g->memory_bytes()) / static_cast<double>(st.directed_connections);
  EXPECT_LE(per_edge, 16.0);
  EXPECT_GE(per_edge, 8.0);
  // After a burst of writes into the overlay, and after compacting it away.
  for (MemberId m = 1; m <= 2000; ++m) g->add_edge(m, 100'000 - m, at_s(m));
  st = g->stats();
  EXPECT_LE(static_cast<double>(st.memory_bytes) / static_cast<double>(st.directed_connections), 16.0);
  g->compact();
  st = g->stats();
  EXPECT_LE(static_cast<double>(st.memory_bytes) / static_cast<double>(st.directed_connections), 9.0);
}

}  // namespace
}  // namespace kring::graph

namespace kring::graph {
namespace {

TEST(GraphPath, AvoidsMembersItMustNotPassThrough) {
  // 1 - 2 - 3 - 4 - 5 - 6, plus 2 - 7, 7 - 3: without 3 the only way from 1 to 4 is gone; without 2 as well.
  auto g = chain();
  EXPECT_EQ(g->shortest_path(1, 4), (std::vector<MemberId>{1, 2, 3, 4}));
  const MemberId avoid_3[] = {3};
  EXPECT_EQ(g->shortest_path(1, 4, avoid_3), std::nullopt);
  const MemberId avoid_7[] = {7, 999, -1};
  EXPECT_EQ(g->shortest_path(1, 3, avoid_7), (std::vector<MemberId>{1, 2, 3}));
  // The endpoints themselves are never avoided; a detour is taken when one exists.
  auto h = make({{1, 2}, {2, 3}, {1, 4}, {4, 5}, {5, 3}}, 6);
  const MemberId avoid_2[] = {2, 1, 3};
  EXPECT_EQ(h->shortest_path(1, 3, avoid_2), (std::vector<MemberId>{1, 4, 5, 3}));
  // A later query without the list sees every member again.
  EXPECT_EQ(h->shortest_path(1, 3), (std::vector<MemberId>{1, 2, 3}));
}

}  // namespace
}  // namespace kring::graph
