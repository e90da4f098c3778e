// GET /healthz, GET /metrics.
#include <nlohmann/json.hpp>

#include "api/app.h"

namespace kring::api {

void register_system_routes(App& app) {
  app.route("GET", "/healthz", [&app](Context&) {
    if (!app.ready()) return http::Response::json(503, {{"status", "loading"}});
    return http::Response::json(200, {{"status", "ok"}});
  }, {.inline_handler = true});

  app.route("GET", "/metrics", [&app](Context&) {
    http::Response r;
    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    r.body = app.services().metrics.render();
    return r;
  }, {.inline_handler = true});
}

}  // namespace kring::api
