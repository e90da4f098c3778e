#include "bench/write_bench.h"

#include <linux/magic.h>
#include <stdlib.h>
#include <sys/vfs.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench/pg_client.h"
#include "store/database.h"

namespace kring::bench {
namespace {

using Clock = std::chrono::steady_clock;
using Json = nlohmann::ordered_json;
namespace fs = std::filesystem;

constexpr std::string_view kInsertMember =
    "INSERT INTO members (handle, first_name, last_name, headline, location, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id";

// One database under test and everything measured on it.
struct Target {
  std::string key;    // JSON key
  std::string label;  // table label
  std::string tag;    // handle prefix, unique per target and run
  std::unique_ptr<store::Database> db;
  std::vector<int64_t> latencies_us;
  int64_t errors = 0;
  std::string first_error;
  double elapsed_s = 0;
  Json extra = Json::object();  // settings worth showing next to the numbers

  double tps() const { return elapsed_s > 0 ? static_cast<double>(latencies_us.size()) / elapsed_s : 0; }
};

// Nearest-rank percentile of sorted samples.
int64_t percentile(const std::vector<int64_t>& sorted, double q) {
  if (sorted.empty()) return 0;
  auto rank = static_cast<size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
}

// `writers` threads each run one-member-plus-change-log transactions on `t` until `seconds` have passed;
// the samples are added to `t`. Slice `slice` keeps handles unique across calls.
void run_slice(Target& t, int slice, int writers, double seconds) {
  std::atomic<bool> go{false};
  Clock::time_point start, deadline;
  std::vector<std::vector<int64_t>> latencies(writers);
  std::vector<int64_t> errors(writers, 0);
  std::mutex error_mu;

  std::vector<std::thread> threads;
  for (int w = 0; w < writers; ++w) {
    threads.emplace_back([&, w] {
      auto& lat = latencies[w];
      lat.reserve(1 << 14);
      while (!go.load(std::memory_order_acquire)) std::this_thread::yield();
      for (int64_t n = 0; Clock::now() < deadline; ++n) {
        std::string handle =
            t.tag + "-" + std::to_string(slice) + "-" + std::to_string(w) + "-" + std::to_string(n);
        auto t0 = Clock::now();
        auto r = t.db->write<int64_t>([&](store::WriteTx& tx) -> Result<int64_t> {
          int64_t now = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
          auto row = tx.query_one(
              kInsertMember, {handle, "Bench", "Writer", "Writes one row at a time", "Loopback", now, now});
          int64_t id = row->i64(0);
          tx.log("member.created", id, R"({"id":)" + std::to_string(id) + R"(,"handle":")" + handle + "\"}");
          return id;
        });
        auto t1 = Clock::now();
        if (r.ok()) {
          lat.push_back(std::chrono::duration_cast<std::chrono::microseconds>(t1 - t0).count());
        } else {
          ++errors[w];
          std::lock_guard lock(error_mu);
          if (t.first_error.empty()) t.first_error = r.error().message;
        }
      }
    });
  }
  start = Clock::now();
  deadline = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  go.store(true, std::memory_order_release);
  for (auto& th : threads) th.join();
  t.elapsed_s += std::chrono::duration<double>(Clock::now() - start).count();
  for (auto& v : latencies) t.latencies_us.insert(t.latencies_us.end(), v.begin(), v.end());
  for (int64_t e : errors) t.errors += e;
}

Status open_target(Target& t, const std::string& url, const store::DatabaseOptions& dbo) {
  KRING_ASSIGN_OR_RETURN(t.db, store::open_database(url, dbo));
  return store::migrate(*t.db);
}

// ---- PostgreSQL: a database created for the run through the admin URL ----------------------------

// Creates the benchmark database; closes the target and drops the database on destruction.
class PgScratchDatabase {
 public:
  PgScratchDatabase(Pg& admin, Target& target)
      : scratch_(admin, "kring_bench", "write bench"), target_(target) {}
  ~PgScratchDatabase() {
    if (target_.db) target_.db->close();
  }  // then scratch_ drops the database
  PgScratchDatabase(const PgScratchDatabase&) = delete;
  PgScratchDatabase& operator=(const PgScratchDatabase&) = delete;

  Status open(const std::string& admin_url, int writers) {
    if (Status st = scratch_.create(); !st.ok())
      return Error::unavailable("cannot create a database: " + st.error().message);
    store::DatabaseOptions dbo;
    dbo.read_connections = writers;  // the pool: one connection per writer
    return open_target(target_, with_database(admin_url, scratch_.name()), dbo);
  }

 private:
  PgScratch scratch_;
  Target& target_;
};

// ---- output --------------------------------------------------------------------------------------

Json to_json(const Target& t) {
  const auto& s = t.latencies_us;
  Json j = {{"tps", std::round(t.tps() * 10) / 10},
            {"p50_us", percentile(s, 0.50)},
            {"p99_us", percentile(s, 0.99)},
            {"max_us", s.empty() ? 0 : s.back()},
            {"transactions", static_cast<int64_t>(s.size())},
            {"errors", t.errors}};
  for (auto& [k, v] : t.extra.items()) j[k] = v;
  return j;
}

void print_row(const Target& t) {
  const auto& s = t.latencies_us;
  std::printf("%-44s %10.0f %9lld %9lld %10lld %12zu %7lld\n", t.label.c_str(), t.tps(),
              static_cast<long long>(percentile(s, 0.50)), static_cast<long long>(percentile(s, 0.99)),
              static_cast<long long>(s.empty() ? 0 : s.back()), s.size(), static_cast<long long>(t.errors));
  if (!t.first_error.empty()) std::printf("%-44s first error: %s\n", "", t.first_error.c_str());
}

bool on_tmpfs(const fs::path& p) {
  struct statfs s {};
  return statfs(p.c_str(), &s) == 0 && s.f_type == TMPFS_MAGIC;
}

}  // namespace

int run_write_bench(const WriteBenchOptions& o) {
  if (o.writers < 1 || o.writers > 1024) {
    std::cerr << "kring: --writers must be from 1 to 1024\n";
    return 2;
  }
  if (!(o.seconds > 0) || o.seconds > 3600) {
    std::cerr << "kring: --seconds must be more than 0 and at most 3600\n";
    return 2;
  }
  if (!o.db_url.empty() && o.db_url.rfind("sqlite:", 0) != 0) {
    std::cerr << "kring: --db must be a sqlite: URL; compare with PostgreSQL through --compare-postgres\n";
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

  // Fresh SQLite files in a private folder, removed afterwards; or the given file for every mode.
  fs::path tmp_dir;
  if (o.db_url.empty()) {
    std::string pattern = (fs::temp_directory_path() / "kring-write-bench-XXXXXX").string();
    if (!mkdtemp(pattern.data())) {
      std::perror("kring: cannot create a temporary folder");
      return 1;
    }
    tmp_dir = pattern;
  }
  struct RemoveDir {
    fs::path p;
    ~RemoveDir() {
      std::error_code ec;
      if (!p.empty()) fs::remove_all(p, ec);
    }
  } remove_dir{tmp_dir};
  fs::path sqlite_dir = tmp_dir;
  if (!o.db_url.empty()) {
    std::string path = o.db_url.substr(7);
    if (path.rfind("//", 0) == 0) path = path.substr(2);  // sqlite://PATH
    sqlite_dir = fs::absolute(fs::path(path)).parent_path();
  }

  // Targets are declared before the PostgreSQL guard so that the guard closes and drops first.
  const std::string run_id = "wb" + random_hex(6);  // keeps handles unique when a database is reused
  struct Mode {
    const char *key, *label, *file;
    bool durable, group_commit;
  };
  const Mode modes[] = {
      {"sqlite_group_commit", "sqlite, group commit (durable)", "group.db", true, true},
      {"sqlite_no_group_commit", "sqlite, fsync per transaction (durable)", "single.db", true, false},
      {"sqlite_unsafe", "sqlite, synchronous=OFF (not durable)", "unsafe.db", false, true},
  };
  std::vector<Target> targets(std::size(modes) + (admin ? 1 : 0));
  for (size_t i = 0; i < std::size(modes); ++i) {
    const Mode& m = modes[i];
    Target& t = targets[i];
    t.key = m.key;
    t.label = m.label;
    t.tag = run_id + "-" + std::to_string(i);
    store::DatabaseOptions dbo;
    dbo.read_connections = 1;
    dbo.durable = m.durable;
    dbo.group_commit = m.group_commit;
    std::string url = o.db_url.empty() ? "sqlite:" + (tmp_dir / m.file).string() : o.db_url;
    if (Status st = open_target(t, url, dbo); !st.ok()) {
      std::cerr << "kring: " << m.label << ": " << st.error().message << "\n";
      return 1;
    }
  }
  std::optional<PgScratchDatabase> pg_db;
  if (admin) {
    Target& t = targets.back();
    t.key = "postgres";
    t.tag = run_id + "-pg";
    std::string fsync = admin->value("SHOW fsync").value_or("?");
    std::string sync_commit = admin->value("SHOW synchronous_commit").value_or("?");
    t.extra = {{"server_version", admin->value("SHOW server_version").value_or("?")},
               {"fsync", fsync},
               {"synchronous_commit", sync_commit}};
    t.label = "postgresql (fsync=" + fsync + ", synchronous_commit=" + sync_commit + ")";
    if (fsync != "on" || sync_commit == "off") {
      std::cerr << "write bench: warning: PostgreSQL runs with fsync=" << fsync
                << ", synchronous_commit=" << sync_commit << "; its commits are not durable\n";
    }
    pg_db.emplace(*admin, t);
    if (Status st = pg_db->open(o.compare_postgres, o.writers); !st.ok()) {
      std::cerr << "kring: postgresql: " << st.error().message << "\n";
      return 1;
    }
  }

  // Disk and CPU conditions drift, so the modes take turns in slices of about a second rather than running
  // one after the other: each mode sees the same mix of good and bad moments.
  const int rounds = std::max(1, static_cast<int>(std::lround(o.seconds)));
  const double slice = o.seconds / rounds;
  std::cerr << "write bench: " << targets.size() << " modes, " << o.writers << " writers, " << rounds
            << " rounds of " << slice << " s per mode\n";
  for (int r = 0; r < rounds; ++r) {
    for (Target& t : targets) run_slice(t, r, o.writers, slice);
  }
  for (Target& t : targets) std::sort(t.latencies_us.begin(), t.latencies_us.end());
  pg_db.reset();  // closes and drops the PostgreSQL database
  for (Target& t : targets) {
    if (t.db) t.db->close();
  }

  const Target& gc = targets[0];
  const Target& single = targets[1];
  const Target* pg = admin ? &targets.back() : nullptr;
  double speedup = single.tps() > 0 ? gc.tps() / single.tps() : 0;

  std::printf(
      "Durable write throughput: %d writers, %.1f s per mode in %d interleaved rounds; each transaction "
      "inserts a member and appends a change-log entry\n",
      o.writers, o.seconds, rounds);
  std::printf("SQLite files in %s%s\n\n", sqlite_dir.c_str(),
              on_tmpfs(sqlite_dir) ? " (tmpfs: fsync costs nothing here, durable modes are flattered)" : "");
  std::printf("%-44s %10s %9s %9s %10s %12s %7s\n", "mode", "tx/s", "p50 us", "p99 us", "max us",
              "transactions", "errors");
  for (const Target& t : targets) print_row(t);
  std::printf("\ngroup commit speedup over one fsync per transaction: %.1fx\n", speedup);
  if (pg && pg->tps() > 0) std::printf("sqlite group commit vs postgresql: %.2fx\n", gc.tps() / pg->tps());
  std::fflush(stdout);

  if (o.json) {
    Json j;
    for (size_t i = 0; i < std::size(modes); ++i) j[targets[i].key] = to_json(targets[i]);
    j["postgres"] = pg ? to_json(*pg) : Json(nullptr);
    j["group_commit_speedup"] = std::round(speedup * 100) / 100;
    j["writers"] = o.writers;
    j["seconds"] = o.seconds;
    j["rounds"] = rounds;
    std::cout << j.dump() << std::endl;
  }
  bool all_ran =
      std::all_of(targets.begin(), targets.end(), [](const Target& t) { return !t.latencies_us.empty(); });
  return all_ran ? 0 : 1;
}

}  // namespace kring::bench
