// Portability: LinkedIn export import, JSON Resume export and import, the member data export, account
// deletion. Thin: the work is in importers/ (linkedin_import, json_resume, member_export) and
// accounts/account_deletion.
#include <nlohmann/json.hpp>

#include "api/app.h"
#include "api/json_body.h"
#include "importers/json_resume.h"
#include "importers/linkedin_import.h"
#include "importers/member_export.h"

namespace kring::api {
namespace {

using nlohmann::json;

// The route accepts a little more than the limit so that the handler, not the connection, answers an upload
// just over it with the JSON error.
constexpr std::size_t kLinkedInBodyLimit = importers::kMaxLinkedInUploadBytes + 64 * 1024;

json counts_json(bool profile, int positions, int education, int skills, int languages, int certifications) {
  return {{"profile", profile}, {"positions", positions}, {"education", education},
          {"skills", skills},   {"languages", languages}, {"certifications", certifications}};
}

}  // namespace

void register_portability_routes(App& app) {
  const RouteConfig member{.requires_member = true};

  app.route(
      "POST", "/api/v1/imports/linkedin",
      [&app](Context& ctx) {
        if (ctx.req.body.size() > importers::kMaxLinkedInUploadBytes) {
          return http::Response::error(Error{ErrorCode::kPayloadTooLarge,
                                             "a LinkedIn export is at most 50 MiB", "", "payload_too_large"});
        }
        Services& s = app.services();
        auto r = importers::import_linkedin(s.db, s.profiles, ctx.me(), ctx.req.body, s.clock);
        if (!r.ok()) return http::Response::error(r.error());
        json imported =
            counts_json(r->profile, r->positions, r->education, r->skills, r->languages, r->certifications);
        imported["connections"] = r->connections;
        json skipped = json::array();
        for (const auto& k : r->skipped)
          skipped.push_back({{"file", k.file}, {"line", k.line}, {"reason", k.reason}});
        return http::Response::json(
            200, json{{"imported", imported}, {"skipped", skipped}, {"skipped_total", r->skipped_total}});
      },
      {.requires_member = true, .body_limit = kLinkedInBodyLimit});

  app.route(
      "GET", "/api/v1/members/me/export/json-resume",
      [&app](Context& ctx) {
        auto doc = importers::export_json_resume(app.services().db, app.services().profiles, ctx.me());
        if (!doc.ok()) return http::Response::error(doc.error());
        return http::Response::json(200, *doc);
      },
      member);

  app.route(
      "POST", "/api/v1/imports/json-resume",
      [&app](Context& ctx) {
        auto body = json::parse(ctx.req.body, nullptr, false);
        if (body.is_discarded()) {
          return http::Response::error(
              Error{ErrorCode::kInvalidArgument, "the request body is not valid JSON", "", "invalid_json"});
        }
        Services& s = app.services();
        auto r = importers::import_json_resume(s.db, s.profiles, ctx.me(), body);
        if (!r.ok()) return http::Response::error(r.error());
        json skipped = json::array();
        for (const auto& k : r->skipped) skipped.push_back({{"item", k.item}, {"reason", k.reason}});
        return http::Response::json(
            200, json{{"imported", counts_json(r->profile, r->positions, r->education, r->skills,
                                               r->languages, r->certifications)},
                      {"skipped", skipped}});
      },
      member);

  app.route(
      "GET", "/api/v1/members/me/export",
      [&app](Context& ctx) {
        Services& s = app.services();
        auto zip = importers::export_member_zip(s.db, s.profiles, ctx.me(), s.clock);
        if (!zip.ok()) return http::Response::error(zip.error());
        auto m = s.directory.find(ctx.me());
        std::string date = format_rfc3339(s.clock.now()).substr(0, 10);
        std::string name = "kring-export-" + (m ? m->handle : std::string("member")) + "-" + date + ".zip";
        http::Response res;
        res.status = 200;
        res.content_type = "application/zip";
        res.body = std::move(*zip);
        res.with_header("Content-Disposition", "attachment; filename=\"" + name + "\"");
        return res;
      },
      member);

  app.route(
      "DELETE", "/api/v1/members/me",
      [&app](Context& ctx) {
        auto body = parse_object(ctx.req);
        if (!body.ok()) return http::Response::error(body.error());
        auto password = required_string(*body, "password");
        if (!password.ok()) return http::Response::error(password.error());
        if (Status st = app.services().accounts.delete_account(ctx.me(), *password); !st.ok()) {
          return http::Response::error(st.error());
        }
        http::Response res = http::Response::no_content();
        if (ctx.principal.via_cookie) res.with_header("Set-Cookie", app.clear_session_cookie());
        return res;
      },
      member);
}

}  // namespace kring::api
