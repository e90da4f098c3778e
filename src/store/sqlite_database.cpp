#include "store/sqlite_database.h"

#include <sqlite3.h>

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <future>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "common/clock.h"

namespace kring::store {
namespace {

constexpr std::string_view kInsertChange =
    "INSERT INTO change_log (kind, entity, payload, created_at) VALUES (?, ?, ?, ?)";

StoreError make_error(sqlite3* db, int rc, std::string_view context) {
  int ext = sqlite3_extended_errcode(db);
  std::string msg = std::string(context) + ": " + sqlite3_errmsg(db);
  StoreError::Kind kind = StoreError::Kind::kOther;
  if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY) {
    kind = StoreError::Kind::kUniqueViolation;
  } else if (ext == SQLITE_CONSTRAINT_FOREIGNKEY) {
    kind = StoreError::Kind::kForeignKeyViolation;
  } else if ((rc & 0xFF) == SQLITE_BUSY || (rc & 0xFF) == SQLITE_LOCKED) {
    kind = StoreError::Kind::kBusy;
  }
  return StoreError(kind, msg);
}

// One sqlite3 connection with a prepared-statement cache. Not thread-safe: owned by one thread at a time.
class Connection {
 public:
  Connection(const std::string& path, bool writer, bool durable) {
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      db_ = nullptr;
      throw StoreError(StoreError::Kind::kConnection, "cannot open " + path + ": " + msg);
    }
    sqlite3_busy_timeout(db_, 10000);
    sqlite3_extended_result_codes(db_, 1);
    exec_script("PRAGMA foreign_keys=ON");
    if (writer) {
      exec_script("PRAGMA journal_mode=WAL");
      exec_script(durable ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=OFF");
    } else {
      exec_script("PRAGMA query_only=1");
    }
    exec_script("PRAGMA cache_size=-65536");
  }
  ~Connection() {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sqlite3* raw() { return db_; }

  void exec_script(std::string_view sql) {
    std::string s(sql);
    char* err = nullptr;
    int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string msg = err ? err : "error";
      sqlite3_free(err);
      StoreError e = make_error(db_, rc, "script");
      throw StoreError(e.kind(), msg);
    }
  }

  // Runs a statement; collects rows when `rows` is not null. Returns changed-row count.
  int64_t run(std::string_view sql, const Params& params, Rows* rows) {
    sqlite3_stmt* stmt = prepare(sql);
    struct Reset {
      sqlite3_stmt* s;
      ~Reset() {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
      }
    } reset{stmt};
    int n = sqlite3_bind_parameter_count(stmt);
    if (n != static_cast<int>(params.size())) {
      throw StoreError(StoreError::Kind::kOther, "parameter count mismatch for: " + std::string(sql));
    }
    for (int i = 0; i < n; ++i) {
      const Value& v = params[i];
      int rc;
      if (v.is_null()) {
        rc = sqlite3_bind_null(stmt, i + 1);
      } else if (v.is_int()) {
        rc = sqlite3_bind_int64(stmt, i + 1, v.as_int());
      } else if (v.is_double()) {
        rc = sqlite3_bind_double(stmt, i + 1, v.as_double());
      } else {
        const std::string* t = v.text_ptr();
        rc = sqlite3_bind_text(stmt, i + 1, t->data(), static_cast<int>(t->size()), SQLITE_TRANSIENT);
      }
      if (rc != SQLITE_OK) throw make_error(db_, rc, "bind");
    }
    for (;;) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) throw make_error(db_, rc, sql);
      if (!rows) continue;
      int cols = sqlite3_column_count(stmt);
      std::vector<Value> values;
      values.reserve(cols);
      for (int c = 0; c < cols; ++c) {
        switch (sqlite3_column_type(stmt, c)) {
          case SQLITE_NULL: values.emplace_back(); break;
          case SQLITE_INTEGER: values.emplace_back(static_cast<long long>(sqlite3_column_int64(stmt, c))); break;
          case SQLITE_FLOAT: values.emplace_back(sqlite3_column_double(stmt, c)); break;
          default: {
            const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
            values.emplace_back(std::string(p ? p : "", sqlite3_column_bytes(stmt, c)));
          }
        }
      }
      rows->emplace_back(std::move(values));
    }
    return sqlite3_changes64(db_);
  }

 private:
  sqlite3_stmt* prepare(std::string_view sql) {
    auto it = cache_.find(sql);
    if (it != cache_.end()) return it->second;
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                                nullptr);
    if (rc != SQLITE_OK) throw make_error(db_, rc, "prepare " + std::string(sql));
    cache_.emplace(std::string(sql), stmt);
    return stmt;
  }

  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*, Hash, std::equal_to<>> cache_;
};

class SqliteSession : public WriteTx {
 public:
  explicit SqliteSession(Connection& c) : c_(c) {}
  Backend backend() const override { return Backend::kSqlite; }
  Rows query(std::string_view sql, const Params& params) override {
    Rows rows;
    c_.run(sql, params, &rows);
    return rows;
  }
  int64_t exec(std::string_view sql, const Params& params) override { return c_.run(sql, params, nullptr); }
  void exec_script(std::string_view sql) override { c_.exec_script(sql); }
  void log(std::string kind, int64_t entity, std::string payload) override {
    c_.run(kInsertChange, {std::move(kind), entity, std::move(payload), SystemClock::instance().now()}, nullptr);
    last_seq_ = sqlite3_last_insert_rowid(c_.raw());
  }
  int64_t last_seq() const { return last_seq_; }

 private:
  Connection& c_;
  int64_t last_seq_ = 0;
};

Error to_error(const StoreError& e) {
  switch (e.kind()) {
    case StoreError::Kind::kUniqueViolation: return Error::conflict("already exists");
    case StoreError::Kind::kBusy: return Error::unavailable("the database is busy; try again");
    default: return Error::internal(std::string("storage failure: ") + e.what());
  }
}

struct WriteJob {
  const std::function<Status(WriteTx&)>* fn;
  Status result;
  int64_t last_seq = 0;
  bool done = false;
};

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::string path, const DatabaseOptions& options)
      : path_(std::move(path)), options_(options), writer_conn_(path_, true, options.durable) {
    for (int i = 0; i < std::max(1, options.read_connections); ++i) {
      readers_.push_back(std::make_unique<Connection>(path_, false, options.durable));
      free_readers_.push_back(readers_.back().get());
    }
    writer_ = std::thread([this] { writer_loop(); });
  }
  ~SqliteDatabase() override { close(); }

  Backend backend() const override { return Backend::kSqlite; }
  std::string describe() const override { return "sqlite:" + path_; }
  void set_observer(ChangeObserver* observer) override { observer_ = observer; }

  Status read_erased(const std::function<Status(Session&)>& fn) override {
    Connection* c = acquire_reader();
    if (!c) return Error::unavailable("the database is closed");
    Status st;
    try {
      c->exec_script("BEGIN");
      SqliteSession s(*c);
      st = fn(s);
      c->exec_script("COMMIT");
    } catch (const std::exception& e) {
      try {
        c->exec_script("ROLLBACK");
      } catch (const StoreError&) {
      }
      const auto* se = dynamic_cast<const StoreError*>(&e);
      st = se ? to_error(*se) : Error::internal(std::string("read failed: ") + e.what());
    }
    release_reader(c);
    return st;
  }

  Status write_erased(const std::function<Status(WriteTx&)>& fn) override {
    WriteJob job{&fn, {}, 0, false};
    {
      std::unique_lock lock(mu_);
      if (closed_) return Error::unavailable("the database is closed");
      queue_.push_back(&job);
      work_cv_.notify_one();
      done_cv_.wait(lock, [&] { return job.done; });
    }
    if (job.result.ok() && job.last_seq > 0 && observer_) observer_->committed(job.last_seq);
    return job.result;
  }

  void close() override {
    {
      std::unique_lock lock(mu_);
      if (closed_) return;
      closed_ = true;
      work_cv_.notify_all();
      reader_cv_.wait(lock, [&] { return free_readers_.size() == readers_.size(); });
    }
    if (writer_.joinable()) writer_.join();
  }

 private:
  Connection* acquire_reader() {
    std::unique_lock lock(mu_);
    reader_cv_.wait(lock, [&] { return closed_ || !free_readers_.empty(); });
    if (closed_) return nullptr;
    Connection* c = free_readers_.back();
    free_readers_.pop_back();
    return c;
  }
  void release_reader(Connection* c) {
    std::lock_guard lock(mu_);
    free_readers_.push_back(c);
    reader_cv_.notify_all();
  }

  void writer_loop() {
    std::vector<WriteJob*> batch;
    for (;;) {
      {
        std::unique_lock lock(mu_);
        work_cv_.wait(lock, [&] { return closed_ || !queue_.empty(); });
        if (queue_.empty() && closed_) return;
        size_t max = options_.group_commit ? static_cast<size_t>(options_.max_batch) : 1;
        while (!queue_.empty() && batch.size() < max) {
          batch.push_back(queue_.front());
          queue_.pop_front();
        }
      }
      run_batch(batch);
      {
        std::lock_guard lock(mu_);
        for (WriteJob* j : batch) j->done = true;
        done_cv_.notify_all();
      }
      batch.clear();
    }
  }

  // Runs each job in its own savepoint inside one transaction, then commits once (one fsync for all).
  void run_batch(std::vector<WriteJob*>& batch) {
    try {
      writer_conn_.exec_script("BEGIN IMMEDIATE");
    } catch (const StoreError& e) {
      for (WriteJob* j : batch) j->result = to_error(e);
      return;
    }
    for (WriteJob* j : batch) {
      SqliteSession s(writer_conn_);
      try {
        writer_conn_.exec_script("SAVEPOINT job");
        Status st = (*j->fn)(s);
        if (st.ok()) {
          writer_conn_.exec_script("RELEASE job");
          j->last_seq = s.last_seq();
        } else {
          writer_conn_.exec_script("ROLLBACK TO job; RELEASE job");
        }
        j->result = std::move(st);
      } catch (const std::exception& e) {
        const auto* se = dynamic_cast<const StoreError*>(&e);
        j->result = se ? to_error(*se) : Error::internal(std::string("write failed: ") + e.what());
        j->last_seq = 0;
        try {
          writer_conn_.exec_script("ROLLBACK TO job; RELEASE job");
        } catch (const StoreError&) {
        }
      }
    }
    try {
      writer_conn_.exec_script("COMMIT");
    } catch (const StoreError& e) {
      try {
        writer_conn_.exec_script("ROLLBACK");
      } catch (const StoreError&) {
      }
      for (WriteJob* j : batch) {
        j->result = to_error(e);
        j->last_seq = 0;
      }
    }
  }

  const std::string path_;
  const DatabaseOptions options_;
  Connection writer_conn_;  // used only by writer_
  std::vector<std::unique_ptr<Connection>> readers_;
  ChangeObserver* observer_ = nullptr;

  std::mutex mu_;
  std::condition_variable work_cv_, done_cv_, reader_cv_;
  std::deque<WriteJob*> queue_;          // GUARDED_BY(mu_)
  std::vector<Connection*> free_readers_;  // GUARDED_BY(mu_)
  bool closed_ = false;                  // GUARDED_BY(mu_)
  std::thread writer_;
};

}  // namespace

Result<std::unique_ptr<Database>> open_sqlite(const std::string& path, const DatabaseOptions& options) {
  std::error_code ec;
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  try {
    return std::unique_ptr<Database>(std::make_unique<SqliteDatabase>(path, options));
  } catch (const StoreError& e) {
    return Error::unavailable(e.what());
  }
}

}  // namespace kring::store
