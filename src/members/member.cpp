#include "members/member.h"

#include <nlohmann/json.hpp>

namespace kring::members {

nlohmann::json to_json(const Member& m) {
  return nlohmann::json{{"id", m.id},
                        {"handle", m.handle},
                        {"first_name", m.first_name},
                        {"last_name", m.last_name},
                        {"headline", m.headline},
                        {"about", m.about},
                        {"location", m.location},
                        {"created_at", format_rfc3339(m.created_at)}};
}

std::string to_change_payload(const Member& m) {
  return nlohmann::json{{"id", m.id},           {"handle", m.handle},     {"first_name", m.first_name},
                        {"last_name", m.last_name}, {"headline", m.headline}, {"about", m.about},
                        {"location", m.location}, {"created_at", m.created_at}, {"updated_at", m.updated_at}}
      .dump();
}

bool from_change_payload(const std::string& payload, Member& out) {
  auto j = nlohmann::json::parse(payload, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return false;
  try {
    out.id = j.at("id").get<int64_t>();
    out.handle = j.at("handle").get<std::string>();
    out.first_name = j.at("first_name").get<std::string>();
    out.last_name = j.at("last_name").get<std::string>();
    out.headline = j.value("headline", "");
    out.about = j.value("about", "");
    out.location = j.value("location", "");
    out.created_at = j.value<int64_t>("created_at", 0);
    out.updated_at = j.value<int64_t>("updated_at", 0);
  } catch (const nlohmann::json::exception&) {
    return false;
  }
  return true;
}

}  // namespace kring::members
