#include "graph/graph_bench.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "graph/graph.h"
#include "graph/graph_generator.h"
#include "graph/splitmix.h"

namespace kring::graph {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

template <typename Fn>
double time_us(Fn&& fn) {
  auto t0 = Clock::now();
  fn();
  return std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
}

// Prevents the optimiser from dropping a query whose result is unused.
volatile size_t g_sink = 0;

}  // namespace

Latency summarize_latencies(std::vector<double> us) {
  Latency l;
  l.samples = us.size();
  if (us.empty()) return l;
  std::sort(us.begin(), us.end());
  auto at = [&](double q) { return us[std::min(us.size() - 1, static_cast<size_t>(q * static_cast<double>(us.size())))]; };
  l.p50_us = at(0.50);
  l.p99_us = at(0.99);
  l.max_us = us.back();
  double sum = 0;
  for (double x : us) sum += x;
  l.mean_us = sum / static_cast<double>(us.size());
  return l;
}

GraphBenchReport run_graph_microbench(int64_t members, double avg_connections, uint64_t seed,
                                      const GraphBenchOptions& options) {
  GraphBenchReport r;
  r.members = members;
  r.avg_connections_target = avg_connections;
  r.seed = seed;

  auto t0 = Clock::now();
  GeneratedGraph gen = generate_social_graph(members, avg_connections, seed);
  r.generate_seconds = seconds_since(t0);
  r.connections = gen.edges.size();

  t0 = Clock::now();
  std::unique_ptr<Graph> g = Graph::build(gen.edges, members);
  r.load_seconds = seconds_since(t0);
  gen = {};

  GraphStats st = g->stats();
  r.memory_bytes = st.memory_bytes;
  r.bytes_per_directed_connection =
      st.directed_connections ? static_cast<double>(st.memory_bytes) / static_cast<double>(st.directed_connections) : 0;
  r.bytes_per_member = members > 0 ? static_cast<double>(st.memory_bytes) / static_cast<double>(members) : 0;
  r.avg_degree = members > 0 ? static_cast<double>(st.directed_connections) / static_cast<double>(members) : 0;
  std::vector<MemberId> with_connections;
  for (MemberId m = 1; m <= members; ++m) {
    size_t d = g->connection_count(m);
    r.max_degree = std::max(r.max_degree, d);
    if (d > 0) with_connections.push_back(m);
  }
  if (with_connections.empty()) return r;

  SplitMix64 rng(seed * 7919 + 17);
  auto any_member = [&] { return static_cast<MemberId>(rng.below(static_cast<uint64_t>(members)) + 1); };
  auto connected_member = [&] { return with_connections[rng.below(with_connections.size())]; };
  auto neighbor_of = [&](MemberId m) -> MemberId {
    ConnectionsPage p = g->connections_page(m, 1u << 20);
    return p.items.empty() ? m : p.items[rng.below(p.items.size())].member;
  };

  // Warm-up: the first queries allocate per-query scratch (bitsets, visit marks, score accumulators).
  for (int i = 0; i < 50; ++i) {
    MemberId a = connected_member(), b = connected_member();
    g_sink = g_sink + g->degree(a, b).value_or(9) + g->shortest_path(a, b).has_value() + g->suggest(a).size() +
             g->network_size(a).second_degree;
  }

  // Degree: a quarter direct connections, a quarter connections of connections, half anyone.
  {
    struct Query {
      MemberId v, t;
    };
    std::vector<Query> queries;
    for (size_t i = 0; i < options.degree_queries; ++i) {
      MemberId v = connected_member();
      uint64_t kind = rng.below(4);
      MemberId t = kind == 0 ? neighbor_of(v) : kind == 1 ? neighbor_of(neighbor_of(v)) : any_member();
      queries.push_back({v, t});
    }
    std::vector<double> all, by[5];
    for (const Query& q : queries) {
      std::optional<int> d;
      double us = time_us([&] { d = g->degree(q.v, q.t); });
      all.push_back(us);
      by[d ? *d == 0 ? 1 : *d : 4].push_back(us);
    }
    r.degree = summarize_latencies(all);
    for (int k = 1; k <= 4; ++k) r.degree_by_result[k] = summarize_latencies(by[k]);

    std::vector<double> batch;
    std::vector<MemberId> targets(50);
    for (size_t i = 0; i < std::max<size_t>(1, options.degree_queries / 50); ++i) {
      MemberId v = connected_member();
      for (MemberId& t : targets) t = any_member();
      batch.push_back(time_us([&] { g_sink = g->degrees(v, targets).size(); }));
    }
    r.degrees_batch = summarize_latencies(batch);
  }

  // Mutual connections for pairs two steps apart (as shown on a profile).
  {
    std::vector<std::pair<MemberId, MemberId>> pairs;
    for (size_t i = 0; i < options.mutual_queries; ++i) {
      MemberId v = connected_member();
      pairs.emplace_back(v, neighbor_of(neighbor_of(v)));
    }
    std::vector<double> us;
    for (const auto& [pa, pb] : pairs) {
      const MemberId a = pa, b = pb;
      us.push_back(time_us([&] { g_sink = g->mutual_connections(a, b, 10).size() + g->mutual_count(a, b); }));
    }
    r.mutual = summarize_latencies(us);
  }

  // Shortest paths between random members.
  {
    std::vector<std::pair<MemberId, MemberId>> pairs;
    for (size_t i = 0; i < options.path_queries; ++i) pairs.emplace_back(connected_member(), connected_member());
    std::vector<double> us;
    size_t hops = 0, found = 0;
    for (const auto& [pa, pb] : pairs) {
      const MemberId a = pa, b = pb;
      std::optional<std::vector<MemberId>> p;
      us.push_back(time_us([&] { p = g->shortest_path(a, b); }));
      if (p) {
        hops += p->size() - 1;
        ++found;
      } else {
        ++r.paths_not_found;
      }
    }
    r.shortest_path = summarize_latencies(us);
    r.avg_path_hops = found ? static_cast<double>(hops) / static_cast<double>(found) : 0;
  }

  {
    std::vector<double> us;
    for (size_t i = 0; i < options.network_queries; ++i) {
      MemberId m = connected_member();
      us.push_back(time_us([&] { g_sink = g->network_size(m).second_degree; }));
    }
    r.network_size = summarize_latencies(us);
  }

  // Suggestions for members with about suggest_viewer_degree connections.
  {
    std::vector<MemberId> viewers;
    const size_t lo = options.suggest_viewer_degree * 9 / 10, hi = options.suggest_viewer_degree * 11 / 10;
    for (MemberId m : with_connections) {
      size_t d = g->connection_count(m);
      if (d >= lo && d <= hi) viewers.push_back(m);
    }
    r.suggest_viewers = viewers.size();
    std::vector<double> us;
    SuggestOptions so;
    so.limit = options.suggest_limit;
    for (size_t i = 0; i < options.suggest_queries && !viewers.empty(); ++i) {
      MemberId v = viewers[rng.below(viewers.size())];
      us.push_back(time_us([&] { g_sink = g->suggest(v, so).size(); }));
    }
    r.suggest = summarize_latencies(us);
  }

  // Writes through the overlay, then one full compaction.
  {
    const size_t n = 2000;
    std::vector<std::pair<MemberId, MemberId>> pairs;
    for (size_t i = 0; i < n; ++i) pairs.emplace_back(connected_member(), any_member());
    t0 = Clock::now();
    for (auto [a, b] : pairs) {
      if (g->connected(a, b)) continue;
      g->add_edge(a, b, 1700000000LL * 1'000'000);
      g->remove_edge(a, b);
    }
    r.single_edge_write_us = seconds_since(t0) * 1e6 / static_cast<double>(n);
    t0 = Clock::now();
    g->compact();
    r.compaction_seconds = seconds_since(t0);
  }
  return r;
}

std::string format_report(const GraphBenchReport& r) {
  std::string s;
  char buf[512];
  auto line = [&](const char* name, const Latency& l) {
    std::snprintf(buf, sizeof buf, "  %-28s n=%-6zu p50 %9.1f us  p99 %9.1f us  max %9.1f us  mean %9.1f us\n", name,
                  l.samples, l.p50_us, l.p99_us, l.max_us, l.mean_us);
    s += buf;
  };
  std::snprintf(buf, sizeof buf,
                "graph: %lld members, %zu connections (avg degree %.1f, max %zu), seed %llu\n"
                "  generate %.2f s, load (build) %.2f s, memory %.1f MiB = %.2f B per directed connection, "
                "%.1f B per member\n",
                static_cast<long long>(r.members), r.connections, r.avg_degree, r.max_degree,
                static_cast<unsigned long long>(r.seed), r.generate_seconds, r.load_seconds,
                static_cast<double>(r.memory_bytes) / (1024.0 * 1024.0), r.bytes_per_directed_connection,
                r.bytes_per_member);
  s += buf;
  line("degree (mixed)", r.degree);
  line("  result 1st", r.degree_by_result[1]);
  line("  result 2nd", r.degree_by_result[2]);
  line("  result 3rd", r.degree_by_result[3]);
  line("  result beyond 3rd", r.degree_by_result[4]);
  line("degrees, batch of 50", r.degrees_batch);
  line("mutual (list 10 + count)", r.mutual);
  line("shortest path", r.shortest_path);
  std::snprintf(buf, sizeof buf, "    average %.2f hops, %zu pairs unconnected\n", r.avg_path_hops, r.paths_not_found);
  s += buf;
  line("network size", r.network_size);
  line("suggest (viewers ~500 conn.)", r.suggest);
  std::snprintf(buf, sizeof buf, "    %zu eligible viewers\n  write (add+remove) %.1f us, compaction %.2f s\n",
                r.suggest_viewers, r.single_edge_write_us, r.compaction_seconds);
  s += buf;
  return s;
}

}  // namespace kring::graph
