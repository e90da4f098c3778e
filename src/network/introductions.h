// Introductions: a member asks a mutual connection to introduce them to a second-degree member. The
// intermediary forwards it with a note or declines; the target accepts (they are connected) or says no.
// Every party sees the outcome; nobody else sees the introduction at all (kNotFound).
//
// States: pending -> forwarded -> accepted | rejected; pending -> declined; pending | forwarded -> withdrawn
// (by the requester, or when a block separates two of the parties).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "network/network_service.h"

namespace kring::network {

inline constexpr size_t kMaxIntroductionMessage = 1000;

struct Introduction {
  int64_t id = 0;
  MemberId requester = 0;
  MemberId intermediary = 0;
  MemberId target = 0;
  std::string message;
  std::string status;
  std::string reply;
  Micros created_at = 0;
  Micros updated_at = 0;
};

enum class IntroductionRole { kAll, kRequested, kIntermediary, kTarget };

class IntroductionService {
 public:
  explicit IntroductionService(NetworkService& network) : network_(network) {}

  Result<Introduction> request(MemberId me, std::string_view target_handle, std::string_view via_handle,
                               std::string_view message);
  Result<Introduction> forward(MemberId me, int64_t id, std::string_view note);
  Result<Introduction> decline(MemberId me, int64_t id);
  Result<Introduction> accept(MemberId me, int64_t id);
  Result<Introduction> reject(MemberId me, int64_t id);
  Status withdraw(MemberId me, int64_t id);

  // Introductions `me` takes part in, newest first. The target sees one only once it is forwarded.
  Result<std::pair<std::vector<Introduction>, std::optional<std::string>>> list(MemberId me, IntroductionRole role,
                                                                                int limit,
                                                                                std::string_view cursor) const;

 private:
  // Loads `id`, checks that `me` may act in `role` and that the status is `from`, then sets `to`.
  Result<Introduction> transition(MemberId me, int64_t id, IntroductionRole role, std::string_view from,
                                  std::string_view to, std::string_view reply);

  NetworkService& network_;
};

}  // namespace kring::network
