// Places: a typeahead over GeoNames cities and ISO countries, and normalisation of a typed location. Thin:
// the matching lives in geo/. Public (no log-in needed): place names are not member data.
#include <nlohmann/json.hpp>

#include "api/app.h"
#include "common/cursor.h"
#include "common/text.h"

namespace kring::api {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxQueryChars = 100;
constexpr int kDefaultLimit = 8;
constexpr int kMaxLimit = 20;

// `q`, trimmed: absent -> ""; invalid UTF-8, control characters or more than kMaxQueryChars code points
// -> 400 naming q.
Result<std::string> query_text(const http::Request& req) {
  std::string_view raw = req.query_param("q").value_or("");
  if (!text::is_valid_utf8(raw) || text::has_control_chars(raw, false)) {
    return Error::invalid("q", "q must be valid text");
  }
  if (text::codepoint_count(raw) > kMaxQueryChars) {
    return Error::invalid("q", "q must be at most 100 characters");
  }
  return std::string(text::trim(raw));
}

json nullable(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

}  // namespace

void register_place_routes(App& app) {
  const geo::Places& places = app.services().places;

  app.route("GET", "/api/v1/places/typeahead", [&places](Context& ctx) {
    auto q = query_text(ctx.req);
    if (!q.ok()) return http::Response::error(q.error());
    std::string raw_limit;
    auto lp = ctx.req.query_param("limit");
    if (lp) raw_limit = std::string(*lp);
    auto limit = parse_limit(lp ? &raw_limit : nullptr, kDefaultLimit, kMaxLimit);
    if (!limit.ok()) return http::Response::error(limit.error());
    json items = json::array();
    for (const auto& p : places.suggest(*q, static_cast<std::size_t>(*limit))) {
      items.push_back(json{{"label", p.label}, {"city", nullable(p.city)}, {"country", p.country},
                           {"country_code", p.country_code}});
    }
    return http::Response::json(200, json{{"items", std::move(items)}});
  });

  app.route("GET", "/api/v1/places/normalize", [&places](Context& ctx) {
    auto q = query_text(ctx.req);
    if (!q.ok()) return http::Response::error(q.error());
    json place = nullptr;
    if (auto p = places.normalize(*q)) {
      place = json{{"label", p->label},
                   {"city", nullable(p->city)},
                   {"country", p->country},
                   {"country_nl", p->country_nl},
                   {"country_code", p->country_code},
                   {"geoname_id", p->geoname_id == 0 ? json(nullptr) : json(p->geoname_id)}};
    }
    return http::Response::json(200, json{{"place", std::move(place)}});
  });
}

}  // namespace kring::api
