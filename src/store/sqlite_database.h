// SQLite backend: WAL, synchronous=FULL, one writer thread that batches concurrent write transactions into
// one commit (group commit), and a pool of reader connections for snapshot reads.
#pragma once

#include <memory>
#include <string>

#include "store/database.h"

namespace kring::store {

// Opens (creating if needed) the database file at `path`.
Result<std::unique_ptr<Database>> open_sqlite(const std::string& path, const DatabaseOptions& options);

}  // namespace kring::store
