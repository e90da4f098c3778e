// Who viewed my profile, and the member's own settings (GET/PATCH /members/me/settings). Thin: the rules live
// in profiles/profile_views.*.
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "api/app.h"
#include "api/json_body.h"
#include "api/member_cards.h"
#include "api/profile_extras.h"

namespace kring::api {
namespace {

using nlohmann::json;

json settings_json(const profiles::MemberSettings& s) {
  return json{{"profile_view_mode", s.profile_view_mode},
              {"hide_connections", s.hide_connections},
              {"searchable_posts", s.searchable_posts}};
}

}  // namespace

void record_profile_view(App& app, const Context& ctx, MemberId member) {
  const std::optional<MemberId> viewer = ctx.principal.member_id;
  if (!viewer || *viewer == member) return;
  auto& views = app.services().profile_views;
  auto mode = views.view_mode(*viewer);
  if (!mode.ok()) {
    spdlog::warn("profile views: reading the viewer's mode failed: {}", mode.error().message);
    return;
  }
  auto me = app.services().directory.find(*viewer);
  views.record(*viewer, member, *mode, me ? me->headline : std::string());
}

void register_profile_view_routes(App& app) {
  network::NetworkService& net = app.services().network;
  profiles::ProfileViewService& views = app.services().profile_views;
  const RouteConfig member{.requires_member = true};

  app.route("GET", "/api/v1/members/me/profile-views", [&net, &views](Context& ctx) {
    auto page = page_params(ctx.req, 20, 100);
    if (!page.ok()) return http::Response::error(page.error());
    auto r = views.list(ctx.me(), page->limit, page->cursor);
    if (!r.ok()) return http::Response::error(r.error());
    std::vector<MemberId> named;
    for (const auto& v : r->items) {
      if (v.mode == "name" && v.viewer && !net.hidden(ctx.me(), *v.viewer)) named.push_back(*v.viewer);
    }
    std::map<MemberId, json> cards;
    for (auto& card : member_cards(net, ctx.me(), named)) {
      const auto id = card["id"].get<MemberId>();
      cards.emplace(id, std::move(card));
    }
    json items = json::array();
    for (const auto& v : r->items) {
      const std::string at = format_rfc3339(v.viewed_at);
      auto card = v.mode == "name" && v.viewer ? cards.find(*v.viewer) : cards.end();
      if (card != cards.end()) {
        items.push_back({{"mode", "name"}, {"viewer", card->second}, {"viewed_at", at}});
      } else if (v.mode == "anonymous") {
        items.push_back({{"mode", "anonymous"}, {"headline", v.headline}, {"viewed_at", at}});
      } else {
        // Private, or a named viewer who is gone or hidden from the member by a block.
        items.push_back({{"mode", "private"}, {"viewed_at", at}});
      }
    }
    return http::Response::json(200, json{{"items", std::move(items)},
                                          {"total_90_days", r->total_90_days},
                                          {"next_cursor", r->next_cursor ? json(*r->next_cursor) : json(nullptr)}});
  }, member);

  app.route("GET", "/api/v1/members/me/settings", [&views](Context& ctx) {
    auto s = views.settings(ctx.me());
    if (!s.ok()) return http::Response::error(s.error());
    return http::Response::json(200, settings_json(*s));
  }, member);

  app.route("PATCH", "/api/v1/members/me/settings", [&views](Context& ctx) {
    auto body = parse_object(ctx.req);
    if (!body.ok()) return http::Response::error(body.error());
    if (Status st = only_fields(*body, {"profile_view_mode", "hide_connections", "searchable_posts"}); !st.ok()) {
      return http::Response::error(st.error());
    }
    profiles::MemberSettingsPatch patch;
    auto mode = optional_string(*body, "profile_view_mode");
    if (!mode.ok()) return http::Response::error(mode.error());
    patch.profile_view_mode = std::move(*mode);
    for (auto [field, out] : {std::pair{"hide_connections", &patch.hide_connections},
                              std::pair{"searchable_posts", &patch.searchable_posts}}) {
      auto v = optional_bool(*body, field);
      if (!v.ok()) return http::Response::error(v.error());
      *out = *v;
    }
    auto s = views.update_settings(ctx.me(), patch);
    if (!s.ok()) return http::Response::error(s.error());
    return http::Response::json(200, settings_json(*s));
  }, member);
}

}  // namespace kring::api
