// The connection graph under one writer and concurrent readers (run under ThreadSanitizer too): readers
// must always see a consistent graph, across overlay writes and compactions.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "graph/graph.h"
#include "graph/splitmix.h"

namespace kring::graph {
namespace {

constexpr int64_t kT0 = 1700000000LL * 1'000'000;

TEST(GraphConcurrency, ReadersSeeConsistentStatesWhileOneWriterChangesTheGraph) {
  // A backbone ring 1 - 2 - ... - n - 1 that the writer never touches: every member stays reachable and
  // ring neighbors stay connected. The writer adds and removes chords (and members' chords) at random,
  // with compaction thresholds low enough that compactions happen during the run.
  constexpr uint32_t n = 400;
  std::vector<Edge> ring;
  for (uint32_t m = 1; m <= n; ++m) ring.push_back({m, m % n + 1, kT0});
  GraphOptions o;
  o.compact_min_entries = 2000;
  o.compact_divisor = 4;
  o.threads = 2;
  auto g = Graph::build(ring, n, o);
  auto on_ring = [](uint32_t a, uint32_t b) { return (a % n + 1 == b) || (b % n + 1 == a); };

  std::atomic<bool> stop{false};
  std::atomic<uint64_t> writes{0};
  std::thread writer([&] {
    SplitMix64 rng(1);
    while (!stop.load(std::memory_order_relaxed)) {
      auto a = static_cast<uint32_t>(1 + rng.below(n)), b = static_cast<uint32_t>(1 + rng.below(n));
      if (on_ring(a, b) || a == b) continue;
      uint64_t k = rng.below(20);
      if (k < 11) {
        g->add_edge(a, b, kT0 + static_cast<int64_t>(rng.below(1000)) * 1'000'000);
      } else if (k < 19) {
        g->remove_edge(a, b);
      } else {
        // Remove every chord of a (not its ring connections): one write per chord.
        for (const Connection& c : g->connections_page(a, n).items)
          if (!on_ring(a, static_cast<uint32_t>(c.member))) g->remove_edge(a, c.member);
      }
      writes.fetch_add(1, std::memory_order_relaxed);
    }
  });

  std::atomic<uint64_t> failures{0}, reads{0};
  auto reader = [&](uint64_t seed) {
    SplitMix64 rng(seed);
    while (!stop.load(std::memory_order_relaxed)) {
      auto a = static_cast<uint32_t>(1 + rng.below(n)), b = static_cast<uint32_t>(1 + rng.below(n));
      const uint32_t next = a % n + 1;
      bool ok = true;
      ok &= g->connected(a, next);
      ok &= g->degree(a, next) == 1;
      std::optional<int> d = g->degree(a, b);
      ok &= a == b ? d == 0 : (!d || (*d >= 1 && *d <= 3));
      std::optional<std::vector<MemberId>> p = g->shortest_path(a, b);
      ok &= p.has_value() && p->front() == a && p->back() == b && p->size() <= n / 2 + 1;
      // (p and d come from two calls, which may see different states: they need not agree.)
      std::vector<MemberId> targets = {b, next, a, 1, n};
      auto batch = g->degrees(a, targets);
      ok &= batch[1] == 1 && batch[2] == 0;
      ok &= g->mutual_connections(a, b, 50).size() <= g->connection_count(a);
      NetworkSize ns = g->network_size(a);
      ok &= ns.first_degree >= 2 && ns.second_degree <= n;
      ConnectionsPage page = g->connections_page(a, 1000);
      ok &= page.items.size() >= 2 && !page.next;
      for (const Suggestion& s : g->suggest(a)) ok &= s.member != a && s.mutual >= 1 && s.score > 0;
      if (!ok) failures.fetch_add(1);
      reads.fetch_add(1, std::memory_order_relaxed);
    }
  };
  std::thread r1(reader, 2), r2(reader, 3);
  // Run until enough work happened on both sides (bounded in time for slow sanitizer builds).
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline &&
         (writes.load() < 20000 || reads.load() < 2000 || g->stats().compactions < 3)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  stop = true;
  writer.join();
  r1.join();
  r2.join();
  EXPECT_GT(g->stats().compactions, 0u);
  EXPECT_GT(reads.load(), 0u);
  // And in the final, quiet state.
  for (uint32_t a = 1; a <= n; ++a) {
    ASSERT_TRUE(g->connected(a, a % n + 1));
    ASSERT_TRUE(g->shortest_path(a, (a + n / 2 - 1) % n + 1).has_value());
  }
  EXPECT_EQ(failures.load(), 0u);
}

}  // namespace
}  // namespace kring::graph
