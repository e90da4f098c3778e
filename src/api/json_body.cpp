#include "api/json_body.h"

#include <algorithm>
#include <charconv>

#include "common/cursor.h"

namespace kring::api {

Result<nlohmann::json> parse_object(const http::Request& req) {
  auto j = nlohmann::json::parse(req.body, nullptr, false);
  if (j.is_discarded()) {
    return Error{ErrorCode::kInvalidArgument, "the request body is not valid JSON", "", "invalid_json"};
  }
  if (!j.is_object()) {
    return Error{ErrorCode::kInvalidArgument, "the request body must be a JSON object", "", "invalid_json"};
  }
  return j;
}

Result<std::optional<std::string>> optional_string(const nlohmann::json& obj, std::string_view field) {
  auto it = obj.find(field);
  if (it == obj.end()) return std::optional<std::string>{};
  if (!it->is_string()) return Error::invalid(std::string(field), std::string(field) + " must be a string");
  return std::optional<std::string>(it->get<std::string>());
}

Result<std::string> required_string(const nlohmann::json& obj, std::string_view field) {
  KRING_ASSIGN_OR_RETURN(auto v, optional_string(obj, field));
  if (!v) return Error::invalid(std::string(field), std::string(field) + " is required");
  return std::move(*v);
}

Status only_fields(const nlohmann::json& obj, std::initializer_list<std::string_view> allowed,
                   std::initializer_list<std::string_view> ignored) {
  for (const auto& [key, value] : obj.items()) {
    auto known = [&](std::initializer_list<std::string_view> l) {
      return std::find(l.begin(), l.end(), key) != l.end();
    };
    if (!known(allowed) && !known(ignored)) return Error::invalid(key, "unknown field " + key);
  }
  return {};
}

Result<PageParams> page_params(const http::Request& req, int default_limit, int max_limit) {
  PageParams p;
  std::string raw;
  auto lp = req.query_param("limit");
  if (lp) raw = std::string(*lp);
  KRING_ASSIGN_OR_RETURN(p.limit, parse_limit(lp ? &raw : nullptr, default_limit, max_limit));
  if (auto c = req.query_param("cursor")) p.cursor = std::string(*c);
  return p;
}

Result<std::optional<bool>> optional_bool(const nlohmann::json& obj, std::string_view field) {
  auto it = obj.find(field);
  if (it == obj.end()) return std::optional<bool>{};
  if (!it->is_boolean()) return Error::invalid(std::string(field), std::string(field) + " must be true or false");
  return std::optional<bool>(it->get<bool>());
}

Result<int64_t> id_param(const http::Request& req, std::string_view what) {
  const std::string& raw = req.param("id");
  int64_t v = 0;
  auto [p, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), v);
  if (ec != std::errc() || p != raw.data() + raw.size() || v <= 0) return Error::not_found("no such " + std::string(what));
  return v;
}

}  // namespace kring::api
