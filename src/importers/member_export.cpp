#include "importers/member_export.h"

#include <cstdio>
#include <map>
#include <vector>

#include "importers/profile_import.h"
#include "importers/zip_archive.h"

namespace kring::importers {
namespace {

using nlohmann::json;
using profiles::MemberId;
using store::Row;

constexpr std::string_view kMember =
    "SELECT id, handle, first_name, last_name, headline, about, location, city, country, country_code, "
    "industry, "
    "linkedin_url, created_at, updated_at FROM members WHERE id = ?";
constexpr std::string_view kAccount = "SELECT email, created_at FROM accounts WHERE member_id = ?";
constexpr std::string_view kSettings =
    "SELECT hide_connections, profile_view_mode, recruiter, searchable_posts, updated_at FROM "
    "member_settings "
    "WHERE member_id = ?";
constexpr std::string_view kPreviousHandles =
    "SELECT old_handle, expires_at FROM handle_redirects WHERE member_id = ? ORDER BY expires_at";
constexpr std::string_view kConnections =
    "SELECT m.handle, m.first_name, m.last_name, c.connected_at FROM connections c JOIN members m "
    "ON m.id = CASE WHEN c.member_a = ? THEN c.member_b ELSE c.member_a END "
    "WHERE c.member_a = ? OR c.member_b = ? ORDER BY c.connected_at, m.id";
constexpr std::string_view kInvitationsSent =
    "SELECT i.id, m.handle, m.first_name, m.last_name, i.note, i.status, i.created_at, i.responded_at "
    "FROM invitations i JOIN members m ON m.id = i.to_member WHERE i.from_member = ? ORDER BY i.created_at, "
    "i.id";
constexpr std::string_view kInvitationsReceived =
    "SELECT i.id, m.handle, m.first_name, m.last_name, i.note, i.status, i.created_at, i.responded_at "
    "FROM invitations i JOIN members m ON m.id = i.from_member WHERE i.to_member = ? ORDER BY i.created_at, "
    "i.id";
constexpr std::string_view kFollowing =
    "SELECT f.target_kind, f.created_at, m.handle, m.first_name, m.last_name, c.handle, c.name FROM follows "
    "f "
    "LEFT JOIN members m ON f.target_kind = 'member' AND m.id = f.target "
    "LEFT JOIN companies c ON f.target_kind = 'company' AND c.id = f.target "
    "WHERE f.follower = ? ORDER BY f.created_at";
constexpr std::string_view kFollowers =
    "SELECT m.handle, m.first_name, m.last_name, f.created_at FROM follows f JOIN members m ON m.id = "
    "f.follower "
    "WHERE f.target_kind = 'member' AND f.target = ? ORDER BY f.created_at";
constexpr std::string_view kBlocks =
    "SELECT m.handle, m.first_name, m.last_name, b.created_at FROM blocks b JOIN members m ON m.id = "
    "b.blocked "
    "WHERE b.blocker = ? ORDER BY b.created_at";
constexpr std::string_view kDismissed =
    "SELECT m.handle, m.first_name, m.last_name, d.created_at FROM dismissed_suggestions d "
    "JOIN members m ON m.id = d.dismissed WHERE d.member_id = ? ORDER BY d.created_at";
constexpr std::string_view kKnownContacts =
    "SELECT m.handle, m.first_name, m.last_name, k.source, k.created_at FROM known_contacts k "
    "JOIN members m ON m.id = k.contact_id WHERE k.member_id = ? ORDER BY k.created_at, m.id";
// What each of the three sees: the target only once the intermediary forwarded it.
constexpr std::string_view kIntroductions =
    "SELECT i.id, i.requester, r.handle, r.first_name, r.last_name, i.intermediary, x.handle, x.first_name, "
    "x.last_name, i.target, t.handle, t.first_name, t.last_name, i.message, i.status, i.reply, i.created_at, "
    "i.updated_at FROM introductions i JOIN members r ON r.id = i.requester JOIN members x ON x.id = "
    "i.intermediary "
    "JOIN members t ON t.id = i.target WHERE i.requester = ? OR i.intermediary = ? OR "
    "(i.target = ? AND i.status NOT IN ('pending', 'declined')) ORDER BY i.created_at, i.id";
constexpr std::string_view kEndorsementsReceived =
    "SELECT e.skill_key, COALESCE(s.name, e.skill_key), m.handle, m.first_name, m.last_name, e.relationship, "
    "e.context, e.hidden, e.created_at FROM endorsements e JOIN members m ON m.id = e.endorser_id "
    "LEFT JOIN member_skills s ON s.member_id = e.member_id AND s.skill_key = e.skill_key "
    "WHERE e.member_id = ? ORDER BY e.created_at, e.id";
constexpr std::string_view kEndorsementsGiven =
    "SELECT e.skill_key, COALESCE(s.name, e.skill_key), m.handle, m.first_name, m.last_name, e.relationship, "
    "e.context, e.created_at FROM endorsements e JOIN members m ON m.id = e.member_id "
    "LEFT JOIN member_skills s ON s.member_id = e.member_id AND s.skill_key = e.skill_key "
    "WHERE e.endorser_id = ? ORDER BY e.created_at, e.id";
constexpr std::string_view kRequestsSent =
    "SELECT r.id, m.handle, m.first_name, m.last_name, r.skill_key, r.message, r.created_at "
    "FROM endorsement_requests r JOIN members m ON m.id = r.recipient WHERE r.requester = ? ORDER BY "
    "r.created_at";
constexpr std::string_view kRequestsReceived =
    "SELECT r.id, m.handle, m.first_name, m.last_name, r.skill_key, r.message, r.status, r.created_at "
    "FROM endorsement_requests r JOIN members m ON m.id = r.requester WHERE r.recipient = ? ORDER BY "
    "r.created_at";
constexpr std::string_view kProfileViews =
    "SELECT v.mode, m.handle, m.first_name, m.last_name, v.viewer_headline, v.created_at FROM profile_views "
    "v "
    "LEFT JOIN members m ON m.id = v.viewer_id WHERE v.viewed_id = ? ORDER BY v.created_at DESC, v.id DESC";
constexpr std::string_view kFeedMode = "SELECT mode FROM feed_settings WHERE member_id = ?";
constexpr std::string_view kMutedMembers =
    "SELECT m.handle, m.first_name, m.last_name, f.created_at FROM feed_muted_members f JOIN members m ON m.id = "
    "f.muted_id WHERE f.member_id = ? ORDER BY f.created_at";
constexpr std::string_view kMutedHashtags =
    "SELECT tag, created_at FROM feed_muted_hashtags WHERE member_id = ? ORDER BY tag";
constexpr std::string_view kImpressions =
    "SELECT post_id, impressions, first_at, last_at FROM post_impressions WHERE viewer_id = ? ORDER BY first_at, "
    "post_id";
constexpr std::string_view kInterests = "SELECT tag FROM member_interests WHERE member_id = ? ORDER BY tag";
constexpr std::string_view kPosts =
    "SELECT id, text, visibility, reshare_of, created_at, edited_at FROM posts WHERE author_id = ? "
    "ORDER BY created_at, id";
constexpr std::string_view kPostHashtags =
    "SELECT h.post_id, h.tag FROM post_hashtags h JOIN posts p ON p.id = h.post_id WHERE p.author_id = ? "
    "ORDER BY h.post_id, h.tag";
constexpr std::string_view kComments =
    "SELECT id, post_id, parent_id, text, created_at, edited_at FROM comments WHERE author_id = ? "
    "ORDER BY created_at, id";
// The notifications the member received (hidden or not), newest first.
constexpr std::string_view kNotifications =
    "SELECT n.id, n.kind, m.handle, m.first_name, m.last_name, n.post_id, n.comment_id, n.actor_count, n.created_at, "
    "n.read_at FROM notifications n JOIN members m ON m.id = n.actor_id WHERE n.recipient_id = ? "
    "ORDER BY n.created_at DESC, n.id DESC";
constexpr std::string_view kReactions =
    "SELECT post_id, type, created_at FROM reactions WHERE member_id = ? ORDER BY created_at, post_id";

std::string name_of(const std::string& first, const std::string& last) {
  return last.empty() ? first : first + " " + last;
}

// Another member: handle and name, nothing else.
json person(const Row& r, size_t handle_col) {
  return {{"handle", r.text(handle_col)}, {"name", name_of(r.text(handle_col + 1), r.text(handle_col + 2))}};
}

json time_or_null(const Row& r, size_t i) {
  return r.is_null(i) ? json(nullptr) : json(format_rfc3339(r.i64(i)));
}

std::string ym_text(const std::optional<profiles::YearMonth>& ym) {
  if (!ym) return "";
  char buf[16];
  if (ym->month)
    std::snprintf(buf, sizeof buf, "%04d-%02d", ym->year, *ym->month);
  else
    std::snprintf(buf, sizeof buf, "%04d", ym->year);
  return buf;
}

json ym_json(const std::optional<profiles::YearMonth>& ym) {
  if (!ym) return nullptr;
  return {{"year", ym->year}, {"month", ym->month ? json(*ym->month) : json(nullptr)}};
}

json org_json(const profiles::OrgRef& o) {
  return {{"handle", o.handle ? json(*o.handle) : json(nullptr)}, {"name", o.name}};
}

json profile_sections(const profiles::Profile& p) {
  json positions = json::array();
  for (const auto& x : p.positions) {
    positions.push_back({{"company", org_json(x.company)},
                         {"title", x.title},
                         {"employment_type", x.employment_type},
                         {"location", x.location},
                         {"start", ym_json(x.start)},
                         {"end", ym_json(x.end)},
                         {"current", !x.end.has_value()},
                         {"description", x.description},
                         {"skills", x.skills}});
  }
  json education = json::array();
  for (const auto& e : p.education) {
    education.push_back({{"school", org_json(e.school)},
                         {"degree", e.degree},
                         {"field", e.field},
                         {"start_year", e.start_year ? json(*e.start_year) : json(nullptr)},
                         {"end_year", e.end_year ? json(*e.end_year) : json(nullptr)},
                         {"activities", e.activities}});
  }
  json skills = json::array();
  for (const auto& s : p.skills) {
    skills.push_back(
        {{"key", s.key}, {"name", s.name}, {"endorsement_count", s.endorsement_count}, {"pinned", s.pinned}});
  }
  json languages = json::array();
  for (const auto& l : p.languages) languages.push_back({{"name", l.name}, {"proficiency", l.proficiency}});
  json certifications = json::array();
  for (const auto& c : p.certifications) {
    certifications.push_back({{"name", c.name},
                              {"issuer", c.issuer},
                              {"issued", ym_json(c.issued)},
                              {"expires", ym_json(c.expires)},
                              {"credential_url", c.credential_url}});
  }
  json visibility = json::object();
  for (const auto& [section, v] : p.visibility) visibility[section] = profiles::visibility_name(v);
  json otw = nullptr;
  if (p.open_to_work) {
    otw = {{"roles", p.open_to_work->roles},
           {"locations", p.open_to_work->locations},
           {"workplace_types", p.open_to_work->workplace_types},
           {"visibility", p.open_to_work->visibility}};
  }
  json contact = nullptr;
  if (p.contact)
    contact = {{"email", p.contact->email}, {"phone", p.contact->phone}, {"website", p.contact->website}};
  return {{"positions", positions}, {"education", education},           {"skills", skills},
          {"languages", languages}, {"certifications", certifications}, {"open_to_work", otw},
          {"contact", contact},     {"visibility", visibility}};
}

std::string csv_file(std::initializer_list<std::string_view> header,
                     const std::vector<std::string>& records) {
  std::string out = csv_record(header);
  for (const auto& r : records) out += r;
  return out;
}

std::string text_at(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

std::string csv_record(std::initializer_list<std::string_view> fields) {
  std::string out;
  bool first = true;
  for (std::string_view f : fields) {
    if (!first) out += ',';
    first = false;
    std::string cell;
    if (!f.empty() && (f[0] == '=' || f[0] == '+' || f[0] == '-' || f[0] == '@')) cell = "'";
    cell.append(f);
    if (cell.find_first_of(",\"\r\n") != std::string::npos) {
      out += '"';
      for (char c : cell) {
        if (c == '"') out += '"';
        out += c;
      }
      out += '"';
    } else {
      out += cell;
    }
  }
  out += "\r\n";
  return out;
}

Result<json> export_member_data(store::Database& db, const profiles::ProfileService& profiles,
                                MemberId member, const Clock& clock) {
  KRING_ASSIGN_OR_RETURN(profiles::Profile p, profiles.load(member));
  return db.read<json>([&](store::Session& s) -> Result<json> {
    auto m = s.query_one(kMember, {member});
    if (!m) return Error::not_found("no such member");
    json me = {
        {"id", m->i64(0)},
        {"handle", m->text(1)},
        {"first_name", m->text(2)},
        {"last_name", m->text(3)},
        {"headline", m->text(4)},
        {"about", m->text(5)},
        {"location", m->text(6)},
        {"city", m->text(7)},
        {"country", m->text(8)},
        {"country_code", m->text(9)},
        {"industry", m->text(10)},
        {"linkedin_url", linkedin_url(s, member).empty() ? json(nullptr) : json(linkedin_url(s, member))},
        {"created_at", format_rfc3339(m->i64(12))},
        {"updated_at", format_rfc3339(m->i64(13))}};
    json account = nullptr;
    if (auto a = s.query_one(kAccount, {member})) {
      account = {{"email", a->text(0)}, {"created_at", format_rfc3339(a->i64(1))}};
    }
    json settings = {{"hide_connections", false},
                     {"profile_view_mode", "name"},
                     {"recruiter", false},
                     {"searchable_posts", false}};
    if (auto r = s.query_one(kSettings, {member})) {
      settings = {{"hide_connections", r->boolean(0)},
                  {"profile_view_mode", r->text(1)},
                  {"recruiter", r->boolean(2)},
                  {"searchable_posts", r->boolean(3)}};
    }
    json previous_handles = json::array();
    for (const Row& r : s.query(kPreviousHandles, {member})) {
      previous_handles.push_back({{"handle", r.text(0)}, {"redirects_until", format_rfc3339(r.i64(1))}});
    }
    json connections = json::array();
    for (const Row& r : s.query(kConnections, {member, member, member})) {
      connections.push_back({{"member", person(r, 0)}, {"connected_at", format_rfc3339(r.i64(3))}});
    }
    json sent = json::array(), received = json::array();
    for (const Row& r : s.query(kInvitationsSent, {member})) {
      // The recipient ignoring it is theirs to know: the sender sees it pending, as on the site.
      bool ignored = r.text(5) == "ignored";
      sent.push_back({{"id", r.i64(0)},
                      {"to", person(r, 1)},
                      {"note", r.text(4)},
                      {"status", ignored ? "pending" : r.text(5)},
                      {"created_at", format_rfc3339(r.i64(6))},
                      {"responded_at", ignored ? json(nullptr) : time_or_null(r, 7)}});
    }
    for (const Row& r : s.query(kInvitationsReceived, {member})) {
      received.push_back({{"id", r.i64(0)},
                          {"from", person(r, 1)},
                          {"note", r.text(4)},
                          {"status", r.text(5)},
                          {"created_at", format_rfc3339(r.i64(6))},
                          {"responded_at", time_or_null(r, 7)}});
    }
    json following = json::array();
    for (const Row& r : s.query(kFollowing, {member})) {
      if (r.text(0) == "member" && !r.is_null(2)) {
        following.push_back(
            {{"kind", "member"}, {"member", person(r, 2)}, {"since", format_rfc3339(r.i64(1))}});
      } else if (r.text(0) == "company" && !r.is_null(5)) {
        following.push_back({{"kind", "company"},
                             {"company", {{"handle", r.text(5)}, {"name", r.text(6)}}},
                             {"since", format_rfc3339(r.i64(1))}});
      }
    }
    json followers = json::array();
    for (const Row& r : s.query(kFollowers, {member})) {
      followers.push_back({{"member", person(r, 0)}, {"since", format_rfc3339(r.i64(3))}});
    }
    auto people_since = [&](std::string_view sql) {
      json out = json::array();
      for (const Row& r : s.query(sql, {member})) {
        out.push_back({{"member", person(r, 0)}, {"since", format_rfc3339(r.i64(3))}});
      }
      return out;
    };
    json blocked = people_since(kBlocks);
    json dismissed = people_since(kDismissed);
    json known = json::array();
    for (const Row& r : s.query(kKnownContacts, {member})) {
      known.push_back(
          {{"member", person(r, 0)}, {"source", r.text(3)}, {"imported_at", format_rfc3339(r.i64(4))}});
    }
    json introductions = json::array();
    for (const Row& r : s.query(kIntroductions, {member, member, member})) {
      std::string role = r.i64(1) == member ? "requester" : r.i64(5) == member ? "intermediary" : "target";
      introductions.push_back({{"id", r.i64(0)},
                               {"role", role},
                               {"requester", person(r, 2)},
                               {"intermediary", person(r, 6)},
                               {"target", person(r, 10)},
                               {"message", r.text(13)},
                               {"status", r.text(14)},
                               {"reply", r.text(15)},
                               {"created_at", format_rfc3339(r.i64(16))},
                               {"updated_at", format_rfc3339(r.i64(17))}});
    }
    json endorsements_received = json::array(), endorsements_given = json::array();
    for (const Row& r : s.query(kEndorsementsReceived, {member})) {
      endorsements_received.push_back({{"skill", {{"key", r.text(0)}, {"name", r.text(1)}}},
                                       {"endorser", person(r, 2)},
                                       {"relationship", r.text(5)},
                                       {"context", r.text(6)},
                                       {"hidden", r.boolean(7)},
                                       {"created_at", format_rfc3339(r.i64(8))}});
    }
    for (const Row& r : s.query(kEndorsementsGiven, {member})) {
      endorsements_given.push_back({{"skill", {{"key", r.text(0)}, {"name", r.text(1)}}},
                                    {"member", person(r, 2)},
                                    {"relationship", r.text(5)},
                                    {"context", r.text(6)},
                                    {"created_at", format_rfc3339(r.i64(7))}});
    }
    json requests_sent = json::array(), requests_received = json::array();
    for (const Row& r : s.query(kRequestsSent, {member})) {
      requests_sent.push_back({{"id", r.i64(0)},
                               {"to", person(r, 1)},
                               {"skill_key", r.text(4)},
                               {"message", r.text(5)},
                               {"created_at", format_rfc3339(r.i64(6))}});
    }
    for (const Row& r : s.query(kRequestsReceived, {member})) {
      requests_received.push_back({{"id", r.i64(0)},
                                   {"from", person(r, 1)},
                                   {"skill_key", r.text(4)},
                                   {"message", r.text(5)},
                                   {"status", r.text(6)},
                                   {"created_at", format_rfc3339(r.i64(7))}});
    }
    json views = json::array();
    for (const Row& r : s.query(kProfileViews, {member})) {
      const std::string mode = r.text(0);
      json v = {{"mode", mode}, {"viewed_at", format_rfc3339(r.i64(5))}};
      if (mode == "name")
        v["viewer"] = r.is_null(1) ? json(nullptr) : person(r, 1);
      else if (mode == "anonymous")
        v["headline"] = r.text(4);
      views.push_back(std::move(v));
    }
    json interests = json::array();
    for (const Row& r : s.query(kInterests, {member})) interests.push_back(r.text(0));
    // The feed: the chosen mode, what the member muted, and which posts their feed showed them.
    json feed = {{"mode", "relevant"}, {"muted_members", json::array()}, {"muted_hashtags", json::array()},
                 {"impressions", json::array()}};
    if (auto r = s.query_one(kFeedMode, {member})) feed["mode"] = r->text(0);
    for (const Row& r : s.query(kMutedMembers, {member})) {
      json m = person(r, 0);
      m["muted_at"] = format_rfc3339(r.i64(3));
      feed["muted_members"].push_back(std::move(m));
    }
    for (const Row& r : s.query(kMutedHashtags, {member})) {
      feed["muted_hashtags"].push_back({{"tag", r.text(0)}, {"muted_at", format_rfc3339(r.i64(1))}});
    }
    for (const Row& r : s.query(kImpressions, {member})) {
      feed["impressions"].push_back({{"post_id", r.i64(0)},
                                     {"times", r.i64(1)},
                                     {"first_at", format_rfc3339(r.i64(2))},
                                     {"last_at", format_rfc3339(r.i64(3))}});
    }
    std::map<int64_t, std::vector<std::string>> tags;
    for (const Row& r : s.query(kPostHashtags, {member})) tags[r.i64(0)].push_back(r.text(1));
    json posts = json::array();
    for (const Row& r : s.query(kPosts, {member})) {
      posts.push_back({{"id", r.i64(0)},
                       {"text", r.text(1)},
                       {"visibility", r.text(2)},
                       {"reshare_of", r.is_null(3) ? json(nullptr) : json(r.i64(3))},
                       {"hashtags", tags[r.i64(0)]},
                       {"created_at", format_rfc3339(r.i64(4))},
                       {"edited_at", time_or_null(r, 5)}});
    }
    json comments = json::array();
    for (const Row& r : s.query(kComments, {member})) {
      comments.push_back({{"id", r.i64(0)},
                          {"post_id", r.i64(1)},
                          {"parent_id", r.is_null(2) ? json(nullptr) : json(r.i64(2))},
                          {"text", r.text(3)},
                          {"created_at", format_rfc3339(r.i64(4))},
                          {"edited_at", time_or_null(r, 5)}});
    }
    json reactions = json::array();
    for (const Row& r : s.query(kReactions, {member})) {
      reactions.push_back(
          {{"post_id", r.i64(0)}, {"type", r.text(1)}, {"created_at", format_rfc3339(r.i64(2))}});
    }
    json notifications = json::array();
    for (const Row& r : s.query(kNotifications, {member})) {
      notifications.push_back({{"id", r.i64(0)},
                               {"kind", r.text(1)},
                               {"actor", person(r, 2)},
                               {"post_id", r.is_null(5) ? json(nullptr) : json(r.i64(5))},
                               {"comment_id", r.is_null(6) ? json(nullptr) : json(r.i64(6))},
                               {"count", r.i64(7)},
                               {"created_at", format_rfc3339(r.i64(8))},
                               {"read_at", time_or_null(r, 9)}});
    }
    return json{{"format", "kring-export-1"},
                {"exported_at", format_rfc3339(clock.now())},
                {"member", me},
                {"account", account},
                {"previous_handles", previous_handles},
                {"profile", profile_sections(p)},
                {"settings", settings},
                {"connections", connections},
                {"invitations", {{"sent", sent}, {"received", received}}},
                {"follows", {{"following", following}, {"followers", followers}}},
                {"blocks", blocked},
                {"dismissed_suggestions", dismissed},
                {"known_contacts", known},
                {"introductions", introductions},
                {"endorsements", {{"received", endorsements_received}, {"given", endorsements_given}}},
                {"endorsement_requests", {{"sent", requests_sent}, {"received", requests_received}}},
                {"profile_views", views},
                {"interests", interests},
                {"feed", feed},
                {"posts", posts},
                {"comments", comments},
                {"reactions", reactions},
                {"notifications", notifications}};
  });
}

Result<std::string> export_member_zip(store::Database& db, const profiles::ProfileService& profiles,
                                      MemberId member, const Clock& clock) {
  KRING_ASSIGN_OR_RETURN(json data, export_member_data(db, profiles, member, clock));
  std::vector<ZipFile> files;
  files.push_back({"profile.json", data.dump(2, ' ', false, json::error_handler_t::replace) + "\n"});

  std::vector<std::string> rows;
  for (const auto& c : data["connections"]) {
    const std::string name = text_at(c["member"], "name");
    rows.push_back(csv_record({name, text_at(c["member"], "handle"), text_at(c, "connected_at")}));
  }
  files.push_back({"connections.csv", csv_file({"Name", "Handle", "Connected On"}, rows)});

  rows.clear();
  const json& prof = data["profile"];
  auto ym = [](const json& v) -> std::string {
    if (v.is_null()) return "";
    profiles::YearMonth x{v["year"].get<int>(),
                          v["month"].is_null() ? std::nullopt : std::optional<int>(v["month"].get<int>())};
    return ym_text(x);
  };
  for (const auto& x : prof["positions"]) {
    std::string skills;
    for (const auto& s : x["skills"]) skills += (skills.empty() ? "" : "; ") + s.get<std::string>();
    rows.push_back(csv_record({text_at(x["company"], "name"), text_at(x, "title"),
                               text_at(x, "employment_type"), text_at(x, "location"), ym(x["start"]),
                               ym(x["end"]), text_at(x, "description"), skills}));
  }
  files.push_back({"positions.csv", csv_file({"Company Name", "Title", "Employment Type", "Location",
                                              "Started On", "Finished On", "Description", "Skills"},
                                             rows)});
  rows.clear();
  auto year = [](const json& v) { return v.is_null() ? std::string() : std::to_string(v.get<int>()); };
  for (const auto& x : prof["education"]) {
    rows.push_back(csv_record({text_at(x["school"], "name"), text_at(x, "degree"), text_at(x, "field"),
                               year(x["start_year"]), year(x["end_year"]), text_at(x, "activities")}));
  }
  files.push_back(
      {"education.csv",
       csv_file({"School Name", "Degree", "Field", "Start Year", "End Year", "Activities"}, rows)});
  rows.clear();
  for (const auto& x : prof["skills"]) {
    rows.push_back(csv_record({text_at(x, "name"), std::to_string(x["endorsement_count"].get<int64_t>())}));
  }
  files.push_back({"skills.csv", csv_file({"Name", "Endorsements"}, rows)});
  rows.clear();
  for (const auto& x : prof["languages"])
    rows.push_back(csv_record({text_at(x, "name"), text_at(x, "proficiency")}));
  files.push_back({"languages.csv", csv_file({"Name", "Proficiency"}, rows)});
  rows.clear();
  for (const auto& x : prof["certifications"]) {
    rows.push_back(csv_record({text_at(x, "name"), text_at(x, "issuer"), ym(x["issued"]), ym(x["expires"]),
                               text_at(x, "credential_url")}));
  }
  files.push_back({"certifications.csv", csv_file({"Name", "Issuer", "Issued", "Expires", "Url"}, rows)});
  rows.clear();
  for (const auto& x : data["endorsements"]["received"]) {
    rows.push_back(
        csv_record({text_at(x["skill"], "name"), text_at(x["endorser"], "name"),
                    text_at(x["endorser"], "handle"), text_at(x, "relationship"), text_at(x, "context"),
                    x["hidden"].get<bool>() ? "yes" : "no", text_at(x, "created_at")}));
  }
  files.push_back({"endorsements_received.csv", csv_file({"Skill", "Endorser Name", "Endorser Handle",
                                                          "Relationship", "Context", "Hidden", "Endorsed On"},
                                                         rows)});
  rows.clear();
  for (const auto& x : data["endorsements"]["given"]) {
    rows.push_back(
        csv_record({text_at(x["skill"], "name"), text_at(x["member"], "name"), text_at(x["member"], "handle"),
                    text_at(x, "relationship"), text_at(x, "context"), text_at(x, "created_at")}));
  }
  files.push_back(
      {"endorsements_given.csv",
       csv_file({"Skill", "Member Name", "Member Handle", "Relationship", "Context", "Endorsed On"}, rows)});
  rows.clear();
  for (const char* direction : {"sent", "received"}) {
    const bool out = std::string_view(direction) == "sent";
    for (const auto& x : data["invitations"][direction]) {
      const json& who = x[out ? "to" : "from"];
      std::string responded = x["responded_at"].is_null() ? "" : x["responded_at"].get<std::string>();
      rows.push_back(csv_record({direction, text_at(who, "name"), text_at(who, "handle"), text_at(x, "note"),
                                 text_at(x, "status"), text_at(x, "created_at"), responded}));
    }
  }
  files.push_back(
      {"invitations.csv",
       csv_file({"Direction", "Name", "Handle", "Note", "Status", "Sent On", "Responded On"}, rows)});
  return write_zip(files);
}

}  // namespace kring::importers
