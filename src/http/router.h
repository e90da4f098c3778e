// Maps method + path to a handler. Patterns are literal segments and {name} parameters:
// "/api/v1/members/{handle}". Literal segments win over parameters at the same position.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.h"

namespace kring::http {

using Handler = std::function<Response(Request&)>;

struct RouteOptions {
  // Runs on the network thread: only for handlers that never block (memory-only reads).
  bool inline_handler = false;
  // Runs on the network thread first, with Request::network_thread set; when the handler answers
  // Response::defer() (it would have to block, e.g. on a cache miss), it runs again on the worker pool.
  bool inline_first = false;
  // Largest accepted body; larger requests get 413.
  std::size_t body_limit = 1 << 20;
  // Authentication needed: the application layer enforces it.
  bool requires_member = false;
};

struct Route {
  std::string method;
  std::string pattern;
  std::vector<std::string> segments;
  Handler handler;
  RouteOptions options;
  std::size_t index = 0;  // dense id, for metrics
};

struct RouteMatch {
  const Route* route = nullptr;  // null: see status
  int status = 404;              // 404 no such path, 405 path exists with other methods
  std::string allow;             // for 405: the methods the path accepts
  Fields params;
};

class Router {
 public:
  // REQUIRES: not called concurrently with match(); patterns start with '/'.
  void add(std::string method, std::string pattern, Handler handler, RouteOptions options = {});
  // A handler for GET/HEAD paths that match no route (the web app). Never used for /api/ paths.
  void set_fallback(Handler handler, RouteOptions options = {});

  // Thread-safe once routes are added.
  RouteMatch match(std::string_view method, std::string_view path) const;
  const std::vector<std::unique_ptr<Route>>& routes() const { return routes_; }

 private:
  std::vector<std::unique_ptr<Route>> routes_;
  std::unique_ptr<Route> fallback_;
};

}  // namespace kring::http
