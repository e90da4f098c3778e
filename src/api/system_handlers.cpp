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
    // The connection graph's footprint: what "bytes per connection" means in production.
    graph::GraphStats g = app.services().network.graph().stats();
    r.body += "# HELP kring_graph_memory_bytes Memory held by the in-memory connection graph.\n"
              "# TYPE kring_graph_memory_bytes gauge\nkring_graph_memory_bytes " +
              std::to_string(g.memory_bytes) +
              "\n# HELP kring_graph_directed_connections Connections in the graph, counted in both directions.\n"
              "# TYPE kring_graph_directed_connections gauge\nkring_graph_directed_connections " +
              std::to_string(g.directed_connections) + "\n";
    // Whether --profile-cache is large enough: hits against reads from the store.
    profiles::ProfileCache::Stats pc = app.services().profile_cache.stats();
    r.body += "# HELP kring_profile_cache_hits_total Profile reads answered from the profile cache.\n"
              "# TYPE kring_profile_cache_hits_total counter\nkring_profile_cache_hits_total " +
              std::to_string(pc.hits) +
              "\n# HELP kring_profile_cache_misses_total Profile reads that read the store.\n"
              "# TYPE kring_profile_cache_misses_total counter\nkring_profile_cache_misses_total " +
              std::to_string(pc.misses) +
              "\n# HELP kring_profile_cache_profiles Profiles held by the profile cache.\n"
              "# TYPE kring_profile_cache_profiles gauge\nkring_profile_cache_profiles " + std::to_string(pc.size) +
              "\n";
    return r;
  }, {.inline_handler = true});
}

}  // namespace kring::api
