// Loads the LDBC Social Network Benchmark (Interactive v1) data set, CsvMergeForeign layout, into Kring.
//
// Persons become members (handle "p<id>"), knows edges connections, organisations companies ("o<id>") and
// schools ("s<id>"), work and study edges positions and education, posts, comments and likes posts, comments
// and reactions, tags hashtags and interests. docs/import-ldbc.md has the whole mapping.
//
// Files are streamed and written in batched transactions; only id maps (LDBC id -> Kring id) and the small
// static tables (places, tags, organisations) are held in memory. Every imported row carries an external_ref
// (or has a natural key), inserts are INSERT ... ON CONFLICT DO NOTHING, so re-running the import adds
// nothing that is already there and an interrupted import resumes where it stopped.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "store/database.h"

namespace kring::importers {

// What one LDBC table (all its part files) produced.
struct LdbcTableStats {
  std::string table;     // "person", "person_knows_person", ...
  std::string produces;  // "members"
  int64_t files = 0;
  int64_t rows = 0;     // data rows read (header excluded)
  int64_t added = 0;    // rows written by this run
  int64_t present = 0;  // rows whose target was already there: an earlier run, or a like on a comment whose
                        // root post the member already reacts to
  int64_t unused = 0;   // rows the mapping leaves out on purpose: a person's second and further emails
  int64_t skipped = 0;  // malformed rows and rows referring to something missing; each reported
};

struct LdbcOptions {
  // Rows per write transaction.
  int batch_rows = 5000;
  // Told about each malformed or skipped row, as "dynamic/person_0_0.csv:17: why". May be empty.
  std::function<void(const std::string&)> on_warning;
  // At most this many warnings per file go to on_warning; the rest are only counted.
  int max_warnings_per_file = 100;
  // Told when a table is done (for progress output). May be empty.
  std::function<void(const LdbcTableStats&)> on_table_done;
};

struct LdbcReport {
  std::vector<LdbcTableStats> tables;  // in import order
  // Added by this run, per kind of Kring row.
  int64_t members = 0, accounts = 0, connections = 0, companies = 0, schools = 0, positions = 0,
          education = 0, interests = 0, posts = 0, hashtags = 0, comments = 0, reactions = 0;
  double seconds = 0;

  int64_t skipped() const;
  const LdbcTableStats* table(std::string_view name) const;
};

// Imports the data set in `dir` (holding static/ and dynamic/, or all files in one folder). Fails before
// writing anything when a required file is missing or a header is not the expected one; fails when the store
// does (the batches written before stay, and a re-run resumes). Malformed rows do not fail the import.
// REQUIRES: `db` is migrated.
Result<LdbcReport> import_ldbc(store::Database& db, const std::filesystem::path& dir,
                               const LdbcOptions& options = {});

// The summary `kring import ldbc` prints: one line per table, then the rows added per kind.
std::string format_ldbc_report(const LdbcReport& report);

// LDBC's formats. A timestamp is "2010-06-27T23:36:57.962+0000" (a "Z" or "+hh:mm" zone, no fraction or no
// zone are accepted too; no zone means UTC) or a number of milliseconds since the epoch. A date is
// "1987-09-18". nullopt when malformed.
std::optional<Micros> parse_ldbc_timestamp(std::string_view s);
bool is_ldbc_date(std::string_view s);

}  // namespace kring::importers
