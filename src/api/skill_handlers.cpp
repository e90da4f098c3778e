// Skills: typeahead suggestions and normalisation of free text against the taxonomy. Thin: the matching lives
// in taxonomy/. Public (no log-in needed): the taxonomy is not member data.
#include <charconv>

#include <nlohmann/json.hpp>

#include "api/app.h"
#include "common/text.h"

namespace kring::api {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxQueryChars = 100;
constexpr int kDefaultLimit = 10;
constexpr int kMaxLimit = 25;

// A text query parameter: absent -> "", invalid UTF-8, control characters or more than kMaxQueryChars code
// points -> 400 naming it.
Result<std::string> text_param(const http::Request& req, std::string_view name) {
  std::string_view raw = req.query_param(name).value_or("");
  if (!text::is_valid_utf8(raw) || text::has_control_chars(raw, false)) {
    return Error::invalid(std::string(name), std::string(name) + " must be valid text");
  }
  if (text::codepoint_count(raw) > kMaxQueryChars) {
    return Error::invalid(std::string(name), std::string(name) + " must be at most 100 characters");
  }
  return std::string(text::trim(raw));
}

}  // namespace

void register_skill_routes(App& app) {
  const taxonomy::Taxonomy& tax = app.services().taxonomy;

  app.route("GET", "/api/v1/skills/typeahead", [&tax](Context& ctx) {
    auto q = text_param(ctx.req, "q");
    if (!q.ok()) return http::Response::error(q.error());
    auto lang = taxonomy::parse_lang(ctx.req.query_param("lang").value_or("en"));
    if (!lang) return http::Response::error(Error::invalid("lang", "lang must be en or nl"));
    int limit = kDefaultLimit;
    if (auto raw = ctx.req.query_param("limit")) {
      auto [p, ec] = std::from_chars(raw->data(), raw->data() + raw->size(), limit);
      if (ec != std::errc() || p != raw->data() + raw->size() || limit < 1 || limit > kMaxLimit) {
        return http::Response::error(Error::invalid("limit", "limit must be between 1 and 25"));
      }
    }
    json items = json::array();
    for (const auto& s : tax.suggest(*q, *lang, static_cast<std::size_t>(limit))) {
      items.push_back(json{{"id", s.skill->id}, {"label", s.label}, {"matched", s.matched}});
    }
    return http::Response::json(200, json{{"items", std::move(items)}});
  });

  app.route("GET", "/api/v1/skills/normalize", [&tax](Context& ctx) {
    auto name = text_param(ctx.req, "name");
    if (!name.ok()) return http::Response::error(name.error());
    json skill = nullptr;
    if (auto s = tax.normalize(*name)) {
      skill = json{{"id", (*s)->id}, {"label_en", (*s)->label_en}, {"label_nl", (*s)->label(taxonomy::Lang::kNl)}};
    }
    return http::Response::json(200, json{{"skill", std::move(skill)}, {"name", *name}});
  });
}

}  // namespace kring::api
