#include "bench/network_bench.h"
#include "bench/measure.h"

#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/resource.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "graph/graph.h"
#include "graph/graph_bench.h"
#include "graph/graph_generator.h"
#include "graph/graph_index.h"
#include "graph/splitmix.h"
#include "store/database.h"

#include "bench/pg_client.h"

namespace kring::bench {
namespace {

using Clock = std::chrono::steady_clock;
using Json = nlohmann::ordered_json;
using graph::Latency;
using graph::MemberId;
namespace fs = std::filesystem;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }
double us_between(Clock::time_point t0, Clock::time_point t1) {
  return std::chrono::duration<double, std::micro>(t1 - t0).count();
}

// Keeps the optimiser from dropping a query whose result is unused.
volatile size_t g_sink = 0;

void progress(const std::string& msg) { std::cerr << "network bench: " << msg << std::endl; }


// ---- the SQLite store -------------------------------------------------------------------------------

constexpr const char* kSqliteInsertMember =
    "INSERT INTO members (id, handle, first_name, last_name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)";
// Connections go in kConnectionsPerInsert rows per statement (fewer VDBE round trips), the rest one by one.
constexpr const char* kSqliteInsertConnection =
    "INSERT INTO connections (member_a, member_b, connected_at) VALUES (?, ?, ?)";
constexpr int kConnectionsPerInsert = 64;
std::string multi_row_insert(int rows) {
  std::string sql = "INSERT INTO connections (member_a, member_b, connected_at) VALUES (?, ?, ?)";
  for (int i = 1; i < rows; ++i) sql += ", (?, ?, ?)";
  return sql;
}
constexpr int64_t kRowsPerTransaction = 1'000'000;
constexpr int64_t kMemberCreatedAt = 1'600'000'000LL * 1'000'000;

class Sqlite {
 public:
  ~Sqlite() {
    for (sqlite3_stmt* s : stmts_) sqlite3_finalize(s);
    if (db_) sqlite3_close(db_);
  }
  Status open(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) return fail("open");
    return {};
  }
  Status exec(const std::string& sql) {
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) return fail(sql);
    return {};
  }
  sqlite3_stmt* prepare(const char* sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, sql, -1, &s, nullptr) != SQLITE_OK) return nullptr;
    stmts_.push_back(s);
    return s;
  }
  Status step_reset(sqlite3_stmt* s) {
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) return fail("insert");
    return {};
  }
  Status fail(const std::string& what) const {
    return Error::internal("sqlite: " + what + ": " + (db_ ? sqlite3_errmsg(db_) : "cannot open"));
  }
  sqlite3* db() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
  std::vector<sqlite3_stmt*> stmts_;
};

// Creates the store at `path` (store::migrate), then writes members 1..members and every edge with direct
// sqlite3 calls: journal off, synchronous off, one prepared INSERT per table, a commit every million rows.
// Secondary indexes on connections are dropped for the load and re-created from their own definitions after
// it (sorting once is much cheaper than 50 million random B-tree inserts); the schema ends as migrate left it.
Status write_sqlite_store(const std::string& path, const graph::GeneratedGraph& gen, int64_t members) {
  {
    store::DatabaseOptions dbo;
    dbo.read_connections = 1;
    KRING_ASSIGN_OR_RETURN(auto db, store::open_database("sqlite:" + path, dbo));
    KRING_TRY(store::migrate(*db));
    db->close();
  }
  Sqlite db;
  KRING_TRY(db.open(path));
  KRING_TRY(db.exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA foreign_keys=OFF; "
                    "PRAGMA cache_size=-1048576"));
  std::vector<std::string> indexes;
  {
    sqlite3_stmt* s = db.prepare(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'connections' AND sql IS NOT NULL");
    if (!s) return db.fail("list indexes");
    std::vector<std::string> names;
    while (sqlite3_step(s) == SQLITE_ROW) {
      names.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
      indexes.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 1)));
    }
    sqlite3_reset(s);
    for (const std::string& n : names) KRING_TRY(db.exec("DROP INDEX \"" + n + "\""));
  }

  sqlite3_stmt* ins_member = db.prepare(kSqliteInsertMember);
  sqlite3_stmt* ins_conn = db.prepare(kSqliteInsertConnection);
  const std::string multi_sql = multi_row_insert(kConnectionsPerInsert);
  sqlite3_stmt* ins_multi = db.prepare(multi_sql.c_str());
  if (!ins_member || !ins_conn || !ins_multi) return db.fail("prepare");
  const auto t0 = Clock::now();
  KRING_TRY(db.exec("BEGIN"));
  int64_t in_tx = 0;
  auto tick = [&]() -> Status {
    if (++in_tx < kRowsPerTransaction) return {};  // a commit about every million rows
    in_tx = 0;
    KRING_TRY(db.exec("COMMIT"));
    return db.exec("BEGIN");
  };
  char handle[32];
  for (int64_t id = 1; id <= members; ++id) {
    int n = std::snprintf(handle, sizeof handle, "member-%lld", static_cast<long long>(id));
    sqlite3_bind_int64(ins_member, 1, id);
    sqlite3_bind_text(ins_member, 2, handle, n, SQLITE_TRANSIENT);
    sqlite3_bind_text(ins_member, 3, "Bench", 5, SQLITE_STATIC);
    sqlite3_bind_text(ins_member, 4, handle, n, SQLITE_TRANSIENT);
    sqlite3_bind_int64(ins_member, 5, kMemberCreatedAt);
    sqlite3_bind_int64(ins_member, 6, kMemberCreatedAt);
    KRING_TRY(db.step_reset(ins_member));
    KRING_TRY(tick());
  }
  progress("sqlite: members inserted in " + std::to_string(seconds_since(t0)) + " s");
  const size_t edges = gen.edges.size();
  size_t i = 0;
  for (; i + kConnectionsPerInsert <= edges; i += kConnectionsPerInsert) {
    for (int k = 0; k < kConnectionsPerInsert; ++k) {
      const graph::Edge& e = gen.edges[i + k];
      sqlite3_bind_int64(ins_multi, 3 * k + 1, std::min(e.a, e.b));
      sqlite3_bind_int64(ins_multi, 3 * k + 2, std::max(e.a, e.b));
      sqlite3_bind_int64(ins_multi, 3 * k + 3, e.connected_at);
    }
    KRING_TRY(db.step_reset(ins_multi));
    in_tx += kConnectionsPerInsert - 1;
    KRING_TRY(tick());
  }
  for (; i < edges; ++i) {
    const graph::Edge& e = gen.edges[i];
    sqlite3_bind_int64(ins_conn, 1, std::min(e.a, e.b));
    sqlite3_bind_int64(ins_conn, 2, std::max(e.a, e.b));
    sqlite3_bind_int64(ins_conn, 3, e.connected_at);
    KRING_TRY(db.step_reset(ins_conn));
    KRING_TRY(tick());
  }
  KRING_TRY(db.exec("COMMIT"));
  progress("sqlite: rows inserted in " + std::to_string(seconds_since(t0)) + " s; re-creating indexes");
  for (const std::string& sql : indexes) KRING_TRY(db.exec(sql));
  progress("sqlite: indexes in " + std::to_string(seconds_since(t0)) + " s");
  return db.exec("PRAGMA journal_mode=WAL");
}

// ---- PostgreSQL (the client is bench/pg_client.h) ----------------------------------------------

void append_int(std::string& s, int64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  s.append(buf, end);
}

struct PgLoadTimes {
  double members_s = 0, copy_s = 0, constraints_s = 0, analyze_s = 0, total_s = 0;
};

// Loads members and connections into the (migrated) database behind `pg`. The connections table's
// constraints and indexes are read from the catalog, dropped, and re-created after a COPY ... FREEZE into the
// freshly truncated table, as pg_restore would; then VACUUM ANALYZE (the visibility map lets index-only scans
// skip the heap).
Status load_postgres(Pg& pg, const graph::GeneratedGraph& gen, int64_t members, PgLoadTimes& t) {
  auto t_all = Clock::now();
  KRING_TRY(pg.run("SET maintenance_work_mem = '1GB'"));
  KRING_TRY(pg.run("SET synchronous_commit = off"));
  auto constraints = pg.pairs(
      "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'connections'::regclass "
      "AND contype IN ('p', 'u', 'f') ORDER BY CASE contype WHEN 'p' THEN 0 WHEN 'u' THEN 1 ELSE 2 END, conname");
  auto indexes = pg.pairs(
      "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index i WHERE indrelid = "
      "'connections'::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) "
      "ORDER BY 1");
  if (!constraints || !indexes) return Error::internal("postgresql: reading the connections schema: " + pg.error());
  for (auto it = constraints->rbegin(); it != constraints->rend(); ++it) {
    KRING_TRY(pg.run("ALTER TABLE connections DROP CONSTRAINT \"" + it->first + "\""));
  }
  for (const auto& [name, def] : *indexes) KRING_TRY(pg.run("DROP INDEX " + name));

  auto t0 = Clock::now();
  int64_t next_member = 1;
  KRING_TRY(pg.copy_in("COPY members (id, handle, first_name, last_name, created_at, updated_at) FROM STDIN",
                       [&](std::string& buf) {
                         for (; next_member <= members && buf.size() < (1u << 20); ++next_member) {
                           std::string h = "member-" + std::to_string(next_member);
                           append_int(buf, next_member);
                           buf += '\t';
                           buf += h;
                           buf += "\tBench\t";
                           buf += h;
                           buf += '\t';
                           append_int(buf, kMemberCreatedAt);
                           buf += '\t';
                           append_int(buf, kMemberCreatedAt);
                           buf += '\n';
                         }
                         return next_member <= members;
                       }));
  t.members_s = seconds_since(t0);

  t0 = Clock::now();
  KRING_TRY(pg.run("BEGIN"));
  KRING_TRY(pg.run("TRUNCATE connections"));
  size_t next_edge = 0;
  KRING_TRY(pg.copy_in("COPY connections (member_a, member_b, connected_at) FROM STDIN WITH (FREEZE)",
                       [&](std::string& buf) {
                         for (; next_edge < gen.edges.size() && buf.size() < (1u << 20); ++next_edge) {
                           const graph::Edge& e = gen.edges[next_edge];
                           append_int(buf, std::min(e.a, e.b));
                           buf += '\t';
                           append_int(buf, std::max(e.a, e.b));
                           buf += '\t';
                           append_int(buf, e.connected_at);
                           buf += '\n';
                         }
                         return next_edge < gen.edges.size();
                       }));
  KRING_TRY(pg.run("COMMIT"));
  t.copy_s = seconds_since(t0);

  t0 = Clock::now();
  for (const auto& [name, def] : *constraints) {
    if (def.rfind("FOREIGN KEY", 0) == 0) continue;
    KRING_TRY(pg.run("ALTER TABLE connections ADD CONSTRAINT \"" + name + "\" " + def));
  }
  for (const auto& [name, def] : *indexes) KRING_TRY(pg.run(def));
  for (const auto& [name, def] : *constraints) {
    if (def.rfind("FOREIGN KEY", 0) != 0) continue;
    KRING_TRY(pg.run("ALTER TABLE connections ADD CONSTRAINT \"" + name + "\" " + def));
  }
  t.constraints_s = seconds_since(t0);
  t0 = Clock::now();
  KRING_TRY(pg.run("VACUUM ANALYZE connections"));
  KRING_TRY(pg.run("VACUUM ANALYZE members"));
  t.analyze_s = seconds_since(t0);
  t.total_s = seconds_since(t_all);
  return {};
}

// The four questions in plain SQL over the product's table, connections(member_a, member_b, connected_at),
// each connection once with member_a < member_b. `adjacency` is a temporary view with both orientations.
constexpr const char* kPgAdjacencyView =
    "CREATE TEMP VIEW adjacency (member, other) AS "
    "SELECT member_a, member_b FROM connections UNION ALL SELECT member_b, member_a FROM connections";

// Degree of separation up to 3 (NULL beyond): EXISTS joins, cheapest first.
constexpr const char* kPgDegree =
    "SELECT CASE "
    "WHEN $1::bigint = $2::bigint THEN 0 "
    "WHEN EXISTS (SELECT 1 FROM connections WHERE member_a = LEAST($1::bigint, $2::bigint) "
    "AND member_b = GREATEST($1::bigint, $2::bigint)) THEN 1 "
    "WHEN EXISTS (SELECT 1 FROM adjacency x JOIN adjacency y ON y.other = x.other "
    "WHERE x.member = $1::bigint AND y.member = $2::bigint) THEN 2 "
    "WHEN EXISTS (SELECT 1 FROM adjacency x JOIN adjacency m ON m.member = x.other "
    "JOIN adjacency y ON y.other = m.other WHERE x.member = $1::bigint AND y.member = $2::bigint) THEN 3 "
    "END";

// The first 10 mutual connections by id and their number (what a profile shows).
constexpr const char* kPgMutual =
    "WITH m AS MATERIALIZED (SELECT x.other AS member FROM adjacency x JOIN adjacency y ON y.other = x.other "
    "WHERE x.member = $1::bigint AND y.member = $2::bigint) "
    "SELECT (SELECT count(*) FROM m), ARRAY(SELECT member FROM m ORDER BY member LIMIT 10)";

// Shortest path as the textbook recursive CTE: each iteration extends every path by one hop (a path never
// revisits a member), at most $3 hops. PostgreSQL evaluates one iteration (one hop) at a time and streams its
// rows, so the first row that reaches the target is a shortest path and LIMIT 1 stops the search there.
// (Keeping one path per member and hop with DISTINCT ON bounds each level but must finish it before the
// next one starts: on this data it was slower for most pairs, since most targets show up early in a level.)
constexpr const char* kPgPath =
    "WITH RECURSIVE bfs (member, hops, path) AS ("
    " SELECT $1::bigint, 0, ARRAY[$1::bigint]"
    " UNION ALL"
    " SELECT a.other, b.hops + 1, b.path || a.other"
    " FROM bfs b JOIN adjacency a ON a.member = b.member"
    " WHERE b.hops < $3::int AND b.member <> $2::bigint AND a.other <> ALL (b.path)"
    ") SELECT path FROM bfs WHERE member = $2::bigint LIMIT 1";

// People you may know: Adamic-Adar over the second-degree network (weight 1 / ln(degree) per mutual
// connection), existing connections and the viewer excluded, top 20 by score then id.
constexpr const char* kPgPymk =
    "WITH friends AS MATERIALIZED (SELECT other AS friend FROM adjacency WHERE member = $1::bigint), "
    "weighted AS MATERIALIZED (SELECT friend, d.degree FROM friends "
    " CROSS JOIN LATERAL (SELECT count(*) AS degree FROM adjacency WHERE member = friend) d) "
    "SELECT c.other AS candidate, sum(1.0 / ln(w.degree::float8)) AS score, count(*) AS mutual "
    "FROM weighted w JOIN adjacency c ON c.member = w.friend "
    "WHERE w.degree >= 2 AND c.other <> $1::bigint "
    "AND NOT EXISTS (SELECT 1 FROM friends f WHERE f.friend = c.other) "
    "GROUP BY c.other ORDER BY score DESC, candidate LIMIT 20";

// ---- samples and answers ---------------------------------------------------------------------------

struct Pair {
  MemberId a = 0, b = 0;
};

// One question: its samples, and per sample Kring's and (for a prefix) PostgreSQL's time and answer.
struct Question {
  const char* key;
  const char* label;
  std::vector<Pair> samples;
  std::vector<double> kring_us;        // wall clock, first run
  std::vector<double> kring_quiet_us;  // wall clock, first run that was not preempted (see measure())
  size_t kring_preempted = 0;          // runs preempted by another process
  std::vector<int64_t> kring_answer;                 // degree (-1 beyond 3), mutual count, path hops (-1 none)
  std::vector<std::vector<double>> kring_scores;     // pymk: top scores
  std::vector<std::vector<MemberId>> kring_members;  // pymk: top members
  std::vector<double> pg_us;
  std::vector<int64_t> pg_answer;  // as kring_answer; -2 timed out, -3 error
  size_t pg_timeouts = 0, pg_errors = 0, pg_agree = 0, pg_disagree = 0, pg_cut = 0;
  size_t pg_exact = 0;  // pymk: same members in the same order
  std::string pg_first_error;
  bool pg_budget_hit = false;

  Latency kring() const { return graph::summarize_latencies(kring_us); }
  Latency kring_quiet() const { return graph::summarize_latencies(kring_quiet_us); }
  Latency pg() const { return graph::summarize_latencies(pg_us); }
  // Kring on exactly the samples PostgreSQL answered (for the ratio).
  Latency kring_on_pg_prefix() const {
    return graph::summarize_latencies(std::vector<double>(kring_us.begin(), kring_us.begin() + pg_us.size()));
  }
};

// Times one query (bench/measure.h): `q.kring_us` gets the first run's wall-clock time, `q.kring_quiet_us` the
// first run that was not preempted (else the fastest of 4).
template <typename Fn>
void measure(Question& q, Fn&& fn) {
  const Timed t = time_unpreempted([&](int) { fn(); });
  q.kring_us.push_back(t.first_us);
  q.kring_quiet_us.push_back(t.quiet_us);
  q.kring_preempted += static_cast<size_t>(t.preempted_runs);
}

void run_kring(const graph::Graph& g, Question& degree, Question& mutual, Question& path, Question& pymk) {
  for (const Pair& p : degree.samples) {
    std::optional<int> d;
    measure(degree, [&] { d = g.degree(p.a, p.b); });
    degree.kring_answer.push_back(d ? *d : -1);
  }
  for (const Pair& p : mutual.samples) {
    size_t count = 0;
    measure(mutual, [&] {
      g_sink = g.mutual_connections(p.a, p.b, 10).size();
      count = g.mutual_count(p.a, p.b);
    });
    mutual.kring_answer.push_back(static_cast<int64_t>(count));
  }
  for (const Pair& p : path.samples) {
    std::optional<std::vector<MemberId>> r;
    measure(path, [&] { r = g.shortest_path(p.a, p.b); });
    path.kring_answer.push_back(r ? static_cast<int64_t>(r->size()) - 1 : -1);
  }
  graph::SuggestOptions so;
  so.limit = 20;
  for (const Pair& p : pymk.samples) {
    std::vector<graph::Suggestion> r;
    measure(pymk, [&] { r = g.suggest(p.a, so); });
    std::vector<double> scores;
    std::vector<MemberId> ids;
    for (const auto& s : r) {
      scores.push_back(s.score);
      ids.push_back(s.member);
    }
    pymk.kring_answer.push_back(static_cast<int64_t>(r.size()));
    pymk.kring_scores.push_back(std::move(scores));
    pymk.kring_members.push_back(std::move(ids));
  }
}

bool scores_match(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::fabs(a[i] - b[i]) > 1e-9 * std::max(1.0, std::fabs(a[i]))) return false;
  }
  return true;
}

// Asks PostgreSQL the first `limit` samples of `q` with the prepared statement `stmt`, for at most
// `budget_s` seconds, and compares each answer with Kring's. Parameters: the pair (the viewer alone for
// pymk), and for paths the hop limit.
void run_pg(Pg& pg, Question& q, const char* stmt, size_t limit, double budget_s, int path_max_hops) {
  const bool is_pymk = std::strcmp(q.key, "pymk") == 0, is_path = std::strcmp(q.key, "path") == 0,
             is_mutual = std::strcmp(q.key, "mutual") == 0;
  const auto start = Clock::now();
  const std::string hops = std::to_string(path_max_hops);
  limit = std::min(limit, q.samples.size());
  for (size_t i = 0; i < limit; ++i) {
    if (i > 0 && seconds_since(start) > budget_s) {
      q.pg_budget_hit = true;
      break;
    }
    const Pair& p = q.samples[i];
    const std::string a = std::to_string(p.a), b = std::to_string(p.b);
    const char* values[3] = {a.c_str(), b.c_str(), hops.c_str()};
    const int n = is_path ? 3 : is_pymk ? 1 : 2;
    auto t0 = Clock::now();
    PgResult r(PQexecPrepared(pg.conn(), stmt, n, values, nullptr, nullptr, 0));
    auto t1 = Clock::now();
    if (r.status() != PGRES_TUPLES_OK) {
      if (r.sqlstate() == "57014") {  // query_canceled: statement_timeout; counted at the time it was stopped
        q.pg_us.push_back(us_between(t0, t1));
        ++q.pg_timeouts;
        q.pg_answer.push_back(-2);
        continue;
      }
      ++q.pg_errors;
      if (q.pg_first_error.empty()) q.pg_first_error = pg.error();
      break;  // the same statement would fail again
    }
    q.pg_us.push_back(us_between(t0, t1));
    int64_t answer = -1;
    if (is_pymk) {
      std::vector<double> scores;
      std::vector<MemberId> ids;
      for (int row = 0; row < r.rows(); ++row) {
        ids.push_back(r.i64(row, 0));
        scores.push_back(r.f64(row, 1));
      }
      answer = r.rows();
      bool same = scores_match(scores, q.kring_scores[i]);
      (same ? q.pg_agree : q.pg_disagree)++;
      q.pg_exact += ids == q.kring_members[i];
      q.pg_answer.push_back(answer);
      continue;
    }
    if (is_path) {
      if (r.rows() > 0) {
        std::string_view text = r.text(0, 0);
        answer = static_cast<int64_t>(std::count(text.begin(), text.end(), ','));
      }
    } else if (is_mutual) {
      answer = r.i64(0, 0);
    } else {
      answer = r.null(0, 0) ? -1 : r.i64(0, 0);
    }
    q.pg_answer.push_back(answer);
    const int64_t k = q.kring_answer[i];
    if (is_path && answer < 0) {
      // No path within the hop limit: right when Kring's is longer (or there is none), wrong otherwise.
      ++q.pg_cut;
      (k < 0 || k > path_max_hops ? q.pg_agree : q.pg_disagree)++;
    } else {
      (answer == k ? q.pg_agree : q.pg_disagree)++;
    }
  }
}

// ---- output --------------------------------------------------------------------------------------

constexpr double kTargetDegreeP99Us = 20;
constexpr double kTargetPymkP99Ms = 20;
constexpr double kTargetPymkRatio = 100;
constexpr double kTargetBytesPerConnection = 16;
constexpr double kTargetLoadSeconds = 60;

// x rounded to `digits` decimals (exactly the nearest double, so that JSON prints it short).
double round_to(double x, int digits) {
  const double scale = std::pow(10.0, digits);
  return std::round(x * scale) / scale;
}

Json latency_json(const Latency& l) {
  return {{"p50_us", round_to(l.p50_us, 2)},
          {"p99_us", round_to(l.p99_us, 2)},
          {"max_us", round_to(l.max_us, 2)},
          {"mean_us", round_to(l.mean_us, 2)},
          {"samples", l.samples}};
}

std::string fmt_us(double us) {
  char buf[32];
  if (us >= 100000) {
    std::snprintf(buf, sizeof buf, "%.0f ms", us / 1000);
  } else if (us >= 10000) {
    std::snprintf(buf, sizeof buf, "%.1f ms", us / 1000);
  } else if (us >= 1000) {
    std::snprintf(buf, sizeof buf, "%.2f ms", us / 1000);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f us", us);
  }
  return buf;
}

}  // namespace

int run_network_bench(const NetworkBenchOptions& o) {
  if (o.members < 2 || o.members > graph::Graph::kMaxMember) {
    std::cerr << "kring: --members must be from 2 to " << graph::Graph::kMaxMember << "\n";
    return 2;
  }
  if (!(o.avg_connections > 0) || o.avg_connections > 5000) {
    std::cerr << "kring: --avg-connections must be more than 0 and at most 5000\n";
    return 2;
  }
  std::optional<Pg> admin;
  if (!o.compare_postgres.empty()) {  // fail before anything runs
    admin.emplace(o.compare_postgres);
    if (!admin->ok()) {
      std::cerr << "kring: cannot connect to PostgreSQL: " << admin->error() << "\n";
      return 1;
    }
  }

  // 1. Generate.
  progress("generating " + std::to_string(o.members) + " members x " + std::to_string(o.avg_connections) +
           " connections, seed " + std::to_string(o.seed));
  auto t0 = Clock::now();
  graph::GeneratedGraph gen = graph::generate_social_graph(o.members, o.avg_connections, o.seed);
  const double generate_s = seconds_since(t0);
  const size_t connections = gen.edges.size();

  // 2. Write the SQLite store.
  std::string pattern = (fs::temp_directory_path() / "kring-network-bench-XXXXXX").string();
  if (!mkdtemp(pattern.data())) {
    std::perror("kring: cannot create a temporary folder");
    return 1;
  }
  struct RemoveDir {
    fs::path p;
    ~RemoveDir() {
      std::error_code ec;
      fs::remove_all(p, ec);
    }
  } remove_dir{pattern};
  const std::string store_path = (fs::path(pattern) / "kring.db").string();
  progress("writing " + std::to_string(connections) + " connections into " + store_path);
  t0 = Clock::now();
  if (Status st = write_sqlite_store(store_path, gen, o.members); !st.ok()) {
    std::cerr << "kring: " << st.error().message << "\n";
    return 1;
  }
  const double store_write_s = seconds_since(t0);
  std::error_code ec;
  const auto store_bytes = fs::file_size(store_path, ec);

  // 3. Graph::build from the edge list, then GraphIndex::load from the store (what `kring serve` does).
  progress("Graph::build from the edge list");
  t0 = Clock::now();
  size_t built_directed = 0;
  {
    std::unique_ptr<graph::Graph> built = graph::Graph::build(gen.edges, o.members);
    built_directed = built->stats().directed_connections;
  }
  const double build_s = seconds_since(t0);

  progress("GraphIndex::load from the store");
  graph::GraphIndex index;
  double load_s = 0;
  {
    store::DatabaseOptions dbo;
    dbo.read_connections = 1;
    auto db = store::open_database("sqlite:" + store_path, dbo);
    if (!db.ok()) {
      std::cerr << "kring: " << db.error().message << "\n";
      return 1;
    }
    t0 = Clock::now();
    Status st = (*db)->read_erased([&](store::Session& s) { return index.load(s); });
    load_s = seconds_since(t0);
    (*db)->close();
    if (!st.ok()) {
      std::cerr << "kring: " << st.error().message << "\n";
      return 1;
    }
  }
  fs::remove(store_path, ec);  // the PostgreSQL side needs the disk space more
  const graph::Graph& g = index.graph();
  const graph::GraphStats st = g.stats();
  if (st.directed_connections != built_directed || st.directed_connections != 2 * connections) {
    std::cerr << "kring: the loaded graph has " << st.directed_connections << " directed connections, expected "
              << 2 * connections << "\n";
    return 1;
  }
  const double bytes_per_directed =
      st.directed_connections ? static_cast<double>(st.memory_bytes) / static_cast<double>(st.directed_connections) : 0;

  // 4. Samples: the same pairs for both sides.
  std::vector<MemberId> with_connections;
  size_t max_degree = 0;
  for (MemberId m = 1; m <= o.members; ++m) {
    size_t d = g.connection_count(m);
    max_degree = std::max(max_degree, d);
    if (d > 0) with_connections.push_back(m);
  }
  if (with_connections.empty()) {
    std::cerr << "kring: the generated network has no connections\n";
    return 1;
  }
  graph::SplitMix64 rng(o.seed * 7919 + 17);
  auto any_member = [&] { return with_connections[rng.below(with_connections.size())]; };
  auto neighbor_of = [&](MemberId m) -> MemberId {
    graph::ConnectionsPage p = g.connections_page(m, 1u << 20);
    return p.items.empty() ? m : p.items[rng.below(p.items.size())].member;
  };
  Question degree{"degree", "degree of separation"}, mutual{"mutual", "mutual connections (10 + count)"},
      path{"path", "shortest path"}, pymk{"pymk", "people you may know (top 20)"};
  // Degree: a quarter each of a connection, two steps, three steps (random walks) and anyone.
  for (size_t i = 0; i < o.degree_queries; ++i) {
    MemberId v = any_member(), t = 0;
    switch (rng.below(4)) {
      case 0: t = neighbor_of(v); break;
      case 1: t = neighbor_of(neighbor_of(v)); break;
      case 2: t = neighbor_of(neighbor_of(neighbor_of(v))); break;
      default: t = any_member(); break;
    }
    degree.samples.push_back({v, t});
  }
  // Mutual connections: two steps apart (a profile one visits), never oneself.
  for (size_t i = 0; i < o.mutual_queries; ++i) {
    MemberId v = any_member(), t = v;
    for (int tries = 0; t == v && tries < 20; ++tries) t = neighbor_of(neighbor_of(v));
    if (t == v) t = v == with_connections.front() ? with_connections.back() : with_connections.front();
    mutual.samples.push_back({v, t});
  }
  for (size_t i = 0; i < o.path_queries; ++i) path.samples.push_back({any_member(), any_member()});
  std::vector<MemberId> viewers;
  const size_t lo = o.pymk_viewer_degree * 9 / 10, hi = o.pymk_viewer_degree * 11 / 10;
  for (MemberId m : with_connections) {
    size_t d = g.connection_count(m);
    if (d >= lo && d <= hi) viewers.push_back(m);
  }
  for (size_t i = 0; i < o.pymk_queries && !viewers.empty(); ++i) {
    pymk.samples.push_back({viewers[rng.below(viewers.size())], 0});
  }

  // 5. Kring, single-threaded, after a warm-up that allocates the per-query scratch.
  progress("asking Kring");
  for (int i = 0; i < 50; ++i) {
    MemberId a = any_member(), b = any_member();
    g_sink = g_sink + g.degree(a, b).value_or(9) + g.shortest_path(a, b).has_value() + g.suggest(a).size();
  }
  run_kring(g, degree, mutual, path, pymk);
  Question* questions[] = {&degree, &mutual, &path, &pymk};

  // 6. PostgreSQL.
  PgLoadTimes pg_load;
  std::string pg_version;
  if (admin) {
    pg_version = admin->value("SHOW server_version").value_or("?");
    PgScratch scratch(*admin, "kring_bench", "network bench");
    if (Status s = scratch.create(); !s.ok()) {
      std::cerr << "kring: " << s.error().message << "\n";
      return 1;
    }
    const std::string url = with_database(o.compare_postgres, scratch.name());
    {
      store::DatabaseOptions dbo;
      dbo.read_connections = 1;
      auto db = store::open_database(url, dbo);
      Status s = db.ok() ? store::migrate(**db) : Status(db.error());  // NOLINT
      if (db.ok()) (*db)->close();
      if (!s.ok()) {
        std::cerr << "kring: postgresql: " << s.error().message << "\n";
        return 1;
      }
    }
    Pg pg(url);
    if (!pg.ok()) {
      std::cerr << "kring: postgresql: " << pg.error() << "\n";
      return 1;
    }
    progress("loading PostgreSQL " + pg_version + " (database " + scratch.name() + ") with COPY");
    if (Status s = load_postgres(pg, gen, o.members, pg_load); !s.ok()) {
      std::cerr << "kring: " << s.error().message << "\n";
      return 1;
    }
    progress("PostgreSQL loaded in " + std::to_string(pg_load.total_s) + " s; asking it");
    gen = {};
    Status s = pg.run("SET jit = off");
    if (s.ok()) s = pg.run("SET work_mem = '64MB'");
    if (s.ok()) s = pg.run(kPgAdjacencyView);
    if (s.ok()) s = pg.prepare("degree", kPgDegree);
    if (s.ok()) s = pg.prepare("mutual", kPgMutual);
    if (s.ok()) s = pg.prepare("path", kPgPath);
    if (s.ok()) s = pg.prepare("pymk", kPgPymk);
    if (!s.ok()) {
      std::cerr << "kring: " << s.error().message << "\n";
      return 1;
    }
    const std::string timeout = "SET statement_timeout = " + std::to_string(o.pg_statement_timeout_ms);
    (void)pg.run(timeout);
    // Warm-up on samples past the measured prefixes.
    for (size_t i = 0; i < 20; ++i) {
      const Pair& p = degree.samples[degree.samples.size() - 1 - i % degree.samples.size()];
      const std::string a = std::to_string(p.a), b = std::to_string(p.b);
      const char* v[2] = {a.c_str(), b.c_str()};
      PgResult r1(PQexecPrepared(pg.conn(), "degree", 2, v, nullptr, nullptr, 0));
      PgResult r2(PQexecPrepared(pg.conn(), "mutual", 2, v, nullptr, nullptr, 0));
    }
    progress("postgresql: degree");
    run_pg(pg, degree, "degree", o.pg_degree_queries, o.pg_seconds, o.pg_path_max_hops);
    progress("postgresql: mutual");
    run_pg(pg, mutual, "mutual", o.pg_mutual_queries, o.pg_seconds, o.pg_path_max_hops);
    progress("postgresql: pymk");
    run_pg(pg, pymk, "pymk", o.pg_pymk_queries, o.pg_seconds, o.pg_path_max_hops);
    progress("postgresql: path");
    (void)pg.run("SET statement_timeout = " + std::to_string(o.pg_path_timeout_ms));
    run_pg(pg, path, "path", o.pg_path_queries, o.pg_seconds, o.pg_path_max_hops);
  }

  // 7. Report.
  const bool compared = admin.has_value();
  std::printf("Network: %lld members, %zu connections (avg degree %.1f, max %zu), seed %llu; generated in %.1f s\n",
              static_cast<long long>(o.members), connections,
              2.0 * static_cast<double>(connections) / static_cast<double>(o.members), max_degree,
              static_cast<unsigned long long>(o.seed), generate_s);
  std::printf("Store:   fresh SQLite file written in %.1f s (%.0f MiB): direct sqlite3, prepared 64-row INSERTs, "
              "a commit per million rows, index on member_b re-created after the load\n",
              store_write_s, static_cast<double>(store_bytes) / (1024.0 * 1024.0));
  std::printf("Load:    GraphIndex::load from the store %.2f s (target <= %.0f s); Graph::build from the edge list "
              "alone %.2f s\n",
              load_s, kTargetLoadSeconds, build_s);
  std::printf("Memory:  %.1f MiB = %.2f B per directed connection (target <= %.0f)\n",
              static_cast<double>(st.memory_bytes) / (1024.0 * 1024.0), bytes_per_directed, kTargetBytesPerConnection);
  if (compared) {
    std::printf("PostgreSQL %s: loaded in %.1f s (members %.1f s, COPY connections %.1f s, constraints and indexes "
                "%.1f s, VACUUM ANALYZE %.1f s)\n",
                pg_version.c_str(), pg_load.total_s, pg_load.members_s, pg_load.copy_s, pg_load.constraints_s,
                pg_load.analyze_s);
  }
  std::printf("\n%-34s %10s %10s %12s %6s |%10s %10s %5s | %10s\n", "question", "Kring p50", "Kring p99",
              "p99 unpreem.", "n", "PG p50", "PG p99", "PG n", "PG/Kring");
  auto row = [&](const std::string& label, const Latency& k, const Latency* kq, const Latency* p,
                 const std::string& ratio) {
    std::printf("%-34s %10s %10s %12s %6zu |", label.c_str(), fmt_us(k.p50_us).c_str(), fmt_us(k.p99_us).c_str(),
                kq ? fmt_us(kq->p99_us).c_str() : "", k.samples);
    if (p && p->samples) {
      std::printf("%10s %10s %5zu | %10s\n", fmt_us(p->p50_us).c_str(), fmt_us(p->p99_us).c_str(), p->samples,
                  ratio.c_str());
    } else {
      std::printf("%10s %10s %5s | %10s\n", "", "", "", "");
    }
  };
  Json ratios = Json::object();
  std::vector<double> ratio_of(4, 0);
  Json degree_by = Json::object(), pg_degree_by = Json::object();
  for (size_t qi = 0; qi < 4; ++qi) {
    Question* q = questions[qi];
    Latency k = q->kring(), kq = q->kring_quiet(), p = q->pg();
    std::string r;
    if (compared && !q->pg_us.empty()) {
      Latency kp = q->kring_on_pg_prefix();
      ratio_of[qi] = kp.p50_us > 0 ? p.p50_us / kp.p50_us : 0;
      ratios[q->key] = round_to(ratio_of[qi], 1);
      char buf[32];
      std::snprintf(buf, sizeof buf, ratio_of[qi] < 10 ? "%s%.1fx" : "%s%.0fx", q->pg_timeouts ? ">=" : "",
                    ratio_of[qi]);
      r = buf;
    }
    row(q->label, k, &kq, compared ? &p : nullptr, r);
    if (q != &degree) continue;
    const char* names[] = {"1st", "2nd", "3rd", "beyond 3rd"};
    const int codes[] = {1, 2, 3, -1};
    for (int c = 0; c < 4; ++c) {
      std::vector<double> ku, kqu, pu, kpu;
      for (size_t i = 0; i < degree.samples.size(); ++i) {
        if (degree.kring_answer[i] != codes[c]) continue;
        ku.push_back(degree.kring_us[i]);
        kqu.push_back(degree.kring_quiet_us[i]);
        if (i < degree.pg_us.size()) {
          pu.push_back(degree.pg_us[i]);
          kpu.push_back(degree.kring_us[i]);
        }
      }
      Latency kl = graph::summarize_latencies(ku), kql = graph::summarize_latencies(kqu),
              pl = graph::summarize_latencies(pu), kpl = graph::summarize_latencies(kpu);
      std::string rr;
      if (pl.samples && kpl.p50_us > 0) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.0fx", pl.p50_us / kpl.p50_us);
        rr = buf;
      }
      row(std::string("  result ") + names[c], kl, &kql, compared ? &pl : nullptr, rr);
      degree_by[names[c]] = {{"samples", kl.samples}, {"p50_us", round_to(kl.p50_us, 2)},
                             {"p99_us", round_to(kl.p99_us, 2)}};
      pg_degree_by[names[c]] = {{"samples", pl.samples}, {"p50_us", round_to(pl.p50_us, 2)},
                                {"p99_us", round_to(pl.p99_us, 2)}};
    }
  }
  size_t paths_found = 0, path_hops = 0;
  for (int64_t h : path.kring_answer) {
    if (h >= 0) {
      ++paths_found;
      path_hops += static_cast<size_t>(h);
    }
  }
  const double avg_hops = paths_found ? static_cast<double>(path_hops) / static_cast<double>(paths_found) : 0;
  std::printf("\nDegree pairs: a quarter each of a connection, 2 and 3 random steps away, and any member. Mutual: "
              "pairs 2 random steps apart. Paths: random pairs; Kring found %zu of %zu (average %.2f hops), exact "
              "bidirectional BFS with no hop limit. People you may know: %zu viewers with %zu-%zu connections.\n",
              paths_found, path.samples.size(), avg_hops, viewers.size(), lo, hi);
  std::printf("Kring: one thread, in-process. \"p99 unpreem.\": p99 when a run during which another process took the "
              "core is repeated (runs preempted: degree %zu, mutual %zu, path %zu, pymk %zu).\n",
              degree.kring_preempted, mutual.kring_preempted, path.kring_preempted, pymk.kring_preempted);
  if (compared) {
    std::printf("PostgreSQL: the first samples of the same lists, one connection, prepared statements over loopback "
                "(round trip included), jit off, work_mem 64MB; PG/Kring compares p50s on those same samples.\n");
    for (Question* q : questions) {
      std::printf("  %-7s %zu answered: %zu agree with Kring, %zu disagree", q->key, q->pg_us.size(), q->pg_agree,
                  q->pg_disagree);
      if (q == &pymk) std::printf(" (top-20 scores equal within 1e-9; %zu identical member lists)", q->pg_exact);
      if (q == &path) {
        std::printf("; recursive CTE with hop limit %d and statement_timeout %d ms: %zu cut at the hop limit, %zu "
                    "timed out (counted at the time they were stopped)",
                    o.pg_path_max_hops, o.pg_path_timeout_ms, q->pg_cut, q->pg_timeouts);
      } else if (q->pg_timeouts) {
        std::printf(", %zu timed out", q->pg_timeouts);
      }
      if (q->pg_errors) std::printf(", failed: %s", q->pg_first_error.c_str());
      if (q->pg_budget_hit) std::printf("; stopped after %.0f s", o.pg_seconds);
      std::printf("\n");
    }
  }

  // Targets.
  Json targets = Json::object();
  std::printf("\nTargets:\n");
  auto target = [&](const char* key, const char* what, double value, double limit, bool at_most, const char* unit,
                    std::optional<double> quiet = std::nullopt) {
    const bool pass = at_most ? value <= limit : value >= limit;
    Json t = {{"value", round_to(value, 2)}, {"target", limit}, {"pass", pass}};
    std::printf("  %-48s %10.2f %-3s (target %s %g): %s", what, value, unit, at_most ? "<=" : ">=", limit,
                pass ? "PASS" : "MISSED");
    if (quiet) {
      const bool qpass = at_most ? *quiet <= limit : *quiet >= limit;
      t["unpreempted"] = round_to(*quiet, 2);
      t["unpreempted_pass"] = qpass;
      std::printf(" (unpreempted %.2f %s: %s)", *quiet, unit, qpass ? "PASS" : "MISSED");
    }
    std::printf("\n");
    targets[key] = t;
  };
  target("degree_p99_us", "degree p99", degree.kring().p99_us, kTargetDegreeP99Us, true, "us",
         degree.kring_quiet().p99_us);
  target("pymk_p99_ms", "people you may know p99", pymk.kring().p99_us / 1000, kTargetPymkP99Ms, true, "ms",
         pymk.kring_quiet().p99_us / 1000);
  if (compared && !pymk.pg_us.empty()) {
    target("pymk_vs_postgres", "people you may know, PostgreSQL p50 / Kring p50", ratio_of[3], kTargetPymkRatio,
           false, "x");
  }
  target("bytes_per_connection", "memory per directed connection", bytes_per_directed, kTargetBytesPerConnection,
         true, "B");
  target("load_seconds", "GraphIndex::load from the store", load_s, kTargetLoadSeconds, true, "s");
  std::fflush(stdout);

  if (o.json) {
    Json kring = Json::object(), pgj = Json::object();
    for (Question* q : questions) {
      Json kj = latency_json(q->kring());
      Latency kq = q->kring_quiet();
      kj["unpreempted_p50_us"] = round_to(kq.p50_us, 2);
      kj["unpreempted_p99_us"] = round_to(kq.p99_us, 2);
      kj["preempted_runs"] = q->kring_preempted;
      if (q == &degree) kj["by_result"] = degree_by;
      if (q == &path) kj["avg_hops"] = round_to(avg_hops, 2);
      kring[q->key] = kj;
      if (!compared) continue;
      Json j = latency_json(q->pg());
      j["timeouts"] = q->pg_timeouts;
      j["errors"] = q->pg_errors;
      j["agree"] = q->pg_agree;
      j["disagree"] = q->pg_disagree;
      if (q == &degree) j["by_result"] = pg_degree_by;
      if (q == &path) {
        j["cut"] = q->pg_cut;
        j["max_hops"] = o.pg_path_max_hops;
        j["timeout_ms"] = o.pg_path_timeout_ms;
      }
      if (q == &pymk) j["identical_lists"] = q->pg_exact;
      pgj[q->key] = j;
    }
    if (compared) {
      pgj["server_version"] = pg_version;
      pgj["load_seconds"] = round_to(pg_load.total_s, 2);
    }
    Json j;
    j["kring"] = kring;
    j["postgres"] = compared ? pgj : Json(nullptr);
    j["memory_bytes_per_connection"] = round_to(bytes_per_directed, 2);
    j["load_seconds"] = round_to(load_s, 3);
    j["build_seconds"] = round_to(build_s, 3);
    j["generate_seconds"] = round_to(generate_s, 2);
    j["store_write_seconds"] = round_to(store_write_s, 2);
    j["ratios"] = compared ? ratios : Json(nullptr);
    j["targets"] = targets;
    j["members"] = o.members;
    j["avg_connections"] = o.avg_connections;
    j["seed"] = o.seed;
    j["connections"] = connections;
    j["max_degree"] = max_degree;
    j["memory_bytes"] = st.memory_bytes;
    j["pymk_viewers"] = viewers.size();
    std::cout << j.dump() << std::endl;
  }
  return 0;
}

}  // namespace kring::bench
