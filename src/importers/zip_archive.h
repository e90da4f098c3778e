// ZIP archives in memory (libzip): reading untrusted uploads with limits that hold against zip bombs, and
// writing the member data export.
//
// Reading checks the sizes every entry declares before anything is decompressed, and then counts the bytes
// actually decompressed while an entry is read: a bomb that declares small sizes and expands to gigabytes
// is stopped at the limit, after at most one read chunk past it. Nothing is held in memory but the chunk
// being read; entries are handed to the caller as a stream.
//
// Errors: kInvalidArgument with api_code "invalid_zip" for bytes that are not a ZIP archive or an entry that
// cannot be decompressed (damaged, encrypted, unsupported method); kPayloadTooLarge with api_code
// "zip_too_large" when an entry or the whole archive expands past the limits.
#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace kring::importers {

inline constexpr uint64_t kMiB = uint64_t{1} << 20;

struct ZipLimits {
  uint64_t max_entry_bytes = 50 * kMiB;   // one entry, decompressed
  uint64_t max_total_bytes = 200 * kMiB;  // every entry together, decompressed (declared; and as read)
  int64_t max_entries = 10000;
};

Error invalid_zip(std::string message);
Error zip_too_large(std::string message);

// Calls `fn(name, stream)` for each entry whose name `want` accepts, in archive order. The stream yields the
// decompressed bytes; when an entry goes past the limits or turns out damaged, the stream ends early and
// read_zip returns the error once `fn` returns (what `fn` gathered from the truncated stream must then be
// thrown away). `fn` need not read an entry to its end. An error `fn` returns stops the walk and is returned.
// Directories are skipped. REQUIRES: `bytes` stays valid during the call.
Status read_zip(std::string_view bytes, const ZipLimits& limits,
                const std::function<bool(std::string_view)>& want,
                const std::function<Status(const std::string& name, std::istream& in)>& fn);

struct ZipFile {
  std::string name;  // path inside the archive, UTF-8
  std::string data;
};

// A deflate-compressed ZIP archive holding `files` in order. kInternal when libzip fails.
Result<std::string> write_zip(const std::vector<ZipFile>& files);

}  // namespace kring::importers
