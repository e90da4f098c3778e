#include "api/member_cards.h"

namespace kring::api {

nlohmann::json member_card(const members::Member& m, std::optional<int> degree) {
  return nlohmann::json{{"id", m.id},
                        {"handle", m.handle},
                        {"first_name", m.first_name},
                        {"last_name", m.last_name},
                        {"headline", m.headline},
                        {"location", m.location},
                        {"degree", degree ? nlohmann::json(*degree) : nlohmann::json(nullptr)}};
}

std::vector<nlohmann::json> member_cards(const network::NetworkService& network, std::optional<members::MemberId> viewer,
                                         std::span<const members::MemberId> ids) {
  std::vector<std::optional<int>> degrees(ids.size());
  if (viewer) degrees = network.graph().degrees(*viewer, ids, 3);
  std::vector<nlohmann::json> out;
  out.reserve(ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    auto m = network.directory().find(ids[i]);
    if (m) out.push_back(member_card(*m, degrees[i]));
  }
  return out;
}

nlohmann::json member_card(const network::NetworkService& network, std::optional<members::MemberId> viewer,
                           members::MemberId id) {
  auto cards = member_cards(network, viewer, std::span<const members::MemberId>(&id, 1));
  return cards.empty() ? nlohmann::json(nullptr) : std::move(cards.front());
}

}  // namespace kring::api
