#include "bench/search_bench.h"

#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "accounts/password.h"
#include "bench/pg_client.h"
#include "graph/graph_bench.h"
#include "graph/graph_index.h"
#include "search/people_index.h"
#include "seed/generator.h"
#include "store/database.h"

namespace kring::bench {
namespace {

using Clock = std::chrono::steady_clock;
using Json = nlohmann::ordered_json;
using graph::Latency;
namespace fs = std::filesystem;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}
volatile size_t g_sink = 0;
void progress(const std::string& msg) { std::cerr << "search bench: " << msg << std::endl; }

// Resident set size of this process in bytes (VmRSS), 0 when unknown.
int64_t rss_bytes() {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::strtoll(line.c_str() + 6, nullptr, 10) * 1024;
  }
  return 0;
}

// ---- the questions ----------------------------------------------------------------------------------

struct Profile {
  int64_t id = 0;
  std::string first, last, city, title, company_name, company_handle;
  std::vector<std::pair<std::string, std::string>> skills;  // key, name
};

struct Question {
  int64_t viewer = 0;
  std::string a, b, c;  // name: first, last; skill+city: skill key, skill name, city; title+company: title,
                        // company handle, company name; typeahead: prefix
};

enum Kind { kName = 0, kSkillCity = 1, kTitleCompany = 2, kTypeahead = 3 };
constexpr const char* kKindKeys[] = {"name", "skill_city", "title_company_2nd", "typeahead"};
constexpr const char* kKindLabels[] = {"name (free text)", "skill + city", "title + company, 2nd degree",
                                       "typeahead, 3 letters"};

// The first `n` UTF-8 characters of `s`.
std::string utf8_prefix(const std::string& s, size_t n) {
  size_t i = 0, chars = 0;
  while (i < s.size() && chars < n) {
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
    ++chars;
  }
  return s.substr(0, i);
}

// ---- SQLite -----------------------------------------------------------------------------------------

struct Lite {
  sqlite3* db = nullptr;
  ~Lite() {
    if (db) sqlite3_close(db);
  }
  Status exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string e = err ? err : "?";
      sqlite3_free(err);
      return Error::internal("sqlite: " + sql.substr(0, 100) + ": " + e);
    }
    return {};
  }
  int64_t value(const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    int64_t v = 0;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW) {
      v = sqlite3_column_int64(s, 0);
    }
    sqlite3_finalize(s);
    return v;
  }
  // Runs `sql`, calling `row(stmt)` for each row.
  Status each(const std::string& sql, const std::function<void(sqlite3_stmt*)>& row) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) {
      return Error::internal(std::string("sqlite: prepare: ") + sqlite3_errmsg(db));
    }
    while (sqlite3_step(s) == SQLITE_ROW) row(s);
    sqlite3_finalize(s);
    return {};
  }
};

std::string col(sqlite3_stmt* s, int i) {
  const unsigned char* t = sqlite3_column_text(s, i);
  return t ? reinterpret_cast<const char*>(t) : "";
}

std::string fts_quote(const std::string& s) {
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

// Words of `s` (split on spaces), each quoted: an implicit AND in FTS5.
std::string fts_words(const std::string& s) {
  std::string out, w;
  auto flush = [&] {
    if (!w.empty()) out += (out.empty() ? "" : " ") + fts_quote(w);
    w.clear();
  };
  for (char ch : s) {
    if (ch == ' ')
      flush();
    else
      w += ch;
  }
  flush();
  return out;
}

constexpr const char* kFtsCreate =
    "CREATE VIRTUAL TABLE people_fts USING fts5(name, headline, positions, skills, city, "
    "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')";
constexpr const char* kFtsFill =
    "INSERT INTO people_fts (rowid, name, headline, positions, skills, city) "
    "SELECT m.id, m.first_name || ' ' || m.last_name, m.headline, "
    "(SELECT group_concat(p.title || ' ' || COALESCE(c.name, p.company_name), ' | ') FROM positions p "
    "LEFT JOIN companies c ON c.id = p.company_id WHERE p.member_id = m.id), "
    "(SELECT group_concat(s.name, ' | ') FROM member_skills s WHERE s.member_id = m.id), m.city FROM members "
    "m";
constexpr const char* kSecondDegreeSqlite =
    "WITH f1(m) AS (SELECT member_b FROM connections WHERE member_a = ?2 UNION "
    "SELECT member_a FROM connections WHERE member_b = ?2), "
    "f2(m) AS (SELECT m FROM f1 UNION SELECT c.member_b FROM f1 JOIN connections c ON c.member_a = f1.m "
    "UNION SELECT c.member_a FROM f1 JOIN connections c ON c.member_b = f1.m) ";
constexpr const char* kFtsQueries[] = {
    "SELECT rowid FROM people_fts WHERE people_fts MATCH ?1 ORDER BY rank LIMIT 10",
    "SELECT rowid FROM people_fts WHERE people_fts MATCH ?1 LIMIT 10",
    "SELECT rowid FROM people_fts WHERE people_fts MATCH ?1 AND rowid IN f2 AND rowid <> ?2 ORDER BY rank "
    "LIMIT 10",
    "SELECT rowid FROM people_fts WHERE people_fts MATCH ?1 ORDER BY rank LIMIT 5"};

std::string fts_match(Kind k, const Question& q) {
  switch (k) {
    case kName:
      return fts_words(q.a + " " + q.b);
    case kSkillCity:
      return "skills : " + fts_quote(q.b) + " AND city : " + fts_quote(q.c);
    case kTitleCompany:
      return fts_words(q.a) + " AND positions : " + fts_quote(q.c);
    case kTypeahead:
      return "name : " + fts_quote(q.a) + " *";
  }
  return "";
}

// ---- PostgreSQL -------------------------------------------------------------------------------------

void copy_field(std::string& out, const std::string& s) {
  for (char ch : s) {
    switch (ch) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += ch;
    }
  }
}

constexpr const char* kPgSchema =
    "CREATE TABLE people (id bigint PRIMARY KEY, name text NOT NULL, headline text NOT NULL, "
    "positions text NOT NULL, skills text NOT NULL, city text NOT NULL, "
    "doc tsvector GENERATED ALWAYS AS (to_tsvector('simple', name || ' ' || headline || ' ' || positions || "
    "' ' || "
    "skills || ' ' || city)) STORED, "
    "name_v tsvector GENERATED ALWAYS AS (to_tsvector('simple', name)) STORED, "
    "pos_v tsvector GENERATED ALWAYS AS (to_tsvector('simple', positions)) STORED, "
    "skills_v tsvector GENERATED ALWAYS AS (to_tsvector('simple', skills)) STORED, "
    "city_v tsvector GENERATED ALWAYS AS (to_tsvector('simple', city)) STORED); "
    "CREATE TABLE connections (member_a bigint NOT NULL, member_b bigint NOT NULL)";
constexpr const char* kPgIndexes =
    "CREATE INDEX people_doc ON people USING gin (doc); CREATE INDEX people_name ON people USING gin "
    "(name_v); "
    "CREATE INDEX people_fields ON people USING gin (pos_v, skills_v, city_v); "
    "ALTER TABLE connections ADD PRIMARY KEY (member_a, member_b); "
    "CREATE INDEX connections_b ON connections (member_b, member_a); ANALYZE";
constexpr const char* kPgQueries[] = {
    "SELECT id FROM people WHERE doc @@ plainto_tsquery('simple', $1) "
    "ORDER BY ts_rank(doc, plainto_tsquery('simple', $1)) DESC LIMIT 10",
    "SELECT id FROM people WHERE skills_v @@ phraseto_tsquery('simple', $1) "
    "AND city_v @@ phraseto_tsquery('simple', $2) LIMIT 10",
    "WITH f1 AS (SELECT member_b AS m FROM connections WHERE member_a = $3 UNION "
    "SELECT member_a FROM connections WHERE member_b = $3), "
    "f2 AS (SELECT m FROM f1 UNION SELECT c.member_b FROM f1 JOIN connections c ON c.member_a = f1.m "
    "UNION SELECT c.member_a FROM f1 JOIN connections c ON c.member_b = f1.m) "
    "SELECT p.id FROM people p WHERE p.doc @@ plainto_tsquery('simple', $1) "
    "AND p.pos_v @@ phraseto_tsquery('simple', $2) AND p.id IN (SELECT m FROM f2) AND p.id <> $3 "
    "ORDER BY ts_rank(p.doc, plainto_tsquery('simple', $1)) DESC LIMIT 10",
    "SELECT id FROM people WHERE name_v @@ to_tsquery('simple', $1) "
    "ORDER BY ts_rank(name_v, to_tsquery('simple', $1)) DESC LIMIT 5"};
constexpr int kPgParams[] = {1, 2, 3, 1};

std::vector<std::string> pg_params(Kind k, const Question& q) {
  switch (k) {
    case kName:
      return {q.a + " " + q.b};
    case kSkillCity:
      return {q.b, q.c};
    case kTitleCompany:
      return {q.a, q.c, std::to_string(q.viewer)};
    case kTypeahead: {
      std::string p = "'";
      for (char ch : q.a) p += ch == '\'' ? std::string("''") : std::string(1, ch);
      return {p + "':*"};
    }
  }
  return {};
}

struct EngineResult {
  bool ran = false;
  double index_s = 0;
  int64_t index_bytes = 0;
  std::string size_note;
  Latency lat[4];
  double hits[4] = {0, 0, 0, 0};  // mean results per question
};

Json latency_json(const Latency& l) {
  return Json{{"samples", l.samples},
              {"p50_ms", l.p50_us / 1000},
              {"p99_ms", l.p99_us / 1000},
              {"max_ms", l.max_us / 1000},
              {"mean_ms", l.mean_us / 1000}};
}

}  // namespace

int run_search_bench(const SearchBenchOptions& o) {
  if (o.members < 10 || o.members > 10'000'000 || o.queries < 1) {
    std::cerr << "kring bench search: --members must be between 10 and 10000000\n";
    return 2;
  }
  std::error_code ec;
  const fs::path dir = fs::temp_directory_path() / ("kring-search-bench-" + random_hex(8));
  fs::create_directories(dir, ec);
  struct Cleanup {
    fs::path d;
    ~Cleanup() {
      std::error_code e;
      fs::remove_all(d, e);
    }
  } cleanup{dir};
  const std::string path = o.store.empty() ? (dir / "store.sqlite").string() : o.store;
  auto fail = [](const Error& e) {
    std::cerr << "kring bench search: " << e.message << "\n";
    return 1;
  };

  // 1. Seed (or reuse a kept store).
  store::DatabaseOptions dbo;
  dbo.durable = false;
  dbo.read_connections = 2;
  auto opened = store::open_database("sqlite:" + path, dbo);
  if (!opened.ok()) return fail(opened.error());
  auto& db = **opened;
  if (auto st = store::migrate(db); !st.ok()) return fail(st.error());
  struct Counts {
    int64_t members = 0, connections = 0;
  };
  auto counted = db.read<Counts>([](store::Session& s) -> Result<Counts> {
    Counts c;
    for (const store::Row& r :
         s.query("SELECT (SELECT COUNT(*) FROM members), (SELECT COUNT(*) FROM connections)")) {
      c.members = r.i64(0), c.connections = r.i64(1);
    }
    return c;
  });
  if (!counted.ok()) return fail(counted.error());
  Counts seeded = *counted;
  double seed_s = 0;
  if (seeded.members == 0) {
    seed::SeedOptions so;
    so.members = o.members;
    so.seed = o.seed;
    so.avg_connections = o.avg_connections;
    so.password_cost = accounts::PasswordCost::kMinimum;
    so.post_days = 0;  // people search reads no posts
    progress("seeding " + std::to_string(o.members) + " members");
    auto t0 = Clock::now();
    auto made = seed::seed_database(db, so);
    if (!made.ok()) return fail(made.error());
    seed_s = seconds_since(t0);
    seeded = {made->members, made->connections};
    progress("seeded " + std::to_string(seeded.members) + " members, " + std::to_string(seeded.connections) +
             " connections in " + std::to_string(seed_s) + " s");
  } else {
    progress("reusing " + path + ": " + std::to_string(seeded.members) + " members, " +
             std::to_string(seeded.connections) + " connections");
  }
  auto t0 = Clock::now();

  // 2. The graph and the people index, loaded from a snapshot as `kring serve` loads them.
  graph::GraphIndex gindex;
  {
    auto st = db.read<bool>([&](store::Session& s) -> Result<bool> {
      KRING_TRY(gindex.load(s));
      return true;
    });
    if (!st.ok()) return fail(st.error());
  }
  search::PeopleIndex people(db, gindex.graph());
  EngineResult kring;
  kring.ran = true;
  const int64_t rss0 = rss_bytes();
  t0 = Clock::now();
  {
    auto st = db.read<bool>([&](store::Session& s) -> Result<bool> {
      KRING_TRY(people.load(s));
      return true;
    });
    if (!st.ok()) return fail(st.error());
  }
  kring.index_s = seconds_since(t0);
  kring.index_bytes = rss_bytes() - rss0;
  kring.size_note = "RSS growth while loading (in-memory Xapian + documents)";
  progress("people index: " + std::to_string(people.size()) + " members in " + std::to_string(kring.index_s) +
           " s");

  // 3. Questions drawn from the data.
  Lite lite;
  if (sqlite3_open_v2(path.c_str(), &lite.db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    return fail(Error::internal("sqlite: cannot open " + path));
  }
  sqlite3_busy_timeout(lite.db, 10000);
  std::vector<Profile> profiles;
  std::unordered_map<int64_t, size_t> at;
  {
    Status st =
        lite.each("SELECT id, first_name, last_name, city FROM members ORDER BY id", [&](sqlite3_stmt* s) {
          at[sqlite3_column_int64(s, 0)] = profiles.size();
          profiles.push_back({sqlite3_column_int64(s, 0), col(s, 1), col(s, 2), col(s, 3), "", "", "", {}});
        });
    if (st.ok()) {
      st = lite.each(
          "SELECT p.member_id, p.title, COALESCE(c.name, p.company_name), COALESCE(c.handle, '') FROM "
          "positions p "
          "LEFT JOIN companies c ON c.id = p.company_id WHERE p.end_year IS NULL",
          [&](sqlite3_stmt* s) {
            auto it = at.find(sqlite3_column_int64(s, 0));
            if (it == at.end()) return;
            Profile& p = profiles[it->second];
            p.title = col(s, 1), p.company_name = col(s, 2), p.company_handle = col(s, 3);
          });
    }
    if (st.ok()) {
      st = lite.each("SELECT member_id, skill_key, name FROM member_skills ORDER BY member_id, ord",
                     [&](sqlite3_stmt* s) {
                       auto it = at.find(sqlite3_column_int64(s, 0));
                       if (it != at.end()) profiles[it->second].skills.emplace_back(col(s, 1), col(s, 2));
                     });
    }
    if (!st.ok()) return fail(st.error());
  }
  seed::Rng rng(o.seed * 0x9e3779b97f4a7c15ULL + 6);
  const graph::Graph& g = gindex.graph();
  auto any = [&]() -> const Profile& { return profiles[rng.below(profiles.size())]; };
  std::vector<Question> questions[4];
  for (size_t i = 0; i < o.queries; ++i) {
    const Profile& viewer = any();
    const Profile& t = any();
    questions[kName].push_back({viewer.id, t.first, t.last, ""});
    const Profile* s = &any();
    for (int tries = 0; (s->skills.empty() || s->city.empty()) && tries < 1000; ++tries) s = &any();
    if (s->skills.empty()) return fail(Error::internal("no member with skills and a city to ask about"));
    const auto& sk = s->skills[rng.below(s->skills.size())];
    questions[kSkillCity].push_back({viewer.id, sk.first, sk.second, s->city});
    // A member two steps from the viewer when there is one, so that the degree filter can match.
    const Profile* target = &any();
    auto friends = g.connections_page(viewer.id, 1000).items;
    if (!friends.empty()) {
      auto fof = g.connections_page(friends[rng.below(friends.size())].member, 1000).items;
      if (!fof.empty()) {
        auto it = at.find(fof[rng.below(fof.size())].member);
        if (it != at.end()) target = &profiles[it->second];
      }
    }
    for (int tries = 0; target->title.empty() && tries < 100; ++tries) target = &any();
    questions[kTitleCompany].push_back(
        {viewer.id, target->title,
         target->company_handle.empty() ? target->company_name : target->company_handle,
         target->company_name});
    questions[kTypeahead].push_back({viewer.id, utf8_prefix(any().first, 3), "", ""});
  }

  // 4. Kring.
  for (int k = 0; k < 4; ++k) {
    std::vector<double> us;
    size_t hits = 0;
    for (const Question& q : questions[k]) {
      auto s0 = Clock::now();
      if (k == kTypeahead) {
        auto r = people.typeahead(q.viewer, q.a, {}, 5);
        hits += r.size();
      } else {
        search::PeopleQuery pq;
        pq.viewer = q.viewer;
        pq.limit = k == kTypeahead ? 5 : 10;
        if (k == kName) pq.q = q.a + " " + q.b;
        if (k == kSkillCity) pq.skills = {q.a}, pq.city = q.c;
        if (k == kTitleCompany) pq.q = q.a, pq.current_company = q.b, pq.max_degree = 2;
        auto r = people.search(pq);
        if (r.ok()) hits += r->items.size();
      }
      us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - s0).count());
    }
    g_sink = g_sink + hits;
    kring.lat[k] = graph::summarize_latencies(std::move(us));
    kring.hits[k] = static_cast<double>(hits) / questions[k].size();
    progress(std::string("kring ") + kKindKeys[k] + ": p99 " + std::to_string(kring.lat[k].p99_us / 1000) +
             " ms");
  }

  // 5. SQLite FTS5 in the same file.
  EngineResult fts;
  if (!o.kring_only) {
    fts.ran = true;
    if (auto st = lite.exec("DROP TABLE IF EXISTS people_fts"); !st.ok()) return fail(st.error());
    if (auto st = lite.exec("PRAGMA wal_checkpoint(TRUNCATE)"); !st.ok()) return fail(st.error());
    const int64_t page = lite.value("PRAGMA page_size");
    const int64_t used0 = lite.value("PRAGMA page_count") - lite.value("PRAGMA freelist_count");
    t0 = Clock::now();
    Status st = lite.exec("PRAGMA synchronous=OFF; PRAGMA cache_size=-262144; BEGIN");
    if (st.ok()) st = lite.exec(kFtsCreate);
    if (st.ok()) st = lite.exec(kFtsFill);
    if (st.ok()) st = lite.exec("INSERT INTO people_fts (people_fts) VALUES ('optimize'); COMMIT");
    if (!st.ok()) return fail(st.error());
    fts.index_s = seconds_since(t0);
    (void)lite.exec("PRAGMA wal_checkpoint(TRUNCATE)");  // best effort: only makes the size below exact
    fts.index_bytes = (lite.value("PRAGMA page_count") - lite.value("PRAGMA freelist_count") - used0) * page;
    fts.size_note = "pages added to the SQLite file (FTS5 index + its copy of the text)";
    progress("fts5: indexed in " + std::to_string(fts.index_s) + " s");
    for (int k = 0; k < 4; ++k) {
      std::string sql = std::string(k == kTitleCompany ? kSecondDegreeSqlite : "") + kFtsQueries[k];
      sqlite3_stmt* stmt = nullptr;
      if (sqlite3_prepare_v2(lite.db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
        return fail(Error::internal(std::string("sqlite: ") + sqlite3_errmsg(lite.db)));
      }
      std::vector<double> us;
      size_t hits = 0;
      double spent_us = 0;
      for (const Question& q : questions[k]) {
        if (spent_us > o.alt_budget_s * 1e6) break;
        std::string m = fts_match(static_cast<Kind>(k), q);
        auto s0 = Clock::now();
        sqlite3_bind_text(stmt, 1, m.c_str(), static_cast<int>(m.size()), SQLITE_TRANSIENT);
        if (k == kTitleCompany) sqlite3_bind_int64(stmt, 2, q.viewer);
        int rc;
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) ++hits;
        sqlite3_reset(stmt);
        us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - s0).count());
        spent_us += us.back();
        if (rc != SQLITE_DONE) {
          sqlite3_finalize(stmt);
          return fail(Error::internal("fts5 " + m + ": " + sqlite3_errmsg(lite.db)));
        }
      }
      sqlite3_finalize(stmt);
      fts.hits[k] = static_cast<double>(hits) / static_cast<double>(us.size());
      fts.lat[k] = graph::summarize_latencies(std::move(us));
      progress(std::string("fts5 ") + kKindKeys[k] + ": p99 " + std::to_string(fts.lat[k].p99_us / 1000) +
               " ms");
    }
  }

  // 6. PostgreSQL full-text search.
  EngineResult pg;
  std::string pg_version;
  if (!o.compare_postgres.empty() && fts.ran) {
    Pg admin(o.compare_postgres);
    if (!admin.ok()) return fail(Error::internal("postgresql: " + admin.error()));
    pg_version = admin.value("SHOW server_version").value_or("?");
    PgScratch scratch(admin, "kring_search_bench", "kring bench search");
    if (auto st = scratch.create(); !st.ok()) return fail(st.error());
    const std::string& name = scratch.name();
    Pg conn(with_database(o.compare_postgres, name));
    if (!conn.ok()) return fail(Error::internal("postgresql: " + conn.error()));
    progress("loading PostgreSQL " + pg_version + " (database " + name + ") with COPY");
    std::string people_rows, conn_rows;
    Status st = lite.each("SELECT rowid, name, headline, positions, skills, city FROM people_fts",
                          [&](sqlite3_stmt* s) {
                            people_rows += std::to_string(sqlite3_column_int64(s, 0));
                            for (int c = 1; c <= 5; ++c) {
                              people_rows += '\t';
                              copy_field(people_rows, col(s, c));
                            }
                            people_rows += '\n';
                          });
    if (st.ok()) {
      st = lite.each("SELECT member_a, member_b FROM connections", [&](sqlite3_stmt* s) {
        conn_rows += std::to_string(sqlite3_column_int64(s, 0)) + '\t' +
                     std::to_string(sqlite3_column_int64(s, 1)) + '\n';
      });
    }
    if (!st.ok()) return fail(st.error());
    pg.ran = true;
    t0 = Clock::now();
    // COPY from a buffer held in memory, 1 MiB per message.
    auto copy = [&conn](const std::string& sql, const std::string& data) {
      size_t off = 0;
      return conn.copy_in(sql, [&](std::string& buf) {
        const size_t n = std::min<size_t>(1 << 20, data.size() - off);
        buf.assign(data, off, n);
        off += n;
        return off < data.size();
      });
    };
    st = conn.run(kPgSchema);
    if (st.ok())
      st = copy("COPY people (id, name, headline, positions, skills, city) FROM STDIN", people_rows);
    if (st.ok()) st = copy("COPY connections (member_a, member_b) FROM STDIN", conn_rows);
    if (st.ok()) st = conn.run(kPgIndexes);
    if (!st.ok()) return fail(st.error());
    pg.index_s = seconds_since(t0);
    pg.index_bytes =
        std::strtoll(conn.value("SELECT pg_relation_size('people_doc') + pg_relation_size('people_name') "
                                "+ pg_relation_size('people_fields')")
                         .value_or("0")
                         .c_str(),
                     nullptr, 10);
    pg.size_note = "the three GIN indexes (table with tsvector columns: " +
                   conn.value("SELECT pg_size_pretty(pg_table_size('people'))").value_or("?") + ")";
    progress("postgresql: loaded and indexed in " + std::to_string(pg.index_s) + " s");
    for (int k = 0; k < 4; ++k) {
      const std::string stmt = std::string("q") + std::to_string(k);
      if (auto st = conn.prepare(stmt.c_str(), kPgQueries[k]); !st.ok()) return fail(st.error());
      std::vector<double> us;
      size_t hits = 0;
      double spent_us = 0;
      for (const Question& q : questions[k]) {
        if (spent_us > o.alt_budget_s * 1e6) break;
        std::vector<std::string> params = pg_params(static_cast<Kind>(k), q);
        const char* values[3];
        for (int i = 0; i < kPgParams[k]; ++i) values[i] = params[i].c_str();
        auto s0 = Clock::now();
        PgResult r(PQexecPrepared(conn.conn(), stmt.c_str(), kPgParams[k], values, nullptr, nullptr, 0));
        us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - s0).count());
        spent_us += us.back();
        if (r.status() != PGRES_TUPLES_OK) {
          return fail(Error::internal("postgresql: " + std::string(kKindKeys[k]) + ": " + conn.error()));
        }
        hits += static_cast<size_t>(r.rows());
      }
      pg.hits[k] = static_cast<double>(hits) / static_cast<double>(us.size());
      pg.lat[k] = graph::summarize_latencies(std::move(us));
      progress(std::string("postgresql ") + kKindKeys[k] + ": p99 " +
               std::to_string(pg.lat[k].p99_us / 1000) + " ms");
    }
  }

  // 7. Report.
  const double n = static_cast<double>(seeded.members);
  std::printf("kring bench search: %lld members, %lld connections (seed %llu), %zu queries per question\n",
              static_cast<long long>(seeded.members), static_cast<long long>(seeded.connections),
              static_cast<unsigned long long>(o.seed), o.queries);
  std::printf("seeded in %.1f s (not part of any figure below)\n\n", seed_s);
  auto index_line = [&](const char* label, const EngineResult& e) {
    if (!e.ran) return;
    std::printf("%-18s indexed in %7.1f s = %9.0f members/s; size %8.1f MB (%s)\n", label, e.index_s,
                n / e.index_s, e.index_bytes / 1048576.0, e.size_note.c_str());
  };
  index_line("Kring (Xapian)", kring);
  index_line("SQLite FTS5", fts);
  index_line(("PostgreSQL " + pg_version).c_str(), pg);
  std::printf("\n%-30s %22s %22s %8s", "query (ms: p50 / p99 / max)", "Kring", "SQLite FTS5", "p99 x");
  if (pg.ran) std::printf(" %22s %8s", "PostgreSQL FTS", "p99 x");
  std::printf("   target p99\n");
  for (int k = 0; k < 4; ++k) {
    auto cell = [&](const Latency& l) {
      if (l.samples == 0) return std::string("-");
      char b[96];
      std::snprintf(b, sizeof b, "%.2f / %.2f / %.1f", l.p50_us / 1000, l.p99_us / 1000, l.max_us / 1000);
      std::string c(b);
      if (static_cast<size_t>(l.samples) < o.queries) c += " (n=" + std::to_string(l.samples) + ")";
      return c;
    };
    auto ratio = [&](const EngineResult& e) {
      if (!e.ran || e.lat[k].samples == 0) return std::string("-");
      char b[32];
      std::snprintf(b, sizeof b, "%.1fx", e.lat[k].p99_us / kring.lat[k].p99_us);
      return std::string(b);
    };
    std::printf("%-30s %22s %22s %8s", kKindLabels[k], cell(kring.lat[k]).c_str(), cell(fts.lat[k]).c_str(),
                ratio(fts).c_str());
    if (pg.ran) std::printf(" %22s %8s", cell(pg.lat[k]).c_str(), ratio(pg).c_str());
    const double target = k == kTypeahead ? 5 : 20;
    std::printf("   %4.0f ms %s\n", target, kring.lat[k].p99_us / 1000 <= target ? "met" : "MISSED");
  }
  std::printf("(p99 x: that engine's p99 divided by Kring's; results per query, Kring/FTS5%s:",
              pg.ran ? "/PG" : "");
  for (int k = 0; k < 4; ++k) {
    std::printf(" %s %.1f/%.1f", kKindKeys[k], kring.hits[k], fts.hits[k]);
    if (pg.ran) std::printf("/%.1f", pg.hits[k]);
  }
  std::printf(")\n");

  if (o.json) {
    auto engine_json = [&](const EngineResult& e) {
      Json j{{"index_seconds", e.index_s},
             {"members_per_second", n / e.index_s},
             {"index_bytes", e.index_bytes},
             {"index_size_note", e.size_note}};
      for (int k = 0; k < 4; ++k) {
        Json l = latency_json(e.lat[k]);
        l["mean_results"] = e.hits[k];
        j[kKindKeys[k]] = l;
      }
      return j;
    };
    Json out{{"bench", "search"},
             {"members", seeded.members},
             {"connections", seeded.connections},
             {"seed", o.seed},
             {"queries", o.queries},
             {"seed_seconds", seed_s},
             {"targets_ms", {{"filtered_p99", 20}, {"typeahead_p99", 5}}},
             {"kring", engine_json(kring)},
             {"sqlite_fts5", engine_json(fts)}};
    if (pg.ran) {
      out["postgres"] = engine_json(pg);
      out["postgres"]["server_version"] = pg_version;
    }
    std::printf("%s\n", out.dump().c_str());
  }
  std::fflush(stdout);
  db.close();
  return 0;
}

}  // namespace kring::bench
