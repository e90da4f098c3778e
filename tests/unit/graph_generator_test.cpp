// The benchmark graph generator: deterministic, well-formed, and shaped like a professional network.
#include <gtest/gtest.h>

#include <algorithm>
#include <unordered_set>

#include "graph/graph.h"
#include "graph/graph_generator.h"
#include "graph/splitmix.h"

namespace kring::graph {
namespace {

constexpr uint64_t kFingerprint = 3978702212654471484ull;  // generate_social_graph(5000, 30, 42)

TEST(GraphGenerator, IsDeterministicPerSeed) {
  GeneratedGraph a = generate_social_graph(5000, 30, 42), b = generate_social_graph(5000, 30, 42);
  GeneratedGraph c = generate_social_graph(5000, 30, 43);
  ASSERT_EQ(a.edges.size(), b.edges.size());
  for (size_t i = 0; i < a.edges.size(); ++i) {
    ASSERT_EQ(a.edges[i].a, b.edges[i].a);
    ASSERT_EQ(a.edges[i].b, b.edges[i].b);
    ASSERT_EQ(a.edges[i].connected_at, b.edges[i].connected_at);
  }
  EXPECT_EQ(a.company, b.company);
  bool differs = a.edges.size() != c.edges.size();
  for (size_t i = 0; !differs && i < a.edges.size(); ++i) differs = a.edges[i].b != c.edges[i].b;
  EXPECT_TRUE(differs);
  // A fixed fingerprint: the same data on every platform, standard library and thread count, and no
  // accidental change (benchmark figures are compared over time). Update it when changing the model.
  uint64_t h = 0;
  for (const Edge& e : a.edges) {
    h = SplitMix64::mix(h ^ (static_cast<uint64_t>(e.a) << 32 | static_cast<uint64_t>(e.b)));
    h = SplitMix64::mix(h ^ static_cast<uint64_t>(e.connected_at));
  }
  EXPECT_EQ(h, kFingerprint);
}

TEST(GraphGenerator, ProducesWellFormedEdges) {
  GeneratedGraph g = generate_social_graph(3000, 40, 1);
  ASSERT_FALSE(g.edges.empty());
  for (size_t i = 0; i < g.edges.size(); ++i) {
    const Edge& e = g.edges[i];
    ASSERT_GE(e.a, 1);
    ASSERT_LT(e.a, e.b);
    ASSERT_LE(e.b, 3000);
    if (i > 0) {
      ASSERT_TRUE(std::make_pair(g.edges[i - 1].a, g.edges[i - 1].b) < std::make_pair(e.a, e.b));
    }
    ASSERT_GE(e.connected_at, 1325376000LL * 1'000'000);  // 2012 onwards
    ASSERT_EQ(e.connected_at % 1'000'000, 0);
  }
  EXPECT_EQ(g.company.size(), 3001u);
  EXPECT_TRUE(generate_social_graph(0, 10, 1).edges.empty());
  EXPECT_TRUE(generate_social_graph(1, 10, 1).edges.empty());
}

TEST(GraphGenerator, HasRealisticShape) {
  const int64_t n = 60000;
  const double avg = 60;
  GeneratedGraph gen = generate_social_graph(n, avg, 3);
  auto g = Graph::build(gen.edges, n);
  std::vector<size_t> deg(static_cast<size_t>(n) + 1);
  size_t isolated = 0, small = 0, max_degree = 0;
  for (MemberId m = 1; m <= n; ++m) {
    deg[m] = g->connection_count(m);
    isolated += deg[m] == 0;
    small += deg[m] < 10;
    max_degree = std::max(max_degree, deg[m]);
  }
  const double mean = 2.0 * static_cast<double>(gen.edges.size()) / static_cast<double>(n);
  EXPECT_NEAR(mean, avg, avg * 0.06);
  // Skewed: some newcomers, many light members, a heavy tail capped near 5,000.
  EXPECT_GT(isolated, static_cast<size_t>(n) / 100);
  EXPECT_GT(small, static_cast<size_t>(n) / 10);
  EXPECT_GT(max_degree, static_cast<size_t>(avg) * 10);
  EXPECT_LE(max_degree, 5100u);
  // Communities: a good share of ties between colleagues, though companies hold ~0.5% of members each.
  size_t same_company = 0, same_city = 0;
  for (const Edge& e : gen.edges) {
    same_company += gen.company[e.a] == gen.company[e.b];
    same_city += gen.city[e.a] == gen.city[e.b];
  }
  EXPECT_GT(same_company, gen.edges.size() / 5);
  EXPECT_GT(same_city, gen.edges.size() / 2);
  for (uint32_t c : gen.company) EXPECT_LT(c, gen.companies);
  // Small world: random pairs of connected members are a few hops apart.
  SplitMix64 rng(9);
  size_t pairs = 0, hops = 0, far = 0;
  while (pairs < 200) {
    auto a = static_cast<MemberId>(rng.below(n) + 1), b = static_cast<MemberId>(rng.below(n) + 1);
    if (deg[a] == 0 || deg[b] == 0 || a == b) continue;
    auto p = g->shortest_path(a, b);
    ASSERT_TRUE(p.has_value());  // one giant component among members with connections
    hops += p->size() - 1;
    far += p->size() - 1 > 6;
    ++pairs;
  }
  EXPECT_LT(static_cast<double>(hops) / static_cast<double>(pairs), 4.5);
  EXPECT_LT(far, 5u);
}

}  // namespace
}  // namespace kring::graph
