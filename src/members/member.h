// A member's basic profile: the part every list of people shows. Sections grow in profiles/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "common/clock.h"

namespace kring::members {

using MemberId = int64_t;

struct Member {
  MemberId id = 0;
  std::string handle;
  std::string first_name;
  std::string last_name;
  std::string headline;
  std::string about;
  std::string location;
  Micros created_at = 0;
  Micros updated_at = 0;
};

// Field limits, in Unicode code points.
inline constexpr size_t kMaxNameLength = 100;
inline constexpr size_t kMaxHeadlineLength = 220;
inline constexpr size_t kMaxAboutLength = 2600;
inline constexpr size_t kMaxLocationLength = 100;

// The fields a PATCH may change; absent means unchanged.
struct MemberPatch {
  std::optional<std::string> first_name;
  std::optional<std::string> last_name;
  std::optional<std::string> headline;
  std::optional<std::string> about;
  std::optional<std::string> location;
};

// {"id","handle","first_name","last_name","headline","about","location","created_at"}
nlohmann::json to_json(const Member& m);
// The same serialised for the change log, and back.
std::string to_change_payload(const Member& m);
bool from_change_payload(const std::string& payload, Member& out);

}  // namespace kring::members
