// GET /api/v1/admin/audit-log: what admin API keys did, newest first. Admin keys only.
#include <nlohmann/json.hpp>

#include "api/app.h"
#include "common/cursor.h"

namespace kring::api {
namespace {
constexpr std::string_view kAuditPage =
    "SELECT id, at, api_key_id, acting_member_id, acting_handle, method, path, status, remote_ip "
    "FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?";
}

void register_admin_routes(App& app) {
  app.route("GET", "/api/v1/admin/audit-log", [&app](Context& ctx) {
    if (!ctx.principal.admin()) return http::Response::error(Error::forbidden("admin API key required"));
    std::string limit_raw;
    auto lp = ctx.req.query_param("limit");
    if (lp) limit_raw = std::string(*lp);
    auto limit = parse_limit(lp ? &limit_raw : nullptr, 50, 500);
    if (!limit.ok()) return http::Response::error(limit.error());
    int64_t before = INT64_MAX;
    if (auto c = ctx.req.query_param("cursor"); c && !c->empty()) {
      auto fields = decode_cursor(*c, 1);
      if (!fields.ok()) return http::Response::error(fields.error());
      before = (*fields)[0];
    }
    auto page = app.services().db.read<nlohmann::json>([&](store::Session& s) -> Result<nlohmann::json> {
      nlohmann::json items = nlohmann::json::array();
      int64_t last = 0;
      auto rows = s.query(kAuditPage, {before, *limit + 1});
      for (size_t i = 0; i < rows.size() && i < static_cast<size_t>(*limit); ++i) {
        const auto& r = rows[i];
        items.push_back({{"id", r.i64(0)}, {"at", format_rfc3339(r.i64(1))}, {"api_key_id", r.i64(2)},
                         {"acting_member_id", r.is_null(3) ? nlohmann::json(nullptr) : nlohmann::json(r.i64(3))},
                         {"acting_handle", r.text(4)}, {"method", r.text(5)}, {"path", r.text(6)},
                         {"status", r.i64(7)}, {"remote_ip", r.text(8)}});
        last = r.i64(0);
      }
      nlohmann::json next = rows.size() > static_cast<size_t>(*limit) ? nlohmann::json(encode_cursor({last}))
                                                                       : nlohmann::json(nullptr);
      return nlohmann::json{{"items", items}, {"next_cursor", next}};
    });
    if (!page.ok()) return http::Response::error(page.error());
    return http::Response::json(200, *page);
  });
}

}  // namespace kring::api
