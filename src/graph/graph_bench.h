// Microbenchmark of the connection graph engine on a generated network: load time, memory, and latency of
// the queries pages make (degree badges, mutual connections, shortest path, network size, suggestions).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace kring::graph {

struct Latency {
  size_t samples = 0;
  double p50_us = 0;
  double p99_us = 0;
  double max_us = 0;
  double mean_us = 0;
};

// Summary of latency samples in microseconds: p50/p99 are the samples at rank floor(q * n) of the sorted
// samples (the largest for small n), max and mean over all. Shared with the benchmarks in src/bench.
Latency summarize_latencies(std::vector<double> us);

struct GraphBenchOptions {
  size_t degree_queries = 20000;
  size_t mutual_queries = 5000;
  size_t path_queries = 1000;
  size_t network_queries = 1000;
  size_t suggest_queries = 300;
  size_t suggest_limit = 20;
  size_t suggest_viewer_degree = 500;  // suggestions are measured for viewers with 450-550 connections
};

struct GraphBenchReport {
  int64_t members = 0;
  double avg_connections_target = 0;
  uint64_t seed = 0;
  size_t connections = 0;  // undirected
  double avg_degree = 0;
  size_t max_degree = 0;
  double generate_seconds = 0;
  double load_seconds = 0;  // Graph::build from the edge list
  size_t memory_bytes = 0;
  double bytes_per_directed_connection = 0;
  double bytes_per_member = 0;

  Latency degree;              // all degree() queries
  Latency degree_by_result[5];  // [0] unused, [1] 1st, [2] 2nd, [3] 3rd, [4] beyond 3
  Latency degrees_batch;       // degrees() for 50 random targets of one viewer, per call
  Latency mutual;              // mutual_connections(limit 10) + mutual_count, pairs at distance 2
  Latency shortest_path;       // random pairs
  double avg_path_hops = 0;
  size_t paths_not_found = 0;
  Latency network_size;  // random members
  Latency suggest;       // viewers with about suggest_viewer_degree connections
  size_t suggest_viewers = 0;
  double single_edge_write_us = 0;  // mean add_edge + remove_edge pair, overlay only
  double compaction_seconds = 0;    // one full compaction of the built graph
};

// Generates the graph with generate_social_graph(members, avg_connections, seed), builds it and runs the
// queries single-threaded. Deterministic choice of queries for a given seed.
GraphBenchReport run_graph_microbench(int64_t members, double avg_connections, uint64_t seed,
                                      const GraphBenchOptions& options = {});

// Human-readable multi-line summary.
std::string format_report(const GraphBenchReport& r);

}  // namespace kring::graph
