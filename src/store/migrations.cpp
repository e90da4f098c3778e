#include <algorithm>

#include "common/clock.h"
#include "store/database.h"
#include "store/migration_scripts.h"

namespace kring::store {
namespace {

constexpr std::string_view kCreateMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";
constexpr std::string_view kAppliedVersions = "SELECT version FROM schema_migrations";
constexpr std::string_view kRecordMigration =
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)";
// Serialises migrations across processes sharing one PostgreSQL database.
constexpr std::string_view kPgMigrationLock = "SELECT pg_advisory_xact_lock(7365001)";

const std::vector<MigrationScript>& scripts_for(Backend b) {
  return b == Backend::kSqlite ? kSqliteMigrations : kPostgresMigrations;
}

}  // namespace

int latest_schema_version() {
  int v = 0;
  for (const auto& m : kSqliteMigrations) v = std::max(v, m.version);
  return v;
}

Status migrate(Database& db) {
  const auto& scripts = scripts_for(db.backend());
  for (const MigrationScript& script : scripts) {
    auto applied = db.write<bool>([&](WriteTx& tx) -> Result<bool> {
      if (tx.backend() == Backend::kPostgres) tx.query(kPgMigrationLock);
      tx.exec(kCreateMigrationsTable);
      for (const Row& r : tx.query(kAppliedVersions)) {
        if (r.i64(0) == script.version) return false;
      }
      tx.exec_script(script.sql);
      tx.exec(kRecordMigration, {script.version, std::string(script.name), SystemClock::instance().now()});
      return true;
    });
    if (!applied.ok()) {
      return Error::internal("migration " + std::string(script.name) + " failed: " + applied.error().message);
    }
  }
  return {};
}

}  // namespace kring::store
