// `kring bench network`: the connection graph engine on a generated professional network, loaded the way
// `kring serve` loads it, and optionally the same questions asked of PostgreSQL in plain SQL.
//
// 1. generate_social_graph(members, avg_connections, seed) (communities by company, school and city; skewed
//    degrees).
// 2. Writes members and connections into a fresh SQLite store (a temporary file, schema from store::migrate),
//    with direct sqlite3 calls: prepared INSERTs (64 connections each) in large transactions, the index on
//    connections(member_b) dropped during the load and re-created after it.
// 3. Graph::build from the in-memory edge list (timed: "build"), then graph::GraphIndex::load from a read
//    snapshot of that store (timed: "load", what `kring serve` does at start). Queries run on the loaded graph.
// 4. Latency of degree lookups, mutual connections, shortest paths and people-you-may-know, single-threaded.
// 5. With a PostgreSQL admin URL: creates a database for the run, applies the product's migrations, loads the
//    same members and connections with COPY (constraints and indexes re-created after the load, as pg_restore
//    does), and asks the same four questions for a prefix of the same samples; drops the database at the end.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace kring::bench {

struct NetworkBenchOptions {
  int64_t members = 0;
  double avg_connections = 0;
  uint64_t seed = 1;
  std::string compare_postgres;  // PostgreSQL URL allowed to CREATE/DROP DATABASE; empty: Kring only
  bool json = false;             // also print one JSON object on the last line of stdout

  // Samples asked of Kring.
  size_t degree_queries = 20000;
  size_t mutual_queries = 5000;
  size_t path_queries = 1000;
  size_t pymk_queries = 300;
  size_t pymk_viewer_degree = 500;  // PYMK viewers have 90%..110% of this many connections
  // PostgreSQL asks the first N of the same samples, and stops a question early after `pg_seconds` seconds.
  size_t pg_degree_queries = 1000;
  size_t pg_mutual_queries = 1000;
  size_t pg_path_queries = 40;
  size_t pg_pymk_queries = 100;
  double pg_seconds = 60;
  int pg_path_max_hops = 4;             // the recursive CTE stops after this many hops ("cut")
  int pg_path_timeout_ms = 3000;        // statement_timeout for path queries
  int pg_statement_timeout_ms = 30000;  // statement_timeout for the other questions
};

// Runs the benchmark and prints a table to stdout (progress to stderr). Returns a process exit code:
// 0 on success, 2 for bad options, 1 when a database cannot be created or loaded.
int run_network_bench(const NetworkBenchOptions& options);

}  // namespace kring::bench
