// POST /api/v1/auth/signup, POST /api/v1/auth/login, POST /api/v1/auth/logout, GET /api/v1/auth/session.
#include <nlohmann/json.hpp>

#include "api/app.h"
#include "api/json_body.h"

namespace kring::api {
namespace {

http::Response session_response(App& app, int status, const accounts::NewSession& s) {
  http::Response r = http::Response::json(status, {{"member", members::to_json(s.member)}, {"csrf_token", s.csrf_token}});
  r.with_header("Set-Cookie", app.session_cookie(s.token, s.expires_at));
  return r;
}

}  // namespace

void register_auth_routes(App& app) {
  app.route("POST", "/api/v1/auth/signup", [&app](Context& ctx) {
    auto body = parse_object(ctx.req);
    if (!body.ok()) return http::Response::error(body.error());
    accounts::SignupRequest sr;
    for (auto [field, out] : {std::pair{"email", &sr.email}, std::pair{"password", &sr.password},
                              std::pair{"first_name", &sr.first_name}, std::pair{"last_name", &sr.last_name}}) {
      auto v = required_string(*body, field);
      if (!v.ok()) return http::Response::error(v.error());
      *out = std::move(*v);
    }
    auto s = app.services().accounts.signup(sr);
    if (!s.ok()) return http::Response::error(s.error());
    return session_response(app, 201, *s);
  }, {.csrf_exempt = true});

  app.route("POST", "/api/v1/auth/login", [&app](Context& ctx) {
    auto body = parse_object(ctx.req);
    if (!body.ok()) return http::Response::error(body.error());
    auto email = required_string(*body, "email");
    if (!email.ok()) return http::Response::error(email.error());
    auto password = required_string(*body, "password");
    if (!password.ok()) return http::Response::error(password.error());
    auto s = app.services().accounts.login(*email, *password, ctx.req.remote_ip);
    if (!s.ok()) return http::Response::error(s.error());
    return session_response(app, 200, *s);
  }, {.csrf_exempt = true});

  app.route("POST", "/api/v1/auth/logout", [&app](Context& ctx) {
    std::string token = ctx.req.cookie(kSessionCookie);
    if (!token.empty()) {
      Status st = app.services().accounts.logout(token);
      if (!st.ok()) return http::Response::error(st.error());
    }
    http::Response r = http::Response::no_content();
    r.with_header("Set-Cookie", app.clear_session_cookie());
    return r;
  });

  app.route("GET", "/api/v1/auth/session", [&app](Context& ctx) {
    if (!ctx.principal.via_cookie) return http::Response::error(Error::unauthorized("not logged in"));
    auto m = app.services().members.get(*ctx.principal.member_id);
    if (!m.ok()) return http::Response::error(Error::unauthorized("not logged in"));
    return http::Response::json(200, {{"member", members::to_json(**m)}, {"csrf_token", ctx.principal.csrf_token}});
  });
}

}  // namespace kring::api
