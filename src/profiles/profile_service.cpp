#include "profiles/profile_service.h"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "common/text.h"
#include "members/member_service.h"

namespace kring::profiles {
namespace {

using store::Row;
using nlohmann::json;

constexpr std::string_view kMemberExtras =
    "SELECT industry, location, city, country, country_code FROM members WHERE id = ?";
constexpr std::string_view kPositions =
    "SELECT p.id, p.company_id, c.handle, COALESCE(c.name, p.company_name), p.title, p.employment_type, p.location, "
    "p.start_year, p.start_month, p.end_year, p.end_month, p.description FROM positions p "
    "LEFT JOIN companies c ON c.id = p.company_id WHERE p.member_id = ?";
constexpr std::string_view kPositionSkills =
    "SELECT ps.position_id, ps.name FROM position_skills ps JOIN positions p ON p.id = ps.position_id "
    "WHERE p.member_id = ? ORDER BY ps.position_id, ps.ord";
constexpr std::string_view kEducation =
    "SELECT e.id, e.school_id, s.handle, COALESCE(s.name, e.school_name), e.degree, e.field, e.start_year, e.end_year, "
    "e.activities FROM education e LEFT JOIN schools s ON s.id = e.school_id WHERE e.member_id = ?";
constexpr std::string_view kSkills = "SELECT skill_key, name FROM member_skills WHERE member_id = ? ORDER BY ord";
constexpr std::string_view kEndorsementCounts =
    "SELECT skill_key, COUNT(*) FROM endorsements WHERE member_id = ? AND hidden = 0 GROUP BY skill_key";
constexpr std::string_view kLanguages =
    "SELECT name, proficiency FROM member_languages WHERE member_id = ? ORDER BY ord";
constexpr std::string_view kCertifications =
    "SELECT id, name, issuer, issued_year, issued_month, expires_year, expires_month, credential_url "
    "FROM certifications WHERE member_id = ? ORDER BY COALESCE(issued_year, 0) DESC, id DESC";
constexpr std::string_view kOpenToWork =
    "SELECT roles, locations, workplace_types, visibility FROM open_to_work WHERE member_id = ?";
constexpr std::string_view kContact = "SELECT email, phone, website FROM contact_info WHERE member_id = ?";
constexpr std::string_view kVisibility = "SELECT section, visibility FROM section_visibility WHERE member_id = ?";

constexpr std::string_view kCompanyByHandle = "SELECT id, handle, name FROM companies WHERE handle = ?";
constexpr std::string_view kSchoolByHandle = "SELECT id, handle, name FROM schools WHERE handle = ?";
constexpr std::string_view kInsertPosition =
    "INSERT INTO positions (member_id, company_id, company_name, title, employment_type, location, start_year, "
    "start_month, end_year, end_month, description, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "RETURNING id";
constexpr std::string_view kUpdatePosition =
    "UPDATE positions SET company_id = ?, company_name = ?, title = ?, employment_type = ?, location = ?, "
    "start_year = ?, start_month = ?, end_year = ?, end_month = ?, description = ? WHERE id = ? AND member_id = ?";
constexpr std::string_view kDeletePosition = "DELETE FROM positions WHERE id = ? AND member_id = ?";
constexpr std::string_view kClearPositionSkills = "DELETE FROM position_skills WHERE position_id = ?";
constexpr std::string_view kInsertPositionSkill =
    "INSERT INTO position_skills (position_id, skill_key, name, ord) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING";
constexpr std::string_view kCountPositions = "SELECT COUNT(*) FROM positions WHERE member_id = ?";
constexpr std::string_view kSamePosition =
    "SELECT id FROM positions WHERE member_id = ? AND company_name = ? AND title = ? AND "
    "COALESCE(start_year, 0) = ? AND COALESCE(start_month, 0) = ?";

constexpr std::string_view kInsertEducation =
    "INSERT INTO education (member_id, school_id, school_name, degree, field, start_year, end_year, activities, "
    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
constexpr std::string_view kUpdateEducation =
    "UPDATE education SET school_id = ?, school_name = ?, degree = ?, field = ?, start_year = ?, end_year = ?, "
    "activities = ? WHERE id = ? AND member_id = ?";
constexpr std::string_view kDeleteEducation = "DELETE FROM education WHERE id = ? AND member_id = ?";
constexpr std::string_view kCountEducation = "SELECT COUNT(*) FROM education WHERE member_id = ?";
constexpr std::string_view kSameEducation =
    "SELECT id FROM education WHERE member_id = ? AND school_name = ? AND degree = ? AND COALESCE(end_year, 0) = ?";

constexpr std::string_view kDeleteSkills = "DELETE FROM member_skills WHERE member_id = ?";
constexpr std::string_view kInsertSkill =
    "INSERT INTO member_skills (member_id, skill_key, name, ord, created_at) VALUES (?, ?, ?, ?, ?)";
constexpr std::string_view kDeleteEndorsementsOf = "DELETE FROM endorsements WHERE member_id = ? AND skill_key = ?";

constexpr std::string_view kDeleteLanguages = "DELETE FROM member_languages WHERE member_id = ?";
constexpr std::string_view kInsertLanguage =
    "INSERT INTO member_languages (member_id, name, proficiency, ord) VALUES (?, ?, ?, ?)";
constexpr std::string_view kInsertCertification =
    "INSERT INTO certifications (member_id, name, issuer, issued_year, issued_month, expires_year, expires_month, "
    "credential_url, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
constexpr std::string_view kDeleteCertification = "DELETE FROM certifications WHERE id = ? AND member_id = ?";
constexpr std::string_view kCountCertifications = "SELECT COUNT(*) FROM certifications WHERE member_id = ?";
constexpr std::string_view kUpsertOpenToWork =
    "INSERT INTO open_to_work (member_id, roles, locations, workplace_types, visibility, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (member_id) DO UPDATE SET roles = excluded.roles, "
    "locations = excluded.locations, workplace_types = excluded.workplace_types, visibility = excluded.visibility, "
    "updated_at = excluded.updated_at";
constexpr std::string_view kDeleteOpenToWork = "DELETE FROM open_to_work WHERE member_id = ?";
constexpr std::string_view kUpsertContact =
    "INSERT INTO contact_info (member_id, email, phone, website, updated_at) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (member_id) DO UPDATE SET email = excluded.email, phone = excluded.phone, "
    "website = excluded.website, updated_at = excluded.updated_at";
constexpr std::string_view kUpsertVisibility =
    "INSERT INTO section_visibility (member_id, section, visibility) VALUES (?, ?, ?) "
    "ON CONFLICT (member_id, section) DO UPDATE SET visibility = excluded.visibility";
constexpr std::string_view kSetBasics =
    "UPDATE members SET industry = ?, location = ?, city = ?, country = ?, country_code = ?, updated_at = ? WHERE id = ?";
constexpr std::string_view kIsRecruiter = "SELECT recruiter FROM member_settings WHERE member_id = ?";
constexpr std::string_view kSetRecruiter =
    "INSERT INTO member_settings (member_id, recruiter, updated_at) VALUES (?, ?, ?) "
    "ON CONFLICT (member_id) DO UPDATE SET recruiter = excluded.recruiter, updated_at = excluded.updated_at";
constexpr std::string_view kUpdateBasicsAll =
    "UPDATE members SET first_name = ?, last_name = ?, headline = ?, about = ?, industry = ?, location = ?, city = ?, "
    "country = ?, country_code = ?, updated_at = ? WHERE id = ?";
constexpr std::string_view kTouch = "UPDATE members SET updated_at = ? WHERE id = ?";

constexpr std::string_view kSelectMember =
    "SELECT id, handle, first_name, last_name, headline, about, location, created_at, updated_at FROM members "
    "WHERE id = ?";
constexpr std::string_view kHandleTaken = "SELECT id FROM members WHERE handle = ?";
constexpr std::string_view kRedirectOwner = "SELECT member_id FROM handle_redirects WHERE old_handle = ? AND expires_at > ?";
constexpr std::string_view kSetHandle = "UPDATE members SET handle = ?, updated_at = ? WHERE id = ?";
constexpr std::string_view kUpsertRedirect =
    "INSERT INTO handle_redirects (old_handle, member_id, expires_at) VALUES (?, ?, ?) "
    "ON CONFLICT (old_handle) DO UPDATE SET member_id = excluded.member_id, expires_at = excluded.expires_at";
constexpr std::string_view kDropRedirect = "DELETE FROM handle_redirects WHERE old_handle = ?";

const std::set<std::string, std::less<>> kEmploymentTypes = {
    "full_time", "part_time", "self_employed", "freelance", "contract", "internship", "apprenticeship", "seasonal",
    "volunteer"};
const std::set<std::string, std::less<>> kProficiencies = {"elementary", "limited_working", "professional_working",
                                                           "full_professional", "native"};
const std::set<std::string, std::less<>> kWorkplaceTypes = {"on_site", "hybrid", "remote"};
const std::set<std::string, std::less<>> kReservedHandles = {"me", "admin", "api", "in", "network", "settings",
                                                             "login", "signup", "logout", "search", "jobs", "feed"};

constexpr int kMinYear = 1900, kMaxYear = 2100;

std::optional<int> opt_int(const Row& r, size_t i) {
  if (r.is_null(i)) return std::nullopt;
  return static_cast<int>(r.i64(i));
}

std::optional<YearMonth> year_month(const Row& r, size_t y, size_t m) {
  if (r.is_null(y)) return std::nullopt;
  return YearMonth{static_cast<int>(r.i64(y)), opt_int(r, m)};
}

store::Value opt_value(const std::optional<int>& v) { return v ? store::Value(*v) : store::Value(); }

Status text_field(const std::string& field, std::string_view value, size_t max, bool required, bool multiline) {
  if (required && text::trim(value).empty()) return Error::invalid(field, field + " is required");
  return members::validate_text(field, value, max, multiline);
}

Status check_year_month(const std::string& field, const YearMonth& ym) {
  if (ym.year < kMinYear || ym.year > kMaxYear) {
    return Error::invalid(field + ".year", field + ".year must be a year from 1900 to 2100");
  }
  if (ym.month && (*ym.month < 1 || *ym.month > 12)) {
    return Error::invalid(field + ".month", field + ".month must be from 1 to 12");
  }
  return {};
}

bool before(const YearMonth& a, const YearMonth& b) {
  return a.year != b.year ? a.year < b.year : a.month.value_or(1) < b.month.value_or(1);
}

std::vector<std::string> json_strings(const std::string& s) {
  std::vector<std::string> out;
  auto j = json::parse(s, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& v : j) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

Status check_string_list(const std::string& field, const std::vector<std::string>& list, size_t max_items,
                         size_t max_len, const std::set<std::string, std::less<>>* allowed = nullptr) {
  if (list.size() > max_items) {
    return Error::invalid(field, field + " has more than " + std::to_string(max_items) + " items");
  }
  for (size_t i = 0; i < list.size(); ++i) {
    std::string f = field + "[" + std::to_string(i) + "]";
    KRING_TRY(text_field(f, list[i], max_len, true, false));
    if (allowed && !allowed->count(list[i])) return Error::invalid(f, f + " is not one of the allowed values");
  }
  return {};
}

// Links a company or school named by handle (must exist) or by name (linked when a page has that slug).
Result<OrgRef> resolve_org(store::Session& s, std::string_view sql, const OrgRef& in, const std::string& field) {
  OrgRef out = in;
  out.id.reset();
  if (in.handle && !in.handle->empty()) {
    auto r = s.query_one(sql, {text::fold(*in.handle)});
    if (!r) return Error{ErrorCode::kInvalidArgument, "no page with that handle", field + ".handle", "unknown_page"};
    out = {r->text(1), r->text(2), r->i64(0)};
    return out;
  }
  out.handle.reset();
  std::string slug = text::slugify(in.name);
  if (!slug.empty()) {
    if (auto r = s.query_one(sql, {slug})) out = {r->text(1), r->text(2), r->i64(0)};
  }
  return out;
}

}  // namespace

CanonicalSkill fold_skill(std::string_view typed) {
  std::string name(text::trim(typed));
  // Collapse inner runs of whitespace for display; the key also ignores case, diacritics and separators.
  std::string collapsed;
  bool space = false;
  for (char c : name) {
    if (c == ' ' || c == '\t') {
      space = true;
      continue;
    }
    if (space && !collapsed.empty()) collapsed += ' ';
    space = false;
    collapsed += c;
  }
  std::string key;
  for (char c : text::fold(collapsed)) {
    if (c == ' ' || c == '-' || c == '_' || c == '.') continue;
    key += c;
  }
  return {key.empty() ? text::fold(collapsed) : key, collapsed};
}

const char* visibility_name(Visibility v) {
  switch (v) {
    case Visibility::kPublic: return "public";
    case Visibility::kMembers: return "members";
    case Visibility::kConnections: return "connections";
    case Visibility::kOnlyMe: return "only_me";
  }
  return "public";
}

std::optional<Visibility> parse_visibility(std::string_view s) {
  if (s == "public") return Visibility::kPublic;
  if (s == "members") return Visibility::kMembers;
  if (s == "connections") return Visibility::kConnections;
  if (s == "only_me") return Visibility::kOnlyMe;
  return std::nullopt;
}

Visibility default_visibility(std::string_view section) {
  return section == "contact" ? Visibility::kConnections : Visibility::kPublic;
}

ProfileService::ProfileService(store::Database& db, const members::MemberDirectory& directory,
                               const network::NetworkService& network, const Clock& clock)
    : db_(db), directory_(directory), network_(network), clock_(clock) {}

// ---- validation ------------------------------------------------------------------------------------------

Status ProfileService::validate(const Position& p, const std::string& f) {
  KRING_TRY(text_field(f + ".company.name", p.company.name, kMaxOrgNameLength, !p.company.handle, false));
  KRING_TRY(text_field(f + ".title", p.title, kMaxTitleLength, true, false));
  if (!p.employment_type.empty() && !kEmploymentTypes.count(p.employment_type)) {
    return Error::invalid(f + ".employment_type", f + ".employment_type is not a known employment type");
  }
  KRING_TRY(text_field(f + ".location", p.location, members::kMaxLocationLength, false, false));
  KRING_TRY(text_field(f + ".description", p.description, kMaxDescriptionLength, false, true));
  if (!p.start) return Error::invalid(f + ".start", f + ".start is required");
  KRING_TRY(check_year_month(f + ".start", *p.start));
  if (p.end) {
    KRING_TRY(check_year_month(f + ".end", *p.end));
    if (before(*p.end, *p.start)) return Error::invalid(f + ".end", f + ".end is before " + f + ".start");
  }
  KRING_TRY(check_string_list(f + ".skills", p.skills, kMaxPositionSkills, kMaxSkillLength));
  return {};
}

Status ProfileService::validate(const Education& e, const std::string& f) {
  KRING_TRY(text_field(f + ".school.name", e.school.name, kMaxOrgNameLength, !e.school.handle, false));
  KRING_TRY(text_field(f + ".degree", e.degree, kMaxTitleLength, false, false));
  KRING_TRY(text_field(f + ".field", e.field, kMaxTitleLength, false, false));
  KRING_TRY(text_field(f + ".activities", e.activities, kMaxDescriptionLength, false, true));
  for (auto [name, y] : {std::pair{".start_year", e.start_year}, std::pair{".end_year", e.end_year}}) {
    if (y && (*y < kMinYear || *y > kMaxYear)) return Error::invalid(f + name, f + name + " must be from 1900 to 2100");
  }
  if (e.start_year && e.end_year && *e.end_year < *e.start_year) {
    return Error::invalid(f + ".end_year", f + ".end_year is before " + f + ".start_year");
  }
  return {};
}

Status ProfileService::validate(const Certification& c, const std::string& f) {
  KRING_TRY(text_field(f + ".name", c.name, kMaxTitleLength, true, false));
  KRING_TRY(text_field(f + ".issuer", c.issuer, kMaxOrgNameLength, false, false));
  KRING_TRY(text_field(f + ".credential_url", c.credential_url, 500, false, false));
  if (!c.credential_url.empty() && c.credential_url.rfind("https://", 0) != 0 &&
      c.credential_url.rfind("http://", 0) != 0) {
    return Error::invalid(f + ".credential_url", f + ".credential_url must start with http:// or https://");
  }
  if (c.issued) KRING_TRY(check_year_month(f + ".issued", *c.issued));
  if (c.expires) KRING_TRY(check_year_month(f + ".expires", *c.expires));
  if (c.issued && c.expires && before(*c.expires, *c.issued)) {
    return Error::invalid(f + ".expires", f + ".expires is before " + f + ".issued");
  }
  return {};
}

// ---- reads -----------------------------------------------------------------------------------------------

Result<Profile> ProfileService::load(MemberId member) const {
  auto m = directory_.find(member);
  if (!m) return Error::not_found("no such member");
  return db_.read<Profile>([&](store::Session& s) -> Result<Profile> {
    Profile p;
    p.member = *m;
    if (auto r = s.query_one(kMemberExtras, {member})) {
      p.industry = r->text(0);
      p.location = {r->text(1), r->text(2), r->text(3), r->text(4)};
    }
    for (const Row& r : s.query(kPositions, {member})) {
      Position pos;
      pos.id = r.i64(0);
      if (!r.is_null(1)) pos.company = {r.opt_text(2), r.text(3), r.i64(1)};
      else pos.company.name = r.text(3);
      pos.title = r.text(4);
      pos.employment_type = r.text(5);
      pos.location = r.text(6);
      pos.start = year_month(r, 7, 8);
      pos.end = year_month(r, 9, 10);
      pos.description = r.text(11);
      p.positions.push_back(std::move(pos));
    }
    std::map<int64_t, std::vector<std::string>> pskills;
    for (const Row& r : s.query(kPositionSkills, {member})) pskills[r.i64(0)].push_back(r.text(1));
    for (Position& pos : p.positions) pos.skills = std::move(pskills[pos.id]);
    std::stable_sort(p.positions.begin(), p.positions.end(), [](const Position& a, const Position& b) {
      if (a.end.has_value() != b.end.has_value()) return !a.end.has_value();
      YearMonth as = a.start.value_or(YearMonth{}), bs = b.start.value_or(YearMonth{});
      if (as.year != bs.year || as.month != bs.month) return before(bs, as);
      return a.id > b.id;
    });
    for (const Row& r : s.query(kEducation, {member})) {
      Education e;
      e.id = r.i64(0);
      if (!r.is_null(1)) e.school = {r.opt_text(2), r.text(3), r.i64(1)};
      else e.school.name = r.text(3);
      e.degree = r.text(4);
      e.field = r.text(5);
      e.start_year = opt_int(r, 6);
      e.end_year = opt_int(r, 7);
      e.activities = r.text(8);
      p.education.push_back(std::move(e));
    }
    std::stable_sort(p.education.begin(), p.education.end(), [](const Education& a, const Education& b) {
      return a.end_year.value_or(9999) > b.end_year.value_or(9999);
    });
    std::map<std::string, int64_t> counts;
    for (const Row& r : s.query(kEndorsementCounts, {member})) counts[r.text(0)] = r.i64(1);
    for (const Row& r : s.query(kSkills, {member})) {
      Skill sk{r.text(0), r.text(1), 0, p.skills.size() < kPinnedSkills};
      if (auto it = counts.find(sk.key); it != counts.end()) sk.endorsement_count = it->second;
      p.skills.push_back(std::move(sk));
    }
    for (const Row& r : s.query(kLanguages, {member})) p.languages.push_back({r.text(0), r.text(1)});
    for (const Row& r : s.query(kCertifications, {member})) {
      p.certifications.push_back({r.i64(0), r.text(1), r.text(2), year_month(r, 3, 4), year_month(r, 5, 6), r.text(7)});
    }
    if (auto r = s.query_one(kOpenToWork, {member})) {
      p.open_to_work = OpenToWork{json_strings(r->text(0)), json_strings(r->text(1)), json_strings(r->text(2)),
                                  r->text(3)};
    }
    if (auto r = s.query_one(kContact, {member})) p.contact = ContactInfo{r->text(0), r->text(1), r->text(2)};
    for (const char* section : kSections) p.visibility[section] = default_visibility(section);
    for (const Row& r : s.query(kVisibility, {member})) {
      if (auto v = parse_visibility(r.text(1))) p.visibility[r.text(0)] = *v;
    }
    return p;
  });
}

bool ProfileService::may_see(std::optional<MemberId> viewer, MemberId member, Visibility v) const {
  if (viewer == member) return true;
  switch (v) {
    case Visibility::kPublic: return true;
    case Visibility::kMembers: return viewer.has_value();
    case Visibility::kConnections: return viewer && network_.graph().connected(*viewer, member);
    case Visibility::kOnlyMe: return false;
  }
  return false;
}

Result<bool> ProfileService::is_recruiter(MemberId member) const {
  return db_.read<bool>([&](store::Session& s) -> Result<bool> {
    auto r = s.query_one(kIsRecruiter, {member});
    return r && r->boolean(0);
  });
}

bool ProfileService::may_see_open_to_work(std::optional<MemberId> viewer, MemberId member,
                                          const OpenToWork& otw) const {
  if (viewer == member || otw.visibility == "everyone") return true;
  if (!viewer) return false;
  auto r = is_recruiter(*viewer);
  return r.ok() && *r;
}

Completeness ProfileService::completeness(const Profile& p) {
  bool current = std::any_of(p.positions.begin(), p.positions.end(), [](const Position& x) { return !x.end; });
  struct Step {
    bool done;
    int weight;
    const char* section;
    const char* message;
  };
  const Step steps[] = {
      {!p.member.headline.empty(), 10, "headline", "Add a headline that says what you do"},
      {!p.location.label.empty() || !p.member.location.empty(), 10, "location", "Add where you are based"},
      {current, 20, "positions", p.positions.empty() ? "Add your current position" : "Add the position you hold now"},
      {!p.education.empty(), 15, "education", "Add your education"},
      {p.skills.size() >= 3, 15, "skills", "Add at least three skills"},
      {!p.member.about.empty(), 15, "about", "Write a few lines about yourself"},
      {!p.industry.empty(), 5, "industry", "Choose the industry you work in"},
      {!p.languages.empty(), 5, "languages", "Add the languages you speak"},
      {p.contact && (!p.contact->email.empty() || !p.contact->phone.empty() || !p.contact->website.empty()), 5,
       "contact", "Add a way for your connections to reach you"},
  };
  Completeness c;
  for (const Step& s : steps) {
    if (s.done) {
      c.percent += s.weight;
    } else if (c.next_section.empty()) {
      c.next_section = s.section;
      c.next_step = s.message;
    }
  }
  return c;
}

// ---- writes ----------------------------------------------------------------------------------------------

void ProfileService::touch(store::WriteTx& tx, MemberId me, std::string_view section) const {
  tx.exec(kTouch, {clock_.now(), me});
  tx.log("profile.updated", me, json{{"member", me}, {"section", section}}.dump());
}

Result<Position> ProfileService::write_position(store::WriteTx& tx, MemberId me, std::optional<int64_t> id,
                                                const Position& in) {
  KRING_ASSIGN_OR_RETURN(OrgRef company, resolve_org(tx, kCompanyByHandle, in.company, "company"));
  Position p = in;
  p.company = company;
  p.title = std::string(text::trim(in.title));
  const Micros now = clock_.now();
  store::Params fields{company.id ? store::Value(*company.id) : store::Value(), company.name, p.title,
                       p.employment_type, p.location, p.start->year, opt_value(p.start->month),
                       p.end ? store::Value(p.end->year) : store::Value(),
                       p.end ? opt_value(p.end->month) : store::Value(), p.description};
  if (id) {
    fields.push_back(*id);
    fields.push_back(me);
    if (tx.exec(kUpdatePosition, fields) == 0) return Error::not_found("no such position");
    p.id = *id;
    tx.exec(kClearPositionSkills, {p.id});
  } else {
    if (tx.query_one(kCountPositions, {me})->i64(0) >= static_cast<int64_t>(kMaxPositions)) {
      return Error::invalid("positions", "a profile holds at most 100 positions");
    }
    store::Params insert{me};
    insert.insert(insert.end(), fields.begin(), fields.end());
    insert.push_back(now);
    p.id = tx.query_one(kInsertPosition, insert)->i64(0);
  }
  std::vector<std::string> names;
  std::set<std::string> keys;
  for (const std::string& typed : in.skills) {
    CanonicalSkill c = skills_(typed);
    if (!keys.insert(c.key).second) continue;
    tx.exec(kInsertPositionSkill, {p.id, c.key, c.name, static_cast<int64_t>(names.size())});
    names.push_back(c.name);
  }
  p.skills = std::move(names);
  // Skills used in a position join the member's skill list (at the end) when they are not there yet.
  std::set<std::string> have;
  for (const Row& r : tx.query(kSkills, {me})) have.insert(r.text(0));
  int64_t ord = static_cast<int64_t>(have.size());
  for (const std::string& typed : in.skills) {
    CanonicalSkill c = skills_(typed);
    if (have.size() >= kMaxSkills || !have.insert(c.key).second) continue;
    tx.exec(kInsertSkill, {me, c.key, c.name, ord++, clock_.now()});
  }
  return p;
}

Result<Position> ProfileService::add_position(MemberId me, const Position& in) {
  KRING_TRY(validate(in, "position"));
  return db_.write<Position>([&](store::WriteTx& tx) -> Result<Position> {
    KRING_ASSIGN_OR_RETURN(Position p, write_position(tx, me, std::nullopt, in));
    touch(tx, me, "positions");
    return p;
  });
}

Result<Position> ProfileService::replace_position(MemberId me, int64_t id, const Position& in) {
  KRING_TRY(validate(in, "position"));
  return db_.write<Position>([&](store::WriteTx& tx) -> Result<Position> {
    KRING_ASSIGN_OR_RETURN(Position p, write_position(tx, me, id, in));
    touch(tx, me, "positions");
    return p;
  });
}

Status ProfileService::delete_position(MemberId me, int64_t id) {
  auto r = db_.write<bool>([&](store::WriteTx& tx) -> Result<bool> {
    if (tx.exec(kDeletePosition, {id, me}) == 0) return Error::not_found("no such position");
    touch(tx, me, "positions");
    return true;
  });
  if (!r.ok()) return std::move(r).error();
  return {};
}

Result<Education> ProfileService::write_education(store::WriteTx& tx, MemberId me, std::optional<int64_t> id,
                                                  const Education& in) {
  KRING_ASSIGN_OR_RETURN(OrgRef school, resolve_org(tx, kSchoolByHandle, in.school, "school"));
  Education e = in;
  e.school = school;
  store::Params fields{school.id ? store::Value(*school.id) : store::Value(), school.name, e.degree, e.field,
                       opt_value(e.start_year), opt_value(e.end_year), e.activities};
  if (id) {
    fields.push_back(*id);
    fields.push_back(me);
    if (tx.exec(kUpdateEducation, fields) == 0) return Error::not_found("no such education entry");
    e.id = *id;
  } else {
    if (tx.query_one(kCountEducation, {me})->i64(0) >= static_cast<int64_t>(kMaxEducation)) {
      return Error::invalid("education", "a profile holds at most 50 education entries");
    }
    store::Params insert{me};
    insert.insert(insert.end(), fields.begin(), fields.end());
    insert.push_back(clock_.now());
    e.id = tx.query_one(kInsertEducation, insert)->i64(0);
  }
  return e;
}

Result<Education> ProfileService::add_education(MemberId me, const Education& in) {
  KRING_TRY(validate(in, "education"));
  return db_.write<Education>([&](store::WriteTx& tx) -> Result<Education> {
    KRING_ASSIGN_OR_RETURN(Education e, write_education(tx, me, std::nullopt, in));
    touch(tx, me, "education");
    return e;
  });
}

Result<Education> ProfileService::replace_education(MemberId me, int64_t id, const Education& in) {
  KRING_TRY(validate(in, "education"));
  return db_.write<Education>([&](store::WriteTx& tx) -> Result<Education> {
    KRING_ASSIGN_OR_RETURN(Education e, write_education(tx, me, id, in));
    touch(tx, me, "education");
    return e;
  });
}

Status ProfileService::delete_education(MemberId me, int64_t id) {
  auto r = db_.write<bool>([&](store::WriteTx& tx) -> Result<bool> {
    if (tx.exec(kDeleteEducation, {id, me}) == 0) return Error::not_found("no such education entry");
    touch(tx, me, "education");
    return true;
  });
  if (!r.ok()) return std::move(r).error();
  return {};
}

Result<std::vector<Skill>> ProfileService::write_skills(store::WriteTx& tx, MemberId me,
                                                        const std::vector<std::string>& names, bool append) {
  std::vector<Skill> list;
  std::set<std::string> keys;
  if (append) {
    for (const Row& r : tx.query(kSkills, {me})) {
      keys.insert(r.text(0));
      list.push_back({r.text(0), r.text(1), 0, false});
    }
  }
  std::set<std::string> before_keys;
  if (!append) {
    for (const Row& r : tx.query(kSkills, {me})) before_keys.insert(r.text(0));
  }
  for (const std::string& typed : names) {
    CanonicalSkill c = skills_(typed);
    if (c.key.empty() || !keys.insert(c.key).second) continue;
    list.push_back({c.key, c.name, 0, false});
  }
  if (list.size() > kMaxSkills) return Error::invalid("skills", "a profile holds at most 100 skills");
  tx.exec(kDeleteSkills, {me});
  const Micros now = clock_.now();
  for (size_t i = 0; i < list.size(); ++i) {
    list[i].pinned = i < kPinnedSkills;
    tx.exec(kInsertSkill, {me, list[i].key, list[i].name, static_cast<int64_t>(i), now});
  }
  // Endorsements go with the skill they endorse.
  for (const std::string& k : before_keys) {
    if (!keys.count(k)) tx.exec(kDeleteEndorsementsOf, {me, k});
  }
  return list;
}

namespace {
Status check_skill_names(const std::vector<std::string>& names) {
  if (names.size() > kMaxSkills) return Error::invalid("skills", "a profile holds at most 100 skills");
  for (size_t i = 0; i < names.size(); ++i) {
    std::string f = "skills[" + std::to_string(i) + "]";
    KRING_TRY(text_field(f, names[i], kMaxSkillLength, true, false));
  }
  return {};
}
}  // namespace

Result<std::vector<Skill>> ProfileService::set_skills(MemberId me, const std::vector<std::string>& names) {
  KRING_TRY(check_skill_names(names));
  return db_.write<std::vector<Skill>>([&](store::WriteTx& tx) -> Result<std::vector<Skill>> {
    KRING_ASSIGN_OR_RETURN(auto list, write_skills(tx, me, names, false));
    touch(tx, me, "skills");
    return list;
  });
}

Result<std::vector<Skill>> ProfileService::add_skill(MemberId me, std::string_view name) {
  std::vector<std::string> names{std::string(name)};
  KRING_TRY(text_field("name", name, kMaxSkillLength, true, false));
  return db_.write<std::vector<Skill>>([&](store::WriteTx& tx) -> Result<std::vector<Skill>> {
    KRING_ASSIGN_OR_RETURN(auto list, write_skills(tx, me, names, true));
    touch(tx, me, "skills");
    return list;
  });
}

Status ProfileService::remove_skill(MemberId me, std::string_view skill) {
  const std::string key = skills_(skill).key;
  auto r = db_.write<bool>([&](store::WriteTx& tx) -> Result<bool> {
    std::vector<std::string> keep;
    bool found = false;
    for (const Row& row : tx.query(kSkills, {me})) {
      if (row.text(0) == key || text::fold(row.text(1)) == text::fold(skill)) {
        found = true;
        continue;
      }
      keep.push_back(row.text(1));
    }
    if (!found) return Error::not_found("no such skill on your profile");
    KRING_TRY(write_skills(tx, me, keep, false));
    touch(tx, me, "skills");
    return true;
  });
  if (!r.ok()) return std::move(r).error();
  return {};
}

Result<std::vector<Language>> ProfileService::set_languages(MemberId me, const std::vector<Language>& languages) {
  if (languages.size() > kMaxLanguages) return Error::invalid("languages", "at most 30 languages");
  std::set<std::string> seen;
  for (size_t i = 0; i < languages.size(); ++i) {
    std::string f = "languages[" + std::to_string(i) + "]";
    KRING_TRY(text_field(f + ".name", languages[i].name, 60, true, false));
    if (!languages[i].proficiency.empty() && !kProficiencies.count(languages[i].proficiency)) {
      return Error::invalid(f + ".proficiency", f + ".proficiency is not a known level");
    }
    if (!seen.insert(text::fold(languages[i].name)).second) return Error::invalid(f + ".name", "listed twice");
  }
  return db_.write<std::vector<Language>>([&](store::WriteTx& tx) -> Result<std::vector<Language>> {
    tx.exec(kDeleteLanguages, {me});
    for (size_t i = 0; i < languages.size(); ++i) {
      tx.exec(kInsertLanguage, {me, std::string(text::trim(languages[i].name)), languages[i].proficiency,
                                static_cast<int64_t>(i)});
    }
    touch(tx, me, "languages");
    return languages;
  });
}

Result<Certification> ProfileService::add_certification(MemberId me, const Certification& in) {
  KRING_TRY(validate(in, "certification"));
  return db_.write<Certification>([&](store::WriteTx& tx) -> Result<Certification> {
    if (tx.query_one(kCountCertifications, {me})->i64(0) >= static_cast<int64_t>(kMaxCertifications)) {
      return Error::invalid("certifications", "a profile holds at most 100 certifications");
    }
    Certification c = in;
    c.id = tx.query_one(kInsertCertification,
                        {me, c.name, c.issuer, c.issued ? store::Value(c.issued->year) : store::Value(),
                         c.issued ? opt_value(c.issued->month) : store::Value(),
                         c.expires ? store::Value(c.expires->year) : store::Value(),
                         c.expires ? opt_value(c.expires->month) : store::Value(), c.credential_url, clock_.now()})
               ->i64(0);
    touch(tx, me, "certifications");
    return c;
  });
}

Status ProfileService::delete_certification(MemberId me, int64_t id) {
  auto r = db_.write<bool>([&](store::WriteTx& tx) -> Result<bool> {
    if (tx.exec(kDeleteCertification, {id, me}) == 0) return Error::not_found("no such certification");
    touch(tx, me, "certifications");
    return true;
  });
  if (!r.ok()) return std::move(r).error();
  return {};
}

Status ProfileService::set_open_to_work(MemberId me, const std::optional<OpenToWork>& otw) {
  if (otw) {
    KRING_TRY(check_string_list("open_to_work.roles", otw->roles, 10, kMaxTitleLength));
    if (otw->roles.empty()) return Error::invalid("open_to_work.roles", "name at least one role");
    KRING_TRY(check_string_list("open_to_work.locations", otw->locations, 10, members::kMaxLocationLength));
    KRING_TRY(check_string_list("open_to_work.workplace_types", otw->workplace_types, 3, 20, &kWorkplaceTypes));
    if (otw->visibility != "recruiters" && otw->visibility != "everyone") {
      return Error::invalid("open_to_work.visibility", "visibility must be recruiters or everyone");
    }
  }
  auto r = db_.write<bool>([&](store::WriteTx& tx) -> Result<bool> {
    if (otw) {
      tx.exec(kUpsertOpenToWork, {me, json(otw->roles).dump(), json(otw->locations).dump(),
                                  json(otw->workplace_types).dump(), otw->visibility, clock_.now()});
    } else {
      tx.exec(kDeleteOpenToWork, {me});
    }
    touch(tx, me, "open_to_work");
    return true;
  });
  if (!r.ok()) return std::move(r).error();
  return {};
}

Status ProfileService::set_contact(MemberId me, const ContactInfo& c) {
  KRING_TRY(text_field("contact.email", c.email, 254, false, false));
  if (!c.email.empty() && c.email.find('@') == std::string::npos) {
    return Error::invalid("contact.email", "contact.email is not an email address");
  }
  KRING_TRY(text_field("contact.phone", c.phone, 40, false, false));
  KRING_TRY(text_field("contact.website", c.website, 500, false, false));
  if (!c.website.empty() && c.website.rfind("https://", 0) != 0 && c.website.rfind("http://", 0) != 0) {
    return Error::invalid("contact.website", "contact.website must start with http:// or https://");
  }
  auto r = db_.write<bool>([&](store::WriteTx& tx) -> Result<bool> {
    tx.exec(kUpsertContact, {me, c.email, c.phone, c.website, clock_.now()});
    touch(tx, me, "contact");
    return true;
  });
  if (!r.ok()) return std::move(r).error();
  return {};
}

Status ProfileService::set_visibility(MemberId me, const std::map<std::string, Visibility>& sections) {
  for (const auto& [section, v] : sections) {
    if (std::find_if(std::begin(kSections), std::end(kSections), [&](const char* s) { return section == s; }) ==
        std::end(kSections)) {
      return Error::invalid(section, section + " is not a profile section");
    }
  }
  auto r = db_.write<bool>([&](store::WriteTx& tx) -> Result<bool> {
    for (const auto& [section, v] : sections) tx.exec(kUpsertVisibility, {me, section, visibility_name(v)});
    touch(tx, me, "visibility");
    return true;
  });
  if (!r.ok()) return std::move(r).error();
  return {};
}

Result<Location> ProfileService::set_basics(MemberId me, const std::optional<std::string>& industry,
                                            const std::optional<std::string>& location) {
  if (industry) KRING_TRY(text_field("industry", *industry, 100, false, false));
  if (location) KRING_TRY(text_field("location", *location, members::kMaxLocationLength, false, false));
  // The member's text is kept verbatim as the location they show; the place it names (if any) is stored
  // alongside as city, country and country code for search and suggestions.
  std::optional<Location> normalized;
  if (location) {
    std::optional<Location> place;
    if (!text::trim(*location).empty() && places_) place = places_(text::trim(*location));
    normalized = place ? Location{*location, place->city, place->country, place->country_code}
                       : Location{*location, "", "", ""};
  }
  return db_.write<Location>([&](store::WriteTx& tx) -> Result<Location> {
    auto r = tx.query_one(kMemberExtras, {me});
    if (!r) return Error::not_found("no such member");
    std::string ind = industry ? std::string(text::trim(*industry)) : r->text(0);
    Location loc = normalized ? *normalized : Location{r->text(1), r->text(2), r->text(3), r->text(4)};
    tx.exec(kSetBasics, {ind, loc.label, loc.city, loc.country, loc.country_code, clock_.now(), me});
    auto row = tx.query_one(kSelectMember, {me});
    members::Member m{row->i64(0), row->text(1), row->text(2), row->text(3), row->text(4), row->text(5),
                      row->text(6), row->i64(7), row->i64(8)};
    tx.log("member.updated", me, members::to_change_payload(m));
    return loc;
  });
}

Result<members::Member> ProfileService::change_handle(MemberId me, std::string_view handle) {
  std::string h(text::trim(handle));
  bool ok = h.size() >= 3 && h.size() <= 60 && h.front() != '-' && h.back() != '-';
  for (char c : h) ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
  if (!ok) {
    return Error::invalid("handle", "a handle has 3 to 60 lower-case letters, digits and hyphens, and does not "
                                    "start or end with a hyphen");
  }
  if (kReservedHandles.count(h)) return Error::invalid("handle", "that handle is reserved");
  const Micros now = clock_.now();
  return db_.write<members::Member>([&](store::WriteTx& tx) -> Result<members::Member> {
    auto row = tx.query_one(kSelectMember, {me});
    if (!row) return Error::not_found("no such member");
    members::Member m{row->i64(0), row->text(1), row->text(2), row->text(3), row->text(4), row->text(5),
                      row->text(6), row->i64(7), row->i64(8)};
    if (m.handle == h) return m;
    if (auto taken = tx.query_one(kHandleTaken, {h}); taken && taken->i64(0) != me) {
      return Error{ErrorCode::kConflict, "that handle is taken", "handle", "handle_taken"};
    }
    if (auto owner = tx.query_one(kRedirectOwner, {h, now}); owner && owner->i64(0) != me) {
      return Error{ErrorCode::kConflict, "that handle was in use recently", "handle", "handle_taken"};
    }
    tx.exec(kDropRedirect, {h});
    tx.exec(kUpsertRedirect, {m.handle, me, now + Micros{kHandleRedirectDays} * 24 * 3600 * kMicrosPerSecond});
    tx.exec(kSetHandle, {h, now, me});
    m.handle = h;
    m.updated_at = now;
    tx.log("member.updated", me, members::to_change_payload(m));
    return m;
  });
}

std::optional<MemberId> ProfileService::redirect(std::string_view old_handle) const {
  auto r = db_.read<std::optional<MemberId>>([&](store::Session& s) -> Result<std::optional<MemberId>> {
    auto row = s.query_one(kRedirectOwner, {text::fold(old_handle), clock_.now()});
    if (!row) return std::optional<MemberId>{};
    return std::optional<MemberId>(row->i64(0));
  });
  return r.ok() ? *r : std::nullopt;
}

Status ProfileService::set_recruiter(MemberId member, bool recruiter) {
  auto r = db_.write<bool>([&](store::WriteTx& tx) -> Result<bool> {
    tx.exec(kSetRecruiter, {member, recruiter, clock_.now()});
    return true;
  });
  if (!r.ok()) return std::move(r).error();
  return {};
}

Result<ProfileService::DraftCounts> ProfileService::apply_draft(store::WriteTx& tx, MemberId member,
                                                                const ProfileDraft& d) {
  DraftCounts counts;
  if (d.first_name || d.last_name || d.headline || d.about || d.location || d.industry) {
    if (d.first_name) KRING_TRY(members::validate_name("first_name", *d.first_name));
    if (d.last_name) KRING_TRY(members::validate_name("last_name", *d.last_name));
    if (d.headline) KRING_TRY(text_field("headline", *d.headline, members::kMaxHeadlineLength, false, false));
    if (d.about) KRING_TRY(text_field("about", *d.about, members::kMaxAboutLength, false, true));
    if (d.industry) KRING_TRY(text_field("industry", *d.industry, 100, false, false));
    if (d.location) KRING_TRY(text_field("location", *d.location, members::kMaxLocationLength, false, false));
    auto row = tx.query_one(kSelectMember, {member});
    if (!row) return Error::not_found("no such member");
    members::Member m{row->i64(0), row->text(1), row->text(2), row->text(3), row->text(4), row->text(5),
                      row->text(6), row->i64(7), clock_.now()};
    if (d.first_name) m.first_name = std::string(text::trim(*d.first_name));
    if (d.last_name) m.last_name = std::string(text::trim(*d.last_name));
    if (d.headline) m.headline = *d.headline;
    if (d.about) m.about = *d.about;
    auto extras = tx.query_one(kMemberExtras, {member});
    Location loc{extras->text(1), extras->text(2), extras->text(3), extras->text(4)};
    if (d.location) {
      std::string typed(text::trim(*d.location));
      std::optional<Location> n = places_ && !typed.empty() ? places_(typed) : std::nullopt;
      loc = n ? Location{typed, n->city, n->country, n->country_code} : Location{typed, "", "", ""};
    }
    m.location = loc.label;
    tx.exec(kUpdateBasicsAll, {m.first_name, m.last_name, m.headline, m.about, d.industry ? *d.industry : extras->text(0),
                               loc.label, loc.city, loc.country, loc.country_code, m.updated_at, member});
    tx.log("member.updated", member, members::to_change_payload(m));
  }
  for (size_t i = 0; i < d.positions.size(); ++i) {
    const Position& p = d.positions[i];
    KRING_TRY(validate(p, "positions[" + std::to_string(i) + "]"));
    if (tx.query_one(kSamePosition, {member, p.company.name, p.title, p.start ? p.start->year : 0,
                                     p.start ? p.start->month.value_or(0) : 0})) {
      continue;  // imported before
    }
    KRING_TRY(write_position(tx, member, std::nullopt, p));
    ++counts.positions;
  }
  for (size_t i = 0; i < d.education.size(); ++i) {
    const Education& e = d.education[i];
    KRING_TRY(validate(e, "education[" + std::to_string(i) + "]"));
    if (tx.query_one(kSameEducation, {member, e.school.name, e.degree, e.end_year.value_or(0)})) continue;
    KRING_TRY(write_education(tx, member, std::nullopt, e));
    ++counts.education;
  }
  if (!d.skills.empty()) {
    KRING_TRY(check_skill_names(d.skills));
    size_t before_count = tx.query(kSkills, {member}).size();
    KRING_ASSIGN_OR_RETURN(auto list, write_skills(tx, member, d.skills, true));
    counts.skills = static_cast<int>(list.size() - before_count);
  }
  if (!d.languages.empty()) {
    std::vector<Language> merged;
    std::set<std::string> seen;
    for (const Row& r : tx.query(kLanguages, {member})) {
      seen.insert(text::fold(r.text(0)));
      merged.push_back({r.text(0), r.text(1)});
    }
    for (const Language& l : d.languages) {
      if (text::trim(l.name).empty() || !seen.insert(text::fold(l.name)).second) continue;
      merged.push_back(l);
      ++counts.languages;
    }
    if (merged.size() > kMaxLanguages) return Error::invalid("languages", "at most 30 languages");
    tx.exec(kDeleteLanguages, {member});
    for (size_t i = 0; i < merged.size(); ++i) {
      std::string prof = kProficiencies.count(merged[i].proficiency) ? merged[i].proficiency : "";
      tx.exec(kInsertLanguage, {member, std::string(text::trim(merged[i].name)), prof, static_cast<int64_t>(i)});
    }
  }
  for (size_t i = 0; i < d.certifications.size(); ++i) {
    KRING_TRY(validate(d.certifications[i], "certifications[" + std::to_string(i) + "]"));
    const Certification& c = d.certifications[i];
    tx.exec(kInsertCertification, {member, c.name, c.issuer, c.issued ? store::Value(c.issued->year) : store::Value(),
                                   c.issued ? opt_value(c.issued->month) : store::Value(),
                                   c.expires ? store::Value(c.expires->year) : store::Value(),
                                   c.expires ? opt_value(c.expires->month) : store::Value(), c.credential_url,
                                   clock_.now()});
    ++counts.certifications;
  }
  if (d.contact) tx.exec(kUpsertContact, {member, d.contact->email, d.contact->phone, d.contact->website, clock_.now()});
  touch(tx, member, "import");
  return counts;
}

}  // namespace kring::profiles
