// `kring bench feed`: the feed (issue 5) on a generated professional network with a month of posts,
// reactions and comments, served from memory by feed::FeedService, and optionally the same feeds asked of
// PostgreSQL in plain SQL on the same data in the same run.
//
// 1. graph::generate_social_graph(members, avg_connections, seed) (companies, schools, cities; skewed
//    degrees), then graph::Graph::build.
// 2. Deterministic activity from the seed, written straight into a feed::FeedIndex through its mutators (no
//    store, no change log): current company pages (set_companies), a few follows per member (set_follow),
//    followed hashtags (set_interest), `days` days of posts at about posts_per_member_day per member (active
//    minority writes most; ~10% connections-only, hashtags, reshares with and without commentary, link-only
//    posts, engagement bait) and about interactions_per_post reactions and comments per post (heavy-tailed,
//    mostly by the author's connections, six reaction types, most within hours of the post).
// 3. Viewers: for each target degree, members whose number of connections is closest to it. Single-threaded,
//    in process: FeedService::relevant (first page, limit 10, then the second page through its cursor) and
//    FeedService::recent (first page), interleaved round-robin over the bucket's viewers. Then a throughput
//    run of the relevant first page on all hardware threads.
// 4. With a PostgreSQL admin URL: a database for the run, the index's own contents (connections both ways,
//    follows, followed hashtags, posts with their flags and counts, hashtags, reactions, comments) loaded
//    with COPY into tables with the indexes a feed query needs, VACUUM ANALYZE, and the same two feeds asked
//    in SQL (the same candidates and every term of feed::score; not the author spreading, see
//    bench/README.md) for a prefix of the same samples, each answer compared with Kring's; the database is
//    dropped at the end.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace kring::bench {

struct FeedBenchOptions {
  int64_t members = 0;
  int days = 30;
  uint64_t seed = 1;
  double avg_connections = 20;
  double posts_per_member_day = 0.3;
  double interactions_per_post = 3.5;
  std::string compare_postgres;  // PostgreSQL URL allowed to CREATE/DROP DATABASE; empty: Kring only
  bool json = false;             // also print one JSON object on the last line of stdout
  bool print_sql = false;        // print the two SQL statements (with $1 viewer, $2 window start, $3 now,
                                 // $4 engagement horizon) and exit

  std::vector<size_t> target_degrees = {50, 500, 3000};
  size_t viewers_per_bucket = 50;  // members within 20% of the target degree, closest first (at least 5)
  size_t queries = 1000;           // per bucket and mode, round-robin over the bucket's viewers
  size_t pg_queries = 200;         // PostgreSQL asks the first N samples of each bucket and mode
  double pg_seconds = 90;          // ... and stops a bucket after this many seconds
  int pg_statement_timeout_ms = 30000;
  double throughput_seconds = 5;  // the concurrent relevant-mode run
};

// Runs the benchmark and prints a table to stdout (progress to stderr). Returns a process exit code:
// 0 on success, 2 for bad options, 1 when PostgreSQL cannot be reached or loaded.
int run_feed_bench(const FeedBenchOptions& options);

}  // namespace kring::bench
