// `kring bench search`: people search (issue 6) on generated profiles, measured in one run against the
// alternatives over the same data.
//
// 1. seed::seed_database (members with names, headline, positions, skills, city, education, connections) into a
//    fresh temporary SQLite store, with the fast password cost and synchronous=OFF (the seed is not measured).
// 2. graph::GraphIndex::load then search::PeopleIndex::load from a read snapshot, as `kring serve` does at start
//    (timed: indexing rate; the index is in memory, so its size is reported as RSS growth during the load).
// 3. Four questions, each ~N times with parameters drawn deterministically from the data: a name (free text);
//    skill + city (filters); title + current company with max_degree=2; typeahead of 3 letters.
// 4. SQLite FTS5: a virtual table over name, headline, position titles and companies, skills and city in the same
//    file, the same four questions in SQL (2nd degree as a join on connections).
// 5. With a PostgreSQL admin URL: a database for the run, the same rows loaded with COPY into a table with
//    tsvector columns and GIN indexes, the same four questions; the database is dropped at the end.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace kring::bench {

struct SearchBenchOptions {
  int64_t members = 0;
  uint64_t seed = 1;
  double avg_connections = 20;
  std::string compare_postgres;  // PostgreSQL URL allowed to CREATE/DROP DATABASE; empty: Kring and SQLite only
  bool json = false;             // also print one JSON object on the last line of stdout
  size_t queries = 500;          // per question and engine
  // Seed into this SQLite file and keep it; a file that already holds members is reused without seeding (the
  // seed is then not timed). Empty: a temporary store removed at the end.
  std::string store;
  bool kring_only = false;  // skip SQLite FTS5 and PostgreSQL (for profiling Kring)
  // An alternative engine stops asking one question after this many seconds of query time (its sample count is
  // reported); Kring always asks every question.
  double alt_budget_s = 120;
};

// Runs the benchmark and prints a table to stdout (progress to stderr). Returns a process exit code:
// 0 on success, 2 for bad options, 1 when a database cannot be created or loaded.
int run_search_bench(const SearchBenchOptions& options);

}  // namespace kring::bench
