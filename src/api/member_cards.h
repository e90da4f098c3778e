// How members appear in lists: {"id","handle","first_name","last_name","headline","location","degree"}, the
// degree relative to the viewer (0 self, 1-3, null beyond 3 or for an anonymous viewer).
#pragma once

#include <optional>
#include <span>
#include <vector>

#include <nlohmann/json.hpp>

#include "members/member.h"
#include "network/network_service.h"

namespace kring::api {

nlohmann::json member_card(const members::Member& m, std::optional<int> degree);

// Cards for `ids` in order, with degrees computed in one batch; ids no longer in the directory are skipped.
std::vector<nlohmann::json> member_cards(const network::NetworkService& network, std::optional<members::MemberId> viewer,
                                         std::span<const members::MemberId> ids);

// One card (nullptr json when the member is gone).
nlohmann::json member_card(const network::NetworkService& network, std::optional<members::MemberId> viewer,
                           members::MemberId id);

}  // namespace kring::api
