// PostgreSQL backend (libpq): a pool of connections; each write is its own transaction (PostgreSQL batches
// concurrent commits' WAL flushes itself); change-log appends serialise on an advisory lock so that sequence
// order equals commit order; a listener connection turns NOTIFY kring_changes into remote_changes().
#pragma once

#include <memory>
#include <string>

#include "store/database.h"

namespace kring::store {

// `url` is a libpq connection URI (postgresql://user@host:port/dbname?...).
Result<std::unique_ptr<Database>> open_postgres(const std::string& url, const DatabaseOptions& options);

// Rewrites `?` placeholders (outside quotes and comments) to $1..$n.
std::string rewrite_placeholders(std::string_view sql);

}  // namespace kring::store
