#include "geo/mo_file.h"

#include <cstdint>
#include <fstream>
#include <sstream>

namespace kring::geo {
namespace {

constexpr uint32_t kMagic = 0x950412de;
constexpr uint32_t kMagicSwapped = 0xde120495;

Error bad(std::string what) {
  return Error{ErrorCode::kInvalidArgument, "not a .mo file: " + std::move(what)};
}

}  // namespace

Result<MoCatalog> parse_mo(std::string_view bytes) {
  if (bytes.size() < 20) return bad("too short");
  auto raw32 = [&](size_t at) {
    auto b = [&](size_t k) { return static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + k])); };
    return b(0) | b(1) << 8 | b(2) << 16 | b(3) << 24;  // little-endian
  };
  bool swap;
  if (raw32(0) == kMagic) {
    swap = false;
  } else if (raw32(0) == kMagicSwapped) {
    swap = true;
  } else {
    return bad("wrong magic number");
  }
  auto u32 = [&](size_t at) -> uint32_t {
    uint32_t v = raw32(at);
    return swap ? __builtin_bswap32(v) : v;
  };
  if ((u32(4) >> 16) != 0) return bad("unsupported major revision");
  const uint64_t count = u32(8), originals = u32(12), translations = u32(16);
  if (originals + count * 8 > bytes.size() || translations + count * 8 > bytes.size()) {
    return bad("string tables out of bounds");
  }
  // A string: length and offset; the bytes [offset, offset + length) are followed by a NUL in the file.
  auto string_at = [&](uint64_t entry, std::string_view& out) {
    uint64_t len = u32(entry), off = u32(entry + 4);
    if (off + len > bytes.size()) return false;
    out = bytes.substr(off, len);
    return true;
  };
  MoCatalog catalog;
  catalog.reserve(count);
  for (uint64_t i = 0; i < count; ++i) {
    std::string_view id, str;
    if (!string_at(originals + i * 8, id) || !string_at(translations + i * 8, str)) {
      return bad("string " + std::to_string(i) + " out of bounds");
    }
    id = id.substr(0, id.find('\0'));  // msgid of a plural entry: singular form
    if (size_t ctx = id.find('\x04'); ctx != std::string_view::npos) id.remove_prefix(ctx + 1);  // msgctxt
    str = str.substr(0, str.find('\0'));  // first plural form
    if (id.empty() || str.empty()) continue;
    catalog.emplace(std::string(id), std::string(str));
  }
  return catalog;
}

Result<MoCatalog> read_mo_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::not_found("cannot read " + path);
  std::ostringstream buf;
  buf << in.rdbuf();
  return parse_mo(buf.str());
}

}  // namespace kring::geo
