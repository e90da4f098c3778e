// GET /api/v1/members/{handle} (or me), PATCH /api/v1/members/me.
#include <nlohmann/json.hpp>

#include "api/app.h"
#include "api/json_body.h"
#include "common/text.h"

namespace kring::api {

void register_member_routes(App& app) {
  app.route("GET", "/api/v1/members/{handle}", [&app](Context& ctx) {
    const std::string& handle = ctx.req.param("handle");
    auto& members = app.services().members;
    Result<std::shared_ptr<const members::Member>> m = Error::not_found("");
    if (handle == "me") {
      if (!ctx.principal.member_id) return http::Response::error(Error::unauthorized("log in first"));
      m = members.get(*ctx.principal.member_id);
    } else {
      m = members.get_by_handle(text::fold(handle));
    }
    if (!m.ok()) return http::Response::error(m.error());
    return http::Response::json(200, {{"member", members::to_json(**m)}});
  });

  app.route("PATCH", "/api/v1/members/me", [&app](Context& ctx) {
    auto body = parse_object(ctx.req);
    if (!body.ok()) return http::Response::error(body.error());
    Status known = only_fields(*body, {"first_name", "last_name", "headline", "about", "location"},
                               {"id", "handle", "created_at"});
    if (!known.ok()) return http::Response::error(known.error());
    members::MemberPatch patch;
    for (auto [field, out] : {std::pair{"first_name", &patch.first_name}, std::pair{"last_name", &patch.last_name},
                              std::pair{"headline", &patch.headline}, std::pair{"about", &patch.about},
                              std::pair{"location", &patch.location}}) {
      auto v = optional_string(*body, field);
      if (!v.ok()) return http::Response::error(v.error());
      *out = std::move(*v);
    }
    auto m = app.services().members.update(ctx.me(), patch);
    if (!m.ok()) return http::Response::error(m.error());
    return http::Response::json(200, {{"member", members::to_json(*m)}});
  }, {.requires_member = true});
}

}  // namespace kring::api
