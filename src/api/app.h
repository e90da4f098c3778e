// The API application: resolves who is asking (session cookie or admin API key), enforces CSRF, dispatches
// to the thin handlers in this folder, maps errors to JSON and records API-key acts in the audit log.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "accounts/account_service.h"
#include "api/static_files.h"
#include "common/clock.h"
#include "geo/places.h"
#include "http/metrics.h"
#include "http/router.h"
#include "http/server.h"
#include "members/member_directory.h"
#include "members/member_service.h"
#include "network/introductions.h"
#include "network/network_service.h"
#include "network/suggestions.h"
#include "profiles/endorsements.h"
#include "profiles/profile_cache.h"
#include "profiles/profile_service.h"
#include "profiles/profile_views.h"
#include "store/change_follower.h"
#include "store/database.h"
#include "taxonomy/taxonomy.h"

namespace kring::search {
class PeopleIndex;
class PostIndex;
}
namespace kring::feed {
class PostService;
class FeedService;
}
namespace kring::notifications {
class NotificationService;
}

namespace kring::api {

using members::MemberId;

// Who a request acts for.
struct Principal {
  std::optional<MemberId> member_id;  // the acting member, if any
  bool via_cookie = false;            // authenticated by session cookie (CSRF applies)
  std::string csrf_token;             // the session's CSRF token, when via_cookie
  std::optional<int64_t> api_key_id;  // authenticated by admin API key
  std::string acting_handle;          // Kring-As value, for the audit log
  bool admin() const { return api_key_id.has_value(); }
};

struct Context {
  http::Request& req;
  Principal principal;
  // The acting member. REQUIRES: the route was registered with requires_member.
  MemberId me() const { return *principal.member_id; }
};

using ApiHandler = std::function<http::Response(Context&)>;

// Everything handlers use. All references outlive the App.
struct Services {
  store::Database& db;
  store::ChangeFollower& follower;
  members::MemberDirectory& directory;
  members::MemberService& members;
  accounts::AccountService& accounts;
  network::NetworkService& network;
  network::SuggestionService& suggestions;
  network::IntroductionService& introductions;
  profiles::ProfileService& profiles;
  http::Metrics& metrics;
  const Clock& clock;
  const taxonomy::Taxonomy& taxonomy;
  const geo::Places& places;  // immutable after load; empty when the data files are missing
  profiles::EndorsementService& endorsements;
  profiles::ProfileViewService& profile_views;  // queues views in memory; Node flushes and stops it
  const profiles::ProfileCache& profile_cache;  // what a profile read shares across viewers
  search::PeopleIndex* people_search = nullptr;  // people search and typeahead; nullptr: no search routes
  feed::PostService* posts = nullptr;            // posts, reactions, comments; nullptr: no post routes
  search::PostIndex* post_search = nullptr;      // post search; needs posts and people_search
  feed::FeedService* feed = nullptr;             // the feed, mutes, post analytics; needs posts
  notifications::NotificationService* notifications = nullptr;  // nullptr: no notification routes
};

struct AppConfig {
  bool secure_cookies = false;
  std::string web_root;  // folder of the web build (index.html + assets); empty: no web app
};

inline constexpr const char* kSessionCookie = "kring_session";

struct RouteConfig {
  bool requires_member = false;
  bool csrf_exempt = false;  // sign-up and log-in: they do not act as the cookie's member
  bool inline_handler = false;
  // Tried on the network thread for anonymous requests (see http::RouteOptions::inline_first); requests with
  // credentials always run on the worker pool, since checking them may read the store.
  bool inline_first = false;
  std::size_t body_limit = 1 << 20;
};

class App final : public http::Dispatcher {
 public:
  App(Services services, AppConfig config);

  http::RouteMatch match(std::string_view method, std::string_view path) const override;
  http::Response handle(http::Request& request, const http::RouteMatch& match) override;

  // Marks the indexes loaded: /healthz answers 200 from now on.
  void set_ready(bool ready) {
    ready_.store(ready);
    services_.metrics.set_gauge_ready(ready);
  }
  bool ready() const { return ready_.load(); }
  const http::Router& router() const { return router_; }

  // Registration, used by the handler files.
  void route(std::string method, std::string pattern, ApiHandler handler, RouteConfig options = RouteConfig());

  Services& services() { return services_; }
  const AppConfig& config() const { return config_; }

  // Session cookie headers.
  std::string session_cookie(const std::string& token, Micros expires_at) const;
  std::string clear_session_cookie() const;

 private:
  Result<Principal> authenticate(const http::Request& req);
  http::Response dispatch(http::Request& req, const http::RouteMatch& match);

  Services services_;
  AppConfig config_;
  http::Router router_;
  std::vector<ApiHandler> handlers_;  // by route index
  std::vector<RouteConfig> options_;  // by route index
  StaticFiles web_;
  std::atomic<bool> ready_{false};
};

// Handler registration, one file per resource.
void register_system_routes(App& app);
void register_auth_routes(App& app);
void register_member_routes(App& app);
void register_admin_routes(App& app);
void register_network_routes(App& app);
void register_introduction_routes(App& app);
void register_profile_routes(App& app);
void register_skill_routes(App& app);
void register_place_routes(App& app);
void register_endorsement_routes(App& app);
void register_profile_view_routes(App& app);
void register_portability_routes(App& app);
void register_search_routes(App& app);  // only when Services::people_search is set
void register_post_routes(App& app);    // only when Services::posts is set
void register_feed_routes(App& app);    // only when Services::feed and Services::posts are set
void register_notification_routes(App& app);  // only when Services::notifications is set

}  // namespace kring::api
