// `kring bench write`: durable write throughput of the store under concurrent writers.
//
// Each transaction inserts one member (unique handle) and appends one change-log entry, as a sign-up does.
// SQLite runs three times on fresh files: group commit (concurrent writes share one COMMIT and one fsync),
// one fsync per transaction, and synchronous=OFF (not durable: the ceiling). With a PostgreSQL admin URL the
// same workload also runs there, in a database created for the run and dropped after it.
#pragma once

#include <string>

namespace kring::bench {

struct WriteBenchOptions {
  std::string db_url;            // "sqlite:PATH" to reuse for every SQLite mode; empty: fresh temp files
  std::string compare_postgres;  // PostgreSQL URL allowed to CREATE/DROP DATABASE; empty: skip PostgreSQL
  int writers = 16;              // concurrent writer threads
  double seconds = 5;            // measured duration per mode
  bool json = false;             // also print one JSON object on the last line of stdout
};

// Runs the benchmark and prints a table to stdout (progress to stderr). Returns a process exit code:
// 0 on success, 2 for bad options, 1 when a database cannot be opened or every transaction failed.
int run_write_bench(const WriteBenchOptions& options);

}  // namespace kring::bench
