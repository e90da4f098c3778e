// Decoding request bodies: every failure is a 400 that names the field.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "http/request.h"

namespace kring::api {

// The body as a JSON object. 400 invalid_json for malformed JSON, 400 when it is not an object.
Result<nlohmann::json> parse_object(const http::Request& req);

// A string field: absent -> nullopt; present but not a string -> 400 naming it.
Result<std::optional<std::string>> optional_string(const nlohmann::json& obj, std::string_view field);
// A string field that must be present.
Result<std::string> required_string(const nlohmann::json& obj, std::string_view field);

// Rejects fields not in `allowed` (and not in `ignored`) with 400 naming the first unknown one.
Status only_fields(const nlohmann::json& obj, std::initializer_list<std::string_view> allowed,
                   std::initializer_list<std::string_view> ignored = {});

// `limit` and `cursor` query parameters: limit absent -> default_limit, else 1..max_limit (400 naming it).
struct PageParams {
  int limit = 0;
  std::string cursor;  // empty for the first page
};
Result<PageParams> page_params(const http::Request& req, int default_limit, int max_limit);

// The positive integer id in the route's {id} segment; anything else is 404 "no such <what>".
Result<int64_t> id_param(const http::Request& req, std::string_view what = "item");

// A boolean field: absent -> nullopt; present but not a boolean -> 400 naming it.
Result<std::optional<bool>> optional_bool(const nlohmann::json& obj, std::string_view field);

}  // namespace kring::api
