// The store's contract, checked on every backend in test_backends().
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <latch>
#include <limits>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "common/clock.h"
#include "store/database.h"
#include "store/migration_scripts.h"
#include "store/postgres_database.h"
#include "support/test_db.h"

namespace kring::store {
namespace {

using namespace std::chrono_literals;
using kring::testing::TestDatabase;

constexpr std::string_view kCreateItems =
    "CREATE TABLE t_items (writer INTEGER NOT NULL, n INTEGER NOT NULL, name TEXT NOT NULL UNIQUE)";
constexpr std::string_view kInsertItem = "INSERT INTO t_items (writer, n, name) VALUES (?, ?, ?)";

std::string item_payload(int writer, int n) {
  return "{\"writer\":" + std::to_string(writer) + ",\"n\":" + std::to_string(n) + "}";
}

template <typename T>
Status status_of(const Result<T>& r) {
  return r.ok() ? Status{} : Status(r.error());
}

bool parse_payload(const std::string& payload, int& writer, int& n) {
  return std::sscanf(payload.c_str(), "{\"writer\":%d,\"n\":%d}", &writer, &n) == 2;
}

// Records what the database tells its observer.
class RecordingObserver final : public ChangeObserver {
 public:
  struct Commit {
    int64_t seq;
    std::thread::id thread;
  };
  void committed(int64_t seq) override {
    std::lock_guard lock(mu_);
    commits_.push_back({seq, std::this_thread::get_id()});
  }
  void remote_changes() override {
    std::lock_guard lock(mu_);
    ++remote_;
    cv_.notify_all();
  }
  std::vector<Commit> commits() {
    std::lock_guard lock(mu_);
    return commits_;
  }
  int remote() {
    std::lock_guard lock(mu_);
    return remote_;
  }
  // Waits until remote_changes() has been called more than `count` times.
  bool wait_remote_above(int count, std::chrono::milliseconds timeout = 10s) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return remote_ > count; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Commit> commits_;
  int remote_ = 0;
};

class DatabaseTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    t_ = kring::testing::make_test_database(GetParam());
    ASSERT_TRUE(script(kCreateItems).ok());
  }

  Database& db() { return *t_->db; }
  bool is_pg() const { return GetParam() == Backend::kPostgres; }

  Status script(std::string_view sql) {
    return status_of(db().write<bool>([&](WriteTx& tx) -> Result<bool> {
      tx.exec_script(sql);
      return true;
    }));
  }

  int64_t scalar(std::string_view sql, const Params& params = {}) {
    auto r = db().read<int64_t>([&](Session& s) -> Result<int64_t> {
      auto row = s.query_one(sql, params);
      return row ? row->i64(0) : -1;
    });
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? *r : -1;
  }

  int64_t item_count() { return scalar("SELECT COUNT(*) FROM t_items"); }
  int64_t last_seq() {
    auto r = db().read<int64_t>([](Session& s) -> Result<int64_t> { return max_seq(s); });
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : -1;
  }

  // Inserts an item and logs it; returns the write's outcome.
  Status insert_item(int writer, int n, const std::string& name) {
    return status_of(db().write<bool>([&](WriteTx& tx) -> Result<bool> {
      tx.log("item.created", writer * 1000 + n, item_payload(writer, n));
      tx.exec(kInsertItem, {writer, n, name});
      return true;
    }));
  }

  std::unique_ptr<TestDatabase> t_;
};

TEST_P(DatabaseTest, MigrateIsIdempotent) {
  ASSERT_TRUE(migrate(db()).ok());
  ASSERT_TRUE(migrate(db()).ok());
  const auto& scripts = is_pg() ? kPostgresMigrations : kSqliteMigrations;
  EXPECT_EQ(scalar("SELECT MAX(version) FROM schema_migrations"), latest_schema_version());
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM schema_migrations"), static_cast<int64_t>(scripts.size()));
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM members"), 0);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM change_log"), 0);
}

TEST_P(DatabaseTest, ValuesRoundTrip) {
  ASSERT_TRUE(
      script("CREATE TABLE t_vals (id INTEGER PRIMARY KEY, i BIGINT, d DOUBLE PRECISION, t TEXT, n BIGINT)").ok());
  const int64_t kMax = std::numeric_limits<int64_t>::max();
  const int64_t kMin = std::numeric_limits<int64_t>::min();
  const std::string kUnicode = "h\xC3\xA9llo \xE2\x9C\x93 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x9A\x80";
  const std::string kTricky = "it's \"quoted\" ? $1 -- not a comment /* nor this */ \\n";
  struct Expected {
    int id;
    int64_t i;
    double d;
    std::string t;
  };
  const std::vector<Expected> expected = {
      {1, kMax, 3.141592653589793, kUnicode},
      {2, kMin, -1e-300, ""},
      {3, 0, 1.7976931348623157e308, kTricky},
      {4, -1, 0.1, "plain"},
  };
  auto inserted = db().write<int64_t>([&](WriteTx& tx) -> Result<int64_t> {
    int64_t changed = 0;
    for (const auto& e : expected) {
      changed += tx.exec("INSERT INTO t_vals (id, i, d, t, n) VALUES (?, ?, ?, ?, ?)",
                         {e.id, e.i, e.d, e.t, std::nullopt});
    }
    return changed;
  });
  ASSERT_TRUE(inserted.ok()) << inserted.error().message;
  EXPECT_EQ(*inserted, 4);

  auto rows = db().read<Rows>(
      [](Session& s) -> Result<Rows> { return s.query("SELECT id, i, d, t, n FROM t_vals ORDER BY id"); });
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  ASSERT_EQ(rows->size(), expected.size());
  for (std::size_t k = 0; k < expected.size(); ++k) {
    const Row& r = (*rows)[k];
    const Expected& e = expected[k];
    SCOPED_TRACE("row " + std::to_string(e.id));
    ASSERT_EQ(r.size(), 5u);
    EXPECT_TRUE(r[0].is_int());
    EXPECT_EQ(r.i64(0), e.id);
    EXPECT_TRUE(r[1].is_int());
    EXPECT_EQ(r.i64(1), e.i);
    EXPECT_TRUE(r[2].is_double());
    EXPECT_EQ(r.f64(2), e.d);  // exact: doubles travel with 17 significant digits
    EXPECT_TRUE(r[3].is_text());
    EXPECT_EQ(r.text(3), e.t);
    EXPECT_TRUE(r.is_null(4));
    EXPECT_EQ(r.opt_i64(4), std::nullopt);
  }

  // Booleans are stored as 0/1; a NULL parameter matches nothing with "=".
  auto changed = db().write<int64_t>([](WriteTx& tx) -> Result<int64_t> {
    return tx.exec("UPDATE t_vals SET n = ? WHERE id IN (?, ?)", {true, 1, 2});
  });
  ASSERT_TRUE(changed.ok()) << changed.error().message;
  EXPECT_EQ(*changed, 2);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM t_vals WHERE n = ?", {true}), 2);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM t_vals WHERE n = ?", {std::nullopt}), 0);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM t_vals WHERE t = ?", {kTricky}), 1);

  auto none = db().read<std::optional<Row>>([](Session& s) -> Result<std::optional<Row>> {
    return s.query_one("SELECT id FROM t_vals WHERE id = ?", {999});
  });
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());

  auto no_change = db().write<int64_t>(
      [](WriteTx& tx) -> Result<int64_t> { return tx.exec("DELETE FROM t_vals WHERE id = ?", {999}); });
  ASSERT_TRUE(no_change.ok());
  EXPECT_EQ(*no_change, 0);
}

TEST_P(DatabaseTest, PlaceholdersInsideLiteralsAreNotParameters) {
  ASSERT_TRUE(insert_item(1, 1, "?").ok());
  ASSERT_TRUE(insert_item(1, 2, "x").ok());
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM t_items WHERE name <> '?' /* ? */ AND writer = ? -- ?\n", {1}), 1);
  EXPECT_EQ(scalar("SELECT n FROM t_items WHERE name = ? AND \"name\" <> 'it''s ?'", {"?"}), 1);
}

TEST_P(DatabaseTest, FailedWriteLeavesNothingBehind) {
  // The function reports an error.
  auto r = db().write<int>([](WriteTx& tx) -> Result<int> {
    tx.exec(kInsertItem, {1, 1, "a"});
    tx.log("item.created", 1, item_payload(1, 1));
    return Error::invalid("name", "no good");
  });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().field, "name");

  // The function throws.
  r = db().write<int>([](WriteTx& tx) -> Result<int> {
    tx.exec(kInsertItem, {1, 2, "b"});
    tx.log("item.created", 2, item_payload(1, 2));
    throw std::runtime_error("boom");
  });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInternal);

  // A statement fails after earlier ones succeeded.
  r = db().write<int>([](WriteTx& tx) -> Result<int> {
    tx.exec(kInsertItem, {1, 3, "c"});
    tx.log("item.created", 3, item_payload(1, 3));
    tx.exec("INSERT INTO no_such_table VALUES (?)", {1});
    return 1;
  });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInternal);

  EXPECT_EQ(item_count(), 0);
  EXPECT_EQ(last_seq(), 0);
  auto changes = read_changes(db(), 0, 100);
  ASSERT_TRUE(changes.ok());
  EXPECT_TRUE(changes->empty());

  // The database is still usable afterwards.
  ASSERT_TRUE(insert_item(1, 4, "d").ok());
  EXPECT_EQ(item_count(), 1);
}

TEST_P(DatabaseTest, UniqueViolationIsConflictAndRollsBackTheWholeWrite) {
  ASSERT_TRUE(insert_item(1, 1, "taken").ok());
  auto r = db().write<int>([](WriteTx& tx) -> Result<int> {
    tx.exec(kInsertItem, {2, 1, "fresh"});
    tx.log("item.created", 2001, item_payload(2, 1));
    tx.exec(kInsertItem, {2, 2, "taken"});
    return 1;
  });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM t_items WHERE name = ?", {"fresh"}), 0);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM change_log"), 1);
}

TEST_P(DatabaseTest, ForeignKeyViolationFailsTheWrite) {
  auto r = db().write<int>([](WriteTx& tx) -> Result<int> {
    tx.exec("INSERT INTO accounts (member_id, email, created_at) VALUES (?, ?, ?)", {424242, "a@example.com", 1});
    return 1;
  });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInternal);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM accounts"), 0);
}

// Many writers at once, one write per writer conflicting, and a follower reading the log while they run.
// Every successful write must be present, the failed ones absent, and the follower must see every entry
// exactly once: sequence order equals commit order.
TEST_P(DatabaseTest, ConcurrentWritersWithConflicts) {
  constexpr int kWriters = 16, kWrites = 50, kConflicting = 25;
  ASSERT_TRUE(db().write<bool>([](WriteTx& tx) -> Result<bool> {
                    tx.exec(kInsertItem, {-1, -1, "taken"});
                    return true;
                  }).ok());

  std::atomic<bool> writers_done{false};
  std::vector<Change> followed;
  std::string follower_error;
  std::thread follower([&] {
    int64_t after = 0;
    for (;;) {
      const bool last_round = writers_done.load();
      auto batch = read_changes(db(), after, 1000);
      if (!batch.ok()) {
        follower_error = batch.error().message;
        return;
      }
      for (Change& c : *batch) {
        after = c.seq;
        followed.push_back(std::move(c));
      }
      if (last_round && batch->empty()) return;
      if (batch->empty()) std::this_thread::sleep_for(1ms);
    }
  });

  std::vector<std::vector<ErrorCode>> failures(kWriters);
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < kWrites; ++i) {
        auto r = db().write<bool>([&](WriteTx& tx) -> Result<bool> {
          tx.log("item.created", w * 1000 + i, item_payload(w, i));
          tx.exec(kInsertItem, {w, i, i == kConflicting ? std::string("taken") : std::to_string(w) + "-" +
                                                                                    std::to_string(i)});
          return true;
        });
        if (!r.ok()) failures[w].push_back(r.error().code);
      }
    });
  }
  for (auto& t : writers) t.join();
  writers_done.store(true);
  follower.join();
  ASSERT_EQ(follower_error, "");

  for (int w = 0; w < kWriters; ++w) {
    EXPECT_EQ(failures[w], std::vector<ErrorCode>{ErrorCode::kConflict}) << "writer " << w;
  }
  const int64_t expected = kWriters * (kWrites - 1);
  EXPECT_EQ(item_count(), expected + 1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM t_items WHERE n = ? AND writer >= 0", {kConflicting}), 0);

  auto changes = read_changes(db(), 0, 100000);
  ASSERT_TRUE(changes.ok());
  ASSERT_EQ(static_cast<int64_t>(changes->size()), expected);
  std::map<int, int> last_n;  // writer -> n of its latest entry so far
  std::set<std::pair<int, int>> seen;
  for (std::size_t k = 0; k < changes->size(); ++k) {
    const Change& c = (*changes)[k];
    if (k > 0) {
      ASSERT_GT(c.seq, (*changes)[k - 1].seq);
    }
    if (!is_pg()) {
      ASSERT_EQ(c.seq, static_cast<int64_t>(k + 1)) << "SQLite sequence has a gap";
    }
    int w = -1, n = -1;
    ASSERT_TRUE(parse_payload(c.payload, w, n)) << c.payload;
    EXPECT_NE(n, kConflicting) << "an entry of a failed write committed";
    EXPECT_EQ(c.entity, w * 1000 + n);
    auto it = last_n.find(w);
    if (it != last_n.end()) {
      EXPECT_GT(n, it->second) << "writer " << w << "'s entries out of order";
    }
    last_n[w] = n;
    EXPECT_TRUE(seen.insert({w, n}).second);
  }
  EXPECT_EQ(last_seq(), changes->back().seq);

  // The follower saw exactly the committed entries, none skipped, none twice.
  ASSERT_EQ(followed.size(), changes->size());
  for (std::size_t k = 0; k < followed.size(); ++k) EXPECT_EQ(followed[k].seq, (*changes)[k].seq);
}

TEST_P(DatabaseTest, ChangeLogKeepsOrderAndDropsRolledBackEntries) {
  const int64_t before = SystemClock::instance().now();
  auto w1 = db().write<bool>([](WriteTx& tx) -> Result<bool> {
    tx.log("a.one", 1, "{\"k\":1}");
    tx.log("a.two", 2, "{\"k\":\"\xC3\xA9\"}");
    tx.log("a.three", 3, "{}");
    return true;
  });
  ASSERT_TRUE(w1.ok());
  auto changes = read_changes(db(), 0, 10);
  ASSERT_TRUE(changes.ok());
  ASSERT_EQ(changes->size(), 3u);
  EXPECT_EQ((*changes)[0].kind, "a.one");
  EXPECT_EQ((*changes)[0].entity, 1);
  EXPECT_EQ((*changes)[0].payload, "{\"k\":1}");
  EXPECT_EQ((*changes)[1].kind, "a.two");
  EXPECT_EQ((*changes)[1].payload, "{\"k\":\"\xC3\xA9\"}");
  EXPECT_EQ((*changes)[2].kind, "a.three");
  EXPECT_LT((*changes)[0].seq, (*changes)[1].seq);
  EXPECT_LT((*changes)[1].seq, (*changes)[2].seq);
  for (const Change& c : *changes) {
    EXPECT_GE(c.created_at, before);
    EXPECT_LE(c.created_at, SystemClock::instance().now());
  }
  const int64_t third = (*changes)[2].seq;
  EXPECT_EQ(last_seq(), third);

  auto failed = db().write<bool>([](WriteTx& tx) -> Result<bool> {
    tx.log("b.lost", 9, "{}");
    return Error::conflict("changed my mind");
  });
  ASSERT_FALSE(failed.ok());
  ASSERT_TRUE(db().write<bool>([](WriteTx& tx) -> Result<bool> {
                    tx.log("c.kept", 4, "{}");
                    return true;
                  }).ok());

  auto after = read_changes(db(), third, 10);
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->size(), 1u);
  EXPECT_EQ((*after)[0].kind, "c.kept");
  EXPECT_EQ(last_seq(), (*after)[0].seq);

  auto limited = read_changes(db(), 0, 2);
  ASSERT_TRUE(limited.ok());
  ASSERT_EQ(limited->size(), 2u);
  EXPECT_EQ((*limited)[1].kind, "a.two");
}

TEST_P(DatabaseTest, ObserverHearsCommitsOnTheWritersThread) {
  RecordingObserver observer;
  db().set_observer(&observer);
  const int heard_before = observer.remote();

  ASSERT_TRUE(db().write<bool>([](WriteTx& tx) -> Result<bool> {
                    tx.log("x", 1, "{}");
                    tx.log("y", 2, "{}");
                    return true;
                  }).ok());
  // Already recorded when write() returns.
  auto commits = observer.commits();
  ASSERT_EQ(commits.size(), 1u);
  EXPECT_EQ(commits[0].seq, last_seq());
  EXPECT_EQ(commits[0].thread, std::this_thread::get_id());

  // No entries, or a failed write: nothing to tell.
  ASSERT_TRUE(db().write<bool>([](WriteTx& tx) -> Result<bool> {
                    tx.exec(kInsertItem, {1, 1, "a"});
                    return true;
                  }).ok());
  ASSERT_FALSE(db().write<bool>([](WriteTx& tx) -> Result<bool> {
                     tx.log("z", 3, "{}");
                     return Error::internal("no");
                   }).ok());
  EXPECT_EQ(observer.commits().size(), 1u);

  // From another thread: reported on that thread.
  std::thread::id writer_id;
  std::thread t([&] {
    writer_id = std::this_thread::get_id();
    ASSERT_TRUE(insert_item(2, 1, "b").ok());
  });
  t.join();
  commits = observer.commits();
  ASSERT_EQ(commits.size(), 2u);
  EXPECT_EQ(commits[1].thread, writer_id);
  EXPECT_EQ(commits[1].seq, last_seq());

  if (is_pg()) {
    // The process hears its own NOTIFY as well.
    EXPECT_TRUE(observer.wait_remote_above(heard_before));
  } else {
    EXPECT_EQ(observer.remote(), 0);
  }
  db().set_observer(nullptr);
}

TEST_P(DatabaseTest, ReadSeesOneSnapshot) {
  ASSERT_TRUE(insert_item(1, 1, "a").ok());
  std::latch written(1);
  std::thread writer;
  Status writer_status;
  auto counts = db().read<std::pair<int64_t, int64_t>>([&](Session& s) -> Result<std::pair<int64_t, int64_t>> {
    int64_t first = s.query_one("SELECT COUNT(*) FROM t_items")->i64(0);
    writer = std::thread([&] {
      writer_status = insert_item(1, 2, "b");
      written.count_down();
    });
    written.wait();
    int64_t second = s.query_one("SELECT COUNT(*) FROM t_items")->i64(0);
    return std::make_pair(first, second);
  });
  writer.join();
  ASSERT_TRUE(writer_status.ok());
  ASSERT_TRUE(counts.ok()) << counts.error().message;
  EXPECT_EQ(counts->first, 1);
  EXPECT_EQ(counts->second, 1);
  EXPECT_EQ(item_count(), 2);
}

TEST_P(DatabaseTest, ReadsWaitForAFreeConnection) {
  auto small = open_database(t_->url, DatabaseOptions{.read_connections = 2});
  ASSERT_TRUE(small.ok()) << small.error().message;
  std::atomic<int> inside{0}, most{0}, ok{0};
  std::vector<std::thread> readers;
  for (int i = 0; i < 8; ++i) {
    readers.emplace_back([&] {
      auto r = (*small)->read<int64_t>([&](Session& s) -> Result<int64_t> {
        int now = ++inside;
        int prev = most.load();
        while (now > prev && !most.compare_exchange_weak(prev, now)) {
        }
        std::this_thread::sleep_for(10ms);
        --inside;
        return s.query_one("SELECT COUNT(*) FROM change_log")->i64(0);
      });
      if (r.ok()) ++ok;
    });
  }
  for (auto& t : readers) t.join();
  EXPECT_EQ(ok.load(), 8);
  EXPECT_LE(most.load(), 2);
}

TEST_P(DatabaseTest, ExceptionInReadIsAnError) {
  auto r = db().read<int>([](Session& s) -> Result<int> {
    s.query("SELECT nothing FROM nowhere");
    return 1;
  });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInternal);
  auto thrown = db().read<int>([](Session&) -> Result<int> { throw std::runtime_error("boom"); });
  ASSERT_FALSE(thrown.ok());
  EXPECT_EQ(thrown.error().code, ErrorCode::kInternal);
  EXPECT_EQ(item_count(), 0);  // and the connections still work
}

TEST_P(DatabaseTest, ClosedDatabaseIsUnavailable) {
  ASSERT_TRUE(insert_item(1, 1, "a").ok());
  db().close();
  db().close();  // idempotent
  auto w = db().write<bool>([](WriteTx& tx) -> Result<bool> {
    tx.exec(kInsertItem, {1, 2, "b"});
    return true;
  });
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().code, ErrorCode::kUnavailable);
  auto r = db().read<int>([](Session&) -> Result<int> { return 1; });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);

  // What was committed before close() is there for the next opener.
  auto again = open_database(t_->url);
  ASSERT_TRUE(again.ok()) << again.error().message;
  auto n = (*again)->read<int64_t>(
      [](Session& s) -> Result<int64_t> { return s.query_one("SELECT COUNT(*) FROM t_items")->i64(0); });
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 1);
}

TEST_P(DatabaseTest, SecondOpenerSeesCommittedWrites) {
  auto other = open_database(t_->url);
  ASSERT_TRUE(other.ok()) << other.error().message;
  ASSERT_TRUE(insert_item(1, 1, "a").ok());
  auto n = (*other)->read<int64_t>(
      [](Session& s) -> Result<int64_t> { return s.query_one("SELECT COUNT(*) FROM t_items")->i64(0); });
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 1);
  // And the other way round, including the change log.
  ASSERT_TRUE((*other)
                  ->write<bool>([](WriteTx& tx) -> Result<bool> {
                    tx.exec(kInsertItem, {2, 1, "b"});
                    tx.log("item.created", 2001, item_payload(2, 1));
                    return true;
                  })
                  .ok());
  EXPECT_EQ(item_count(), 2);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM change_log"), 2);
}

TEST_P(DatabaseTest, DescribeHidesThePassword) {
  EXPECT_EQ(db().describe().find("secret"), std::string::npos);
  if (!is_pg()) {
    EXPECT_EQ(db().describe(), t_->url);
    return;
  }
  // A wrong password must not leak through describe() or the error message.
  std::string url = t_->url;
  auto at = url.find('@');
  ASSERT_NE(at, std::string::npos);
  std::string with_password = url.substr(0, at) + ":s3cr3t-pw" + url.substr(at);
  auto opened = open_database(with_password);
  if (opened.ok()) {
    EXPECT_EQ((*opened)->describe().find("s3cr3t-pw"), std::string::npos) << (*opened)->describe();
    EXPECT_EQ((*opened)->describe(), url);
  } else {
    EXPECT_EQ(opened.error().message.find("s3cr3t-pw"), std::string::npos) << opened.error().message;
  }
  auto unreachable = open_database("postgresql://kring:s3cr3t-pw@127.0.0.1:1/nowhere?connect_timeout=2");
  ASSERT_FALSE(unreachable.ok());
  EXPECT_EQ(unreachable.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(unreachable.error().message.find("s3cr3t-pw"), std::string::npos) << unreachable.error().message;
}

// PostgreSQL: another process's commits arrive as remote_changes(); the listener and the pool survive their
// connections being cut.
TEST_P(DatabaseTest, PostgresSurvivesDroppedConnections) {
  if (!is_pg()) GTEST_SKIP() << "PostgreSQL only";
  RecordingObserver observer;
  db().set_observer(&observer);
  auto other = open_database(t_->url);
  ASSERT_TRUE(other.ok()) << other.error().message;
  auto write_other = [&](int n) {
    return (*other)->write<bool>([&](WriteTx& tx) -> Result<bool> {
      tx.exec(kInsertItem, {9, n, "other-" + std::to_string(n)});
      tx.log("item.created", 9000 + n, item_payload(9, n));
      return true;
    });
  };

  // Another opener's commit is announced.
  ASSERT_TRUE(item_count() == 0);  // the pool holds a connection now
  int heard = observer.remote();
  ASSERT_TRUE(write_other(1).ok());
  EXPECT_TRUE(observer.wait_remote_above(heard));

  // Cut every connection to this database (as a server restart would).
  auto name = db().read<std::string>(
      [](Session& s) -> Result<std::string> { return s.query_one("SELECT current_database()")->text(0); });
  ASSERT_TRUE(name.ok());
  kring::testing::pg_admin_exec(
      "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE datname = '" + *name + "'");

  // Pooled connections are re-established on their next use.
  for (int i = 0; i < 4; ++i) {
    auto r = db().read<int64_t>(
        [](Session& s) -> Result<int64_t> { return s.query_one("SELECT COUNT(*) FROM t_items")->i64(0); });
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(*r, 1);
  }
  ASSERT_TRUE(insert_item(1, 1, "mine").ok());
  // The listener reconnects and hears the next announcement.
  heard = observer.remote();
  Status st = status_of(write_other(2));
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_TRUE(observer.wait_remote_above(heard));
  EXPECT_EQ(item_count(), 3);
  db().set_observer(nullptr);
}

INSTANTIATE_TEST_SUITE_P(Backends, DatabaseTest, ::testing::ValuesIn(kring::testing::test_backends()),
                         kring::testing::BackendName());

TEST(RewritePlaceholders, NumbersPlaceholdersInOrder) {
  EXPECT_EQ(rewrite_placeholders("SELECT a FROM t WHERE b = ? AND c IN (?, ?)"),
            "SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)");
  EXPECT_EQ(rewrite_placeholders("a=?AND b>=?"), "a=$1AND b>=$2");
  EXPECT_EQ(rewrite_placeholders("SELECT 1"), "SELECT 1");
  EXPECT_EQ(rewrite_placeholders(""), "");
  for (int i = 1; i <= 12; ++i) {
    std::string sql, want;
    for (int k = 1; k <= i; ++k) {
      sql += k > 1 ? ",?" : "?";
      want += (k > 1 ? ",$" : "$") + std::to_string(k);
    }
    EXPECT_EQ(rewrite_placeholders(sql), want);
  }
}

TEST(RewritePlaceholders, LeavesQuotesAndCommentsAlone) {
  EXPECT_EQ(rewrite_placeholders("SELECT '?', \"a?b\", ? FROM t"), "SELECT '?', \"a?b\", $1 FROM t");
  EXPECT_EQ(rewrite_placeholders("SELECT 'it''s ?', ?"), "SELECT 'it''s ?', $1");
  EXPECT_EQ(rewrite_placeholders("SELECT ? -- what?\n, ?"), "SELECT $1 -- what?\n, $2");
  EXPECT_EQ(rewrite_placeholders("SELECT ? -- trailing?"), "SELECT $1 -- trailing?");
  EXPECT_EQ(rewrite_placeholders("SELECT /* ? */ ? /* ?"), "SELECT /* ? */ $1 /* ?");
  EXPECT_EQ(rewrite_placeholders("/* outer /* inner ? */ still ? */ ?"), "/* outer /* inner ? */ still ? */ $1");
  EXPECT_EQ(rewrite_placeholders("SELECT E'\\'?', ?"), "SELECT E'\\'?', $1");
  EXPECT_EQ(rewrite_placeholders("SELECT 'a\\', ?"), "SELECT 'a\\', $1");  // backslash is literal in '...'
  EXPECT_EQ(rewrite_placeholders("SELECT $$ ? $$, ?"), "SELECT $$ ? $$, $1");
  EXPECT_EQ(rewrite_placeholders("SELECT $fn$ it's ? $fn$, ?"), "SELECT $fn$ it's ? $fn$, $1");
  EXPECT_EQ(rewrite_placeholders("SELECT a$b, ?"), "SELECT a$b, $1");
  EXPECT_EQ(rewrite_placeholders("SELECT 'unterminated ?"), "SELECT 'unterminated ?");
  EXPECT_EQ(rewrite_placeholders("SELECT \"caf\xC3\xA9?\", ?"), "SELECT \"caf\xC3\xA9?\", $1");
  EXPECT_EQ(rewrite_placeholders("SELECT - ?, 1/?"), "SELECT - $1, 1/$2");
}

}  // namespace
}  // namespace kring::store
