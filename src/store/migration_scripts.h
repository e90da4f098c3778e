// The migration scripts compiled into the binary (generated from src/store/migrations/*/NNNN_name.sql).
#pragma once

#include <string_view>
#include <vector>

namespace kring::store {

struct MigrationScript {
  int version;
  std::string_view name;
  std::string_view sql;
};

extern const std::vector<MigrationScript> kSqliteMigrations;
extern const std::vector<MigrationScript> kPostgresMigrations;

}  // namespace kring::store
