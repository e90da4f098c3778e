// Introductions through a mutual connection. Thin: the rules live in network/introductions.
#include <charconv>

#include <nlohmann/json.hpp>

#include "api/app.h"
#include "api/json_body.h"
#include "api/member_cards.h"

namespace kring::api {
namespace {

using nlohmann::json;

json introduction_json(const network::NetworkService& net, network::MemberId viewer, const network::Introduction& in) {
  return json{{"id", in.id},
              {"requester", member_card(net, viewer, in.requester)},
              {"intermediary", member_card(net, viewer, in.intermediary)},
              {"target", member_card(net, viewer, in.target)},
              {"message", in.message},
              {"reply", in.reply},
              {"status", in.status},
              {"created_at", format_rfc3339(in.created_at)},
              {"updated_at", format_rfc3339(in.updated_at)}};
}

}  // namespace

void register_introduction_routes(App& app) {
  network::NetworkService& net = app.services().network;
  network::IntroductionService& intros = app.services().introductions;
  const RouteConfig member{.requires_member = true};

  app.route("POST", "/api/v1/introductions", [&net, &intros](Context& ctx) {
    auto body = parse_object(ctx.req);
    if (!body.ok()) return http::Response::error(body.error());
    if (Status st = only_fields(*body, {"target", "via", "message"}); !st.ok()) return http::Response::error(st.error());
    auto target = required_string(*body, "target");
    if (!target.ok()) return http::Response::error(target.error());
    auto via = required_string(*body, "via");
    if (!via.ok()) return http::Response::error(via.error());
    auto message = required_string(*body, "message");
    if (!message.ok()) return http::Response::error(message.error());
    auto in = intros.request(ctx.me(), *target, *via, *message);
    if (!in.ok()) return http::Response::error(in.error());
    return http::Response::json(201, json{{"introduction", introduction_json(net, ctx.me(), *in)}});
  }, member);

  app.route("GET", "/api/v1/introductions", [&net, &intros](Context& ctx) {
    auto page = page_params(ctx.req, 20, 100);
    if (!page.ok()) return http::Response::error(page.error());
    std::string_view role_raw = ctx.req.query_param("role").value_or("all");
    network::IntroductionRole role;
    if (role_raw == "all") role = network::IntroductionRole::kAll;
    else if (role_raw == "requested") role = network::IntroductionRole::kRequested;
    else if (role_raw == "intermediary") role = network::IntroductionRole::kIntermediary;
    else if (role_raw == "target") role = network::IntroductionRole::kTarget;
    else return http::Response::error(Error::invalid("role", "role must be all, requested, intermediary or target"));
    auto r = intros.list(ctx.me(), role, page->limit, page->cursor);
    if (!r.ok()) return http::Response::error(r.error());
    json items = json::array();
    for (const auto& in : r->first) items.push_back(introduction_json(net, ctx.me(), in));
    return http::Response::json(200, json{{"items", items},
                                          {"next_cursor", r->second ? json(*r->second) : json(nullptr)}});
  }, member);

  enum class Act { kForward, kDecline, kAccept, kReject };
  for (auto [name, act] : {std::pair{"forward", Act::kForward}, std::pair{"decline", Act::kDecline},
                           std::pair{"accept", Act::kAccept}, std::pair{"reject", Act::kReject}}) {
    app.route("POST", std::string("/api/v1/introductions/{id}/") + name, [&net, &intros, act](Context& ctx) {
      auto id = id_param(ctx.req, "introduction");
      if (!id.ok()) return http::Response::error(id.error());
      std::string note;
      if (act == Act::kForward && !ctx.req.body.empty()) {
        auto body = parse_object(ctx.req);
        if (!body.ok()) return http::Response::error(body.error());
        if (Status st = only_fields(*body, {"note"}); !st.ok()) return http::Response::error(st.error());
        auto n = optional_string(*body, "note");
        if (!n.ok()) return http::Response::error(n.error());
        note = n->value_or("");
      }
      Result<network::Introduction> in = act == Act::kForward   ? intros.forward(ctx.me(), *id, note)
                                         : act == Act::kDecline ? intros.decline(ctx.me(), *id)
                                         : act == Act::kAccept  ? intros.accept(ctx.me(), *id)
                                                                : intros.reject(ctx.me(), *id);
      if (!in.ok()) return http::Response::error(in.error());
      return http::Response::json(200, json{{"introduction", introduction_json(net, ctx.me(), *in)}});
    }, member);
  }

  app.route("DELETE", "/api/v1/introductions/{id}", [&intros](Context& ctx) {
    auto id = id_param(ctx.req, "introduction");
    if (!id.ok()) return http::Response::error(id.error());
    if (Status st = intros.withdraw(ctx.me(), *id); !st.ok()) return http::Response::error(st.error());
    return http::Response::no_content();
  }, member);
}

}  // namespace kring::api
