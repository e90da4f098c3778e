#include "profiles/endorsements.h"

#include <algorithm>
#include <ctime>
#include <tuple>

#include <nlohmann/json.hpp>

#include "common/cursor.h"
#include "common/text.h"
#include "members/member_service.h"
#include "network/suggestions.h"
#include "notifications/notification_service.h"

namespace kring::profiles {
namespace {

using store::Row;
using nlohmann::json;

constexpr std::string_view kMemberSkills = "SELECT skill_key, name FROM member_skills WHERE member_id = ? ORDER BY ord";
constexpr std::string_view kSkillsVisibility =
    "SELECT visibility FROM section_visibility WHERE member_id = ? AND section = 'skills'";
constexpr std::string_view kConnected = "SELECT 1 FROM connections WHERE member_a = ? AND member_b = ?";

// Spans of both members at company pages and at schools, for the relationship behind an endorsement.
constexpr std::string_view kPositionsOfPair =
    "SELECT p.member_id, p.company_id, c.name, p.start_year, p.end_year FROM positions p "
    "JOIN companies c ON c.id = p.company_id WHERE p.member_id = ? OR p.member_id = ?";
constexpr std::string_view kEducationOfPair =
    "SELECT e.member_id, e.school_id, s.name, e.start_year, e.end_year FROM education e "
    "JOIN schools s ON s.id = e.school_id WHERE e.member_id = ? OR e.member_id = ?";

constexpr std::string_view kInsertEndorsement =
    "INSERT INTO endorsements (member_id, skill_key, endorser_id, relationship, context, hidden, created_at) "
    "VALUES (?, ?, ?, ?, ?, 0, ?) ON CONFLICT (member_id, skill_key, endorser_id) DO NOTHING RETURNING id";
constexpr std::string_view kFulfilRequests =
    "UPDATE endorsement_requests SET status = 'endorsed' WHERE requester = ? AND recipient = ? AND skill_key = ? "
    "AND status = 'pending'";
constexpr std::string_view kDeleteOwnEndorsement =
    "DELETE FROM endorsements WHERE member_id = ? AND skill_key = ? AND endorser_id = ?";
// Columns of an endorsement with its skill's displayed name (the key when the skill is gone).
constexpr std::string_view kEndorsementById =
    "SELECT e.id, e.member_id, e.endorser_id, e.skill_key, COALESCE(ms.name, e.skill_key), e.relationship, "
    "e.context, e.hidden, e.created_at FROM endorsements e "
    "LEFT JOIN member_skills ms ON ms.member_id = e.member_id AND ms.skill_key = e.skill_key WHERE e.id = ?";
constexpr std::string_view kSkillPage =
    "SELECT id, endorser_id, relationship, context, hidden, created_at FROM endorsements "
    "WHERE member_id = ? AND skill_key = ? AND (hidden = 0 OR ? = 1) AND (created_at, id) < (?, ?) "
    "ORDER BY created_at DESC, id DESC LIMIT ?";
constexpr std::string_view kSkillGroups =
    "SELECT relationship, context, COUNT(*) FROM endorsements WHERE member_id = ? AND skill_key = ? AND hidden = 0 "
    "GROUP BY relationship, context";
// All skills of a member in one statement: per skill and group, the visible count and whether the viewer
// (0 for nobody) is among the endorsers, hidden or not.
constexpr std::string_view kAllSkillGroups =
    "SELECT skill_key, relationship, context, SUM(CASE WHEN hidden = 0 THEN 1 ELSE 0 END) FROM endorsements "
    "WHERE member_id = ? GROUP BY skill_key, relationship, context";
constexpr std::string_view kEndorsersOf = "SELECT skill_key, endorser_id FROM endorsements WHERE member_id = ?";
constexpr std::string_view kSetHidden = "UPDATE endorsements SET hidden = ? WHERE id = ? AND member_id = ?";
constexpr std::string_view kDeleteReceived = "DELETE FROM endorsements WHERE id = ? AND member_id = ?";

constexpr std::string_view kAlreadyEndorsed =
    "SELECT 1 FROM endorsements WHERE member_id = ? AND skill_key = ? AND endorser_id = ?";
constexpr std::string_view kPendingRequest =
    "SELECT id FROM endorsement_requests WHERE requester = ? AND recipient = ? AND skill_key = ? "
    "AND status = 'pending'";
constexpr std::string_view kInsertRequest =
    "INSERT INTO endorsement_requests (requester, recipient, skill_key, message, status, created_at) "
    "VALUES (?, ?, ?, ?, 'pending', ?) RETURNING id";
constexpr std::string_view kRequestById =
    "SELECT r.id, r.requester, r.recipient, r.skill_key, COALESCE(ms.name, r.skill_key), r.message, r.status, "
    "r.created_at FROM endorsement_requests r "
    "LEFT JOIN member_skills ms ON ms.member_id = r.requester AND ms.skill_key = r.skill_key WHERE r.id = ?";
// Pending requests received, for skills the requester still has.
constexpr std::string_view kReceivedRequests =
    "SELECT r.id, r.requester, r.recipient, r.skill_key, ms.name, r.message, r.status, r.created_at "
    "FROM endorsement_requests r JOIN member_skills ms ON ms.member_id = r.requester AND ms.skill_key = r.skill_key "
    "WHERE r.recipient = ? AND r.status = 'pending' AND (r.created_at, r.id) < (?, ?) "
    "ORDER BY r.created_at DESC, r.id DESC LIMIT ?";
constexpr std::string_view kDismissRequest =
    "UPDATE endorsement_requests SET status = 'dismissed' WHERE id = ? AND recipient = ? AND status = 'pending'";

constexpr int64_t kMaxCursorValue = INT64_MAX;

std::pair<MemberId, MemberId> ordered(MemberId a, MemberId b) { return a < b ? std::pair{a, b} : std::pair{b, a}; }

int current_year(Micros now) {
  std::time_t t = static_cast<std::time_t>(now / kMicrosPerSecond);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return tm.tm_year + 1900;
}

std::optional<int> opt_int(const Row& r, size_t i) {
  if (r.is_null(i)) return std::nullopt;
  return static_cast<int>(r.i64(i));
}

Result<std::vector<int64_t>> page_start(std::string_view cursor) {
  if (cursor.empty()) return std::vector<int64_t>{kMaxCursorValue, kMaxCursorValue};
  return decode_cursor(cursor, 2);
}

// The best shared place of `a` and `b` among rows (member_id, place_id, name, start_year, end_year): the
// overlap that ended last, then the longest, then the name. Empty when they share none in overlapping years.
std::string best_overlap(const store::Rows& rows, MemberId a, MemberId b, int year) {
  std::optional<std::tuple<int, int, std::string>> best;  // (to, length, name); larger wins, name smaller wins
  for (const Row& x : rows) {
    if (x.i64(0) != a) continue;
    for (const Row& y : rows) {
      if (y.i64(0) != b || y.i64(1) != x.i64(1)) continue;
      auto o = network::overlap_years(opt_int(x, 3), opt_int(x, 4), opt_int(y, 3), opt_int(y, 4), year);
      if (!o) continue;
      std::tuple<int, int, std::string> c{o->second, o->second - o->first, x.text(2)};
      if (!best || std::get<0>(c) > std::get<0>(*best) ||
          (std::get<0>(c) == std::get<0>(*best) &&
           (std::get<1>(c) > std::get<1>(*best) ||
            (std::get<1>(c) == std::get<1>(*best) && std::get<2>(c) < std::get<2>(*best))))) {
        best = std::move(c);
      }
    }
  }
  return best ? std::get<2>(*best) : std::string();
}

int relationship_rank(std::string_view r) {
  if (r == "worked_together") return 0;
  if (r == "studied_together") return 1;
  return 2;
}

Endorsement endorsement_from_row(const Row& r) {
  return Endorsement{r.i64(0), r.i64(1), r.i64(2), r.text(3), r.text(4), {r.text(5), r.text(6)}, r.boolean(7),
                     r.i64(8)};
}

EndorsementRequest request_from_row(const Row& r) {
  return EndorsementRequest{r.i64(0), r.i64(1), r.i64(2), r.text(3), r.text(4), r.text(5), r.text(6), r.i64(7)};
}

Error skill_not_found() {
  return Error{ErrorCode::kNotFound, "that skill is not on this profile", "skill", "unknown_skill"};
}

}  // namespace

std::optional<std::string> endorsement_summary(const std::vector<EndorsementGroup>& groups) {
  const EndorsementGroup* best = nullptr;
  for (const EndorsementGroup& g : groups) {
    if (g.count <= 0) continue;
    if (!best || g.count > best->count ||
        (g.count == best->count &&
         (relationship_rank(g.basis.relationship) < relationship_rank(best->basis.relationship) ||
          (relationship_rank(g.basis.relationship) == relationship_rank(best->basis.relationship) &&
           g.basis.context < best->basis.context)))) {
      best = &g;
    }
  }
  if (!best) return std::nullopt;
  const bool one = best->count == 1;
  std::string s = "Endorsed by " + std::to_string(best->count) + " ";
  const std::string& r = best->basis.relationship;
  if (r == "worked_together" && !best->basis.context.empty()) {
    s += (one ? "colleague from " : "colleagues from ") + best->basis.context;
  } else if (r == "studied_together" && !best->basis.context.empty()) {
    s += (one ? "classmate from " : "classmates from ") + best->basis.context;
  } else {
    s += one ? "connection" : "connections";
  }
  return s;
}

EndorsementService::EndorsementService(store::Database& db, const network::NetworkService& network,
                                       const ProfileService& profiles, const Clock& clock)
    : db_(db), network_(network), profiles_(profiles), clock_(clock) {}

std::optional<std::pair<std::string, std::string>> EndorsementService::find_skill(store::Session& s, MemberId member,
                                                                                  std::string_view skill) const {
  const std::string trimmed(text::trim(skill));
  if (trimmed.empty()) return std::nullopt;
  const std::string normalized = profiles_.skill_normalizer()(trimmed).key;
  const std::string folded = text::fold(trimmed);
  std::optional<std::pair<std::string, std::string>> by_name;
  for (const Row& r : s.query(kMemberSkills, {member})) {
    std::string key = r.text(0);
    if (key == trimmed || key == normalized) return std::pair{std::move(key), r.text(1)};
    if (!by_name && text::fold(r.text(1)) == folded) by_name = std::pair{std::move(key), r.text(1)};
  }
  return by_name;
}

EndorsementBasis EndorsementService::basis_in(store::Session& s, MemberId endorser, MemberId member) const {
  const int year = current_year(clock_.now());
  std::string company = best_overlap(s.query(kPositionsOfPair, {endorser, member}), endorser, member, year);
  if (!company.empty()) return {"worked_together", std::move(company)};
  std::string school = best_overlap(s.query(kEducationOfPair, {endorser, member}), endorser, member, year);
  if (!school.empty()) return {"studied_together", std::move(school)};
  return {"connection", ""};
}

bool EndorsementService::skills_visible(store::Session& s, std::optional<MemberId> viewer, MemberId member) const {
  Visibility v = default_visibility("skills");
  if (auto r = s.query_one(kSkillsVisibility, {member})) {
    if (auto parsed = parse_visibility(r->text(0))) v = *parsed;
  }
  return profiles_.may_see(viewer, member, v);
}

Result<EndorsementBasis> EndorsementService::basis(MemberId endorser, MemberId member) const {
  return db_.read<EndorsementBasis>(
      [&](store::Session& s) -> Result<EndorsementBasis> { return basis_in(s, endorser, member); });
}

Result<Endorsement> EndorsementService::endorse(MemberId endorser, MemberId member, std::string_view skill) {
  if (endorser == member) return Error::invalid("handle", "you cannot endorse yourself");
  const Micros now = clock_.now();
  return db_.write<Endorsement>([&](store::WriteTx& tx) -> Result<Endorsement> {
    auto [a, b] = ordered(endorser, member);
    if (!tx.query_one(kConnected, {a, b})) {
      return Error{ErrorCode::kForbidden, "only 1st-degree connections can endorse a member", "handle",
                   "not_connected"};
    }
    auto found = find_skill(tx, member, skill);
    if (!found || !skills_visible(tx, endorser, member)) return skill_not_found();
    Endorsement e;
    e.member = member;
    e.endorser = endorser;
    e.skill_key = found->first;
    e.skill_name = found->second;
    e.basis = basis_in(tx, endorser, member);
    e.created_at = now;
    auto id = tx.query_one(kInsertEndorsement,
                           {member, e.skill_key, endorser, e.basis.relationship, e.basis.context, now});
    if (!id) {
      return Error{ErrorCode::kConflict, "you already endorsed this skill", "skill", "already_endorsed"};
    }
    e.id = id->i64(0);
    tx.exec(kFulfilRequests, {member, endorser, e.skill_key});
    notifications::notify(tx, {.recipient = member, .kind = std::string(notifications::kEndorsement),
                               .actor = endorser, .endorsement_id = e.id, .created_at = now});
    tx.log("endorsement.created", e.id,
           json{{"member", member}, {"endorser", endorser}, {"skill", e.skill_key}}.dump());
    return e;
  });
}

Status EndorsementService::withdraw(MemberId endorser, MemberId member, std::string_view skill) {
  auto r = db_.write<bool>([&](store::WriteTx& tx) -> Result<bool> {
    auto found = find_skill(tx, member, skill);
    if (!found) return skill_not_found();
    if (tx.exec(kDeleteOwnEndorsement, {member, found->first, endorser}) == 0) {
      return Error{ErrorCode::kNotFound, "you have not endorsed this skill", "skill", "not_endorsed"};
    }
    tx.log("endorsement.removed", member,
           json{{"member", member}, {"endorser", endorser}, {"skill", found->first}}.dump());
    return true;
  });
  if (!r.ok()) return std::move(r).error();
  return {};
}

Result<EndorsementPage> EndorsementService::list(std::optional<MemberId> viewer, MemberId member,
                                                 std::string_view skill, int limit, std::string_view cursor) const {
  KRING_ASSIGN_OR_RETURN(std::vector<int64_t> start, page_start(cursor));
  const bool owner = viewer == member;
  return db_.read<EndorsementPage>([&](store::Session& s) -> Result<EndorsementPage> {
    auto found = find_skill(s, member, skill);
    if (!found || !skills_visible(s, viewer, member)) return skill_not_found();
    EndorsementPage page;
    std::vector<EndorsementGroup> groups;
    for (const Row& r : s.query(kSkillGroups, {member, found->first})) {
      groups.push_back({{r.text(0), r.text(1)}, r.i64(2)});
    }
    page.summary = endorsement_summary(groups);
    // Rows hidden from the viewer by a block are skipped, so read on until a page is full.
    std::vector<int64_t> after = start;
    for (;;) {
      const int batch = limit + 1;
      store::Rows rows = s.query(kSkillPage, {member, found->first, owner ? 1 : 0, after[0], after[1], batch});
      for (const Row& r : rows) {
        after = {r.i64(5), r.i64(0)};
        if (viewer && network_.hidden(*viewer, r.i64(1))) continue;
        if (page.items.size() == static_cast<size_t>(limit)) {
          const Endorsement& last = page.items.back();
          page.next_cursor = encode_cursor({last.created_at, last.id});
          return page;
        }
        page.items.push_back(Endorsement{r.i64(0), member, r.i64(1), found->first, found->second,
                                         {r.text(2), r.text(3)}, r.boolean(4), r.i64(5)});
      }
      if (rows.size() < static_cast<size_t>(batch)) return page;
    }
  });
}

Result<std::map<std::string, SkillEndorsementView>> EndorsementService::skill_views(std::optional<MemberId> viewer,
                                                                                    MemberId member) const {
  KRING_ASSIGN_OR_RETURN(auto all, skill_endorsements(member));
  std::map<std::string, SkillEndorsementView> out;
  for (auto& [key, e] : all) out[key] = {e.endorsed_by(viewer), std::move(e.highlight)};
  return out;
}

Result<std::map<std::string, SkillEndorsements>> EndorsementService::skill_endorsements(MemberId member) const {
  using Out = std::map<std::string, SkillEndorsements>;
  return db_.read<Out>([&](store::Session& s) -> Result<Out> {
    std::map<std::string, std::vector<EndorsementGroup>> groups;
    Out out;
    for (const Row& r : s.query(kAllSkillGroups, {member})) groups[r.text(0)].push_back({{r.text(1), r.text(2)}, r.i64(3)});
    for (const auto& [key, g] : groups) out[key].highlight = endorsement_summary(g);
    for (const Row& r : s.query(kEndorsersOf, {member})) out[r.text(0)].endorsers.push_back(r.i64(1));
    for (auto& [key, e] : out) std::sort(e.endorsers.begin(), e.endorsers.end());
    return out;
  });
}

Result<Endorsement> EndorsementService::set_hidden(MemberId me, int64_t id, bool hidden) {
  return db_.write<Endorsement>([&](store::WriteTx& tx) -> Result<Endorsement> {
    if (tx.exec(kSetHidden, {hidden, id, me}) == 0) return Error::not_found("no such endorsement");
    auto row = tx.query_one(kEndorsementById, {id});
    if (!row) return Error::not_found("no such endorsement");
    tx.log("endorsement.updated", id, json{{"member", me}, {"hidden", hidden}}.dump());
    return endorsement_from_row(*row);
  });
}

Status EndorsementService::remove(MemberId me, int64_t id) {
  auto r = db_.write<bool>([&](store::WriteTx& tx) -> Result<bool> {
    if (tx.exec(kDeleteReceived, {id, me}) == 0) return Error::not_found("no such endorsement");
    tx.log("endorsement.removed", me, json{{"member", me}, {"id", id}}.dump());
    return true;
  });
  if (!r.ok()) return std::move(r).error();
  return {};
}

Result<EndorsementRequest> EndorsementService::request(MemberId requester, MemberId recipient, std::string_view skill,
                                                       std::string_view message) {
  if (requester == recipient) return Error::invalid("handle", "you cannot ask yourself for an endorsement");
  KRING_TRY(members::validate_text("message", message, kMaxEndorsementRequestMessage, /*multiline=*/true));
  const std::string text(text::trim(message));
  const Micros now = clock_.now();
  return db_.write<EndorsementRequest>([&](store::WriteTx& tx) -> Result<EndorsementRequest> {
    auto [a, b] = ordered(requester, recipient);
    if (!tx.query_one(kConnected, {a, b})) {
      return Error{ErrorCode::kForbidden, "you can only ask your 1st-degree connections", "handle", "not_connected"};
    }
    auto found = find_skill(tx, requester, skill);
    if (!found) {
      return Error{ErrorCode::kInvalidArgument, "that skill is not on your profile", "skill", "unknown_skill"};
    }
    if (tx.query_one(kAlreadyEndorsed, {requester, found->first, recipient})) {
      return Error{ErrorCode::kConflict, "this member already endorsed that skill", "skill", "already_endorsed"};
    }
    if (tx.query_one(kPendingRequest, {requester, recipient, found->first})) {
      return Error{ErrorCode::kConflict, "you already asked this member about that skill", "skill",
                   "request_pending"};
    }
    int64_t id = tx.query_one(kInsertRequest, {requester, recipient, found->first, text, now})->i64(0);
    tx.log("endorsement_request.created", id,
           json{{"requester", requester}, {"recipient", recipient}, {"skill", found->first}}.dump());
    return EndorsementRequest{id, requester, recipient, found->first, found->second, text, "pending", now};
  });
}

Result<std::pair<std::vector<EndorsementRequest>, std::optional<std::string>>> EndorsementService::requests(
    MemberId me, int limit, std::string_view cursor) const {
  KRING_ASSIGN_OR_RETURN(std::vector<int64_t> start, page_start(cursor));
  using Out = std::pair<std::vector<EndorsementRequest>, std::optional<std::string>>;
  return db_.read<Out>([&](store::Session& s) -> Result<Out> {
    Out out;
    std::vector<int64_t> after = start;
    for (;;) {
      const int batch = limit + 1;
      store::Rows rows = s.query(kReceivedRequests, {me, after[0], after[1], batch});
      for (const Row& r : rows) {
        after = {r.i64(7), r.i64(0)};
        if (network_.hidden(me, r.i64(1))) continue;
        if (out.first.size() == static_cast<size_t>(limit)) {
          const EndorsementRequest& last = out.first.back();
          out.second = encode_cursor({last.created_at, last.id});
          return out;
        }
        out.first.push_back(request_from_row(r));
      }
      if (rows.size() < static_cast<size_t>(batch)) return out;
    }
  });
}

Result<EndorsementRequest> EndorsementService::dismiss_request(MemberId me, int64_t id) {
  return db_.write<EndorsementRequest>([&](store::WriteTx& tx) -> Result<EndorsementRequest> {
    auto row = tx.query_one(kRequestById, {id});
    if (!row || row->i64(2) != me || network_.hidden(me, row->i64(1))) {
      return Error::not_found("no such endorsement request");
    }
    EndorsementRequest req = request_from_row(*row);
    if (req.status == "endorsed") {
      return Error{ErrorCode::kConflict, "you already endorsed this skill", "", "request_closed"};
    }
    if (tx.exec(kDismissRequest, {id, me}) > 0) {
      req.status = "dismissed";
      tx.log("endorsement_request.dismissed", id, json{{"recipient", me}}.dump());
    }
    return req;
  });
}

}  // namespace kring::profiles
