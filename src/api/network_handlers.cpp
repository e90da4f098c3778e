// The network: invitations, connections, paths, suggestions, follows, blocks. Thin: parsing and JSON shapes;
// the rules live in network/.
#include <charconv>

#include <nlohmann/json.hpp>

#include "api/app.h"
#include "api/json_body.h"
#include "api/member_cards.h"
#include "common/cursor.h"

namespace kring::api {
namespace {

using nlohmann::json;
using network::MemberId;

json opt_cursor(const std::optional<std::string>& c) { return c ? json(*c) : json(nullptr); }
json opt_time(const std::optional<Micros>& t) { return t ? json(format_rfc3339(*t)) : json(nullptr); }

json invitation_json(const network::NetworkService& net, MemberId viewer, const network::Invitation& inv) {
  return json{{"id", inv.id},
              {"from", member_card(net, viewer, inv.from)},
              {"to", member_card(net, viewer, inv.to)},
              {"note", inv.note},
              {"status", inv.status},
              {"created_at", format_rfc3339(inv.created_at)},
              {"responded_at", opt_time(inv.responded_at)}};
}

// The member named by {handle} ("me" for the viewer) as the viewer may see it.
Result<MemberId> handle_param(const network::NetworkService& net, const Context& ctx) {
  const std::string& handle = ctx.req.param("handle");
  if (handle == "me") {
    if (!ctx.principal.member_id) return Error::unauthorized("log in first");
    return *ctx.principal.member_id;
  }
  return net.visible_member(ctx.principal.member_id, handle);
}

http::Response page_json(json items, const std::optional<std::string>& next) {
  return http::Response::json(200, json{{"items", std::move(items)}, {"next_cursor", opt_cursor(next)}});
}

}  // namespace

void register_network_routes(App& app) {
  network::NetworkService& net = app.services().network;
  const RouteConfig member{.requires_member = true};

  // ---- invitations
  app.route("POST", "/api/v1/invitations", [&net](Context& ctx) {
    auto body = parse_object(ctx.req);
    if (!body.ok()) return http::Response::error(body.error());
    if (Status st = only_fields(*body, {"to", "note"}); !st.ok()) return http::Response::error(st.error());
    auto to = required_string(*body, "to");
    if (!to.ok()) return http::Response::error(to.error());
    auto note = optional_string(*body, "note");
    if (!note.ok()) return http::Response::error(note.error());
    auto inv = net.invite(ctx.me(), *to, note->value_or(""));
    if (!inv.ok()) return http::Response::error(inv.error());
    return http::Response::json(inv->status == "pending" ? 201 : 200,
                                json{{"invitation", invitation_json(net, ctx.me(), *inv)}});
  }, member);

  app.route("GET", "/api/v1/invitations", [&net](Context& ctx) {
    auto page = page_params(ctx.req, 20, 100);
    if (!page.ok()) return http::Response::error(page.error());
    std::string_view direction = ctx.req.query_param("direction").value_or("received");
    if (direction != "received" && direction != "sent") {
      return http::Response::error(Error::invalid("direction", "direction must be received or sent"));
    }
    auto r = net.invitations(ctx.me(), direction == "received", page->limit, page->cursor);
    if (!r.ok()) return http::Response::error(r.error());
    json items = json::array();
    for (const auto& inv : r->first) items.push_back(invitation_json(net, ctx.me(), inv));
    return page_json(std::move(items), r->second);
  }, member);

  app.route("GET", "/api/v1/invitations/limit", [&net](Context& ctx) {
    auto l = net.invitation_limit(ctx.me());
    if (!l.ok()) return http::Response::error(l.error());
    json out{{"limit", l->limit}, {"used", l->used}, {"remaining", l->remaining}, {"window_days", 7}};
    if (l->retry_after_seconds > 0) out["retry_after"] = l->retry_after_seconds;
    if (!l->reason.empty()) out["reason"] = l->reason;
    return http::Response::json(200, out);
  }, member);

  for (auto [action, accept] : {std::pair{"accept", true}, std::pair{"ignore", false}}) {
    app.route("POST", std::string("/api/v1/invitations/{id}/") + action, [&net, accept](Context& ctx) {
      auto id = id_param(ctx.req);
      if (!id.ok()) return http::Response::error(id.error());
      auto inv = accept ? net.accept(ctx.me(), *id) : net.ignore(ctx.me(), *id);
      if (!inv.ok()) return http::Response::error(inv.error());
      return http::Response::json(200, json{{"invitation", invitation_json(net, ctx.me(), *inv)}});
    }, member);
  }

  app.route("DELETE", "/api/v1/invitations/{id}", [&net](Context& ctx) {
    auto id = id_param(ctx.req);
    if (!id.ok()) return http::Response::error(id.error());
    if (Status st = net.withdraw(ctx.me(), *id); !st.ok()) return http::Response::error(st.error());
    return http::Response::no_content();
  }, member);

  // ---- connections
  app.route("DELETE", "/api/v1/connections/{handle}", [&net](Context& ctx) {
    if (Status st = net.remove_connection(ctx.me(), ctx.req.param("handle")); !st.ok()) {
      return http::Response::error(st.error());
    }
    return http::Response::no_content();
  }, member);

  app.route("GET", "/api/v1/members/{handle}/connections", [&net](Context& ctx) {
    auto page = page_params(ctx.req, 20, 100);
    if (!page.ok()) return http::Response::error(page.error());
    auto who = handle_param(net, ctx);
    if (!who.ok()) return http::Response::error(who.error());
    std::string_view q = ctx.req.query_param("q").value_or("");
    if (q.size() > 200) return http::Response::error(Error::invalid("q", "q is longer than 200 characters"));
    auto r = net.connections(ctx.principal.member_id, *who, page->limit, page->cursor, q);
    if (!r.ok()) return http::Response::error(r.error());
    std::vector<MemberId> ids;
    for (const auto& c : r->items) ids.push_back(c.member);
    auto cards = member_cards(net, ctx.principal.member_id, ids);
    json items = json::array();
    for (size_t i = 0; i < cards.size() && i < r->items.size(); ++i) {
      items.push_back({{"member", cards[i]}, {"connected_at", format_rfc3339(r->items[i].connected_at)}});
    }
    return page_json(std::move(items), r->next_cursor);
  });

  app.route("GET", "/api/v1/members/{handle}/mutual-connections", [&net](Context& ctx) {
    auto page = page_params(ctx.req, 10, 100);
    if (!page.ok()) return http::Response::error(page.error());
    auto who = handle_param(net, ctx);
    if (!who.ok()) return http::Response::error(who.error());
    size_t offset = 0;
    if (!page->cursor.empty()) {
      auto c = decode_cursor(page->cursor, 1);
      if (!c.ok() || (*c)[0] < 0) return http::Response::error(c.ok() ? Error::invalid("cursor", "bad cursor") : c.error());
      offset = static_cast<size_t>((*c)[0]);
    }
    auto r = net.mutual_connections(ctx.me(), *who, offset + static_cast<size_t>(page->limit));
    if (!r.ok()) return http::Response::error(r.error());
    std::vector<MemberId> ids(r->first.begin() + static_cast<ptrdiff_t>(std::min(offset, r->first.size())),
                              r->first.end());
    json items = json::array();
    for (auto& card : member_cards(net, ctx.me(), ids)) items.push_back({{"member", std::move(card)}});
    size_t end = offset + ids.size();
    std::optional<std::string> next;
    if (end < r->second) next = encode_cursor({static_cast<int64_t>(end)});
    return http::Response::json(200, json{{"items", items}, {"count", r->second}, {"next_cursor", opt_cursor(next)}});
  }, member);

  app.route("GET", "/api/v1/members/{handle}/path", [&net](Context& ctx) {
    auto from = handle_param(net, ctx);
    if (!from.ok()) return http::Response::error(from.error());
    auto to_raw = ctx.req.query_param("to");
    if (!to_raw || to_raw->empty()) return http::Response::error(Error::invalid("to", "to is required"));
    auto to = to_raw == "me" ? Result<MemberId>(ctx.me()) : net.visible_member(ctx.me(), *to_raw);
    if (!to.ok()) {
      return http::Response::error(Error{ErrorCode::kNotFound, "no member with that handle", "to", "unknown_member"});
    }
    auto path = net.path(ctx.me(), *from, *to);
    json handles = json::array();
    json cards = json::array();
    if (path) {
      for (auto& card : member_cards(net, ctx.me(), *path)) {
        handles.push_back(card["handle"]);
        cards.push_back(std::move(card));
      }
    }
    json distance = path ? json(path->size() - 1) : json(nullptr);
    return http::Response::json(200, json{{"distance", distance}, {"path", handles}, {"members", cards}});
  }, member);

  app.route("GET", "/api/v1/network/size", [&net](Context& ctx) {
    auto s = net.network_size(ctx.me());
    return http::Response::json(200, json{{"first_degree", s.first_degree}, {"second_degree", s.second_degree}});
  }, member);

  app.route("GET", "/api/v1/network/settings", [&net](Context& ctx) {
    auto hide = net.hides_connections(ctx.me());
    if (!hide.ok()) return http::Response::error(hide.error());
    return http::Response::json(200, json{{"hide_connections", *hide}});
  }, member);

  app.route("PATCH", "/api/v1/network/settings", [&net](Context& ctx) {
    auto body = parse_object(ctx.req);
    if (!body.ok()) return http::Response::error(body.error());
    if (Status st = only_fields(*body, {"hide_connections"}); !st.ok()) return http::Response::error(st.error());
    auto hide = optional_bool(*body, "hide_connections");
    if (!hide.ok()) return http::Response::error(hide.error());
    if (*hide) {
      if (Status st = net.set_hide_connections(ctx.me(), **hide); !st.ok()) return http::Response::error(st.error());
    }
    auto now = net.hides_connections(ctx.me());
    if (!now.ok()) return http::Response::error(now.error());
    return http::Response::json(200, json{{"hide_connections", *now}});
  }, member);

  // ---- people you may know
  app.route("GET", "/api/v1/network/suggestions", [&app, &net](Context& ctx) {
    auto page = page_params(ctx.req, 10, 50);
    if (!page.ok()) return http::Response::error(page.error());
    size_t offset = 0;
    if (!page->cursor.empty()) {
      auto c = decode_cursor(page->cursor, 1);
      if (!c.ok()) return http::Response::error(c.error());
      if ((*c)[0] < 0 || (*c)[0] > 1000) return http::Response::error(Error::invalid("cursor", "bad cursor"));
      offset = static_cast<size_t>((*c)[0]);
    }
    bool more = false;
    auto r = app.services().suggestions.suggest(ctx.me(), offset, static_cast<size_t>(page->limit), &more);
    if (!r.ok()) return http::Response::error(r.error());
    std::vector<MemberId> ids;
    for (const auto& s : *r) ids.push_back(s.member);
    auto cards = member_cards(net, ctx.me(), ids);
    json items = json::array();
    for (size_t i = 0, c = 0; i < r->size() && c < cards.size(); ++i) {
      if (cards[c]["id"] != (*r)[i].member) continue;
      json why = json::array();
      for (const auto& f : (*r)[i].why) why.push_back({{"factor", f.factor}, {"value", f.value}, {"detail", f.detail}});
      items.push_back({{"member", std::move(cards[c++])}, {"score", (*r)[i].score}, {"why", why}});
    }
    std::optional<std::string> next;
    if (more) next = encode_cursor({static_cast<int64_t>(offset + r->size())});
    return page_json(std::move(items), next);
  }, member);

  app.route("POST", "/api/v1/network/suggestions/{handle}/dismiss", [&net](Context& ctx) {
    if (Status st = net.dismiss_suggestion(ctx.me(), ctx.req.param("handle")); !st.ok()) {
      return http::Response::error(st.error());
    }
    return http::Response::no_content();
  }, member);

  // ---- follows and blocks
  for (bool on : {true, false}) {
    app.route(on ? "PUT" : "DELETE", "/api/v1/members/{handle}/follow", [&net, on](Context& ctx) {
      if (Status st = net.follow_member(ctx.me(), ctx.req.param("handle"), on); !st.ok()) {
        return http::Response::error(st.error());
      }
      return http::Response::json(200, json{{"following", on}});
    }, member);
    app.route(on ? "PUT" : "DELETE", "/api/v1/companies/{handle}/follow", [&net, on](Context& ctx) {
      if (Status st = net.follow_company(ctx.me(), ctx.req.param("handle"), on); !st.ok()) {
        return http::Response::error(st.error());
      }
      return http::Response::json(200, json{{"following", on}});
    }, member);
    app.route(on ? "PUT" : "DELETE", "/api/v1/members/{handle}/block", [&net, on](Context& ctx) {
      if (Status st = net.block(ctx.me(), ctx.req.param("handle"), on); !st.ok()) {
        return http::Response::error(st.error());
      }
      return http::Response::json(200, json{{"blocked", on}});
    }, member);
  }

  app.route("GET", "/api/v1/network/blocked", [&net](Context& ctx) {
    auto page = page_params(ctx.req, 20, 100);
    if (!page.ok()) return http::Response::error(page.error());
    auto r = net.blocked(ctx.me(), page->limit, page->cursor);
    if (!r.ok()) return http::Response::error(r.error());
    json items = json::array();
    for (MemberId id : r->first) {
      if (auto m = net.directory().find(id)) items.push_back({{"member", member_card(*m, std::nullopt)}});
    }
    return page_json(std::move(items), r->second);
  }, member);

  app.route("GET", "/api/v1/network/following", [&net](Context& ctx) {
    auto page = page_params(ctx.req, 20, 100);
    if (!page.ok()) return http::Response::error(page.error());
    auto r = net.following(ctx.me(), page->limit, page->cursor);
    if (!r.ok()) return http::Response::error(r.error());
    json items = json::array();
    for (const auto& f : r->first) {
      if (f.kind == "member") {
        json card = member_card(net, ctx.me(), f.id);
        if (!card.is_null()) items.push_back({{"kind", "member"}, {"member", std::move(card)}});
      } else if (auto c = net.company_by_id(f.id); c.ok()) {
        items.push_back({{"kind", "company"}, {"company", {{"handle", c->handle}, {"name", c->name}}}});
      }
    }
    return page_json(std::move(items), r->second);
  }, member);

  app.route("GET", "/api/v1/companies/{handle}", [&net](Context& ctx) {
    auto c = net.company(ctx.req.param("handle"));
    if (!c.ok()) return http::Response::error(c.error());
    auto f = net.company_followers(c->id, ctx.principal.member_id);
    if (!f.ok()) return http::Response::error(f.error());
    return http::Response::json(200, json{{"company",
                                           {{"id", c->id}, {"handle", c->handle}, {"name", c->name},
                                            {"country", c->country}, {"city", c->city}, {"followers", f->first},
                                            {"following", f->second}}}});
  });
}

}  // namespace kring::api
