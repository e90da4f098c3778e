// JSON shapes of profile sections, both ways. Parsing failures are 400s naming the field.
#pragma once

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "profiles/profile.h"
#include "profiles/profile_service.h"

namespace kring::api {

nlohmann::json to_json(const profiles::Position& p);
nlohmann::json to_json(const profiles::Education& e);
nlohmann::json to_json(const profiles::Skill& s);
nlohmann::json to_json(const profiles::Language& l);
nlohmann::json to_json(const profiles::Certification& c);
nlohmann::json to_json(const profiles::OpenToWork& o);
nlohmann::json to_json(const profiles::ContactInfo& c);

// `field` prefixes error field names ("position").
Result<profiles::Position> position_from_json(const nlohmann::json& j, const std::string& field);
Result<profiles::Education> education_from_json(const nlohmann::json& j, const std::string& field);
Result<profiles::Certification> certification_from_json(const nlohmann::json& j, const std::string& field);
Result<profiles::OpenToWork> open_to_work_from_json(const nlohmann::json& j);
Result<profiles::ContactInfo> contact_from_json(const nlohmann::json& j);
Result<std::vector<profiles::Language>> languages_from_json(const nlohmann::json& j);
Result<std::vector<std::string>> string_list(const nlohmann::json& j, const std::string& field, size_t max_items);

}  // namespace kring::api
