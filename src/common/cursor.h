// Opaque paging cursors: a list of integers encoded as URL-safe base64 with a version tag. Clients must treat
// them as opaque; a cursor that does not decode is a 400 (invalid_cursor), never a 500.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace kring {

std::string encode_cursor(const std::vector<int64_t>& fields);
// Exactly `expected` fields, or 400 invalid_cursor.
Result<std::vector<int64_t>> decode_cursor(std::string_view cursor, size_t expected);

// Parses the `limit` query parameter: absent -> default_limit; 1..max_limit; otherwise 400 naming "limit".
Result<int> parse_limit(const std::string* raw, int default_limit, int max_limit);

}  // namespace kring
