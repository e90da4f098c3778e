// A small libpq client shared by the benchmarks that ask PostgreSQL the same question as Kring: a connection
// with run/value/pairs/prepare/COPY, results that free themselves, and a throwaway database per run.
// Not thread-safe: one Pg per thread.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"

namespace kring::bench {

inline std::string random_hex(int chars) {
  std::random_device rd;
  std::mt19937_64 gen((static_cast<uint64_t>(rd()) << 32) ^ rd());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  for (int i = 0; i < chars; ++i) s += kHex[gen() % 16];
  return s;
}

// `url` with its database name replaced by `name` (postgresql://user@host:port/NAME?params).
inline std::string with_database(const std::string& url, const std::string& name) {
  size_t start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  size_t query = url.find('?', start);
  size_t slash = url.find('/', start);
  std::string params = query == std::string::npos ? "" : url.substr(query);
  if (slash != std::string::npos && (query == std::string::npos || slash < query)) {
    return url.substr(0, slash + 1) + name + params;
  }
  return url.substr(0, query == std::string::npos ? url.size() : query) + "/" + name + params;
}

inline void ignore_notice(void*, const char*) {}

struct PgResult {
  PGresult* r = nullptr;
  explicit PgResult(PGresult* p) : r(p) {}
  ~PgResult() { PQclear(r); }
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;
  ExecStatusType status() const { return PQresultStatus(r); }
  bool ok() const { return status() == PGRES_TUPLES_OK || status() == PGRES_COMMAND_OK; }
  std::string sqlstate() const {
    const char* s = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    return s ? s : "";
  }
  int rows() const { return PQntuples(r); }
  bool null(int row, int col) const { return PQgetisnull(r, row, col) != 0; }
  const char* text(int row, int col) const { return PQgetvalue(r, row, col); }
  int64_t i64(int row, int col) const { return std::strtoll(text(row, col), nullptr, 10); }
  double f64(int row, int col) const { return std::strtod(text(row, col), nullptr); }
};

class Pg {
 public:
  explicit Pg(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
    if (conn_) PQsetNoticeProcessor(conn_, ignore_notice, nullptr);
  }
  ~Pg() { PQfinish(conn_); }
  Pg(const Pg&) = delete;
  Pg& operator=(const Pg&) = delete;

  bool ok() const { return PQstatus(conn_) == CONNECTION_OK; }
  PGconn* conn() const { return conn_; }
  std::string error() const {
    std::string s = PQerrorMessage(conn_);
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
  }
  // Runs `sql`; on failure returns an error naming `sql`.
  Status run(const std::string& sql) {
    PgResult r(PQexec(conn_, sql.c_str()));
    if (!r.ok()) return Error::internal("postgresql: " + sql.substr(0, 120) + ": " + error());
    return {};
  }
  // The first column of the first row, or nullopt on failure.
  std::optional<std::string> value(const std::string& sql) {
    PgResult r(PQexec(conn_, sql.c_str()));
    if (r.status() != PGRES_TUPLES_OK || r.rows() == 0) return std::nullopt;
    return std::string(r.text(0, 0));
  }
  // Every row of a two-column query.
  std::optional<std::vector<std::pair<std::string, std::string>>> pairs(const std::string& sql) {
    PgResult r(PQexec(conn_, sql.c_str()));
    if (r.status() != PGRES_TUPLES_OK) return std::nullopt;
    std::vector<std::pair<std::string, std::string>> out;
    for (int i = 0; i < r.rows(); ++i) out.emplace_back(r.text(i, 0), r.text(i, 1));
    return out;
  }
  Status prepare(const char* name, const std::string& sql) {
    PgResult r(PQprepare(conn_, name, sql.c_str(), 0, nullptr));
    if (!r.ok()) return Error::internal(std::string("postgresql: prepare ") + name + ": " + error());
    return {};
  }
  // COPY ... FROM STDIN, fed by `fill(buffer)` until it returns false.
  template <typename Fill>
  Status copy_in(const std::string& sql, Fill&& fill) {
    {
      PgResult r(PQexec(conn_, sql.c_str()));
      if (r.status() != PGRES_COPY_IN) return Error::internal("postgresql: " + sql + ": " + error());
    }
    std::string buf;
    bool more = true;
    while (more) {
      buf.clear();
      more = fill(buf);
      if (!buf.empty() && PQputCopyData(conn_, buf.data(), static_cast<int>(buf.size())) != 1) {
        return Error::internal("postgresql: COPY: " + error());
      }
    }
    if (PQputCopyEnd(conn_, nullptr) != 1) return Error::internal("postgresql: COPY end: " + error());
    for (;;) {
      PGresult* raw = PQgetResult(conn_);
      if (!raw) break;
      PgResult r(raw);
      if (!r.ok()) return Error::internal("postgresql: COPY: " + error());
    }
    return {};
  }

 private:
  PGconn* conn_;
};

// Drops the database created for the run when destroyed.
class PgScratch {
 public:
  // `prefix` starts the database's name ("kring_bench"); `who` names the benchmark in messages.
  PgScratch(Pg& admin, std::string prefix, std::string who)
      : admin_(admin), prefix_(std::move(prefix)), who_(std::move(who)) {}
  ~PgScratch() { drop(); }
  PgScratch(const PgScratch&) = delete;
  PgScratch& operator=(const PgScratch&) = delete;
  Status create() {
    std::string name = prefix_ + "_" + random_hex(12);
    KRING_TRY(admin_.run("CREATE DATABASE " + name));
    name_ = name;
    return {};
  }
  void drop() {
    if (name_.empty()) return;
    if (!admin_.run("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)").ok() &&
        !admin_.run("DROP DATABASE IF EXISTS " + name_).ok()) {
      std::cerr << who_ << ": could not drop database " << name_ << ": " << admin_.error() << "\n";
    }
    name_.clear();
  }
  const std::string& name() const { return name_; }

 private:
  Pg& admin_;
  std::string prefix_, who_;
  std::string name_;
};

}  // namespace kring::bench
