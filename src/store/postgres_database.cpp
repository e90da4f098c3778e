#include "store/postgres_database.h"

#include <fcntl.h>
#include <libpq-fe.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "common/clock.h"

namespace kring::store {
namespace {

constexpr std::string_view kInsertChange =
    "INSERT INTO change_log (kind, entity, payload, created_at) VALUES (?, ?, ?, ?) RETURNING seq";
// Held from just before the first change-log append until COMMIT; see PostgresDatabase::write_erased.
constexpr std::string_view kChangeLogLock = "SELECT pg_advisory_xact_lock(7365002)";
constexpr std::string_view kNotifyChanges = "SELECT pg_notify('kring_changes', ?)";
constexpr const char* kListen = "LISTEN kring_changes";
constexpr const char* kBeginRead = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
constexpr const char* kBeginWrite = "BEGIN";  // READ COMMITTED

// A connection forgets its prepared statements past this many distinct SQL texts (dynamic SQL would
// otherwise grow the cache without bound).
constexpr std::size_t kMaxCachedStatements = 2000;

// Type OIDs (pg_type.dat) of the columns converted to numbers; everything else is read as text.
constexpr Oid kBoolOid = 16, kInt8Oid = 20, kInt2Oid = 21, kInt4Oid = 23, kOidOid = 26, kFloat4Oid = 700,
              kFloat8Oid = 701, kNumericOid = 1700;

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

std::string trim_message(std::string msg) {
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  return msg;
}

bool is_connection_state(const char* state) {
  if (!state) return false;
  std::string_view s(state);
  // Class 08: connection exception; 57P01..57P03: the server is shutting down or cannot accept connections.
  return s.substr(0, 2) == "08" || s == "57P01" || s == "57P02" || s == "57P03";
}

StoreError make_error(PGconn* conn, const PGresult* r, std::string_view context) {
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  std::string msg = r ? trim_message(PQresultErrorMessage(r)) : std::string();
  if (msg.empty()) msg = trim_message(PQerrorMessage(conn));
  if (msg.empty()) msg = "unknown error";
  StoreError::Kind kind = StoreError::Kind::kOther;
  std::string_view s = state ? state : "";
  if (PQstatus(conn) == CONNECTION_BAD || is_connection_state(state)) {
    kind = StoreError::Kind::kConnection;
  } else if (s == "23505") {
    kind = StoreError::Kind::kUniqueViolation;
  } else if (s == "23503") {
    kind = StoreError::Kind::kForeignKeyViolation;
  } else if (s == "40001" || s == "40P01" || s == "55P03") {
    kind = StoreError::Kind::kBusy;
  }
  return StoreError(kind, std::string(context) + ": " + msg);
}

Error to_error(const StoreError& e) {
  switch (e.kind()) {
    case StoreError::Kind::kUniqueViolation: return Error::conflict("already exists");
    case StoreError::Kind::kBusy: return Error::unavailable("the database is busy; try again");
    case StoreError::Kind::kConnection:
      return Error::unavailable(std::string("the database is unreachable: ") + e.what());
    default: return Error::internal(std::string("storage failure: ") + e.what());
  }
}

Error exception_to_error(const std::exception& e, const char* what) {
  const auto* se = dynamic_cast<const StoreError*>(&e);
  return se ? to_error(*se) : Error::internal(std::string(what) + ": " + e.what());
}

// Server messages outside a query (warnings, "terminating connection" on shutdown) are not printed to
// stderr; failures reach callers as errors.
void ignore_notice(void*, const char*) {}

// Opens a connection for `url`; the URL's own settings win over these defaults. Never returns null.
PGconn* connect_raw(const std::string& url) {
  const char* keys[] = {"application_name", "options", "connect_timeout", "dbname", nullptr};
  const char* values[] = {"kring", "-c client_min_messages=warning", "10", url.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  if (conn) PQsetNoticeProcessor(conn, ignore_notice, nullptr);
  return conn;
}

// The password in a URL's userinfo (postgresql://user:PASSWORD@host/...) or in a password= parameter.
std::string url_password(std::string_view url) {
  auto scheme = url.find("://");
  if (scheme != std::string_view::npos) {
    std::size_t start = scheme + 3;
    std::size_t end = url.find_first_of("/?", start);
    std::string_view authority = url.substr(start, end == std::string_view::npos ? url.npos : end - start);
    auto at = authority.rfind('@');
    if (at != std::string_view::npos) {
      std::string_view userinfo = authority.substr(0, at);
      auto colon = userinfo.find(':');
      if (colon != std::string_view::npos) return std::string(userinfo.substr(colon + 1));
    }
  }
  auto p = url.find("password=");
  if (p != std::string_view::npos) {
    std::size_t start = p + 9;
    std::size_t end = url.find_first_of("& ", start);
    return std::string(url.substr(start, end == std::string_view::npos ? url.npos : end - start));
  }
  return {};
}

std::string redact(std::string text, const std::string& secret) {
  if (secret.empty()) return text;
  for (auto pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos)) {
    text.replace(pos, secret.size(), "***");
    pos += 3;
  }
  return text;
}

// The URL without its password, for logs.
std::string strip_password(const std::string& url) {
  std::string out = url;
  auto scheme = out.find("://");
  if (scheme != std::string::npos) {
    std::size_t start = scheme + 3;
    std::size_t end = out.find_first_of("/?", start);
    if (end == std::string::npos) end = out.size();
    auto at = out.rfind('@', end);
    if (at != std::string::npos && at >= start) {
      auto colon = out.find(':', start);
      if (colon != std::string::npos && colon < at) out.erase(colon, at - colon);
    }
  }
  // password=... as a URL query parameter or a key=value setting.
  for (auto p = out.find("password="); p != std::string::npos; p = out.find("password=")) {
    std::size_t end = out.find_first_of("& ", p);
    if (end == std::string::npos) end = out.size();
    std::size_t begin = p;
    if (begin > 0 && (out[begin - 1] == '&' || out[begin - 1] == ' ')) {
      --begin;  // drop the separator before it
    } else if (end < out.size()) {
      ++end;  // first parameter: drop the separator after it
    }
    out.erase(begin, end - begin);
  }
  if (!out.empty() && out.back() == '?') out.pop_back();
  return out;
}

// One libpq connection with a prepared-statement cache. Not thread-safe: owned by one thread at a time.
class PgConnection {
 public:
  explicit PgConnection(PGconn* conn) : conn_(conn) {}
  ~PgConnection() { PQfinish(conn_); }
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Makes the connection ready for a new transaction: reconnects a broken one (the server restarted) and
  // ends a transaction left open. False if the server cannot be reached.
  bool ensure_usable() {
    if (PQstatus(conn_) == CONNECTION_OK) {
      PGTransactionStatusType ts = PQtransactionStatus(conn_);
      if (ts == PQTRANS_INTRANS || ts == PQTRANS_INERROR) {
        ResultPtr r(PQexec(conn_, "ROLLBACK"));
        ts = PQtransactionStatus(conn_);
      }
      if (ts == PQTRANS_IDLE) {
        if (statements_.size() > kMaxCachedStatements) {
          ResultPtr r(PQexec(conn_, "DEALLOCATE ALL"));
          if (PQresultStatus(r.get()) == PGRES_COMMAND_OK) statements_.clear();
        }
        return true;
      }
    }
    return reset();
  }

  std::string last_error() const { return trim_message(PQerrorMessage(conn_)); }

  bool reset() {
    PQreset(conn_);
    statements_.clear();  // prepared statements do not survive the new session
    return PQstatus(conn_) == CONNECTION_OK;
  }

  // Runs a statement without parameters through the simple protocol (several statements allowed).
  void exec_script(std::string_view sql) {
    std::string s(sql);
    ResultPtr r(PQexec(conn_, s.c_str()));
    ExecStatusType st = PQresultStatus(r.get());
    if (!r || (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY)) {
      throw make_error(conn_, r.get(), "script");
    }
  }

  // Ends the transaction. A transaction that an earlier failed statement aborted cannot commit; PostgreSQL
  // answers COMMIT with ROLLBACK, which is an error when `must_commit`.
  void commit(bool must_commit) {
    ResultPtr r(PQexec(conn_, "COMMIT"));
    if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) throw make_error(conn_, r.get(), "commit");
    if (must_commit && std::strcmp(PQcmdStatus(r.get()), "COMMIT") != 0) {
      throw StoreError(StoreError::Kind::kOther, "commit: the transaction was aborted by an earlier error");
    }
  }

  void rollback_quietly() {
    if (PQstatus(conn_) != CONNECTION_OK) return;
    ResultPtr r(PQexec(conn_, "ROLLBACK"));
  }

  // Runs a prepared statement; collects rows when `rows` is not null. Returns the changed-row count.
  int64_t run(std::string_view sql, const Params& params, Rows* rows) {
    const std::string& name = prepare(sql);
    const int n = static_cast<int>(params.size());
    std::vector<std::string> storage(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (int i = 0; i < n; ++i) {
      const Value& v = params[i];
      if (v.is_null()) continue;
      if (v.is_int()) {
        storage[i] = std::to_string(v.as_int());
        values[i] = storage[i].c_str();
      } else if (v.is_double()) {
        char buf[40];
        std::snprintf(buf, sizeof buf, "%.17g", v.as_double());
        storage[i] = buf;
        values[i] = storage[i].c_str();
      } else {
        const std::string* t = v.text_ptr();
        if (t->find('\0') != std::string::npos) {
          throw StoreError(StoreError::Kind::kOther, "text parameter contains a NUL byte: " + std::string(sql));
        }
        values[i] = t->c_str();
      }
    }
    ResultPtr r(PQexecPrepared(conn_, name.c_str(), n, values.data(), nullptr, nullptr, /*resultFormat=*/0));
    ExecStatusType st = PQresultStatus(r.get());
    if (!r || (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK)) {
      StoreError e = make_error(conn_, r.get(), sql);
      // "cached plan must not change result type": a table changed shape under the statement; prepare it
      // afresh next time (the old name stays allocated until the session ends).
      const char* state = r ? PQresultErrorField(r.get(), PG_DIAG_SQLSTATE) : nullptr;
      if (state && std::string_view(state) == "0A000") statements_.erase(std::string(sql));
      throw e;
    }
    if (rows && st == PGRES_TUPLES_OK) collect(r.get(), *rows);
    const char* affected = PQcmdTuples(r.get());
    int64_t count = 0;
    if (affected && *affected) std::from_chars(affected, affected + std::strlen(affected), count);
    return count;
  }

 private:
  const std::string& prepare(std::string_view sql) {
    auto it = statements_.find(sql);
    if (it != statements_.end()) return it->second;
    std::string name = "s" + std::to_string(++next_statement_);
    std::string text = rewrite_placeholders(sql);
    ResultPtr r(PQprepare(conn_, name.c_str(), text.c_str(), 0, nullptr));
    if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) throw make_error(conn_, r.get(), "prepare " + std::string(sql));
    return statements_.emplace(std::string(sql), std::move(name)).first->second;
  }

  static void collect(const PGresult* r, Rows& rows) {
    const int nrows = PQntuples(r);
    const int ncols = PQnfields(r);
    std::vector<Oid> types(ncols);
    for (int c = 0; c < ncols; ++c) types[c] = PQftype(r, c);
    rows.reserve(rows.size() + nrows);
    for (int i = 0; i < nrows; ++i) {
      std::vector<Value> values;
      values.reserve(ncols);
      for (int c = 0; c < ncols; ++c) {
        if (PQgetisnull(r, i, c)) {
          values.emplace_back();
          continue;
        }
        const char* p = PQgetvalue(r, i, c);
        const int len = PQgetlength(r, i, c);
        switch (types[c]) {
          case kInt2Oid:
          case kInt4Oid:
          case kInt8Oid:
          case kOidOid: {
            long long v = 0;
            std::from_chars(p, p + len, v);
            values.emplace_back(v);
            break;
          }
          case kFloat4Oid:
          case kFloat8Oid:
          case kNumericOid: {
            double v = 0;
            std::from_chars(p, p + len, v);  // also reads PostgreSQL's "Infinity", "-Infinity" and "NaN"
            values.emplace_back(v);
            break;
          }
          case kBoolOid: values.emplace_back(static_cast<long long>(len > 0 && p[0] == 't' ? 1 : 0)); break;
          default: values.emplace_back(std::string(p, len));
        }
      }
      rows.emplace_back(std::move(values));
    }
  }

  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  PGconn* conn_;
  std::unordered_map<std::string, std::string, Hash, std::equal_to<>> statements_;  // SQL -> statement name
  int64_t next_statement_ = 0;
};

class PgSession final : public WriteTx {
 public:
  explicit PgSession(PgConnection& c) : c_(c) {}
  Backend backend() const override { return Backend::kPostgres; }
  Rows query(std::string_view sql, const Params& params) override {
    Rows rows;
    c_.run(sql, params, &rows);
    return rows;
  }
  int64_t exec(std::string_view sql, const Params& params) override { return c_.run(sql, params, nullptr); }
  void exec_script(std::string_view sql) override { c_.exec_script(sql); }
  // Buffered: the entries are appended just before COMMIT, under the change-log lock.
  void log(std::string kind, int64_t entity, std::string payload) override {
    pending_.push_back(Change{0, std::move(kind), entity, std::move(payload), 0});
  }
  const std::vector<Change>& pending() const { return pending_; }

 private:
  PgConnection& c_;
  std::vector<Change> pending_;
};

class PostgresDatabase final : public Database {
 public:
  PostgresDatabase(std::string url, const DatabaseOptions& options)
      : url_(std::move(url)),
        description_(strip_password(url_)),
        password_(url_password(url_)),
        pool_size_(static_cast<std::size_t>(std::max(2, options.read_connections))) {}
  ~PostgresDatabase() override { close(); }

  // Opens the first pooled connection so that a wrong URL or an unreachable server fails at open.
  Status connect_first() {
    auto c = open_connection();
    if (!c.ok()) return std::move(c).error();
    std::lock_guard lock(mu_);
    all_.push_back(std::move(*c));
    free_.push_back(all_.back().get());
    return {};
  }

  Backend backend() const override { return Backend::kPostgres; }
  std::string describe() const override { return description_; }

  void set_observer(ChangeObserver* observer) override {
    std::lock_guard listener_lock(listener_mu_);
    if (!observer) {
      stop_listener();
      observer_.store(nullptr);
      return;
    }
    observer_.store(observer);
    {
      std::lock_guard lock(mu_);
      if (closed_) return;
    }
    if (!listener_.joinable()) start_listener();
  }

  Status read_erased(const std::function<Status(Session&)>& fn) override {
    auto lease = checkout();
    if (!lease.ok()) return std::move(lease).error();
    PgConnection& c = lease->conn();
    KRING_TRY(begin(c, kBeginRead));
    Status st;
    try {
      PgSession s(c);
      st = fn(s);
      c.commit(/*must_commit=*/false);  // read-only: nothing to lose if an error aborted it
    } catch (const std::exception& e) {
      c.rollback_quietly();
      st = exception_to_error(e, "read failed");
    }
    return st;
  }

  Status write_erased(const std::function<Status(WriteTx&)>& fn) override {
    int64_t last_seq = 0;
    Status st;
    {
      auto lease = checkout();
      if (!lease.ok()) return std::move(lease).error();
      PgConnection& c = lease->conn();
      KRING_TRY(begin(c, kBeginWrite));
      try {
        PgSession tx(c);
        st = fn(tx);
        if (st.ok()) {
          if (!tx.pending().empty()) {
            // The change-log lock is taken right before the first append and held until COMMIT, so an
            // entry's sequence number is drawn only after every earlier appender has committed or rolled
            // back: sequence order equals commit order, and a follower reading "seq > last seen" never
            // skips an entry that commits late. Only the append-to-commit window is serialised.
            c.run(kChangeLogLock, {}, nullptr);
            const Micros now = SystemClock::instance().now();
            for (const Change& entry : tx.pending()) {
              Rows rows;
              c.run(kInsertChange, {entry.kind, entry.entity, entry.payload, now}, &rows);
              if (rows.empty()) throw StoreError(StoreError::Kind::kOther, "change log append returned no seq");
              last_seq = rows.front().i64(0);
            }
            // Delivered to listeners at commit, never for a rolled-back transaction.
            c.run(kNotifyChanges, {std::to_string(last_seq)}, nullptr);
          }
          c.commit(/*must_commit=*/true);
        } else {
          c.rollback_quietly();
        }
      } catch (const std::exception& e) {
        c.rollback_quietly();
        st = exception_to_error(e, "write failed");
      }
      if (!st.ok()) last_seq = 0;
    }  // the connection is back in the pool before observers run: they may read the store
    if (last_seq > 0) {
      if (ChangeObserver* o = observer_.load()) o->committed(last_seq);
    }
    return st;
  }

  void close() override {
    {
      std::unique_lock lock(mu_);
      if (closed_) return;
      closed_ = true;
      cv_.notify_all();
      cv_.wait(lock, [&] { return creating_ == 0 && free_.size() == all_.size(); });
    }
    {
      std::lock_guard listener_lock(listener_mu_);
      stop_listener();
    }
    std::vector<std::unique_ptr<PgConnection>> conns;
    {
      std::lock_guard lock(mu_);
      conns.swap(all_);
      free_.clear();
    }
    conns.clear();  // PQfinish
  }

 private:
  class Lease {
   public:
    Lease(PostgresDatabase* db, PgConnection* c) : db_(db), c_(c) {}
    Lease(Lease&& o) noexcept : db_(o.db_), c_(std::exchange(o.c_, nullptr)) {}
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (c_) db_->release(c_);
    }
    PgConnection& conn() { return *c_; }

   private:
    PostgresDatabase* db_;
    PgConnection* c_;
  };

  Result<std::unique_ptr<PgConnection>> open_connection() {
    PGconn* raw = connect_raw(url_);
    auto c = std::make_unique<PgConnection>(raw);  // owns raw even when the connection failed
    if (PQstatus(raw) != CONNECTION_OK) {
      return Error::unavailable("cannot connect to " + description_ + ": " +
                                redact(trim_message(PQerrorMessage(raw)), password_));
    }
    return c;
  }

  // Checks out a pooled connection (opening one if the pool is not full yet), ready for a transaction.
  Result<Lease> checkout() {
    PgConnection* c = nullptr;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return closed_ || !free_.empty() || all_.size() + creating_ < pool_size_; });
      if (closed_) return Error::unavailable("the database is closed");
      if (!free_.empty()) {
        c = free_.back();
        free_.pop_back();
      } else {
        ++creating_;
      }
    }
    if (!c) {
      auto opened = open_connection();
      std::lock_guard lock(mu_);
      --creating_;
      cv_.notify_all();
      if (!opened.ok()) return std::move(opened).error();
      all_.push_back(std::move(*opened));
      c = all_.back().get();
    }
    Lease lease(this, c);
    if (!c->ensure_usable()) {
      return Error::unavailable("the database is unreachable: " +
                                redact(c->last_error(), password_));
    }
    return lease;
  }

  void release(PgConnection* c) {
    std::lock_guard lock(mu_);
    free_.push_back(c);
    cv_.notify_all();
  }

  // BEGIN; a connection found broken at this point (nothing has run yet) is reset and tried once more.
  Status begin(PgConnection& c, const char* sql) {
    for (int attempt = 0;; ++attempt) {
      try {
        c.exec_script(sql);
        return {};
      } catch (const StoreError& e) {
        if (e.kind() != StoreError::Kind::kConnection || attempt > 0 || !c.reset()) return to_error(e);
      }
    }
  }

  // REQUIRES: listener_mu_ held.
  void start_listener() {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) return;  // no listener: followers still poll
    wake_read_ = fds[0];
    wake_write_ = fds[1];
    listener_stop_.store(false);
    {
      std::lock_guard lock(mu_);
      listener_attempted_ = false;
    }
    listener_ = std::thread([this] { listen_loop(); });
    // Wait for the first LISTEN so that commits made after set_observer() returns are announced. If the
    // server cannot be reached now, the listener keeps trying in the background.
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, std::chrono::seconds(15), [&] { return listener_attempted_; });
  }

  void first_listen_attempted() {
    std::lock_guard lock(mu_);
    if (listener_attempted_) return;
    listener_attempted_ = true;
    cv_.notify_all();
  }

  // REQUIRES: listener_mu_ held.
  void stop_listener() {
    if (!listener_.joinable()) return;
    listener_stop_.store(true);
    char b = 1;
    [[maybe_unused]] ssize_t n = ::write(wake_write_, &b, 1);
    listener_.join();
    ::close(wake_read_);
    ::close(wake_write_);
    wake_read_ = wake_write_ = -1;
  }

  // Waits up to `timeout_ms` for data on `fd` or a stop request. Returns whether `fd` is readable.
  bool wait_readable(int fd, int timeout_ms) {
    pollfd fds[2] = {{wake_read_, POLLIN, 0}, {fd, POLLIN, 0}};
    int n = ::poll(fds, fd >= 0 ? 2 : 1, timeout_ms);
    if (n <= 0) return false;
    if (fds[0].revents) {
      char buf[16];
      while (::read(wake_read_, buf, sizeof buf) > 0) {
      }
    }
    return fd >= 0 && fds[1].revents != 0;
  }

  // The listener thread: LISTEN kring_changes on a dedicated connection and report notifications.
  void listen_loop() {
    using namespace std::chrono;
    constexpr milliseconds kMinBackoff(100), kMaxBackoff(5000);
    milliseconds backoff = kMinBackoff;
    PGconn* conn = nullptr;
    while (!listener_stop_.load()) {
      if (!conn) {
        conn = connect_raw(url_);
        bool ok = PQstatus(conn) == CONNECTION_OK;
        if (ok) {
          ResultPtr r(PQexec(conn, kListen));
          ok = PQresultStatus(r.get()) == PGRES_COMMAND_OK;
        }
        first_listen_attempted();
        if (!ok) {
          PQfinish(conn);
          conn = nullptr;
          wait_readable(-1, static_cast<int>(backoff.count()));
          backoff = std::min(backoff * 2, kMaxBackoff);
          continue;
        }
        backoff = kMinBackoff;
        // Commits announced before this LISTEN (while disconnected, or before the first) went unheard: tell
        // the observer to look.
        if (ChangeObserver* o = observer_.load()) o->remote_changes();
      }
      wait_readable(PQsocket(conn), 250);
      if (listener_stop_.load()) break;
      if (PQconsumeInput(conn) == 0 || PQstatus(conn) != CONNECTION_OK) {
        PQfinish(conn);
        conn = nullptr;
        continue;
      }
      bool any = false;
      while (PGnotify* n = PQnotifies(conn)) {
        any = true;
        PQfreemem(n);
      }
      if (any) {
        if (ChangeObserver* o = observer_.load()) o->remote_changes();
      }
    }
    first_listen_attempted();
    PQfinish(conn);
  }

  const std::string url_;
  const std::string description_;
  const std::string password_;
  const std::size_t pool_size_;
  std::atomic<ChangeObserver*> observer_{nullptr};

  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<PgConnection>> all_;  // GUARDED_BY(mu_)
  std::vector<PgConnection*> free_;                 // GUARDED_BY(mu_)
  std::size_t creating_ = 0;                        // GUARDED_BY(mu_): connections being opened
  bool closed_ = false;                             // GUARDED_BY(mu_)
  bool listener_attempted_ = false;                 // GUARDED_BY(mu_): the listener tried to connect

  std::mutex listener_mu_;  // serialises starting and stopping the listener
  std::thread listener_;    // GUARDED_BY(listener_mu_)
  std::atomic<bool> listener_stop_{false};
  int wake_read_ = -1, wake_write_ = -1;  // GUARDED_BY(listener_mu_); the listener polls wake_read_
};

bool is_ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

}  // namespace

std::string rewrite_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int next = 0;
  const std::size_t n = sql.size();
  std::size_t i = 0;
  while (i < n) {
    const char c = sql[i];
    if (c == '\'') {
      // 'string' ('' is a quote inside it); E'...' strings also escape with a backslash.
      const bool backslash_escapes = i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') &&
                                     (i < 2 || !is_ident_char(sql[i - 2]));
      std::size_t j = i + 1;
      while (j < n && sql[j] != '\'') j += (backslash_escapes && sql[j] == '\\') ? 2 : 1;
      j = std::min(j + 1, n);
      out.append(sql.substr(i, j - i));
      i = j;
    } else if (c == '"') {
      std::size_t j = sql.find('"', i + 1);
      j = j == std::string_view::npos ? n : j + 1;
      out.append(sql.substr(i, j - i));
      i = j;
    } else if (c == '-' && i + 1 < n && sql[i + 1] == '-') {
      std::size_t j = sql.find('\n', i);
      j = j == std::string_view::npos ? n : j + 1;
      out.append(sql.substr(i, j - i));
      i = j;
    } else if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
      int depth = 0;  // PostgreSQL block comments nest
      std::size_t j = i;
      while (j < n) {
        if (sql[j] == '/' && j + 1 < n && sql[j + 1] == '*') {
          ++depth;
          j += 2;
        } else if (sql[j] == '*' && j + 1 < n && sql[j + 1] == '/') {
          j += 2;
          if (--depth == 0) break;
        } else {
          ++j;
        }
      }
      out.append(sql.substr(i, j - i));
      i = j;
    } else if (c == '$' && (i == 0 || !is_ident_char(sql[i - 1]))) {
      // $tag$ ... $tag$ (dollar quoting); "$1" is a positional parameter, not a quote.
      std::size_t j = i + 1;
      while (j < n && is_ident_char(sql[j]) && !(sql[j] >= '0' && sql[j] <= '9' && j == i + 1)) ++j;
      if (j < n && sql[j] == '$') {
        std::string_view tag = sql.substr(i, j - i + 1);
        std::size_t close = sql.find(tag, j + 1);
        std::size_t end = close == std::string_view::npos ? n : close + tag.size();
        out.append(sql.substr(i, end - i));
        i = end;
      } else {
        out.push_back(c);
        ++i;
      }
    } else if (c == '?') {
      out.push_back('$');
      out.append(std::to_string(++next));
      ++i;
    } else {
      out.push_back(c);
      ++i;
    }
  }
  return out;
}

Result<std::unique_ptr<Database>> open_postgres(const std::string& url, const DatabaseOptions& options) {
  auto db = std::make_unique<PostgresDatabase>(url, options);
  KRING_TRY(db->connect_first());
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace kring::store
