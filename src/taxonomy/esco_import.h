// `kring taxonomy import-esco`: loads the skills of official ESCO v1.2 CSV exports into the store (table
// esco_skills), where Taxonomy::load_esco picks them up at start.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "common/result.h"
#include "store/database.h"

namespace kring::taxonomy {

struct EscoImportStats {
  int files = 0;          // skill CSV files read
  int64_t rows = 0;       // records read from them
  int64_t skills = 0;     // distinct skill URIs found
  int64_t added = 0;      // not in the store before
  int64_t malformed = 0;  // records skipped
};

struct EscoImportOptions {
  int batch_rows = 500;  // skills per transaction
  std::function<void(const std::string&)> on_warning;
};

// Reads every skills CSV in `dir` in English or Dutch: files named skills_<lang>*.csv (the full export,
// or the cross-sector extract) and *SkillsCollection_<lang>.csv, lang "en" or "nl", with at least the
// columns conceptUri and preferredLabel (altLabels and skillType when present; alternative labels are
// separated by line breaks or " | "). Upserts one row per concept URI: re-running adds nothing twice, and a
// language missing from a run keeps what an earlier run stored.
Result<EscoImportStats> import_esco(store::Database& db, const std::string& dir,
                                    const EscoImportOptions& options = {});

}  // namespace kring::taxonomy
