// GET /api/v1/members/{handle} (or me), PATCH /api/v1/members/me.
#include <nlohmann/json.hpp>

#include "api/app.h"
#include "api/json_body.h"
#include "api/member_cards.h"
#include "common/text.h"

namespace kring::api {

namespace {

// The member as the viewer sees them: the profile, the viewer-relative degree, the relationship (for a
// logged-in viewer other than the member) and network counts. A block hides the profile (404).
http::Response profile_response(App& app, Context& ctx, const members::Member& m) {
  auto& net = app.services().network;
  const std::optional<MemberId> viewer = ctx.principal.member_id;
  if (viewer && net.hidden(*viewer, m.id)) {
    return http::Response::error(Error{ErrorCode::kNotFound, "no member with that handle", "handle", "unknown_member"});
  }
  nlohmann::json j = members::to_json(m);
  auto degree = net.degree(viewer, m.id);
  j["degree"] = degree ? nlohmann::json(*degree) : nlohmann::json(nullptr);
  if (viewer && *viewer != m.id) {
    auto rel = net.relationship(*viewer, m.id);
    if (!rel.ok()) return http::Response::error(rel.error());
    nlohmann::json inv = nullptr;
    if (rel->invitation) {
      inv = {{"id", rel->invitation->id},
             {"direction", rel->invitation->from == *viewer ? "sent" : "received"},
             {"note", rel->invitation->note}};
    }
    j["relationship"] = {{"connected", rel->connected},
                         {"connected_at", rel->connected_at ? nlohmann::json(format_rfc3339(*rel->connected_at))
                                                            : nlohmann::json(nullptr)},
                         {"invitation", inv},
                         {"following", rel->following},
                         {"blocked", rel->blocked},
                         {"mutual_count", rel->mutual_count}};
  }
  auto counts = net.counts(m.id);
  if (!counts.ok()) return http::Response::error(counts.error());
  j["network"] = {{"connections", counts->connections},
                  {"followers", counts->followers},
                  {"introductions_made", counts->introductions_made},
                  {"introductions_asked", counts->introductions_asked}};
  return http::Response::json(200, {{"member", std::move(j)}});
}

}  // namespace

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
    return profile_response(app, ctx, **m);
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
