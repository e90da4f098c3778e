// Posts, reactions and comments. Thin: parsing and JSON shapes; the rules live in feed/posts.
#include <charconv>

#include <nlohmann/json.hpp>

#include "api/app.h"
#include "api/json_body.h"
#include "api/member_cards.h"
#include "feed/posts.h"

namespace kring::api {
namespace {

using nlohmann::json;

json opt_cursor(const std::optional<std::string>& c) { return c ? json(*c) : json(nullptr); }
json opt_time(const std::optional<Micros>& t) { return t ? json(format_rfc3339(*t)) : json(nullptr); }

// An optional positive integer id field: absent or null -> nullopt.
Result<std::optional<int64_t>> optional_id(const json& body, const char* field) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::optional<int64_t>();
  if (!it->is_number_integer() || it->get<int64_t>() <= 0) {
    return Error::invalid(field, std::string(field) + " must be a post or comment id");
  }
  return std::optional<int64_t>(it->get<int64_t>());
}

json counts_json(const std::map<std::string, int64_t>& counts) {
  json out = json::object();
  for (const auto& [type, n] : counts) out[type] = n;
  return out;
}

json reshare_json(feed::PostService& posts, const network::NetworkService& net, std::optional<MemberId> viewer,
                  const std::optional<int64_t>& id) {
  if (!id) return nullptr;
  auto p = posts.get(viewer, *id);
  if (!p.ok()) return nullptr;  // deleted since, or hidden from this viewer
  return json{{"id", p->id}, {"author", member_card(net, viewer, p->author)}, {"text", p->text},
              {"visibility", p->visibility}, {"created_at", format_rfc3339(p->created_at)},
              {"edited_at", opt_time(p->edited_at)}};
}

}  // namespace

// Also used by post search (search_handlers.cpp): the post as GET /api/v1/posts/{id} returns it.
json post_json(feed::PostService& posts, const network::NetworkService& net, std::optional<MemberId> viewer,
               const feed::Post& p) {
  return json{{"id", p.id},
              {"author", member_card(net, viewer, p.author)},
              {"text", p.text},
              {"visibility", p.visibility},
              {"created_at", format_rfc3339(p.created_at)},
              {"edited_at", opt_time(p.edited_at)},
              {"reshare_of", reshare_json(posts, net, viewer, p.reshare_of)},
              {"mentions", p.mentions},
              {"hashtags", p.hashtags},
              {"reaction_counts", counts_json(p.reaction_counts)},
              {"comment_count", p.comment_count},
              {"my_reaction", p.my_reaction ? json(*p.my_reaction) : json(nullptr)}};
}

namespace {

json comment_json(const network::NetworkService& net, std::optional<MemberId> viewer, const feed::Comment& c,
                  bool with_replies) {
  json out{{"id", c.id},
           {"post_id", c.post_id},
           {"author", member_card(net, viewer, c.author)},
           {"text", c.text},
           {"parent", c.parent ? json(*c.parent) : json(nullptr)},
           {"created_at", format_rfc3339(c.created_at)}};
  if (with_replies) {
    json replies = json::array();
    for (const auto& r : c.replies) replies.push_back(comment_json(net, viewer, r, false));
    out["replies"] = std::move(replies);
    out["reply_count"] = c.reply_count;
  }
  return out;
}

}  // namespace

void register_post_routes(App& app) {
  if (app.services().posts == nullptr) return;
  feed::PostService& posts = *app.services().posts;
  network::NetworkService& net = app.services().network;
  const RouteConfig member{.requires_member = true};

  app.route("POST", "/api/v1/posts", [&posts, &net](Context& ctx) {
    auto body = parse_object(ctx.req);
    if (!body.ok()) return http::Response::error(body.error());
    if (Status st = only_fields(*body, {"text", "visibility", "reshare_of"}); !st.ok()) {
      return http::Response::error(st.error());
    }
    auto text = optional_string(*body, "text");
    if (!text.ok()) return http::Response::error(text.error());
    auto visibility = optional_string(*body, "visibility");
    if (!visibility.ok()) return http::Response::error(visibility.error());
    auto reshare = optional_id(*body, "reshare_of");
    if (!reshare.ok()) return http::Response::error(reshare.error());
    if (!*text && !*reshare) return http::Response::error(Error::invalid("text", "text is required"));
    auto p = posts.create(ctx.me(), text->value_or(""), visibility->value_or("anyone"), *reshare);
    if (!p.ok()) return http::Response::error(p.error());
    return http::Response::json(201, json{{"post", post_json(posts, net, ctx.me(), *p)}});
  }, member);

  app.route("GET", "/api/v1/posts/{id}", [&posts, &net](Context& ctx) {
    auto id = id_param(ctx.req, "post");
    if (!id.ok()) return http::Response::error(id.error());
    auto p = posts.get(ctx.principal.member_id, *id);
    if (!p.ok()) return http::Response::error(p.error());
    return http::Response::json(200, json{{"post", post_json(posts, net, ctx.principal.member_id, *p)}});
  });

  app.route("PATCH", "/api/v1/posts/{id}", [&posts, &net](Context& ctx) {
    auto id = id_param(ctx.req, "post");
    if (!id.ok()) return http::Response::error(id.error());
    auto body = parse_object(ctx.req);
    if (!body.ok()) return http::Response::error(body.error());
    if (Status st = only_fields(*body, {"text"}); !st.ok()) return http::Response::error(st.error());
    auto text = required_string(*body, "text");
    if (!text.ok()) return http::Response::error(text.error());
    auto p = posts.edit(ctx.me(), *id, *text);
    if (!p.ok()) return http::Response::error(p.error());
    return http::Response::json(200, json{{"post", post_json(posts, net, ctx.me(), *p)}});
  }, member);

  app.route("DELETE", "/api/v1/posts/{id}", [&posts](Context& ctx) {
    auto id = id_param(ctx.req, "post");
    if (!id.ok()) return http::Response::error(id.error());
    if (Status st = posts.remove(ctx.me(), *id); !st.ok()) return http::Response::error(st.error());
    return http::Response::no_content();
  }, member);

  // ---- reactions
  app.route("POST", "/api/v1/posts/{id}/reactions", [&posts](Context& ctx) {
    auto id = id_param(ctx.req, "post");
    if (!id.ok()) return http::Response::error(id.error());
    auto body = parse_object(ctx.req);
    if (!body.ok()) return http::Response::error(body.error());
    if (Status st = only_fields(*body, {"type"}); !st.ok()) return http::Response::error(st.error());
    auto type = required_string(*body, "type");
    if (!type.ok()) return http::Response::error(type.error());
    auto r = posts.react(ctx.me(), *id, *type);
    if (!r.ok()) return http::Response::error(r.error());
    return http::Response::json(r->created ? 201 : 200,
                                json{{"my_reaction", r->type}, {"reaction_counts", counts_json(r->reaction_counts)}});
  }, member);

  app.route("DELETE", "/api/v1/posts/{id}/reactions", [&posts](Context& ctx) {
    auto id = id_param(ctx.req, "post");
    if (!id.ok()) return http::Response::error(id.error());
    if (Status st = posts.unreact(ctx.me(), *id); !st.ok()) return http::Response::error(st.error());
    return http::Response::no_content();
  }, member);

  // ---- comments
  app.route("POST", "/api/v1/posts/{id}/comments", [&posts, &net](Context& ctx) {
    auto id = id_param(ctx.req, "post");
    if (!id.ok()) return http::Response::error(id.error());
    auto body = parse_object(ctx.req);
    if (!body.ok()) return http::Response::error(body.error());
    if (Status st = only_fields(*body, {"text", "parent"}); !st.ok()) return http::Response::error(st.error());
    auto text = required_string(*body, "text");
    if (!text.ok()) return http::Response::error(text.error());
    auto parent = optional_id(*body, "parent");
    if (!parent.ok()) return http::Response::error(parent.error());
    auto c = posts.comment(ctx.me(), *id, *text, *parent);
    if (!c.ok()) return http::Response::error(c.error());
    return http::Response::json(201, json{{"comment", comment_json(net, ctx.me(), *c, false)}});
  }, member);

  app.route("GET", "/api/v1/posts/{id}/comments", [&posts, &net](Context& ctx) {
    auto id = id_param(ctx.req, "post");
    if (!id.ok()) return http::Response::error(id.error());
    auto page = page_params(ctx.req, 20, 100);
    if (!page.ok()) return http::Response::error(page.error());
    auto r = posts.comments(ctx.principal.member_id, *id, page->limit, page->cursor);
    if (!r.ok()) return http::Response::error(r.error());
    json items = json::array();
    for (const auto& c : r->items) items.push_back(comment_json(net, ctx.principal.member_id, c, true));
    return http::Response::json(200, json{{"items", std::move(items)}, {"next_cursor", opt_cursor(r->next_cursor)}});
  });

  app.route("DELETE", "/api/v1/comments/{id}", [&posts](Context& ctx) {
    auto id = id_param(ctx.req, "comment");
    if (!id.ok()) return http::Response::error(id.error());
    if (Status st = posts.delete_comment(ctx.me(), *id); !st.ok()) return http::Response::error(st.error());
    return http::Response::no_content();
  }, member);

  // ---- a member's posts
  app.route("GET", "/api/v1/members/{handle}/posts", [&posts, &net](Context& ctx) {
    auto page = page_params(ctx.req, 20, 100);
    if (!page.ok()) return http::Response::error(page.error());
    const std::string& handle = ctx.req.param("handle");
    Result<MemberId> who = handle == "me" ? (ctx.principal.member_id ? Result<MemberId>(*ctx.principal.member_id)
                                                                     : Result<MemberId>(Error::unauthorized("log in first")))
                                          : net.visible_member(ctx.principal.member_id, handle);
    if (!who.ok()) return http::Response::error(who.error());
    auto r = posts.member_posts(ctx.principal.member_id, *who, page->limit, page->cursor);
    if (!r.ok()) return http::Response::error(r.error());
    json items = json::array();
    for (const auto& p : r->items) items.push_back(post_json(posts, net, ctx.principal.member_id, p));
    return http::Response::json(200, json{{"items", std::move(items)}, {"next_cursor", opt_cursor(r->next_cursor)}});
  });
}

}  // namespace kring::api
