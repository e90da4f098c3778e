#include "support/test_db.h"

#include <libpq-fe.h>
#include <stdlib.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <stdexcept>

namespace kring::testing {
namespace {

std::string random_hex(int bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::random_device rd;
  std::string out;
  for (int i = 0; i < bytes; ++i) {
    unsigned v = rd() & 0xFF;
    out.push_back(kHex[v >> 4]);
    out.push_back(kHex[v & 0xF]);
  }
  return out;
}

// `url` with its database (the URI path) replaced by `name`.
std::string with_database(const std::string& url, const std::string& name) {
  auto scheme = url.find("://");
  if (scheme == std::string::npos) throw std::runtime_error("KRING_TEST_PG_URL is not a postgresql:// URL");
  std::size_t path = url.find_first_of("/?", scheme + 3);
  if (path == std::string::npos) return url + "/" + name;
  std::size_t query = url.find('?', path);
  std::string rest = query == std::string::npos ? "" : url.substr(query);
  return url.substr(0, path) + "/" + name + rest;
}

}  // namespace

std::vector<store::Backend> test_backends() {
  std::vector<store::Backend> out{store::Backend::kSqlite};
  if (!pg_admin_url().empty()) {
    out.push_back(store::Backend::kPostgres);
  } else if (const char* req = std::getenv("KRING_REQUIRE_PG"); req && std::string(req) == "1") {
    std::fprintf(stderr,
                 "KRING_REQUIRE_PG=1 but KRING_TEST_PG_URL is not set: run the storage tests through "
                 "tests/support/with-postgres.sh (or point KRING_TEST_PG_URL at a cluster).\n");
    std::exit(1);
  }
  return out;
}

std::string pg_admin_url() {
  const char* url = std::getenv("KRING_TEST_PG_URL");
  return url ? url : "";
}

void pg_admin_exec(const std::string& sql) {
  std::string url = pg_admin_url();
  if (url.empty()) throw std::runtime_error("no PostgreSQL cluster: KRING_TEST_PG_URL is not set");
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn);
    PQfinish(conn);
    throw std::runtime_error("cannot connect to the test cluster: " + msg);
  }
  PGresult* r = PQexec(conn, sql.c_str());
  ExecStatusType st = PQresultStatus(r);
  std::string msg = PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(conn);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) throw std::runtime_error(sql + ": " + msg);
}

ScratchDatabase::ScratchDatabase(store::Backend backend) : backend_(backend) {
  if (backend == store::Backend::kPostgres) {
    pg_name_ = "kring_t_" + random_hex(8);
    pg_admin_exec("CREATE DATABASE " + pg_name_ + " TEMPLATE template0 ENCODING 'UTF8'");
    url_ = with_database(pg_admin_url(), pg_name_);
    return;
  }
  std::error_code ec;
  std::string tmpl = (std::filesystem::temp_directory_path(ec) / "kring_t_XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("cannot create a temporary folder from " + tmpl);
  sqlite_dir_ = tmpl;
  url_ = "sqlite:" + sqlite_dir_ + "/kring.db";
}

ScratchDatabase::~ScratchDatabase() {
  if (!pg_name_.empty()) {
    try {
      pg_admin_exec("DROP DATABASE IF EXISTS " + pg_name_ + " WITH (FORCE)");
    } catch (const std::exception& e) {
      std::fprintf(stderr, "warning: could not drop test database %s: %s\n", pg_name_.c_str(), e.what());
    }
  }
  if (!sqlite_dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(sqlite_dir_, ec);
  }
}

TestDatabase::~TestDatabase() {
  db.reset();
  scratch.reset();
}

std::unique_ptr<TestDatabase> make_test_database(store::Backend backend, const store::DatabaseOptions& options) {
  auto t = std::make_unique<TestDatabase>();
  t->scratch = std::make_unique<ScratchDatabase>(backend);
  t->url = t->scratch->url();
  auto db = store::open_database(t->url, options);
  if (!db.ok()) throw std::runtime_error("cannot open " + t->url + ": " + db.error().message);
  t->db = std::move(*db);
  Status st = store::migrate(*t->db);
  if (!st.ok()) throw std::runtime_error("cannot migrate " + t->url + ": " + st.error().message);
  return t;
}

}  // namespace kring::testing
