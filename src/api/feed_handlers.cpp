// The feed, its preferences (mode, mutes, followed hashtags) and post analytics. Thin: parsing and JSON shapes;
// candidates, ranking and the rules live in feed/feed_service.
#include <nlohmann/json.hpp>

#include "api/app.h"
#include "api/json_body.h"
#include "api/member_cards.h"
#include "feed/feed_service.h"
#include "feed/posts.h"

namespace kring::api {

// post_handlers.cpp: a post as GET /api/v1/posts/{id} returns it.
nlohmann::json post_json(feed::PostService& posts, const network::NetworkService& net, std::optional<MemberId> viewer,
                         const feed::Post& p);

namespace {

using nlohmann::json;

constexpr int kDefaultLimit = 10;
constexpr int kMaxLimit = 50;

json why_json(const feed::FeedItem& item) {
  json factors = json::array();
  for (const auto& f : item.factors) factors.push_back(json{{"name", f.name}, {"value", f.value}, {"label", f.label}});
  return json{{"score", item.score}, {"factors", std::move(factors)}};
}

Result<std::string> tag_param(const http::Request& req) { return feed::normalize_hashtag(req.param("tag")); }

}  // namespace

void register_feed_routes(App& app) {
  if (app.services().feed == nullptr || app.services().posts == nullptr) return;
  feed::FeedService& feed = *app.services().feed;
  feed::PostService& posts = *app.services().posts;
  network::NetworkService& net = app.services().network;
  const RouteConfig member{.requires_member = true};

  app.route("GET", "/api/v1/feed", [&feed, &posts, &net](Context& ctx) {
    for (const auto& [k, v] : ctx.req.query) {
      if (k != "mode" && k != "limit" && k != "cursor") {
        return http::Response::error(Error::invalid(k, "unknown parameter: " + k));
      }
    }
    std::optional<feed::FeedMode> mode;
    if (auto m = ctx.req.query_param("mode")) {
      mode = feed::parse_mode(*m);
      if (!mode) return http::Response::error(Error::invalid("mode", "mode must be relevant or recent"));
    }
    auto page = page_params(ctx.req, kDefaultLimit, kMaxLimit);
    if (!page.ok()) return http::Response::error(page.error());
    const MemberId me = ctx.me();
    if (mode) {
      if (Status st = feed.remember_mode(me, *mode); !st.ok()) return http::Response::error(st.error());
    } else {
      auto remembered = feed.mode(me);
      if (!remembered.ok()) return http::Response::error(remembered.error());
      mode = *remembered;
    }
    auto result = *mode == feed::FeedMode::kRecent ? feed.recent(me, page->limit, page->cursor)
                                                   : feed.relevant(me, page->limit, page->cursor);
    if (!result.ok()) return http::Response::error(result.error());
    json items = json::array();
    std::vector<int64_t> shown;
    for (const auto& item : result->items) {
      auto p = posts.get(me, item.post);
      if (!p.ok()) continue;  // deleted or hidden since the index looked
      items.push_back(json{{"post", post_json(posts, net, me, *p)}, {"reason", item.reason}, {"why", why_json(item)}});
      shown.push_back(item.post);
    }
    feed.record_impressions(me, shown);
    return http::Response::json(200, json{{"items", std::move(items)},
                                          {"next_cursor", result->next_cursor ? json(*result->next_cursor) : json(nullptr)},
                                          {"mode", feed::mode_name(*mode)}});
  }, member);

  app.route("GET", "/api/v1/feed/preferences", [&feed, &net](Context& ctx) {
    if (!ctx.req.query.empty()) {
      return http::Response::error(Error::invalid(ctx.req.query.front().first, "unknown parameter: " + ctx.req.query.front().first));
    }
    auto p = feed.preferences(ctx.me());
    if (!p.ok()) return http::Response::error(p.error());
    return http::Response::json(200, json{{"mode", feed::mode_name(p->mode)},
                                          {"muted_members", member_cards(net, ctx.me(), p->muted_members)},
                                          {"muted_hashtags", p->muted_hashtags},
                                          {"followed_hashtags", p->followed_hashtags}});
  }, member);

  for (const char* method : {"PUT", "DELETE"}) {
    const bool on = std::string_view(method) == "PUT";
    app.route(method, "/api/v1/feed/mutes/members/{handle}", [&feed, &net, on](Context& ctx) {
      auto who = net.visible_member(ctx.me(), ctx.req.param("handle"));
      if (!who.ok()) return http::Response::error(who.error());
      if (Status st = feed.mute_member(ctx.me(), *who, on); !st.ok()) return http::Response::error(st.error());
      return http::Response::no_content();
    }, member);
    app.route(method, "/api/v1/feed/mutes/hashtags/{tag}", [&feed, on](Context& ctx) {
      auto tag = tag_param(ctx.req);
      if (!tag.ok()) return http::Response::error(tag.error());
      if (Status st = feed.mute_hashtag(ctx.me(), *tag, on); !st.ok()) return http::Response::error(st.error());
      return http::Response::no_content();
    }, member);
    app.route(method, "/api/v1/feed/hashtags/{tag}", [&feed, on](Context& ctx) {
      auto tag = tag_param(ctx.req);
      if (!tag.ok()) return http::Response::error(tag.error());
      if (Status st = feed.follow_hashtag(ctx.me(), *tag, on); !st.ok()) return http::Response::error(st.error());
      return http::Response::no_content();
    }, member);
  }

  app.route("GET", "/api/v1/posts/{id}/analytics", [&feed, &posts](Context& ctx) {
    auto id = id_param(ctx.req, "post");
    if (!id.ok()) return http::Response::error(id.error());
    auto p = posts.get(ctx.me(), *id);  // 404 for those who cannot see it
    if (!p.ok()) return http::Response::error(p.error());
    if (p->author != ctx.me()) return http::Response::error(Error::forbidden("only the author sees a post's analytics"));
    auto a = feed.analytics(*id, ctx.me());
    if (!a.ok()) return http::Response::error(a.error());
    json reactions = json::object();
    for (const auto& [type, n] : a->reactions) reactions[type] = n;
    return http::Response::json(200, json{{"analytics", {{"impressions", a->impressions},
                                                         {"unique_viewers", a->unique_viewers},
                                                         {"reactions", std::move(reactions)},
                                                         {"comments", a->comments},
                                                         {"reshares", a->reshares},
                                                         {"colleague_engagement_share", a->colleague_engagement_share},
                                                         {"followers", a->followers},
                                                         {"audience", a->audience},
                                                         {"reach_percent", a->reach_percent}}}});
  }, member);
}

}  // namespace kring::api
