// The connection graph engine against simple reference implementations on many random graphs, before and
// after random writes (with compactions forced often): degrees, batch degrees, shortest paths, mutual
// connections, network sizes, connection pages and Adamic-Adar suggestions must all agree.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <set>

#include "graph/graph.h"
#include "graph/splitmix.h"

namespace kring::graph {
namespace {

constexpr int64_t kT0 = 1600000000LL * 1'000'000;

// The reference: adjacency sets and connection times (whole seconds since kT0).
struct Reference {
  std::vector<std::set<uint32_t>> adj;
  std::map<std::pair<uint32_t, uint32_t>, int64_t> at;

  explicit Reference(size_t n) : adj(n + 1) {}
  size_t n() const { return adj.size() - 1; }
  int64_t time(uint32_t a, uint32_t b) const { return at.at({std::min(a, b), std::max(a, b)}); }
  void add(uint32_t a, uint32_t b, int64_t t) {
    if (a == b || adj[a].count(b)) return;
    adj[a].insert(b);
    adj[b].insert(a);
    at[{std::min(a, b), std::max(a, b)}] = t;
  }
  void remove(uint32_t a, uint32_t b) {
    if (!adj[a].count(b)) return;
    adj[a].erase(b);
    adj[b].erase(a);
    at.erase({std::min(a, b), std::max(a, b)});
  }
  void remove_member(uint32_t m) {
    for (uint32_t u : std::vector<uint32_t>(adj[m].begin(), adj[m].end())) remove(m, u);
  }
  // Hop distances from s (-1: unreachable).
  std::vector<int> bfs(uint32_t s) const {
    std::vector<int> d(adj.size(), -1);
    std::deque<uint32_t> q{s};
    d[s] = 0;
    while (!q.empty()) {
      uint32_t u = q.front();
      q.pop_front();
      for (uint32_t w : adj[u])
        if (d[w] < 0) {
          d[w] = d[u] + 1;
          q.push_back(w);
        }
    }
    return d;
  }
  std::vector<uint32_t> common(uint32_t a, uint32_t b) const {
    std::vector<uint32_t> out;
    std::set_intersection(adj[a].begin(), adj[a].end(), adj[b].begin(), adj[b].end(), std::back_inserter(out));
    return out;
  }
  std::vector<Suggestion> suggest(uint32_t v, const SuggestOptions& o, const ExcludeFn& exclude) const {
    std::vector<Suggestion> all;
    for (uint32_t w = 1; w <= n(); ++w) {
      if (w == v || adj[v].count(w)) continue;
      std::vector<uint32_t> c = common(v, w);
      double score = 0;
      bool reached = false;
      for (uint32_t u : c) {
        if (adj[u].size() > o.hub_degree_limit) continue;
        score += 1.0 / std::log(static_cast<double>(adj[u].size()));
        reached = true;
      }
      if (reached) all.push_back({w, score, static_cast<uint32_t>(c.size())});
    }
    std::sort(all.begin(), all.end(), [](const Suggestion& x, const Suggestion& y) {
      return x.score != y.score ? x.score > y.score : x.member < y.member;
    });
    std::vector<Suggestion> out;
    for (const Suggestion& s : all) {
      if (out.size() == o.limit) break;
      if (exclude && exclude(s.member)) continue;
      out.push_back(s);
    }
    return out;
  }
};

bool is_chain(const Reference& ref, const std::vector<MemberId>& path, MemberId a, MemberId b) {
  if (path.empty() || path.front() != a || path.back() != b) return false;
  for (size_t i = 0; i + 1 < path.size(); ++i)
    if (!ref.adj[path[i]].count(static_cast<uint32_t>(path[i + 1]))) return false;
  return true;
}

// Checks every query for (a sample of) members and pairs.
void verify(const Graph& g, const Reference& ref, SplitMix64& rng) {
  const auto n = static_cast<uint32_t>(ref.n());
  std::vector<MemberId> everyone;
  for (uint32_t m = 0; m <= n + 2; ++m) everyone.push_back(m);  // includes 0 and ids beyond the graph
  size_t directed = 0;
  for (uint32_t v = 1; v <= n; ++v) directed += ref.adj[v].size();
  ASSERT_EQ(g.stats().directed_connections, directed);

  for (uint32_t v = 1; v <= n; ++v) {
    SCOPED_TRACE("viewer " + std::to_string(v));
    ASSERT_EQ(g.connection_count(v), ref.adj[v].size());
    std::vector<int> dist = ref.bfs(v);
    // Degrees, single and batch, at every depth limit.
    for (int depth = 0; depth <= 3; ++depth) {
      std::vector<std::optional<int>> batch = g.degrees(v, everyone, depth);
      for (size_t i = 0; i < everyone.size(); ++i) {
        MemberId t = everyone[i];
        std::optional<int> want;
        if (t == v) {
          want = 0;
        } else if (t >= 1 && t <= n && dist[t] >= 1 && dist[t] <= depth) {
          want = dist[t];
        }
        ASSERT_EQ(batch[i], want) << "batch target " << t << " depth " << depth;
        ASSERT_EQ(g.degree(v, t, depth), want) << "target " << t << " depth " << depth;
      }
      // Small batches take the per-target scan; the whole list above may mark the viewer's network forward.
      for (size_t i = 0; i + 1 < everyone.size(); i += 2) {
        std::vector<MemberId> pair{everyone[i], everyone[i + 1]};
        auto two = g.degrees(v, pair, depth);
        ASSERT_EQ(two[0], batch[i]) << "pair target " << pair[0] << " depth " << depth;
        ASSERT_EQ(two[1], batch[i + 1]) << "pair target " << pair[1] << " depth " << depth;
      }
      // The members within the limit, as one sorted list; a budget too small for the scan gives none.
      std::vector<MemberId> within_want;
      for (uint32_t t = 1; t <= n; ++t) {
        if (t != v && dist[t] >= 1 && dist[t] <= depth) within_want.push_back(t);
      }
      auto within = g.within(v, depth, size_t{1} << 30);
      ASSERT_TRUE(within.has_value());
      ASSERT_EQ(*within, within_want) << "within depth " << depth;
      if (depth > 0 && !ref.adj[v].empty()) {
        ASSERT_FALSE(g.within(v, depth, ref.adj[v].size() - 1).has_value()) << "within over budget";
      }
    }
    // Shortest paths.
    for (uint32_t t = 1; t <= n; ++t) {
      std::optional<std::vector<MemberId>> p = g.shortest_path(v, t);
      if (dist[t] < 0) {
        ASSERT_FALSE(p.has_value()) << "target " << t;
      } else {
        ASSERT_TRUE(p.has_value()) << "target " << t;
        ASSERT_EQ(static_cast<int>(p->size()) - 1, dist[t]) << "target " << t;
        ASSERT_TRUE(is_chain(ref, *p, v, t)) << "target " << t;
      }
    }
    // Mutual connections for a few partners.
    for (int k = 0; k < 6; ++k) {
      auto t = static_cast<uint32_t>(rng.below(n) + 1);
      if (t == v) continue;
      std::vector<uint32_t> c = ref.common(v, t);
      ASSERT_EQ(g.mutual_count(v, t), c.size());
      size_t limit = rng.below(c.size() + 2);
      std::vector<MemberId> want(c.begin(), c.begin() + static_cast<ptrdiff_t>(std::min(limit, c.size())));
      ASSERT_EQ(g.mutual_connections(t, v, limit), want);
    }
    // Network size.
    size_t second = 0;
    for (uint32_t w = 1; w <= n; ++w) second += dist[w] == 2;
    NetworkSize ns = g.network_size(v);
    ASSERT_EQ(ns.first_degree, ref.adj[v].size());
    ASSERT_EQ(ns.second_degree, second);
    // Connection pages: newest first, ties by id; paging returns each exactly once.
    std::vector<Connection> want;
    for (uint32_t u : ref.adj[v]) want.push_back({u, ref.time(v, u)});
    std::sort(want.begin(), want.end(), [](const Connection& x, const Connection& y) {
      return x.connected_at != y.connected_at ? x.connected_at > y.connected_at : x.member < y.member;
    });
    size_t limit = 1 + rng.below(4);
    std::vector<Connection> got;
    std::optional<PageCursor> cursor;
    do {
      ConnectionsPage page = g.connections_page(v, limit, cursor);
      ASSERT_LE(page.items.size(), limit);
      ASSERT_TRUE(page.items.size() == limit || !page.next.has_value());
      got.insert(got.end(), page.items.begin(), page.items.end());
      cursor = page.next;
      ASSERT_LE(got.size(), want.size());
    } while (cursor);
    ASSERT_EQ(got, want);
    // Suggestions, with and without hub capping and exclusions.
    SuggestOptions o;
    o.limit = 1 + rng.below(12);
    o.hub_degree_limit = rng.below(3) == 0 ? static_cast<uint32_t>(2 + rng.below(6)) : 5000;
    const uint64_t excluded_residue = rng.below(3);
    ExcludeFn exclude;
    if (rng.below(2)) exclude = [excluded_residue](MemberId m) { return m % 3 == static_cast<MemberId>(excluded_residue); };
    std::vector<Suggestion> s = g.suggest(v, o, exclude), r = ref.suggest(v, o, exclude);
    ASSERT_EQ(s.size(), r.size());
    for (size_t i = 0; i < s.size(); ++i) {
      ASSERT_EQ(s[i].member, r[i].member) << "rank " << i;
      ASSERT_NEAR(s[i].score, r[i].score, 1e-9) << "rank " << i;
      ASSERT_EQ(s[i].mutual, r[i].mutual) << "rank " << i;
    }
  }
}

struct RandomGraph {
  std::vector<Edge> edges;
  Reference ref;
};

// G(n, p) plus a few dense clusters, with duplicate and reversed entries; times with frequent ties.
RandomGraph random_graph(SplitMix64& rng) {
  const auto n = static_cast<uint32_t>(8 + rng.below(60));
  const double avg = 0.8 + rng.unit() * 6;
  RandomGraph out{{}, Reference(n)};
  auto add = [&](uint32_t a, uint32_t b) {
    if (a == b) return;
    int64_t t = kT0 + static_cast<int64_t>(rng.below(20)) * 1'000'000;
    if (rng.below(2)) std::swap(a, b);
    out.edges.push_back({a, b, t});
    if (rng.below(8) == 0) out.edges.push_back({b, a, t + 5'000'000});  // duplicate, later: ignored
    // Reference keeps the earliest time.
    auto key = std::make_pair(std::min(a, b), std::max(a, b));
    if (!out.ref.adj[a].count(b)) {
      out.ref.add(a, b, t);
    } else {
      out.ref.at[key] = std::min(out.ref.at[key], t);
    }
  };
  for (uint32_t a = 1; a <= n; ++a)
    for (uint32_t b = a + 1; b <= n; ++b)
      if (rng.unit() < avg / n) add(a, b);
  // A dense cluster, so that some members have many common connections (and hubs exist).
  uint32_t c0 = 1 + static_cast<uint32_t>(rng.below(n)), size = std::min<uint32_t>(n - c0 + 1, 6 + rng.below(6));
  for (uint32_t a = c0; a < c0 + size; ++a)
    for (uint32_t b = a + 1; b < c0 + size; ++b)
      if (rng.below(3)) add(a, b);
  out.edges.push_back({0, 1, kT0});   // invalid: skipped by build
  out.edges.push_back({2, 2, kT0});   // self: skipped
  return out;
}

TEST(GraphProperty, QueriesMatchReferenceOnRandomGraphs) {
  for (uint64_t seed = 1; seed <= 60; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    SplitMix64 rng(seed);
    RandomGraph rg = random_graph(rng);
    GraphOptions o;
    o.threads = 1 + static_cast<unsigned>(seed % 3);
    auto g = Graph::build(rg.edges, static_cast<MemberId>(rg.ref.n()), o);
    verify(*g, rg.ref, rng);
    if (HasFatalFailure()) return;
  }
}

// Large batches of targets (search ranks up to 10,000 matches at once) may mark the viewer's network forward;
// on graphs big enough for every path (forward with and without the 3rd level marked, per-target scans), every
// answer must match the reference.
TEST(GraphProperty, LargeDegreeBatchesMatchReference) {
  for (uint64_t seed = 1; seed <= 4; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    SplitMix64 rng(seed);
    const uint32_t n = 3000;
    Reference ref(n);
    std::vector<Edge> edges;
    auto add = [&](uint32_t a, uint32_t b) {
      if (a == b || ref.adj[a].count(b)) return;
      ref.add(a, b, kT0);
      edges.push_back({a, b, kT0});
    };
    for (uint32_t a = 1; a <= n; ++a) {
      for (int k = 0; k < 2; ++k) add(a, 1 + static_cast<uint32_t>(rng.below(n)));
    }
    for (uint32_t b = 2; b <= 400; ++b) add(1, b);  // a hub: its neighbours have large 2nd degrees
    add(2999, 2);  // 2999 has the hub in its 2nd degree: marking its 3rd degree costs more than 64 targets allow
    auto g = Graph::build(edges, n);
    std::vector<MemberId> all;
    for (MemberId m = 1; m <= n; ++m) all.push_back(m);
    std::vector<MemberId> some(all.begin() + 1000, all.begin() + 1064);  // 64 targets
    for (uint32_t v : {1u, 2u, 500u, 2999u}) {
      std::vector<int> dist = ref.bfs(v);
      for (const std::vector<MemberId>* targets : {&all, &some}) {
        for (int depth = 1; depth <= 3; ++depth) {
          auto got = g->degrees(v, *targets, depth);
          for (size_t i = 0; i < targets->size(); ++i) {
            const auto t = static_cast<uint32_t>((*targets)[i]);
            std::optional<int> want;
            if (t == v) {
              want = 0;
            } else if (dist[t] >= 1 && dist[t] <= depth) {
              want = dist[t];
            }
            ASSERT_EQ(got[i], want) << "viewer " << v << " target " << t << " depth " << depth;
          }
        }
      }
    }
  }
}

TEST(GraphProperty, QueriesMatchReferenceAfterRandomWritesAndCompactions) {
  for (uint64_t seed = 100; seed < 130; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    SplitMix64 rng(seed);
    RandomGraph rg = random_graph(rng);
    Reference& ref = rg.ref;
    GraphOptions o;
    o.compact_min_entries = rng.below(40);  // compactions every few writes
    o.compact_divisor = 1 + rng.below(16);
    o.threads = 2;
    // Half the runs start from a build, half from an empty graph fed through writes only.
    std::unique_ptr<Graph> g;
    if (seed % 2) {
      g = Graph::build(rg.edges, static_cast<MemberId>(ref.n()), o);
    } else {
      g = std::make_unique<Graph>(o);
      for (const auto& [key, t] : ref.at) g->add_edge(key.first, key.second, t);
    }
    // Writes may also reach members beyond the initial ones.
    const auto n = static_cast<uint32_t>(ref.n() + 5);
    ref.adj.resize(n + 1);
    for (int round = 0; round < 6; ++round) {
      for (int op = 0; op < 40; ++op) {
        auto a = static_cast<uint32_t>(1 + rng.below(n)), b = static_cast<uint32_t>(1 + rng.below(n));
        uint64_t kind = rng.below(10);
        if (kind < 5) {
          int64_t t = kT0 + static_cast<int64_t>(rng.below(30)) * 1'000'000;
          g->add_edge(a, b, t);
          ref.add(a, b, t);
        } else if (kind < 9) {
          // Prefer removing existing connections.
          if (!ref.adj[a].empty() && rng.below(2)) b = *std::next(ref.adj[a].begin(), static_cast<ptrdiff_t>(rng.below(ref.adj[a].size())));
          g->remove_edge(a, b);
          ref.remove(a, b);
        } else {
          g->remove_member(a);
          ref.remove_member(a);
        }
      }
      verify(*g, ref, rng);
      if (HasFatalFailure()) return;
    }
    if (o.compact_min_entries < 10) {
      EXPECT_GT(g->stats().compactions, 0u);
    }
    g->compact();
    verify(*g, ref, rng);
    if (HasFatalFailure()) return;
  }
}

}  // namespace
}  // namespace kring::graph
