// Throwaway databases for tests, on either backend.
//
// Storage tests run once per backend in test_backends(): SQLite always, PostgreSQL when KRING_TEST_PG_URL
// names a cluster (tests/support/with-postgres.sh starts one). Typical use:
//
//   class MyTest : public ::testing::TestWithParam<store::Backend> {
//    protected:
//     void SetUp() override { t_ = kring::testing::make_test_database(GetParam()); }
//     store::Database& db() { return *t_->db; }
//     std::unique_ptr<kring::testing::TestDatabase> t_;
//   };
//   INSTANTIATE_TEST_SUITE_P(Backends, MyTest, ::testing::ValuesIn(kring::testing::test_backends()),
//                            kring::testing::BackendName());
//
// Helpers throw std::runtime_error on failure (GoogleTest reports it as a failed test with the message).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "store/database.h"

namespace kring::testing {

// The backends to run storage tests on: SQLite, plus PostgreSQL when KRING_TEST_PG_URL is set. When
// KRING_REQUIRE_PG=1 and KRING_TEST_PG_URL is missing, prints why and exits with status 1, so that a
// PostgreSQL run cannot be skipped silently.
std::vector<store::Backend> test_backends();

// Test-name suffix for a backend parameter: "sqlite" / "postgresql".
struct BackendName {
  template <typename ParamInfo>
  std::string operator()(const ParamInfo& info) const {
    return store::backend_name(info.param);
  }
};

// The PostgreSQL cluster's admin URL (KRING_TEST_PG_URL), or "" when there is none.
std::string pg_admin_url();
// Runs `sql` on the cluster's admin database outside any transaction (CREATE/DROP DATABASE,
// pg_terminate_backend, ...). Throws when it fails or there is no cluster.
void pg_admin_exec(const std::string& sql);

// A fresh, empty database, neither opened nor migrated (e.g. for a test that starts the server binary on
// url()). Removed on destruction: a PostgreSQL database is dropped (closing its remaining connections), a
// SQLite database's temporary folder is deleted.
class ScratchDatabase {
 public:
  explicit ScratchDatabase(store::Backend backend);
  ~ScratchDatabase();
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;

  store::Backend backend() const { return backend_; }
  // "sqlite:/tmp/kring_t_XXXXXX/kring.db" or "postgresql://.../kring_t_<hex>".
  const std::string& url() const { return url_; }

 private:
  store::Backend backend_;
  std::string url_;
  std::string pg_name_;     // PostgreSQL: the database to drop
  std::string sqlite_dir_;  // SQLite: the folder to delete
};

// An open, migrated database on a fresh ScratchDatabase.
struct TestDatabase {
  std::unique_ptr<ScratchDatabase> scratch;
  std::string url;
  std::unique_ptr<store::Database> db;
  // Closes `db`, then removes the database.
  ~TestDatabase();
};

std::unique_ptr<TestDatabase> make_test_database(store::Backend backend,
                                                 const store::DatabaseOptions& options = {});

}  // namespace kring::testing
