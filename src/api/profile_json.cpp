#include "api/profile_json.h"

namespace kring::api {
namespace {

using nlohmann::json;
using profiles::YearMonth;

json ym_json(const std::optional<YearMonth>& ym) {
  if (!ym) return nullptr;
  return json{{"year", ym->year}, {"month", ym->month ? json(*ym->month) : json(nullptr)}};
}

json org_json(const profiles::OrgRef& o) {
  return json{{"handle", o.handle ? json(*o.handle) : json(nullptr)}, {"name", o.name}};
}

Error bad(const std::string& field, const std::string& what) { return Error::invalid(field, field + " " + what); }

Result<std::string> str(const json& j, const char* key, const std::string& field, bool required) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) {
    if (required) return bad(field + "." + key, "is required");
    return std::string();
  }
  if (!it->is_string()) return bad(field + "." + key, "must be a string");
  return it->get<std::string>();
}

Result<std::optional<int>> opt_int(const json& j, const char* key, const std::string& field) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::optional<int>{};
  if (!it->is_number_integer()) return bad(field + "." + key, "must be a whole number");
  int64_t v = it->get<int64_t>();
  if (v < -100000 || v > 100000) return bad(field + "." + key, "is out of range");
  return std::optional<int>(static_cast<int>(v));
}

Result<std::optional<YearMonth>> ym_from(const json& j, const char* key, const std::string& field) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::optional<YearMonth>{};
  const std::string f = field + "." + key;
  if (!it->is_object()) return bad(f, "must be an object {\"year\", \"month\"}");
  KRING_ASSIGN_OR_RETURN(auto year, opt_int(*it, "year", f));
  if (!year) return bad(f + ".year", "is required");
  KRING_ASSIGN_OR_RETURN(auto month, opt_int(*it, "month", f));
  return std::optional<YearMonth>(YearMonth{*year, month});
}

// "company": "Name" or {"handle"} or {"name"}.
Result<profiles::OrgRef> org_from(const json& j, const char* key, const std::string& field) {
  auto it = j.find(key);
  const std::string f = field + "." + key;
  if (it == j.end() || it->is_null()) return bad(f, "is required");
  profiles::OrgRef o;
  if (it->is_string()) {
    o.name = it->get<std::string>();
    return o;
  }
  if (!it->is_object()) return bad(f, "must be a name or an object {\"handle\"} or {\"name\"}");
  KRING_ASSIGN_OR_RETURN(std::string handle, str(*it, "handle", f, false));
  KRING_ASSIGN_OR_RETURN(o.name, str(*it, "name", f, false));
  if (!handle.empty()) o.handle = handle;
  return o;
}

Status only(const json& j, std::initializer_list<std::string_view> allowed, const std::string& field) {
  if (!j.is_object()) return bad(field, "must be an object");
  for (auto it = j.begin(); it != j.end(); ++it) {
    bool known = false;
    for (auto a : allowed) known = known || it.key() == a;
    if (!known) return Error::invalid(field + "." + it.key(), field + "." + it.key() + " is not a known field");
  }
  return {};
}

}  // namespace

json to_json(const profiles::Position& p) {
  return json{{"id", p.id},          {"company", org_json(p.company)},
              {"title", p.title},    {"employment_type", p.employment_type},
              {"location", p.location}, {"start", ym_json(p.start)},
              {"end", ym_json(p.end)},  {"current", !p.end.has_value()},
              {"description", p.description}, {"skills", p.skills}};
}

json to_json(const profiles::Education& e) {
  return json{{"id", e.id},
              {"school", org_json(e.school)},
              {"degree", e.degree},
              {"field", e.field},
              {"start_year", e.start_year ? json(*e.start_year) : json(nullptr)},
              {"end_year", e.end_year ? json(*e.end_year) : json(nullptr)},
              {"activities", e.activities}};
}

json to_json(const profiles::Skill& s) {
  return json{{"key", s.key}, {"name", s.name}, {"endorsement_count", s.endorsement_count}, {"pinned", s.pinned}};
}

json to_json(const profiles::Language& l) { return json{{"name", l.name}, {"proficiency", l.proficiency}}; }

json to_json(const profiles::Certification& c) {
  return json{{"id", c.id},         {"name", c.name},           {"issuer", c.issuer},
              {"issued", ym_json(c.issued)}, {"expires", ym_json(c.expires)}, {"credential_url", c.credential_url}};
}

json to_json(const profiles::OpenToWork& o) {
  return json{{"roles", o.roles}, {"locations", o.locations}, {"workplace_types", o.workplace_types},
              {"visibility", o.visibility}};
}

json to_json(const profiles::ContactInfo& c) {
  return json{{"email", c.email}, {"phone", c.phone}, {"website", c.website}};
}

Result<std::vector<std::string>> string_list(const json& j, const std::string& field, size_t max_items) {
  if (!j.is_array()) return bad(field, "must be a list of strings");
  if (j.size() > max_items) return bad(field, "has more than " + std::to_string(max_items) + " items");
  std::vector<std::string> out;
  for (size_t i = 0; i < j.size(); ++i) {
    if (!j[i].is_string()) return bad(field + "[" + std::to_string(i) + "]", "must be a string");
    out.push_back(j[i].get<std::string>());
  }
  return out;
}

Result<profiles::Position> position_from_json(const json& j, const std::string& f) {
  KRING_TRY(only(j, {"id", "company", "title", "employment_type", "location", "start", "end", "current",
                     "description", "skills"}, f));
  profiles::Position p;
  KRING_ASSIGN_OR_RETURN(p.company, org_from(j, "company", f));
  KRING_ASSIGN_OR_RETURN(p.title, str(j, "title", f, true));
  KRING_ASSIGN_OR_RETURN(p.employment_type, str(j, "employment_type", f, false));
  KRING_ASSIGN_OR_RETURN(p.location, str(j, "location", f, false));
  KRING_ASSIGN_OR_RETURN(p.start, ym_from(j, "start", f));
  KRING_ASSIGN_OR_RETURN(p.end, ym_from(j, "end", f));
  KRING_ASSIGN_OR_RETURN(p.description, str(j, "description", f, false));
  if (auto it = j.find("skills"); it != j.end() && !it->is_null()) {
    KRING_ASSIGN_OR_RETURN(p.skills, string_list(*it, f + ".skills", profiles::kMaxPositionSkills));
  }
  return p;
}

Result<profiles::Education> education_from_json(const json& j, const std::string& f) {
  KRING_TRY(only(j, {"id", "school", "degree", "field", "start_year", "end_year", "activities"}, f));
  profiles::Education e;
  KRING_ASSIGN_OR_RETURN(e.school, org_from(j, "school", f));
  KRING_ASSIGN_OR_RETURN(e.degree, str(j, "degree", f, false));
  KRING_ASSIGN_OR_RETURN(e.field, str(j, "field", f, false));
  KRING_ASSIGN_OR_RETURN(e.start_year, opt_int(j, "start_year", f));
  KRING_ASSIGN_OR_RETURN(e.end_year, opt_int(j, "end_year", f));
  KRING_ASSIGN_OR_RETURN(e.activities, str(j, "activities", f, false));
  return e;
}

Result<profiles::Certification> certification_from_json(const json& j, const std::string& f) {
  KRING_TRY(only(j, {"id", "name", "issuer", "issued", "expires", "credential_url"}, f));
  profiles::Certification c;
  KRING_ASSIGN_OR_RETURN(c.name, str(j, "name", f, true));
  KRING_ASSIGN_OR_RETURN(c.issuer, str(j, "issuer", f, false));
  KRING_ASSIGN_OR_RETURN(c.issued, ym_from(j, "issued", f));
  KRING_ASSIGN_OR_RETURN(c.expires, ym_from(j, "expires", f));
  KRING_ASSIGN_OR_RETURN(c.credential_url, str(j, "credential_url", f, false));
  return c;
}

Result<profiles::OpenToWork> open_to_work_from_json(const json& j) {
  const std::string f = "open_to_work";
  KRING_TRY(only(j, {"roles", "locations", "workplace_types", "visibility"}, f));
  profiles::OpenToWork o;
  for (auto [key, out] : {std::pair{"roles", &o.roles}, std::pair{"locations", &o.locations},
                          std::pair{"workplace_types", &o.workplace_types}}) {
    if (auto it = j.find(key); it != j.end() && !it->is_null()) {
      KRING_ASSIGN_OR_RETURN(*out, string_list(*it, f + "." + key, 10));
    }
  }
  KRING_ASSIGN_OR_RETURN(o.visibility, str(j, "visibility", f, false));
  if (o.visibility.empty()) o.visibility = "recruiters";
  return o;
}

Result<profiles::ContactInfo> contact_from_json(const json& j) {
  KRING_TRY(only(j, {"email", "phone", "website"}, "contact"));
  profiles::ContactInfo c;
  KRING_ASSIGN_OR_RETURN(c.email, str(j, "email", "contact", false));
  KRING_ASSIGN_OR_RETURN(c.phone, str(j, "phone", "contact", false));
  KRING_ASSIGN_OR_RETURN(c.website, str(j, "website", "contact", false));
  return c;
}

Result<std::vector<profiles::Language>> languages_from_json(const json& j) {
  if (!j.is_array()) return bad("languages", "must be a list");
  if (j.size() > profiles::kMaxLanguages) return bad("languages", "has more than 30 items");
  std::vector<profiles::Language> out;
  for (size_t i = 0; i < j.size(); ++i) {
    const std::string f = "languages[" + std::to_string(i) + "]";
    if (j[i].is_string()) {
      out.push_back({j[i].get<std::string>(), ""});
      continue;
    }
    KRING_TRY(only(j[i], {"name", "proficiency"}, f));
    profiles::Language l;
    KRING_ASSIGN_OR_RETURN(l.name, str(j[i], "name", f, true));
    KRING_ASSIGN_OR_RETURN(l.proficiency, str(j[i], "proficiency", f, false));
    out.push_back(std::move(l));
  }
  return out;
}

}  // namespace kring::api
