#include "common/cursor.h"

#include <charconv>

#include "common/random.h"

namespace kring {
namespace {
constexpr std::string_view kVersion = "k1";
Error invalid_cursor() {
  return Error{ErrorCode::kInvalidArgument, "cursor is not one this server issued", "cursor", "invalid_cursor"};
}
}  // namespace

std::string encode_cursor(const std::vector<int64_t>& fields) {
  std::string raw(kVersion);
  for (int64_t f : fields) raw += ":" + std::to_string(f);
  return crypto::base64url_encode(raw);
}

Result<std::vector<int64_t>> decode_cursor(std::string_view cursor, size_t expected) {
  if (cursor.empty() || cursor.size() > 512) return invalid_cursor();
  std::string raw;
  if (!crypto::base64url_decode(cursor, raw)) return invalid_cursor();
  if (raw.rfind(kVersion, 0) != 0) return invalid_cursor();
  std::vector<int64_t> out;
  std::string_view rest = std::string_view(raw).substr(kVersion.size());
  while (!rest.empty()) {
    if (rest.front() != ':') return invalid_cursor();
    rest.remove_prefix(1);
    int64_t v = 0;
    auto [p, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), v);
    if (ec != std::errc() || p == rest.data()) return invalid_cursor();
    out.push_back(v);
    rest.remove_prefix(static_cast<size_t>(p - rest.data()));
  }
  if (out.size() != expected) return invalid_cursor();
  return out;
}

Result<int> parse_limit(const std::string* raw, int default_limit, int max_limit) {
  if (!raw) return default_limit;
  int v = 0;
  auto [p, ec] = std::from_chars(raw->data(), raw->data() + raw->size(), v);
  if (ec != std::errc() || p != raw->data() + raw->size() || v < 1 || v > max_limit) {
    return Error::invalid("limit", "limit must be a whole number from 1 to " + std::to_string(max_limit));
  }
  return v;
}

}  // namespace kring
