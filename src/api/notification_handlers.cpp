// Notifications: the list, the unread count the web app polls, and marking read. Thin: parsing and JSON shapes;
// the rules live in notifications/notification_service.
#include <nlohmann/json.hpp>

#include "api/app.h"
#include "api/json_body.h"
#include "api/member_cards.h"
#include "notifications/notification_service.h"

namespace kring::api {
namespace {

using nlohmann::json;

inline constexpr size_t kPostExcerpt = 140;  // code points of the post's text shown with a notification

std::string display_name(const json& card) {
  std::string first = card.value("first_name", ""), last = card.value("last_name", "");
  return last.empty() ? first : first + " " + last;
}

json optional_id(const std::optional<int64_t>& id) { return id ? json(*id) : json(nullptr); }

}  // namespace

void register_notification_routes(App& app) {
  if (app.services().notifications == nullptr) return;
  notifications::NotificationService& service = *app.services().notifications;
  network::NetworkService& net = app.services().network;
  const RouteConfig member{.requires_member = true};

  app.route("GET", "/api/v1/notifications", [&service, &net](Context& ctx) {
    auto page = page_params(ctx.req, 20, 100);
    if (!page.ok()) return http::Response::error(page.error());
    auto r = service.list(ctx.me(), page->limit, page->cursor);
    if (!r.ok()) return http::Response::error(r.error());
    auto unread = service.unread_count(ctx.me());
    if (!unread.ok()) return http::Response::error(unread.error());
    json items = json::array();
    for (const auto& item : r->items) {
      json actor = member_card(net, ctx.me(), item.n.actor);
      if (actor.is_null()) continue;  // deleted since the page was read
      const std::string text = notifications::sentence(item, display_name(actor));
      json post = nullptr;
      if (item.n.post_id) {
        post = json{{"id", *item.n.post_id},
                    {"text", notifications::excerpt(item.post_text.value_or(""), kPostExcerpt)}};
      }
      items.push_back(json{{"id", item.n.id},
                           {"kind", item.n.kind},
                           {"actor", std::move(actor)},
                           {"post", std::move(post)},
                           {"comment_id", optional_id(item.n.comment_id)},
                           {"skill", item.skill_name ? json(*item.skill_name) : json(nullptr)},
                           {"count", item.n.count},
                           {"text", text},
                           {"created_at", format_rfc3339(item.n.created_at)},
                           {"read", item.n.read_at.has_value()}});
    }
    return http::Response::json(200, json{{"items", std::move(items)},
                                          {"next_cursor", r->next_cursor ? json(*r->next_cursor) : json(nullptr)},
                                          {"unread", *unread}});
  }, member);

  app.route("GET", "/api/v1/notifications/unread-count", [&service](Context& ctx) {
    auto unread = service.unread_count(ctx.me());
    if (!unread.ok()) return http::Response::error(unread.error());
    return http::Response::json(200, json{{"unread", *unread}});
  }, member);

  app.route("POST", "/api/v1/notifications/read", [&service](Context& ctx) {
    auto body = parse_object(ctx.req);
    if (!body.ok()) return http::Response::error(body.error());
    if (Status st = only_fields(*body, {"ids", "all"}); !st.ok()) return http::Response::error(st.error());
    auto all = optional_bool(*body, "all");
    if (!all.ok()) return http::Response::error(all.error());
    const auto ids_it = body->find("ids");
    const bool has_ids = ids_it != body->end();
    if (has_ids == all->has_value()) {
      return http::Response::error(Error::invalid("ids", "send either ids or all"));
    }
    if (*all) {
      if (!**all) return http::Response::error(Error::invalid("all", "all must be true"));
      if (Status st = service.mark_all_read(ctx.me()); !st.ok()) return http::Response::error(st.error());
      return http::Response::no_content();
    }
    if (!ids_it->is_array() || ids_it->empty()) {
      return http::Response::error(Error::invalid("ids", "ids must be a non-empty array of notification ids"));
    }
    if (ids_it->size() > static_cast<size_t>(notifications::kMaxMarkRead)) {
      return http::Response::error(
          Error::invalid("ids", "at most " + std::to_string(notifications::kMaxMarkRead) + " ids at a time"));
    }
    std::vector<int64_t> ids;
    for (const auto& v : *ids_it) {
      if (!v.is_number_integer() || v.get<int64_t>() <= 0) {
        return http::Response::error(Error::invalid("ids", "ids must be positive integers"));
      }
      ids.push_back(v.get<int64_t>());
    }
    if (Status st = service.mark_read(ctx.me(), ids); !st.ok()) return http::Response::error(st.error());
    return http::Response::no_content();
  }, member);
}

}  // namespace kring::api
