#include "store/database.h"

#include "store/postgres_database.h"
#include "store/sqlite_database.h"

namespace kring::store {
namespace {
constexpr std::string_view kReadChanges =
    "SELECT seq, kind, entity, payload, created_at FROM change_log WHERE seq > ? ORDER BY seq LIMIT ?";
constexpr std::string_view kMaxSeq = "SELECT COALESCE(MAX(seq), 0) FROM change_log";
}  // namespace

const char* backend_name(Backend b) { return b == Backend::kSqlite ? "sqlite" : "postgresql"; }

Result<std::unique_ptr<Database>> open_database(const std::string& url, const DatabaseOptions& options) {
  if (url.rfind("sqlite:", 0) == 0) {
    std::string path = url.substr(7);
    if (path.rfind("//", 0) == 0) path = path.substr(2);  // sqlite://PATH
    if (path.empty()) return Error::invalid("db", "sqlite URL needs a path: sqlite:PATH");
    return open_sqlite(path, options);
  }
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) return open_postgres(url, options);
  return Error::invalid("db", "database URL must start with sqlite: or postgresql://");
}

Result<std::vector<Change>> read_changes(Database& db, int64_t after_seq, int limit) {
  return db.read<std::vector<Change>>([&](Session& s) -> Result<std::vector<Change>> {
    std::vector<Change> out;
    for (const Row& r : s.query(kReadChanges, {after_seq, limit})) {
      out.push_back(Change{r.i64(0), r.text(1), r.i64(2), r.text(3), r.i64(4)});
    }
    return out;
  });
}

int64_t max_seq(Session& s) {
  auto row = s.query_one(kMaxSeq);
  return row ? row->i64(0) : 0;
}

}  // namespace kring::store
