// The store: the single source of truth. Two real implementations (SQLite, PostgreSQL) behind one interface.
//
// Every write is one transaction that may append entries to the change log (transactional outbox). In-memory
// indexes follow that log (see store/change_follower.h). SQL is written once in the portable subset both
// backends accept, with `?` placeholders; the PostgreSQL backend rewrites them to $1..$n.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "common/result.h"
#include "store/value.h"

namespace kring::store {

enum class Backend { kSqlite, kPostgres };

const char* backend_name(Backend b);

// A connection inside a transaction. Valid only inside the callback that received it, on that thread.
// Methods throw StoreError on storage failure (caught by Database::read/write).
class Session {
 public:
  virtual ~Session() = default;
  virtual Backend backend() const = 0;
  virtual Rows query(std::string_view sql, const Params& params = {}) = 0;
  // Runs a statement that returns no rows; returns the number of rows changed.
  virtual int64_t exec(std::string_view sql, const Params& params = {}) = 0;
  // Runs several ';'-separated statements without parameters (migrations).
  virtual void exec_script(std::string_view sql) = 0;

  std::optional<Row> query_one(std::string_view sql, const Params& params = {}) {
    Rows rows = query(sql, params);
    if (rows.empty()) return std::nullopt;
    return std::move(rows.front());
  }
};

// A change-log entry. `kind` names the event ("member.created"); `entity` is the main id it concerns;
// `payload` is JSON carrying what followers need to apply it without another read.
struct Change {
  int64_t seq = 0;
  std::string kind;
  int64_t entity = 0;
  std::string payload;
  int64_t created_at = 0;
};

class WriteTx : public Session {
 public:
  // Appends an entry to the change log; it is written in this transaction, so it commits or vanishes with it.
  virtual void log(std::string kind, int64_t entity, std::string payload) = 0;
};

// Told about commits so that in-memory indexes can catch up. Implemented by ChangeFollower.
class ChangeObserver {
 public:
  virtual ~ChangeObserver() = default;
  // Called on the writing thread after a local commit that appended entries up to `seq`. It may block until
  // the indexes have applied them: this is what makes a write visible to the writer's next request.
  virtual void committed(int64_t seq) = 0;
  // Called when another process may have appended entries (PostgreSQL NOTIFY). Must not block.
  virtual void remote_changes() = 0;
};

struct DatabaseOptions {
  int read_connections = 8;       // SQLite readers / PostgreSQL pool size
  int max_batch = 256;            // SQLite group commit: most write transactions per fsync
  bool durable = true;            // SQLite synchronous=FULL; false only for benchmarks comparing the cost
  bool group_commit = true;       // SQLite: batch concurrent writes into one commit
};

class Database {
 public:
  virtual ~Database() = default;
  virtual Backend backend() const = 0;
  // A description safe to log (no password).
  virtual std::string describe() const = 0;

  // Runs `fn` in a read-only snapshot on a pooled connection. Thread-safe.
  template <typename T, typename F>
  Result<T> read(F&& fn) {
    std::optional<Result<T>> out;
    Status st = read_erased([&](Session& s) -> Status {
      out.emplace(fn(s));
      return out->ok() ? Status{} : Status(out->error());
    });
    if (!st.ok()) return std::move(st).error();
    return std::move(*out);
  }

  // Runs `fn` as one durable transaction. Returns once the commit is on disk (and, with an observer set, once
  // the indexes have applied its changes). If `fn` returns an error, its effects are rolled back and the
  // error is returned. Concurrent calls are batched into shared commits (group commit). Thread-safe.
  template <typename T, typename F>
  Result<T> write(F&& fn) {
    std::optional<Result<T>> out;
    Status st = write_erased([&](WriteTx& tx) -> Status {
      out.emplace(fn(tx));
      return out->ok() ? Status{} : Status(out->error());
    });
    if (!st.ok()) return std::move(st).error();
    return std::move(*out);
  }

  virtual Status read_erased(const std::function<Status(Session&)>& fn) = 0;
  virtual Status write_erased(const std::function<Status(WriteTx&)>& fn) = 0;

  // REQUIRES: called before concurrent use; `observer` outlives the database or is reset to nullptr.
  virtual void set_observer(ChangeObserver* observer) = 0;

  // Closes connections after pending writes complete. Further calls fail with kUnavailable.
  virtual void close() = 0;
};

// Opens "sqlite:PATH" (creating the file and its folder) or "postgresql://..." / "postgres://...".
Result<std::unique_ptr<Database>> open_database(const std::string& url, const DatabaseOptions& options = {});

// Reads up to `limit` change-log entries after `after_seq`, in order.
Result<std::vector<Change>> read_changes(Database& db, int64_t after_seq, int limit);
// The highest committed sequence number (0 for an empty log).
int64_t max_seq(Session& s);

// Applies the versioned migrations for db's backend that are not applied yet. Idempotent; safe to run
// from several processes at once on PostgreSQL (they serialise on an advisory lock).
Status migrate(Database& db);
// The latest migration version the binary knows.
int latest_schema_version();

}  // namespace kring::store
