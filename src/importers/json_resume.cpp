#include "importers/json_resume.h"

#include <cstdio>

#include "common/text.h"
#include "importers/linkedin_import.h"
#include "importers/profile_import.h"
#include "members/member_service.h"

namespace kring::importers {
namespace {

using nlohmann::json;
using profiles::MemberId;
using profiles::YearMonth;

constexpr std::string_view kMemberExists = "SELECT 1 FROM members WHERE id = ?";
constexpr std::string_view kContact = "SELECT email, phone, website FROM contact_info WHERE member_id = ?";

constexpr const char* kSchemaUrl =
    "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json";
constexpr size_t kMaxLanguageName = 60;

std::string format_date(const YearMonth& ym) {
  char buf[16];
  if (ym.month)
    std::snprintf(buf, sizeof buf, "%04d-%02d", ym.year, *ym.month);
  else
    std::snprintf(buf, sizeof buf, "%04d", ym.year);
  return buf;
}

const char* fluency_words(const std::string& level) {
  if (level == "native") return "Native or bilingual";
  if (level == "full_professional") return "Full professional";
  if (level == "professional_working") return "Professional working";
  if (level == "limited_working") return "Limited working";
  if (level == "elementary") return "Elementary";
  return "";
}

// Sets `key` when `value` is not empty.
void put(json& obj, const char* key, const std::string& value) {
  if (!value.empty()) obj[key] = value;
}

// ---- reading with type checks ----------------------------------------------------------------------------

Error type_error(const std::string& field, const char* type) {
  return Error::invalid(field, field + " must be " + type);
}

// A string member: absent or null -> "", trimmed.
Result<std::string> string_at(const json& obj, const char* key, const std::string& path) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::string();
  if (!it->is_string()) return type_error(path + key, "a string");
  return std::string(text::trim(it->get_ref<const std::string&>()));
}

// An array member: absent or null -> nullptr.
Result<const json*> array_at(const json& obj, const char* key, const std::string& path) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return static_cast<const json*>(nullptr);
  if (!it->is_array()) return type_error(path + key, "an array");
  return &*it;
}

// An object member: absent or null -> nullptr.
Result<const json*> object_at(const json& obj, const char* key, const std::string& path) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return static_cast<const json*>(nullptr);
  if (!it->is_object()) return type_error(path + key, "an object");
  return &*it;
}

// Reads `items` (an array of objects) one by one.
template <typename Fn>
Status each_object(const json* items, const std::string& name, Fn&& fn) {
  if (!items) return {};
  for (size_t i = 0; i < items->size(); ++i) {
    std::string path = name + "[" + std::to_string(i) + "]";
    if (!(*items)[i].is_object()) return type_error(path, "an object");
    KRING_TRY(fn((*items)[i], path));
  }
  return {};
}

}  // namespace

json to_json_resume(const profiles::Profile& p, const std::string& linkedin_url) {
  json basics = json::object();
  basics["name"] = p.member.first_name + (p.member.last_name.empty() ? "" : " " + p.member.last_name);
  put(basics, "label", p.member.headline);
  put(basics, "summary", p.member.about);
  if (p.contact) {
    put(basics, "email", p.contact->email);
    put(basics, "phone", p.contact->phone);
    put(basics, "url", p.contact->website);
  }
  json location = json::object();
  std::string city = p.location.city.empty()
                         ? (p.location.label.empty() ? p.member.location : p.location.label)
                         : p.location.city;
  put(location, "city", city);
  put(location, "countryCode", p.location.country_code);
  if (!location.empty()) basics["location"] = location;
  json profiles_list = json::array();
  if (!linkedin_url.empty()) {
    std::string username = linkedin_url.substr(linkedin_url.rfind('/') + 1);
    profiles_list.push_back({{"network", "LinkedIn"}, {"username", username}, {"url", linkedin_url}});
  }
  basics["profiles"] = profiles_list;

  json work = json::array();
  for (const auto& pos : p.positions) {
    json w = json::object();
    w["name"] = pos.company.name;
    w["position"] = pos.title;
    put(w, "location", pos.location);
    if (pos.start) w["startDate"] = format_date(*pos.start);
    if (pos.end) w["endDate"] = format_date(*pos.end);
    put(w, "summary", pos.description);
    w["highlights"] = pos.skills;
    work.push_back(std::move(w));
  }
  json education = json::array();
  for (const auto& e : p.education) {
    json x = json::object();
    x["institution"] = e.school.name;
    put(x, "area", e.field);
    put(x, "studyType", e.degree);
    if (e.start_year) x["startDate"] = format_date({*e.start_year, std::nullopt});
    if (e.end_year) x["endDate"] = format_date({*e.end_year, std::nullopt});
    education.push_back(std::move(x));
  }
  json skills = json::array();
  for (const auto& s : p.skills) skills.push_back({{"name", s.name}});
  json languages = json::array();
  for (const auto& l : p.languages) {
    json x = {{"language", l.name}};
    put(x, "fluency", fluency_words(l.proficiency));
    languages.push_back(std::move(x));
  }
  json certificates = json::array();
  for (const auto& c : p.certifications) {
    json x = {{"name", c.name}};
    put(x, "issuer", c.issuer);
    if (c.issued) x["date"] = format_date(*c.issued);
    put(x, "url", c.credential_url);
    certificates.push_back(std::move(x));
  }
  return json{{"$schema", kSchemaUrl},
              {"basics", basics},
              {"work", work},
              {"education", education},
              {"skills", skills},
              {"languages", languages},
              {"certificates", certificates},
              {"meta", {{"version", "v1.0.0"}, {"canonical", kSchemaUrl}}}};
}

Result<json> export_json_resume(store::Database& db, const profiles::ProfileService& profiles,
                                MemberId member) {
  KRING_ASSIGN_OR_RETURN(profiles::Profile p, profiles.load(member));
  KRING_ASSIGN_OR_RETURN(std::string url, db.read<std::string>([&](store::Session& s) -> Result<std::string> {
    return linkedin_url(s, member);
  }));
  return to_json_resume(p, url);
}

Result<JsonResumeDraft> from_json_resume(const json& doc) {
  if (!doc.is_object()) return Error::invalid("", "a JSON Resume document is a JSON object");
  JsonResumeDraft out;
  auto& d = out.draft;
  auto skip = [&](std::string item, std::string reason) {
    out.skipped.push_back({std::move(item), std::move(reason)});
  };

  // ---- basics
  KRING_ASSIGN_OR_RETURN(const json* basics, object_at(doc, "basics", ""));
  if (basics) {
    KRING_ASSIGN_OR_RETURN(std::string name, string_at(*basics, "name", "basics."));
    if (!name.empty()) {
      size_t space = name.find(' ');
      if (space == std::string::npos) {
        skip("basics.name", "a name needs a first and a last name");
      } else {
        std::string first = name.substr(0, space), last(text::trim(std::string_view(name).substr(space + 1)));
        Status a = members::validate_name("first_name", first), b = members::validate_name("last_name", last);
        if (a.ok() && b.ok()) {
          d.first_name = first;
          d.last_name = last;
        } else {
          skip("basics.name", (a.ok() ? b : a).error().message);
        }
      }
    }
    struct Text {
      const char* key;
      std::optional<std::string>* field;
      size_t max;
      bool multiline;
    };
    for (const Text& t : {Text{"label", &d.headline, members::kMaxHeadlineLength, false},
                          Text{"summary", &d.about, members::kMaxAboutLength, true}}) {
      KRING_ASSIGN_OR_RETURN(std::string v, string_at(*basics, t.key, "basics."));
      if (v.empty()) continue;
      if (Status st = members::validate_text(std::string("basics.") + t.key, v, t.max, t.multiline);
          !st.ok()) {
        skip(std::string("basics.") + t.key, st.error().message);
      } else {
        *t.field = v;
      }
    }
    KRING_ASSIGN_OR_RETURN(const json* loc, object_at(*basics, "location", "basics."));
    if (loc) {
      KRING_ASSIGN_OR_RETURN(std::string city, string_at(*loc, "city", "basics.location."));
      KRING_ASSIGN_OR_RETURN(std::string region, string_at(*loc, "region", "basics.location."));
      KRING_ASSIGN_OR_RETURN(std::string country, string_at(*loc, "countryCode", "basics.location."));
      std::string text = city.empty() ? region : region.empty() ? city : city + ", " + region;
      if (!text.empty()) {
        if (Status st = members::validate_text("basics.location", text, members::kMaxLocationLength, false);
            !st.ok()) {
          skip("basics.location", st.error().message);
        } else {
          d.location = text;
        }
      }
    }
    profiles::ContactInfo contact;
    KRING_ASSIGN_OR_RETURN(contact.email, string_at(*basics, "email", "basics."));
    KRING_ASSIGN_OR_RETURN(contact.phone, string_at(*basics, "phone", "basics."));
    KRING_ASSIGN_OR_RETURN(contact.website, string_at(*basics, "url", "basics."));
    if (!contact.email.empty() && (contact.email.find('@') == std::string::npos ||
                                   !members::validate_text("email", contact.email, 254, false).ok())) {
      skip("basics.email", "not an email address");
      contact.email.clear();
    }
    if (!contact.phone.empty() && !members::validate_text("phone", contact.phone, 40, false).ok()) {
      skip("basics.phone", "a phone number has at most 40 characters");
      contact.phone.clear();
    }
    if (!contact.website.empty() &&
        ((contact.website.rfind("https://", 0) != 0 && contact.website.rfind("http://", 0) != 0) ||
         !members::validate_text("url", contact.website, 500, false).ok())) {
      skip("basics.url", "a website starts with http:// or https:// and has at most 500 characters");
      contact.website.clear();
    }
    if (!contact.email.empty() || !contact.phone.empty() || !contact.website.empty()) d.contact = contact;
    KRING_ASSIGN_OR_RETURN(const json* profiles_list, array_at(*basics, "profiles", "basics."));
    KRING_TRY(
        each_object(profiles_list, "basics.profiles", [&](const json& pr, const std::string& path) -> Status {
          KRING_ASSIGN_OR_RETURN(std::string network, string_at(pr, "network", path + "."));
          KRING_ASSIGN_OR_RETURN(std::string url, string_at(pr, "url", path + "."));
          KRING_ASSIGN_OR_RETURN(std::string username, string_at(pr, "username", path + "."));
          if (text::fold(network) != "linkedin") return {};
          std::string normalized = normalize_linkedin_url(url);
          if (normalized.empty() && !username.empty())
            normalized = normalize_linkedin_url("linkedin.com/in/" + username);
          if (normalized.empty())
            skip(path, "not a LinkedIn profile URL");
          else
            out.linkedin_url = normalized;
          return {};
        }));
  }

  // ---- work
  KRING_ASSIGN_OR_RETURN(const json* work, array_at(doc, "work", ""));
  KRING_TRY(each_object(work, "work", [&](const json& w, const std::string& path) -> Status {
    const std::string p = path + ".";
    profiles::Position pos;
    KRING_ASSIGN_OR_RETURN(pos.company.name, string_at(w, "name", p));
    if (pos.company.name.empty()) {
      KRING_ASSIGN_OR_RETURN(pos.company.name, string_at(w, "company", p));  // schema before v1
    }
    KRING_ASSIGN_OR_RETURN(pos.title, string_at(w, "position", p));
    KRING_ASSIGN_OR_RETURN(pos.location, string_at(w, "location", p));
    KRING_ASSIGN_OR_RETURN(pos.description, string_at(w, "summary", p));
    KRING_ASSIGN_OR_RETURN(std::string start, string_at(w, "startDate", p));
    KRING_ASSIGN_OR_RETURN(std::string end, string_at(w, "endDate", p));
    KRING_ASSIGN_OR_RETURN(const json* highlights, array_at(w, "highlights", p));
    std::vector<std::string> long_ones;
    if (highlights) {
      for (size_t i = 0; i < highlights->size(); ++i) {
        const json& h = (*highlights)[i];
        if (!h.is_string()) return type_error(p + "highlights[" + std::to_string(i) + "]", "a string");
        std::string s(text::trim(h.get_ref<const std::string&>()));
        if (s.empty()) continue;
        bool skill_like = members::validate_text("skill", s, profiles::kMaxSkillLength, false).ok();
        if (skill_like && pos.skills.size() < profiles::kMaxPositionSkills)
          pos.skills.push_back(s);
        else
          long_ones.push_back(s);
      }
    }
    if (!long_ones.empty()) {
      std::string desc = pos.description;
      for (const auto& s : long_ones) desc += (desc.empty() ? "" : "\n") + std::string("• ") + s;
      if (text::is_valid_utf8(desc) && text::codepoint_count(desc) <= profiles::kMaxDescriptionLength) {
        pos.description = desc;
      }
    }
    if (start.empty()) {
      skip(path, "startDate is missing");
      return {};
    }
    pos.start = parse_linkedin_date(start);
    if (!pos.start) {
      skip(path, "startDate is not a date: \"" + truncate_codepoints(start, 40) + "\"");
      return {};
    }
    if (!end.empty()) {
      pos.end = parse_linkedin_date(end);
      if (!pos.end) {
        skip(path, "endDate is not a date: \"" + truncate_codepoints(end, 40) + "\"");
        return {};
      }
    }
    if (Status st = profiles::ProfileService::validate(pos, "position"); !st.ok()) {
      skip(path, st.error().message);
      return {};
    }
    d.positions.push_back(std::move(pos));
    out.position_items.push_back(path);
    return {};
  }));

  // ---- education
  KRING_ASSIGN_OR_RETURN(const json* education, array_at(doc, "education", ""));
  KRING_TRY(each_object(education, "education", [&](const json& x, const std::string& path) -> Status {
    const std::string p = path + ".";
    profiles::Education e;
    KRING_ASSIGN_OR_RETURN(e.school.name, string_at(x, "institution", p));
    KRING_ASSIGN_OR_RETURN(e.field, string_at(x, "area", p));
    KRING_ASSIGN_OR_RETURN(e.degree, string_at(x, "studyType", p));
    for (auto [key, year] : {std::pair{"startDate", &e.start_year}, std::pair{"endDate", &e.end_year}}) {
      KRING_ASSIGN_OR_RETURN(std::string v, string_at(x, key, p));
      if (v.empty()) continue;
      auto ym = parse_linkedin_date(v);
      if (!ym) {
        skip(path, std::string(key) + " is not a date: \"" + truncate_codepoints(v, 40) + "\"");
        return {};
      }
      *year = ym->year;
    }
    if (Status st = profiles::ProfileService::validate(e, "education"); !st.ok()) {
      skip(path, st.error().message);
      return {};
    }
    d.education.push_back(std::move(e));
    out.education_items.push_back(path);
    return {};
  }));

  // ---- skills, languages, certificates
  KRING_ASSIGN_OR_RETURN(const json* skills, array_at(doc, "skills", ""));
  KRING_TRY(each_object(skills, "skills", [&](const json& x, const std::string& path) -> Status {
    KRING_ASSIGN_OR_RETURN(std::string name, string_at(x, "name", path + "."));
    if (name.empty()) {
      skip(path, "name is missing");
    } else if (Status st = members::validate_text("skill", name, profiles::kMaxSkillLength, false);
               !st.ok()) {
      skip(path, st.error().message);
    } else {
      d.skills.push_back(name);
      out.skill_items.push_back(path);
    }
    return {};
  }));
  KRING_ASSIGN_OR_RETURN(const json* languages, array_at(doc, "languages", ""));
  KRING_TRY(each_object(languages, "languages", [&](const json& x, const std::string& path) -> Status {
    profiles::Language l;
    KRING_ASSIGN_OR_RETURN(l.name, string_at(x, "language", path + "."));
    KRING_ASSIGN_OR_RETURN(std::string fluency, string_at(x, "fluency", path + "."));
    if (l.name.empty()) {
      skip(path, "language is missing");
    } else if (Status st = members::validate_text("language", l.name, kMaxLanguageName, false); !st.ok()) {
      skip(path, st.error().message);
    } else {
      l.proficiency = map_proficiency(fluency);
      d.languages.push_back(std::move(l));
      out.language_items.push_back(path);
    }
    return {};
  }));
  KRING_ASSIGN_OR_RETURN(const json* certificates, array_at(doc, "certificates", ""));
  KRING_TRY(each_object(certificates, "certificates", [&](const json& x, const std::string& path) -> Status {
    const std::string p = path + ".";
    profiles::Certification c;
    KRING_ASSIGN_OR_RETURN(c.name, string_at(x, "name", p));
    KRING_ASSIGN_OR_RETURN(c.issuer, string_at(x, "issuer", p));
    KRING_ASSIGN_OR_RETURN(c.credential_url, string_at(x, "url", p));
    KRING_ASSIGN_OR_RETURN(std::string date, string_at(x, "date", p));
    if (!date.empty()) {
      c.issued = parse_linkedin_date(date);
      if (!c.issued) {
        skip(path, "date is not a date: \"" + truncate_codepoints(date, 40) + "\"");
        return {};
      }
    }
    if (Status st = profiles::ProfileService::validate(c, "certificate"); !st.ok()) {
      skip(path, st.error().message);
      return {};
    }
    d.certifications.push_back(std::move(c));
    out.certification_items.push_back(path);
    return {};
  }));
  return out;
}

Result<JsonResumeImportResult> import_json_resume(store::Database& db, profiles::ProfileService& profiles,
                                                  MemberId member, const json& doc) {
  KRING_ASSIGN_OR_RETURN(JsonResumeDraft in, from_json_resume(doc));
  return db.write<JsonResumeImportResult>([&](store::WriteTx& tx) -> Result<JsonResumeImportResult> {
    if (!tx.query_one(kMemberExists, {member})) return Error::not_found("no such member");
    JsonResumeImportResult r;
    r.skipped = in.skipped;
    profiles::ProfileDraft draft = in.draft;
    // A resume that names only some ways to reach the member keeps the others.
    if (draft.contact) {
      if (auto c = tx.query_one(kContact, {member})) {
        if (draft.contact->email.empty()) draft.contact->email = c->text(0);
        if (draft.contact->phone.empty()) draft.contact->phone = c->text(1);
        if (draft.contact->website.empty()) draft.contact->website = c->text(2);
      }
    }
    for (const DraftCut& cut : fit_draft(tx, member, profiles.skill_normalizer(), draft)) {
      const std::vector<std::string>& items = cut.section == "positions"   ? in.position_items
                                              : cut.section == "education" ? in.education_items
                                              : cut.section == "skills"    ? in.skill_items
                                              : cut.section == "languages" ? in.language_items
                                                                           : in.certification_items;
      r.skipped.push_back({cut.index < items.size() ? items[cut.index] : cut.section, cut.reason});
    }
    KRING_ASSIGN_OR_RETURN(auto counts, apply_skills_first(tx, profiles, member, draft));
    r.profile = draft.first_name || draft.headline || draft.about || draft.location || draft.contact ||
                !in.linkedin_url.empty();
    r.positions = counts.positions;
    r.education = counts.education;
    r.skills = counts.skills;
    r.languages = counts.languages;
    r.certifications = counts.certifications;
    if (!in.linkedin_url.empty()) set_linkedin_url(tx, member, in.linkedin_url);
    return r;
  });
}

}  // namespace kring::importers
