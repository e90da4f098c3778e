#include "http/router.h"

namespace kring::http {
namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.push_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

bool is_param(std::string_view seg) { return seg.size() > 2 && seg.front() == '{' && seg.back() == '}'; }

// Number of literal segments; more literal means more specific.
int specificity(const Route& r) {
  int n = 0;
  for (const auto& s : r.segments) n += !is_param(s);
  return n;
}

}  // namespace

void Router::add(std::string method, std::string pattern, Handler handler, RouteOptions options) {
  auto r = std::make_unique<Route>();
  r->method = std::move(method);
  for (auto s : split_path(pattern)) r->segments.emplace_back(s);
  r->pattern = std::move(pattern);
  r->handler = std::move(handler);
  r->options = options;
  r->index = routes_.size();
  routes_.push_back(std::move(r));
}

void Router::set_fallback(Handler handler, RouteOptions options) {
  fallback_ = std::make_unique<Route>();
  fallback_->method = "GET";
  fallback_->pattern = "(web)";
  fallback_->handler = std::move(handler);
  fallback_->options = options;
  fallback_->index = static_cast<size_t>(-1);
}

RouteMatch Router::match(std::string_view method, std::string_view path) const {
  RouteMatch best;
  int best_spec = -1;
  std::string allow;
  auto segs = split_path(path);
  for (const auto& r : routes_) {
    if (r->segments.size() != segs.size()) continue;
    Fields params;
    bool ok = true;
    for (size_t i = 0; i < segs.size() && ok; ++i) {
      const std::string& p = r->segments[i];
      if (is_param(p)) {
        params.emplace_back(p.substr(1, p.size() - 2), std::string(segs[i]));
      } else {
        ok = p == segs[i];
      }
    }
    if (!ok) continue;
    bool method_ok = r->method == method || (method == "HEAD" && r->method == "GET");
    if (!method_ok) {
      if (allow.find(r->method) == std::string::npos) allow += (allow.empty() ? "" : ", ") + r->method;
      continue;
    }
    int spec = specificity(*r);
    if (spec > best_spec) {
      best_spec = spec;
      best.route = r.get();
      best.params = std::move(params);
    }
  }
  if (best.route) {
    best.status = 200;
    return best;
  }
  if (!allow.empty()) {
    best.status = 405;
    best.allow = std::move(allow);
    return best;
  }
  bool api = path == "/api" || path.rfind("/api/", 0) == 0;
  if (fallback_ && !api && (method == "GET" || method == "HEAD")) {
    best.route = fallback_.get();
    best.status = 200;
    return best;
  }
  best.status = 404;
  return best;
}

}  // namespace kring::http
