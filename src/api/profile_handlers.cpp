// Profile sections of the logged-in member: positions, education, skills, languages, certifications,
// open-to-work, contact info, per-section visibility, handle. Thin: the rules live in profiles/.
#include <charconv>

#include <nlohmann/json.hpp>

#include "api/app.h"
#include "api/json_body.h"
#include "api/profile_json.h"

namespace kring::api {
namespace {

using nlohmann::json;

json skills_json(const std::vector<profiles::Skill>& skills) {
  json out = json::array();
  for (const auto& s : skills) out.push_back(to_json(s));
  return out;
}

template <typename Fn>
http::Response with_body(Context& ctx, Fn&& fn) {
  auto body = nlohmann::json::parse(ctx.req.body, nullptr, false);
  if (body.is_discarded()) {
    return http::Response::error(Error{ErrorCode::kInvalidArgument, "the request body is not valid JSON", "",
                                       "invalid_json"});
  }
  return fn(body);
}

}  // namespace

void register_profile_routes(App& app) {
  profiles::ProfileService& prof = app.services().profiles;
  const RouteConfig member{.requires_member = true};

  // ---- positions and education
  app.route("POST", "/api/v1/members/me/positions", [&prof](Context& ctx) {
    return with_body(ctx, [&](const json& body) {
      auto p = position_from_json(body, "position");
      if (!p.ok()) return http::Response::error(p.error());
      auto saved = prof.add_position(ctx.me(), *p);
      if (!saved.ok()) return http::Response::error(saved.error());
      return http::Response::json(201, json{{"position", to_json(*saved)}});
    });
  }, member);
  app.route("PUT", "/api/v1/members/me/positions/{id}", [&prof](Context& ctx) {
    auto id = id_param(ctx.req);
    if (!id.ok()) return http::Response::error(id.error());
    return with_body(ctx, [&](const json& body) {
      auto p = position_from_json(body, "position");
      if (!p.ok()) return http::Response::error(p.error());
      auto saved = prof.replace_position(ctx.me(), *id, *p);
      if (!saved.ok()) return http::Response::error(saved.error());
      return http::Response::json(200, json{{"position", to_json(*saved)}});
    });
  }, member);
  app.route("DELETE", "/api/v1/members/me/positions/{id}", [&prof](Context& ctx) {
    auto id = id_param(ctx.req);
    if (!id.ok()) return http::Response::error(id.error());
    if (Status st = prof.delete_position(ctx.me(), *id); !st.ok()) return http::Response::error(st.error());
    return http::Response::no_content();
  }, member);

  app.route("POST", "/api/v1/members/me/education", [&prof](Context& ctx) {
    return with_body(ctx, [&](const json& body) {
      auto e = education_from_json(body, "education");
      if (!e.ok()) return http::Response::error(e.error());
      auto saved = prof.add_education(ctx.me(), *e);
      if (!saved.ok()) return http::Response::error(saved.error());
      return http::Response::json(201, json{{"education", to_json(*saved)}});
    });
  }, member);
  app.route("PUT", "/api/v1/members/me/education/{id}", [&prof](Context& ctx) {
    auto id = id_param(ctx.req);
    if (!id.ok()) return http::Response::error(id.error());
    return with_body(ctx, [&](const json& body) {
      auto e = education_from_json(body, "education");
      if (!e.ok()) return http::Response::error(e.error());
      auto saved = prof.replace_education(ctx.me(), *id, *e);
      if (!saved.ok()) return http::Response::error(saved.error());
      return http::Response::json(200, json{{"education", to_json(*saved)}});
    });
  }, member);
  app.route("DELETE", "/api/v1/members/me/education/{id}", [&prof](Context& ctx) {
    auto id = id_param(ctx.req);
    if (!id.ok()) return http::Response::error(id.error());
    if (Status st = prof.delete_education(ctx.me(), *id); !st.ok()) return http::Response::error(st.error());
    return http::Response::no_content();
  }, member);

  // ---- skills
  app.route("PUT", "/api/v1/members/me/skills", [&prof](Context& ctx) {
    auto body = parse_object(ctx.req);
    if (!body.ok()) return http::Response::error(body.error());
    if (Status st = only_fields(*body, {"skills"}); !st.ok()) return http::Response::error(st.error());
    auto it = body->find("skills");
    if (it == body->end()) return http::Response::error(Error::invalid("skills", "skills is required"));
    auto names = string_list(*it, "skills", profiles::kMaxSkills);
    if (!names.ok()) return http::Response::error(names.error());
    auto saved = prof.set_skills(ctx.me(), *names);
    if (!saved.ok()) return http::Response::error(saved.error());
    return http::Response::json(200, json{{"skills", skills_json(*saved)}});
  }, member);
  app.route("POST", "/api/v1/members/me/skills", [&prof](Context& ctx) {
    auto body = parse_object(ctx.req);
    if (!body.ok()) return http::Response::error(body.error());
    if (Status st = only_fields(*body, {"name"}); !st.ok()) return http::Response::error(st.error());
    auto name = required_string(*body, "name");
    if (!name.ok()) return http::Response::error(name.error());
    auto saved = prof.add_skill(ctx.me(), *name);
    if (!saved.ok()) return http::Response::error(saved.error());
    return http::Response::json(201, json{{"skills", skills_json(*saved)}});
  }, member);
  app.route("DELETE", "/api/v1/members/me/skills/{skill}", [&prof](Context& ctx) {
    if (Status st = prof.remove_skill(ctx.me(), ctx.req.param("skill")); !st.ok()) {
      return http::Response::error(st.error());
    }
    return http::Response::no_content();
  }, member);

  // ---- languages, certifications, open to work, contact
  app.route("PUT", "/api/v1/members/me/languages", [&prof](Context& ctx) {
    auto body = parse_object(ctx.req);
    if (!body.ok()) return http::Response::error(body.error());
    if (Status st = only_fields(*body, {"languages"}); !st.ok()) return http::Response::error(st.error());
    auto it = body->find("languages");
    if (it == body->end()) return http::Response::error(Error::invalid("languages", "languages is required"));
    auto list = languages_from_json(*it);
    if (!list.ok()) return http::Response::error(list.error());
    auto saved = prof.set_languages(ctx.me(), *list);
    if (!saved.ok()) return http::Response::error(saved.error());
    json out = json::array();
    for (const auto& l : *saved) out.push_back(to_json(l));
    return http::Response::json(200, json{{"languages", out}});
  }, member);

  app.route("POST", "/api/v1/members/me/certifications", [&prof](Context& ctx) {
    return with_body(ctx, [&](const json& body) {
      auto c = certification_from_json(body, "certification");
      if (!c.ok()) return http::Response::error(c.error());
      auto saved = prof.add_certification(ctx.me(), *c);
      if (!saved.ok()) return http::Response::error(saved.error());
      return http::Response::json(201, json{{"certification", to_json(*saved)}});
    });
  }, member);
  app.route("DELETE", "/api/v1/members/me/certifications/{id}", [&prof](Context& ctx) {
    auto id = id_param(ctx.req);
    if (!id.ok()) return http::Response::error(id.error());
    if (Status st = prof.delete_certification(ctx.me(), *id); !st.ok()) return http::Response::error(st.error());
    return http::Response::no_content();
  }, member);

  app.route("PUT", "/api/v1/members/me/open-to-work", [&prof](Context& ctx) {
    return with_body(ctx, [&](const json& body) {
      auto o = open_to_work_from_json(body);
      if (!o.ok()) return http::Response::error(o.error());
      if (Status st = prof.set_open_to_work(ctx.me(), *o); !st.ok()) return http::Response::error(st.error());
      return http::Response::json(200, json{{"open_to_work", to_json(*o)}});
    });
  }, member);
  app.route("DELETE", "/api/v1/members/me/open-to-work", [&prof](Context& ctx) {
    if (Status st = prof.set_open_to_work(ctx.me(), std::nullopt); !st.ok()) return http::Response::error(st.error());
    return http::Response::no_content();
  }, member);

  app.route("PUT", "/api/v1/members/me/contact", [&prof](Context& ctx) {
    return with_body(ctx, [&](const json& body) {
      auto c = contact_from_json(body);
      if (!c.ok()) return http::Response::error(c.error());
      if (Status st = prof.set_contact(ctx.me(), *c); !st.ok()) return http::Response::error(st.error());
      return http::Response::json(200, json{{"contact", to_json(*c)}});
    });
  }, member);

  // ---- visibility, handle, completeness
  app.route("GET", "/api/v1/members/me/visibility", [&prof](Context& ctx) {
    auto p = prof.load(ctx.me());
    if (!p.ok()) return http::Response::error(p.error());
    json out = json::object();
    for (const auto& [section, v] : p->visibility) out[section] = profiles::visibility_name(v);
    return http::Response::json(200, json{{"visibility", out}});
  }, member);
  app.route("PUT", "/api/v1/members/me/visibility", [&prof](Context& ctx) {
    auto body = parse_object(ctx.req);
    if (!body.ok()) return http::Response::error(body.error());
    std::map<std::string, profiles::Visibility> sections;
    for (auto it = body->begin(); it != body->end(); ++it) {
      auto v = it->is_string() ? profiles::parse_visibility(it->get<std::string>()) : std::nullopt;
      if (!v) {
        return http::Response::error(
            Error::invalid(it.key(), it.key() + " must be public, members, connections or only_me"));
      }
      sections[it.key()] = *v;
    }
    if (Status st = prof.set_visibility(ctx.me(), sections); !st.ok()) return http::Response::error(st.error());
    auto p = prof.load(ctx.me());
    if (!p.ok()) return http::Response::error(p.error());
    json out = json::object();
    for (const auto& [section, v] : p->visibility) out[section] = profiles::visibility_name(v);
    return http::Response::json(200, json{{"visibility", out}});
  }, member);

  app.route("PUT", "/api/v1/members/me/handle", [&prof](Context& ctx) {
    auto body = parse_object(ctx.req);
    if (!body.ok()) return http::Response::error(body.error());
    if (Status st = only_fields(*body, {"handle"}); !st.ok()) return http::Response::error(st.error());
    auto handle = required_string(*body, "handle");
    if (!handle.ok()) return http::Response::error(handle.error());
    auto m = prof.change_handle(ctx.me(), *handle);
    if (!m.ok()) return http::Response::error(m.error());
    return http::Response::json(200, json{{"member", members::to_json(*m)}});
  }, member);

  app.route("GET", "/api/v1/members/me/completeness", [&prof](Context& ctx) {
    auto p = prof.load(ctx.me());
    if (!p.ok()) return http::Response::error(p.error());
    auto c = profiles::ProfileService::completeness(*p);
    return http::Response::json(200, json{{"percent", c.percent},
                                          {"next_section", c.next_section.empty() ? json(nullptr) : json(c.next_section)},
                                          {"next_step", c.next_step.empty() ? json(nullptr) : json(c.next_step)}});
  }, member);

  app.route("PUT", "/api/v1/admin/members/{handle}/recruiter", [&app, &prof](Context& ctx) {
    if (!ctx.principal.admin()) return http::Response::error(Error::forbidden("admin API key required"));
    auto m = app.services().directory.find_by_handle(ctx.req.param("handle"));
    if (!m) return http::Response::error(Error::not_found("no member with that handle"));
    auto body = parse_object(ctx.req);
    if (!body.ok()) return http::Response::error(body.error());
    auto flag = optional_bool(*body, "recruiter");
    if (!flag.ok()) return http::Response::error(flag.error());
    if (!*flag) return http::Response::error(Error::invalid("recruiter", "recruiter is required"));
    if (Status st = prof.set_recruiter(m->id, **flag); !st.ok()) return http::Response::error(st.error());
    return http::Response::json(200, json{{"recruiter", **flag}});
  });
}

}  // namespace kring::api
