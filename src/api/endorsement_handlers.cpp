// Skill endorsements and endorsement requests. Thin: the rules live in profiles/endorsements.*.
#include <charconv>

#include <nlohmann/json.hpp>

#include "api/app.h"
#include "api/json_body.h"
#include "api/member_cards.h"
#include "api/profile_extras.h"

namespace kring::api {
namespace {

using nlohmann::json;

json opt_cursor(const std::optional<std::string>& c) { return c ? json(*c) : json(nullptr); }

// The member named by {handle} ("me" for the viewer) as the viewer may see it.
Result<MemberId> handle_param(const network::NetworkService& net, const Context& ctx) {
  const std::string& handle = ctx.req.param("handle");
  if (handle == "me") {
    if (!ctx.principal.member_id) return Error::unauthorized("log in first");
    return *ctx.principal.member_id;
  }
  return net.visible_member(ctx.principal.member_id, handle);
}

json basis_json(const profiles::EndorsementBasis& b) {
  return json{{"relationship", b.relationship}, {"context", b.context.empty() ? json(nullptr) : json(b.context)}};
}

// `owner_view`: the endorsed member is looking, so "hidden" is shown.
json endorsement_json(const network::NetworkService& net, std::optional<MemberId> viewer,
                      const profiles::Endorsement& e, bool owner_view) {
  json j{{"id", e.id},
         {"skill", {{"key", e.skill_key}, {"name", e.skill_name}}},
         {"endorser", member_card(net, viewer, e.endorser)},
         {"relationship", e.basis.relationship},
         {"context", e.basis.context.empty() ? json(nullptr) : json(e.basis.context)},
         {"created_at", format_rfc3339(e.created_at)}};
  if (owner_view) j["hidden"] = e.hidden;
  return j;
}

json request_json(const network::NetworkService& net, MemberId viewer, const profiles::EndorsementRequest& r) {
  return json{{"id", r.id},
              {"requester", member_card(net, viewer, r.requester)},
              {"skill", {{"key", r.skill_key}, {"name", r.skill_name}}},
              {"message", r.message},
              {"status", r.status},
              {"created_at", format_rfc3339(r.created_at)}};
}

}  // namespace

Status add_endorsement_fields(App& app, std::optional<MemberId> viewer, const profiles::ProfileSnapshot& snapshot,
                              nlohmann::json& j) {
  auto& endorsements = app.services().endorsements;
  const MemberId member = snapshot.profile.member.id;
  if (auto skills = j.find("skills"); skills != j.end() && skills->is_array()) {
    for (json& s : *skills) {
      auto it = snapshot.endorsements.find(s.value("key", ""));
      const bool found = it != snapshot.endorsements.end();
      s["endorsed_by_viewer"] = found && it->second.endorsed_by(viewer);
      s["highlight"] = found && it->second.highlight ? json(*it->second.highlight) : json(nullptr);
    }
  }
  if (auto rel = j.find("relationship"); viewer && rel != j.end() && rel->value("connected", false)) {
    KRING_ASSIGN_OR_RETURN(auto basis, endorsements.basis(*viewer, member));
    (*rel)["endorsement_basis"] = basis_json(basis);
  }
  return {};
}

void register_endorsement_routes(App& app) {
  network::NetworkService& net = app.services().network;
  profiles::EndorsementService& endorsements = app.services().endorsements;
  const RouteConfig member{.requires_member = true};
  const std::string skill_path = "/api/v1/members/{handle}/skills/{skill}/endorsements";

  app.route("POST", skill_path, [&net, &endorsements](Context& ctx) {
    auto who = handle_param(net, ctx);
    if (!who.ok()) return http::Response::error(who.error());
    auto e = endorsements.endorse(ctx.me(), *who, ctx.req.param("skill"));
    if (!e.ok()) return http::Response::error(e.error());
    return http::Response::json(201, json{{"endorsement", endorsement_json(net, ctx.me(), *e, false)}});
  }, member);

  app.route("DELETE", skill_path, [&net, &endorsements](Context& ctx) {
    auto who = handle_param(net, ctx);
    if (!who.ok()) return http::Response::error(who.error());
    if (Status st = endorsements.withdraw(ctx.me(), *who, ctx.req.param("skill")); !st.ok()) {
      return http::Response::error(st.error());
    }
    return http::Response::no_content();
  }, member);

  app.route("GET", skill_path, [&net, &endorsements](Context& ctx) {
    auto page = page_params(ctx.req, 20, 100);
    if (!page.ok()) return http::Response::error(page.error());
    auto who = handle_param(net, ctx);
    if (!who.ok()) return http::Response::error(who.error());
    const std::optional<MemberId> viewer = ctx.principal.member_id;
    auto r = endorsements.list(viewer, *who, ctx.req.param("skill"), page->limit, page->cursor);
    if (!r.ok()) return http::Response::error(r.error());
    json items = json::array();
    for (const auto& e : r->items) {
      json item = endorsement_json(net, viewer, e, viewer == *who);
      if (!item["endorser"].is_null()) items.push_back(std::move(item));
    }
    return http::Response::json(200, json{{"items", std::move(items)},
                                          {"summary", r->summary ? json(*r->summary) : json(nullptr)},
                                          {"next_cursor", opt_cursor(r->next_cursor)}});
  });

  app.route("PATCH", "/api/v1/members/me/endorsements/{id}", [&net, &endorsements](Context& ctx) {
    auto id = id_param(ctx.req);
    if (!id.ok()) return http::Response::error(id.error());
    auto body = parse_object(ctx.req);
    if (!body.ok()) return http::Response::error(body.error());
    if (Status st = only_fields(*body, {"hidden"}); !st.ok()) return http::Response::error(st.error());
    auto hidden = optional_bool(*body, "hidden");
    if (!hidden.ok()) return http::Response::error(hidden.error());
    if (!*hidden) return http::Response::error(Error::invalid("hidden", "hidden is required"));
    auto e = endorsements.set_hidden(ctx.me(), *id, **hidden);
    if (!e.ok()) return http::Response::error(e.error());
    return http::Response::json(200, json{{"endorsement", endorsement_json(net, ctx.me(), *e, true)}});
  }, member);

  app.route("DELETE", "/api/v1/members/me/endorsements/{id}", [&endorsements](Context& ctx) {
    auto id = id_param(ctx.req);
    if (!id.ok()) return http::Response::error(id.error());
    if (Status st = endorsements.remove(ctx.me(), *id); !st.ok()) return http::Response::error(st.error());
    return http::Response::no_content();
  }, member);

  // ---- requests
  app.route("POST", "/api/v1/members/{handle}/endorsement-requests", [&net, &endorsements](Context& ctx) {
    auto who = handle_param(net, ctx);
    if (!who.ok()) return http::Response::error(who.error());
    auto body = parse_object(ctx.req);
    if (!body.ok()) return http::Response::error(body.error());
    if (Status st = only_fields(*body, {"skill", "message"}); !st.ok()) return http::Response::error(st.error());
    auto skill = required_string(*body, "skill");
    if (!skill.ok()) return http::Response::error(skill.error());
    auto message = optional_string(*body, "message");
    if (!message.ok()) return http::Response::error(message.error());
    auto r = endorsements.request(ctx.me(), *who, *skill, message->value_or(""));
    if (!r.ok()) return http::Response::error(r.error());
    return http::Response::json(201, json{{"request", request_json(net, ctx.me(), *r)}});
  }, member);

  app.route("GET", "/api/v1/endorsement-requests", [&net, &endorsements](Context& ctx) {
    auto page = page_params(ctx.req, 20, 100);
    if (!page.ok()) return http::Response::error(page.error());
    auto r = endorsements.requests(ctx.me(), page->limit, page->cursor);
    if (!r.ok()) return http::Response::error(r.error());
    json items = json::array();
    for (const auto& req : r->first) {
      json item = request_json(net, ctx.me(), req);
      if (!item["requester"].is_null()) items.push_back(std::move(item));
    }
    return http::Response::json(200, json{{"items", std::move(items)}, {"next_cursor", opt_cursor(r->second)}});
  }, member);

  app.route("POST", "/api/v1/endorsement-requests/{id}/dismiss", [&net, &endorsements](Context& ctx) {
    auto id = id_param(ctx.req);
    if (!id.ok()) return http::Response::error(id.error());
    auto r = endorsements.dismiss_request(ctx.me(), *id);
    if (!r.ok()) return http::Response::error(r.error());
    return http::Response::json(200, json{{"request", request_json(net, ctx.me(), *r)}});
  }, member);
}

}  // namespace kring::api
