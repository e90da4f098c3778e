#include "api/app.h"

#include <spdlog/spdlog.h>

#include "common/random.h"
#include "common/text.h"

namespace kring::api {
namespace {

bool is_unsafe(std::string_view method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

}  // namespace

App::App(Services services, AppConfig config) : services_(services), config_(std::move(config)) {
  register_system_routes(*this);
  register_auth_routes(*this);
  register_member_routes(*this);
  register_admin_routes(*this);
  register_network_routes(*this);
  register_introduction_routes(*this);
  register_profile_routes(*this);
  register_skill_routes(*this);
  register_place_routes(*this);
  register_endorsement_routes(*this);
  register_profile_view_routes(*this);
  register_portability_routes(*this);
  register_search_routes(*this);
  register_post_routes(*this);
  register_feed_routes(*this);
  register_notification_routes(*this);
  web_.load(config_.web_root);
  router_.set_fallback([this](http::Request& req) { return web_.serve(req.path); }, {});
  std::vector<std::string> labels;
  for (const auto& r : router_.routes()) labels.push_back(r->method + " " + r->pattern);
  services_.metrics.set_routes(std::move(labels));
}

void App::route(std::string method, std::string pattern, ApiHandler handler, RouteConfig options) {
  http::RouteOptions ro;
  ro.inline_handler = options.inline_handler;
  ro.inline_first = options.inline_first;
  ro.body_limit = options.body_limit;
  ro.requires_member = options.requires_member;
  router_.add(std::move(method), std::move(pattern), nullptr, ro);
  handlers_.push_back(std::move(handler));
  options_.push_back(options);
}

http::RouteMatch App::match(std::string_view method, std::string_view path) const {
  return router_.match(method, path);
}

std::string App::session_cookie(const std::string& token, Micros expires_at) const {
  Micros max_age = (expires_at - services_.clock.now()) / kMicrosPerSecond;
  std::string c = std::string(kSessionCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" +
                  std::to_string(std::max<Micros>(0, max_age));
  if (config_.secure_cookies) c += "; Secure";
  return c;
}

std::string App::clear_session_cookie() const {
  std::string c = std::string(kSessionCookie) + "=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0";
  if (config_.secure_cookies) c += "; Secure";
  return c;
}

Result<Principal> App::authenticate(const http::Request& req) {
  Principal p;
  std::string_view auth = req.header("authorization");
  if (!auth.empty()) {
    constexpr std::string_view kBearer = "Bearer ";
    if (auth.size() <= kBearer.size() || auth.substr(0, kBearer.size()) != kBearer) {
      return Error::unauthorized("Authorization must be 'Bearer <API key>'");
    }
    KRING_ASSIGN_OR_RETURN(accounts::ApiKey key, services_.accounts.verify_api_key(auth.substr(kBearer.size())));
    p.api_key_id = key.id;
    std::string_view as = req.header("kring-as");
    if (!as.empty()) {
      p.acting_handle = std::string(as.substr(0, 100));
      auto m = services_.directory.find_by_handle(text::fold(as));
      if (!m) return Error{ErrorCode::kNotFound, "Kring-As names no member", "Kring-As", "unknown_member"};
      p.member_id = m->id;
    }
    return p;
  }
  std::string token = req.cookie(kSessionCookie);
  if (!token.empty()) {
    auto s = services_.accounts.session(token);
    if (s.ok()) {
      p.member_id = s->member_id;
      p.via_cookie = true;
      p.csrf_token = s->csrf_token;
    } else if (s.error().code != ErrorCode::kUnauthorized) {
      return std::move(s).error();
    }
  }
  return p;
}

http::Response App::dispatch(http::Request& req, const http::RouteMatch& match) {
  const http::Route& route = *match.route;
  if (route.index >= handlers_.size()) return web_.serve(req.path);  // the web app fallback
  const RouteConfig& opt = options_[route.index];
  // A session cache miss, an API key check and the audit log read or write the store: not on a network thread.
  if (req.network_thread && (!req.header("authorization").empty() || !req.cookie(kSessionCookie).empty())) {
    return http::Response::defer();
  }
  auto principal = authenticate(req);
  if (!principal.ok()) return http::Response::error(principal.error());
  Context ctx{req, std::move(*principal)};
  if (ctx.principal.via_cookie && is_unsafe(req.method) && !opt.csrf_exempt) {
    std::string_view sent = req.header("x-csrf-token");
    if (sent.empty() || !crypto::equal_constant_time(sent, ctx.principal.csrf_token)) {
      return http::Response::error(
          Error{ErrorCode::kForbidden, "missing or wrong X-CSRF-Token header", "X-CSRF-Token", "csrf_failed"});
    }
  }
  if (opt.requires_member && !ctx.principal.member_id) {
    if (ctx.principal.admin()) {
      return http::Response::error(Error{ErrorCode::kInvalidArgument,
                                         "this endpoint acts as a member: add a Kring-As header", "Kring-As",
                                         "member_required"});
    }
    return http::Response::error(Error::unauthorized("log in first"));
  }
  http::Response res = handlers_[route.index](ctx);
  if (ctx.principal.api_key_id) {
    Status st = services_.accounts.audit({*ctx.principal.api_key_id, ctx.principal.member_id,
                                          ctx.principal.acting_handle, req.method, req.path, res.status,
                                          req.remote_ip});
    if (!st.ok()) {
      spdlog::error("audit log write failed: {}", st.error().message);
      return http::Response::error(Error::unavailable("the audit log could not be written"));
    }
  }
  return res;
}

http::Response App::handle(http::Request& req, const http::RouteMatch& match) {
  http::Response res;
  try {
    res = dispatch(req, match);
  } catch (const std::exception& e) {
    spdlog::error("{} {} failed: {}", req.method, req.path, e.what());
    res = http::Response::error(Error::internal("internal error"));
  }
  res.with_header("X-Content-Type-Options", "nosniff");
  if (req.path.rfind("/api/", 0) == 0) res.with_header("Cache-Control", "no-store");
  return res;
}

}  // namespace kring::api
