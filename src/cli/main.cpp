// build/kring: serve, seed, migrate, admin api-key create, import ldbc, taxonomy import-esco.
#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <iostream>
#include <thread>

#include <unistd.h>

#include "accounts/account_service.h"
#include "api/node.h"
#include "bench/feed_bench.h"
#include "bench/network_bench.h"
#include "bench/search_bench.h"
#include "bench/write_bench.h"
#include "common/random.h"
#include "http/server.h"
#include "importers/ldbc_import.h"
#include "taxonomy/esco_import.h"
#include "members/member_directory.h"
#include "members/member_service.h"
#include "seed/generator.h"
#include "store/change_follower.h"
#include "store/database.h"

namespace {

using namespace kring;

constexpr const char* kDefaultDb = "sqlite:data/kring.db";

int fail(const Error& e) {
  std::cerr << "kring: " << e.message << "\n";
  return e.code == ErrorCode::kInvalidArgument ? 2 : 1;
}

Result<std::unique_ptr<store::Database>> open_migrated(const std::string& url) {
  KRING_ASSIGN_OR_RETURN(auto db, store::open_database(url));
  KRING_TRY(store::migrate(*db));
  return db;
}

std::string default_web_root() {
  namespace fs = std::filesystem;
  if (fs::is_directory("web/dist")) return "web/dist";
  std::error_code ec;
  auto exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    auto candidate = exe.parent_path().parent_path() / "web" / "dist";
    if (fs::is_directory(candidate)) return candidate.string();
  }
  return "web/dist";
}

struct ServeOptions {
  std::string db = kDefaultDb;
  std::string listen = "127.0.0.1:8080";
  std::string web_root;
  int io_threads = 2;
  int workers = 16;
  bool quiet = false;
  bool secure_cookies = false;
  int login_failures_per_ip = 50;
  int login_failures_per_account = 10;
  int invitations_per_week = 100;
  int64_t profile_cache = static_cast<int64_t>(profiles::ProfileCache::kDefaultCapacity);
};

int serve(const ServeOptions& o) {
  auto colon = o.listen.rfind(':');
  if (colon == std::string::npos) return fail(Error::invalid("listen", "--listen must be HOST:PORT"));
  http::ServerConfig sc;
  sc.host = o.listen.substr(0, colon);
  if (sc.host.size() > 2 && sc.host.front() == '[') sc.host = sc.host.substr(1, sc.host.size() - 2);
  try {
    int port = std::stoi(o.listen.substr(colon + 1));
    if (port < 0 || port > 65535) throw std::out_of_range("port");
    sc.port = static_cast<uint16_t>(port);
  } catch (const std::exception&) {
    return fail(Error::invalid("listen", "--listen port must be a number from 0 to 65535"));
  }
  sc.io_threads = std::max(1, o.io_threads);
  sc.worker_threads = std::max(1, o.workers);
  sc.log_requests = !o.quiet;
  sc.secure = o.secure_cookies;

  api::NodeConfig nc;
  nc.db_url = o.db;
  nc.app = {o.secure_cookies, o.web_root.empty() ? default_web_root() : o.web_root};
  nc.accounts.login_failures_per_ip = o.login_failures_per_ip;
  nc.accounts.login_failures_per_account = o.login_failures_per_account;
  nc.network.invitations_per_week = std::max(1, o.invitations_per_week);
  nc.profile_cache_capacity = static_cast<size_t>(std::max<int64_t>(16, o.profile_cache));
  auto node = api::Node::open(nc);
  if (!node.ok()) return fail(node.error());
  spdlog::info("store: {}", (*node)->db().describe());
  api::App& app = (*node)->app();
  http::Server server(sc, app, (*node)->metrics());
  if (Status st = server.listen(); !st.ok()) return fail(st.error());
  spdlog::info("listening on http://{}:{}", sc.host, server.port());

  int exit_code = 0;
  std::thread loader([&] {
    Status st = (*node)->start();
    if (!st.ok()) {
      spdlog::error("loading indexes failed: {}", st.error().message);
      exit_code = 1;
      server.request_shutdown();
      return;
    }
    spdlog::info("ready: {} members", (*node)->directory().size());
  });
  server.run();
  loader.join();
  (*node)->stop();
  spdlog::info("stopped");
  return exit_code;
}

}  // namespace

int main(int argc, char** argv) {
  crypto::init();
  CLI::App cli{"Kring: a self-hostable professional network"};
  cli.require_subcommand(1);

  ServeOptions so;
  auto* serve_cmd = cli.add_subcommand("serve", "Serve the web app and API");
  serve_cmd->add_option("--db", so.db, "Database URL: sqlite:PATH or postgresql://...")->capture_default_str();
  serve_cmd->add_option("--listen", so.listen, "HOST:PORT to listen on")->capture_default_str();
  serve_cmd->add_option("--web-root", so.web_root, "Folder of the web build (default: web/dist)");
  serve_cmd->add_option("--io-threads", so.io_threads, "Network threads")->capture_default_str();
  serve_cmd->add_option("--workers", so.workers, "Worker threads for handlers")->capture_default_str();
  serve_cmd->add_flag("--quiet", so.quiet, "Do not log each request");
  serve_cmd->add_flag("--secure-cookies", so.secure_cookies, "Mark cookies Secure (served over TLS)");
  serve_cmd->add_option("--login-failures-per-ip", so.login_failures_per_ip,
                        "Failed log-ins per IP address per 15 minutes before 429")->capture_default_str();
  serve_cmd->add_option("--login-failures-per-account", so.login_failures_per_account,
                        "Failed log-ins per account per 15 minutes before 429")->capture_default_str();
  serve_cmd->add_option("--invitations-per-week", so.invitations_per_week,
                        "Invitations a member may send per 7 days (lowered when most are ignored)")
      ->capture_default_str();
  serve_cmd->add_option("--profile-cache", so.profile_cache,
                        "Profiles kept in memory for profile reads (a few KB each)")->capture_default_str();

  std::string db_url = kDefaultDb;
  seed::SeedOptions seed_opts;
  auto* seed_cmd = cli.add_subcommand("seed", "Fill an empty database with deterministic demo data");
  seed_cmd->add_option("--db", db_url, "Database URL")->capture_default_str();
  seed_cmd->add_option("--members", seed_opts.members, "Number of members")->capture_default_str();
  seed_cmd->add_option("--seed", seed_opts.seed, "Random seed")->capture_default_str();
  seed_cmd->add_option("--avg-connections", seed_opts.avg_connections, "Average connections per member")
      ->capture_default_str();
  seed_cmd->add_option("--post-days", seed_opts.post_days,
                       "Days of demo posts (about 0.3 per member per day) before now; 0 for none")
      ->capture_default_str()
      ->check(CLI::Range(0, 365));

  auto* migrate_cmd = cli.add_subcommand("migrate", "Apply database migrations");
  migrate_cmd->add_option("--db", db_url, "Database URL")->capture_default_str();

  auto* admin_cmd = cli.add_subcommand("admin", "Administration");
  admin_cmd->require_subcommand(1);
  auto* key_cmd = admin_cmd->add_subcommand("api-key", "Admin API keys");
  key_cmd->require_subcommand(1);
  std::string key_name;
  auto* key_create = key_cmd->add_subcommand("create", "Create an admin API key; prints it on the last line");
  key_create->add_option("--db", db_url, "Database URL")->capture_default_str();
  key_create->add_option("--name", key_name, "What the key is for")->required();

  auto* bench_cmd = cli.add_subcommand("bench", "Benchmarks (make bench runs them; see bench/README.md)");
  bench_cmd->require_subcommand(1);
  bench::WriteBenchOptions write_opts;
  auto* bench_write = bench_cmd->add_subcommand("write", "Durable write throughput with and without group commit");
  bench_write->add_option("--db", write_opts.db_url, "sqlite:PATH to reuse (default: fresh temporary files)");
  bench_write->add_option("--compare-postgres", write_opts.compare_postgres,
                          "PostgreSQL URL allowed to create and drop a database for the run");
  bench_write->add_option("--writers", write_opts.writers, "Concurrent writer threads")->capture_default_str();
  bench_write->add_option("--seconds", write_opts.seconds, "Measured seconds per mode")->capture_default_str();
  bench_write->add_flag("--json", write_opts.json, "Print one JSON object on the last line");
  bench::NetworkBenchOptions network_opts;
  auto* bench_network = bench_cmd->add_subcommand(
      "network", "Connection graph queries on a generated network, optionally against PostgreSQL in plain SQL");
  bench_network->add_option("--members", network_opts.members, "Members to generate")->required();
  bench_network->add_option("--avg-connections", network_opts.avg_connections, "Average connections per member")
      ->required();
  bench_network->add_option("--seed", network_opts.seed, "Generator seed")->capture_default_str();
  bench_network->add_option("--compare-postgres", network_opts.compare_postgres,
                            "PostgreSQL URL allowed to create and drop a database for the run");
  bench_network->add_flag("--json", network_opts.json, "Print one JSON object on the last line");
  bench::SearchBenchOptions search_opts;
  auto* bench_search = bench_cmd->add_subcommand(
      "search", "People search on seeded profiles, against SQLite FTS5 and optionally PostgreSQL full-text search");
  bench_search->add_option("--members", search_opts.members, "Members to seed")->required();
  bench_search->add_option("--seed", search_opts.seed, "Seed")->capture_default_str();
  bench_search->add_option("--avg-connections", search_opts.avg_connections, "Average connections per member")
      ->capture_default_str();
  bench_search->add_option("--queries", search_opts.queries, "Queries per question and engine")->capture_default_str();
  bench_search->add_option("--compare-postgres", search_opts.compare_postgres,
                           "PostgreSQL URL allowed to create and drop a database for the run");
  bench_search->add_flag("--json", search_opts.json, "Print one JSON object on the last line");
  bench_search->add_option("--store", search_opts.store,
                           "SQLite file to seed and keep (reused without seeding when it already holds members)");
  bench_search->add_flag("--kring-only", search_opts.kring_only, "Skip SQLite FTS5 and PostgreSQL");
  bench_search->add_option("--alt-budget", search_opts.alt_budget_s,
                           "Seconds of query time per question for SQLite FTS5 and PostgreSQL")
      ->capture_default_str();
  bench::FeedBenchOptions feed_opts;
  auto* bench_feed = bench_cmd->add_subcommand(
      "feed", "The feed (relevant and recent) on generated posts and engagement, optionally against PostgreSQL in SQL");
  bench_feed->add_option("--members", feed_opts.members, "Members to generate")->required();
  bench_feed->add_option("--days", feed_opts.days, "Days of posts (at most 30)")->capture_default_str();
  bench_feed->add_option("--seed", feed_opts.seed, "Generator seed")->capture_default_str();
  bench_feed->add_option("--avg-connections", feed_opts.avg_connections, "Average connections per member")
      ->capture_default_str();
  bench_feed->add_option("--queries", feed_opts.queries, "Queries per viewer bucket and mode")->capture_default_str();
  bench_feed->add_option("--pg-queries", feed_opts.pg_queries, "Queries per bucket and mode asked of PostgreSQL")
      ->capture_default_str();
  bench_feed->add_option("--compare-postgres", feed_opts.compare_postgres,
                         "PostgreSQL URL allowed to create and drop a database for the run");
  bench_feed->add_flag("--json", feed_opts.json, "Print one JSON object on the last line");
  bench_feed->add_flag("--print-sql", feed_opts.print_sql, "Print the SQL asked of PostgreSQL and exit");

  auto* import_cmd = cli.add_subcommand("import", "Import data from other systems (docs/import-ldbc.md)");
  import_cmd->require_subcommand(1);
  std::string ldbc_dir;
  importers::LdbcOptions ldbc_opts;
  auto* import_ldbc = import_cmd->add_subcommand(
      "ldbc", "Load an LDBC SNB Interactive v1 data set (CsvMergeForeign layout); re-running adds nothing twice");
  import_ldbc->add_option("--db", db_url, "Database URL")->capture_default_str();
  import_ldbc->add_option("--batch", ldbc_opts.batch_rows, "Rows per transaction")->capture_default_str();
  import_ldbc->add_option("DIR", ldbc_dir, "Folder holding static/ and dynamic/")
      ->required()
      ->check(CLI::ExistingDirectory);

  auto* taxonomy_cmd = cli.add_subcommand("taxonomy", "The skill taxonomy");
  taxonomy_cmd->require_subcommand(1);
  std::string esco_dir;
  auto* import_esco = taxonomy_cmd->add_subcommand(
      "import-esco", "Load ESCO v1.2 skills CSV exports (English, Dutch); re-running adds nothing twice");
  import_esco->add_option("--db", db_url, "Database URL")->capture_default_str();
  import_esco->add_option("DIR", esco_dir, "Folder holding skills_en*.csv, *SkillsCollection_nl.csv, ...")
      ->required();

  CLI11_PARSE(cli, argc, argv);
  spdlog::set_default_logger(spdlog::stderr_color_mt("kring"));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");

  if (*serve_cmd) return serve(so);
  if (*bench_write) return bench::run_write_bench(write_opts);
  if (*bench_network) return bench::run_network_bench(network_opts);
  if (*bench_search) return bench::run_search_bench(search_opts);
  if (*bench_feed) return bench::run_feed_bench(feed_opts);

  auto db = open_migrated(db_url);
  if (!db.ok()) return fail(db.error());
  if (*migrate_cmd) {
    std::cout << "schema at version " << store::latest_schema_version() << "\n";
    return 0;
  }
  if (*seed_cmd) {
    auto r = seed::seed_database(**db, seed_opts);
    if (!r.ok()) return fail(r.error());
    std::cout << "seeded " << r->members << " members, " << r->connections << " connections, " << r->posts
              << " posts, " << r->reactions << " reactions and " << r->comments << " comments\n"
              << "demo log-in: " << seed::kDemoEmail << " / " << seed::kDemoPassword << "\n";
    return 0;
  }
  if (*key_create) {
    accounts::AccountService accounts(**db, SystemClock::instance());
    auto key = accounts.create_api_key(key_name);
    if (!key.ok()) return fail(key.error());
    std::cout << "Created admin API key '" << key_name << "'. It is shown once; store it safely.\n" << *key << "\n";
    return 0;
  }
  if (*import_ldbc) {
    ldbc_opts.on_warning = [](const std::string& w) { std::cerr << "kring: import ldbc: " << w << "\n"; };
    ldbc_opts.on_table_done = [](const importers::LdbcTableStats& t) {
      spdlog::info("import ldbc: {}: {} rows, {} added, {} present, {} unused, {} skipped", t.table, t.rows,
                   t.added, t.present, t.unused, t.skipped);
    };
    auto r = importers::import_ldbc(**db, ldbc_dir, ldbc_opts);
    if (!r.ok()) return fail(r.error());
    std::cout << "Imported LDBC data from " << ldbc_dir << " into " << (*db)->describe() << "\n"
              << importers::format_ldbc_report(*r);
    return 0;
  }
  if (*import_esco) {
    taxonomy::EscoImportOptions esco_opts;
    esco_opts.on_warning = [](const std::string& w) { std::cerr << "kring: import-esco: " << w << "\n"; };
    auto r = taxonomy::import_esco(**db, esco_dir, esco_opts);
    if (!r.ok()) return fail(r.error());
    std::cout << "Imported ESCO skills from " << esco_dir << " into " << (*db)->describe() << ": " << r->files
              << " files, " << r->rows << " rows, " << r->skills << " skills, " << r->added << " added, "
              << r->malformed << " skipped\n";
    return 0;
  }
  return 0;
}
