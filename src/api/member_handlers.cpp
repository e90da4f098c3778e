// GET /api/v1/members/{handle} (or me), PATCH /api/v1/members/me.
#include <nlohmann/json.hpp>

#include "api/app.h"
#include "api/json_body.h"
#include "api/member_cards.h"
#include "api/profile_json.h"
#include "api/profile_extras.h"
#include "common/text.h"

namespace kring::api {

namespace {

// The member as the viewer sees them: the profile, the viewer-relative degree, the relationship (for a
// logged-in viewer other than the member) and network counts. A block hides the profile (404).
http::Response profile_response(App& app, Context& ctx, const members::Member& m) {
  auto& net = app.services().network;
  const std::optional<MemberId> viewer = ctx.principal.member_id;
  if (viewer && net.hidden(*viewer, m.id)) {
    return http::Response::error(Error{ErrorCode::kNotFound, "no member with that handle", "handle", "unknown_member"});
  }
  nlohmann::json j = members::to_json(m);
  auto degree = net.degree(viewer, m.id);
  j["degree"] = degree ? nlohmann::json(*degree) : nlohmann::json(nullptr);
  if (viewer && *viewer != m.id) {
    auto rel = net.relationship(*viewer, m.id);
    if (!rel.ok()) return http::Response::error(rel.error());
    nlohmann::json inv = nullptr;
    if (rel->invitation) {
      inv = {{"id", rel->invitation->id},
             {"direction", rel->invitation->from == *viewer ? "sent" : "received"},
             {"note", rel->invitation->note}};
    }
    j["relationship"] = {{"connected", rel->connected},
                         {"connected_at", rel->connected_at ? nlohmann::json(format_rfc3339(*rel->connected_at))
                                                            : nlohmann::json(nullptr)},
                         {"invitation", inv},
                         {"following", rel->following},
                         {"blocked", rel->blocked},
                         {"mutual_count", rel->mutual_count}};
  }
  // Profile sections, each within what the viewer may see.
  auto& prof = app.services().profiles;
  Result<std::shared_ptr<const profiles::ProfileSnapshot>> snap = Error::not_found("");
  if (ctx.req.network_thread) {
    // Anonymous and on a network thread: answer from memory or ask for a worker.
    auto cached = app.services().profile_cache.peek(m.id);
    if (!cached) return http::Response::defer();
    snap = std::move(cached);
  } else {
    snap = app.services().profile_cache.get(m.id);
    if (!snap.ok()) return http::Response::error(snap.error());
  }
  const profiles::ProfileSnapshot& cached = **snap;
  if (!viewer) {
    if (auto body = cached.anonymous_body()) {
      http::Response r;
      r.body = *body;
      return r;
    }
  }
  const profiles::Profile* p = &cached.profile;
  const bool self = viewer == m.id;
  nlohmann::json hidden = nlohmann::json::array();
  auto visible = [&](const char* section) {
    bool ok = prof.may_see(viewer, m.id, p->visibility.at(section));
    if (!ok) hidden.push_back(section);
    return ok;
  };
  j["industry"] = p->industry;
  if (visible("about")) j["about"] = m.about;
  else j.erase("about");
  if (visible("location")) {
    j["location"] = p->location.label.empty() ? m.location : p->location.label;
    j["city"] = p->location.city;
    j["country"] = p->location.country;
    j["country_code"] = p->location.country_code;
  } else {
    j.erase("location");
  }
  auto list = [](const auto& items) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& x : items) out.push_back(to_json(x));
    return out;
  };
  if (visible("positions")) j["positions"] = list(p->positions);
  if (visible("education")) j["education"] = list(p->education);
  if (visible("skills")) j["skills"] = list(p->skills);
  if (visible("languages")) j["languages"] = list(p->languages);
  if (visible("certifications")) j["certifications"] = list(p->certifications);
  if (visible("contact")) j["contact"] = p->contact ? to_json(*p->contact) : nlohmann::json(nullptr);
  if (p->open_to_work && prof.may_see_open_to_work(viewer, m.id, *p->open_to_work)) {
    j["open_to_work"] = to_json(*p->open_to_work);
  } else {
    j["open_to_work"] = nullptr;
  }
  j["hidden_sections"] = std::move(hidden);
  if (self) {
    auto c = profiles::ProfileService::completeness(*p);
    j["completeness"] = {{"percent", c.percent},
                         {"next_section", c.next_section.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.next_section)},
                         {"next_step", c.next_step.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.next_step)}};
    nlohmann::json vis = nlohmann::json::object();
    for (const auto& [section, v] : p->visibility) vis[section] = profiles::visibility_name(v);
    j["visibility"] = std::move(vis);
  }

  j["network"] = {{"connections", net.graph().connection_count(m.id)},
                  {"followers", cached.followers},
                  {"introductions_made", cached.introductions_made},
                  {"introductions_asked", cached.introductions_asked}};
  // Endorsements: per skill what the viewer did and the highlight; what an endorsement would record.
  if (Status st = add_endorsement_fields(app, viewer, cached, j); !st.ok()) return http::Response::error(st.error());
  if (!viewer) {
    http::Response r = http::Response::json(200, {{"member", std::move(j)}});
    cached.set_anonymous_body(r.body);
    return r;
  }
  record_profile_view(app, ctx, m.id);  // queued in memory, written in the background
  return http::Response::json(200, {{"member", std::move(j)}});
}

}  // namespace

void register_member_routes(App& app) {
  app.route("GET", "/api/v1/members/{handle}", [&app](Context& ctx) {
    const std::string& handle = ctx.req.param("handle");
    auto& members = app.services().members;
    Result<std::shared_ptr<const members::Member>> m = Error::not_found("");
    if (handle == "me") {
      if (!ctx.principal.member_id) return http::Response::error(Error::unauthorized("log in first"));
      m = members.get(*ctx.principal.member_id);
    } else {
      m = members.get_by_handle(text::fold(handle));
      // A retired handle answers with a permanent redirect to the member's current one for a while.
      if (!m.ok() && m.error().code == ErrorCode::kNotFound) {
        if (ctx.req.network_thread) return http::Response::defer();  // redirects are in the store
        if (auto id = app.services().profiles.redirect(handle)) {
          if (auto now = app.services().directory.find(*id)) {
            http::Response r = http::Response::json(
                301, {{"redirect", {{"handle", now->handle}}}});
            r.with_header("Location", "/api/v1/members/" + now->handle);
            return r;
          }
        }
      }
    }
    if (!m.ok()) return http::Response::error(m.error());
    return profile_response(app, ctx, **m);
  }, {.inline_first = true});

  app.route("PATCH", "/api/v1/members/me", [&app](Context& ctx) {
    auto body = parse_object(ctx.req);
    if (!body.ok()) return http::Response::error(body.error());
    Status known = only_fields(*body, {"first_name", "last_name", "headline", "about", "location", "industry"},
                               {"id", "handle", "created_at"});
    if (!known.ok()) return http::Response::error(known.error());
    members::MemberPatch patch;
    for (auto [field, out] : {std::pair{"first_name", &patch.first_name}, std::pair{"last_name", &patch.last_name},
                              std::pair{"headline", &patch.headline}, std::pair{"about", &patch.about},
                              std::pair{"location", &patch.location}}) {
      auto v = optional_string(*body, field);
      if (!v.ok()) return http::Response::error(v.error());
      *out = std::move(*v);
    }
    auto industry = optional_string(*body, "industry");
    if (!industry.ok()) return http::Response::error(industry.error());
    // Location is normalised against known places by the profile service; the rest is the basic profile.
    std::optional<std::string> location = std::move(patch.location);
    patch.location.reset();
    if (location) {
      Status st = members::validate_text("location", *location, members::kMaxLocationLength, false);
      if (!st.ok()) return http::Response::error(st.error());
    }
    auto m = app.services().members.update(ctx.me(), patch);
    if (!m.ok()) return http::Response::error(m.error());
    if (location || *industry) {
      auto loc = app.services().profiles.set_basics(ctx.me(), *industry, location);
      if (!loc.ok()) return http::Response::error(loc.error());
    }
    auto now = app.services().members.get(ctx.me());
    if (!now.ok()) return http::Response::error(now.error());
    return profile_response(app, ctx, **now);
  }, {.requires_member = true});
}

}  // namespace kring::api
