#include "network/network_service.h"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "common/cursor.h"
#include "common/text.h"
#include "members/member_service.h"
#include "notifications/notification_service.h"

namespace kring::network {
namespace {

using store::Row;
using store::Rows;


constexpr std::string_view kInvitationById =
    "SELECT id, from_member, to_member, note, status, created_at, responded_at FROM invitations WHERE id = ?";
constexpr std::string_view kPendingBetween =
    "SELECT id, from_member, to_member, note, status, created_at, responded_at FROM invitations "
    "WHERE status = 'pending' AND from_member = ? AND to_member = ?";
constexpr std::string_view kInsertInvitation =
    "INSERT INTO invitations (from_member, to_member, note, status, created_at) VALUES (?, ?, ?, 'pending', ?) "
    "RETURNING id";
constexpr std::string_view kSetInvitationStatus =
    "UPDATE invitations SET status = ?, responded_at = ? WHERE id = ? AND status = 'pending'";
constexpr std::string_view kReceivedPage =
    "SELECT id, from_member, to_member, note, status, created_at, responded_at FROM invitations "
    "WHERE to_member = ? AND status = 'pending' AND (created_at, id) < (?, ?) ORDER BY created_at DESC, id DESC LIMIT ?";
constexpr std::string_view kSentPage =
    "SELECT id, from_member, to_member, note, status, created_at, responded_at FROM invitations "
    "WHERE from_member = ? AND status = 'pending' AND (created_at, id) < (?, ?) ORDER BY created_at DESC, id DESC LIMIT ?";
constexpr std::string_view kSentSince =
    "SELECT COUNT(*) FROM invitations WHERE from_member = ? AND created_at > ?";
constexpr std::string_view kNthSentSince =
    "SELECT created_at FROM invitations WHERE from_member = ? AND created_at > ? ORDER BY created_at LIMIT 1 OFFSET ?";
constexpr std::string_view kAnsweredSince =
    "SELECT status, COUNT(*) FROM invitations WHERE from_member = ? AND created_at > ? "
    "AND status IN ('accepted', 'ignored') GROUP BY status";
constexpr std::string_view kWithdrawPendingBetween =
    "UPDATE invitations SET status = 'withdrawn', responded_at = ? WHERE status = 'pending' "
    "AND ((from_member = ? AND to_member = ?) OR (from_member = ? AND to_member = ?))";
constexpr std::string_view kPendingWith =
    "SELECT from_member, to_member FROM invitations WHERE status = 'pending' AND (from_member = ? OR to_member = ?)";

constexpr std::string_view kInsertConnection =
    "INSERT INTO connections (member_a, member_b, connected_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING";
constexpr std::string_view kDeleteConnection = "DELETE FROM connections WHERE member_a = ? AND member_b = ?";
constexpr std::string_view kConnectedAt = "SELECT connected_at FROM connections WHERE member_a = ? AND member_b = ?";

constexpr std::string_view kInsertFollow =
    "INSERT INTO follows (follower, target_kind, target, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING";
constexpr std::string_view kDeleteFollow = "DELETE FROM follows WHERE follower = ? AND target_kind = ? AND target = ?";
constexpr std::string_view kIsFollowing =
    "SELECT 1 FROM follows WHERE follower = ? AND target_kind = ? AND target = ?";
constexpr std::string_view kFollowerCount = "SELECT COUNT(*) FROM follows WHERE target_kind = ? AND target = ?";
constexpr std::string_view kDeleteMemberFollowsBetween =
    "DELETE FROM follows WHERE target_kind = 'member' AND ((follower = ? AND target = ?) OR (follower = ? AND target = ?))";
constexpr std::string_view kFollowingPage =
    "SELECT target_kind, target, created_at FROM follows WHERE follower = ? AND "
    "(created_at, CAST(CASE target_kind WHEN 'member' THEN 1 ELSE 0 END AS BIGINT), target) < (?, ?, ?) "
    "ORDER BY created_at DESC, CASE target_kind WHEN 'member' THEN 1 ELSE 0 END DESC, target DESC LIMIT ?";

constexpr std::string_view kInsertBlock =
    "INSERT INTO blocks (blocker, blocked, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING";
constexpr std::string_view kDeleteBlock = "DELETE FROM blocks WHERE blocker = ? AND blocked = ?";
constexpr std::string_view kIsBlocked = "SELECT 1 FROM blocks WHERE blocker = ? AND blocked = ?";
constexpr std::string_view kBlockedPage =
    "SELECT blocked, created_at FROM blocks WHERE blocker = ? AND (created_at, blocked) < (?, ?) "
    "ORDER BY created_at DESC, blocked DESC LIMIT ?";
constexpr std::string_view kWithdrawIntroductionsBetween =
    "UPDATE introductions SET status = 'withdrawn', updated_at = ? WHERE status IN ('pending', 'forwarded') AND "
    "((requester = ? AND target = ?) OR (requester = ? AND target = ?) OR (requester = ? AND intermediary = ?) OR "
    "(requester = ? AND intermediary = ?))";

// A block removes the endorsements between the two members (either direction) and pending requests for them.
constexpr std::string_view kDeleteEndorsementsBetween =
    "DELETE FROM endorsements WHERE (member_id = ? AND endorser_id = ?) OR (member_id = ? AND endorser_id = ?)";
constexpr std::string_view kDeletePendingEndorsementRequestsBetween =
    "DELETE FROM endorsement_requests WHERE status = 'pending' AND "
    "((requester = ? AND recipient = ?) OR (requester = ? AND recipient = ?))";

constexpr std::string_view kInsertDismissal =
    "INSERT INTO dismissed_suggestions (member_id, dismissed, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING";
constexpr std::string_view kDismissed = "SELECT dismissed FROM dismissed_suggestions WHERE member_id = ?";

constexpr std::string_view kHideConnections = "SELECT hide_connections FROM member_settings WHERE member_id = ?";
constexpr std::string_view kSetHideConnections =
    "INSERT INTO member_settings (member_id, hide_connections, updated_at) VALUES (?, ?, ?) "
    "ON CONFLICT (member_id) DO UPDATE SET hide_connections = excluded.hide_connections, updated_at = excluded.updated_at";

constexpr std::string_view kIntroductionsMade =
    "SELECT COUNT(*) FROM introductions WHERE intermediary = ? AND status IN ('forwarded', 'accepted', 'rejected')";
constexpr std::string_view kIntroductionsAsked = "SELECT COUNT(*) FROM introductions WHERE requester = ?";

constexpr std::string_view kCompanyByHandle = "SELECT id, handle, name, country, city FROM companies WHERE handle = ?";
constexpr std::string_view kCompanyById = "SELECT id, handle, name, country, city FROM companies WHERE id = ?";

constexpr int64_t kMaxCursorValue = INT64_MAX;
constexpr Micros kRecordWindow = 90LL * 24 * 3600 * kMicrosPerSecond;

Invitation invitation_from_row(const Row& r) {
  return Invitation{r.i64(0), r.i64(1), r.i64(2), r.text(3), r.text(4), r.i64(5), r.opt_i64(6)};
}

std::pair<MemberId, MemberId> ordered(MemberId a, MemberId b) { return a < b ? std::pair{a, b} : std::pair{b, a}; }

Error hidden_or_unknown(std::string field) {
  return Error{ErrorCode::kNotFound, "no member with that handle", std::move(field), "unknown_member"};
}

// Cursor of `n` integers, or the start of the list when empty.
Result<std::vector<int64_t>> page_start(std::string_view cursor, size_t n) {
  if (cursor.empty()) return std::vector<int64_t>(n, kMaxCursorValue);
  return decode_cursor(cursor, n);
}

}  // namespace

int effective_invitation_limit(int configured, int minimum, int accepted, int ignored) {
  const int answered = accepted + ignored;
  if (answered < 10 || ignored * 2 <= answered) return configured;
  double accepted_share = static_cast<double>(accepted) / answered;
  int lowered = static_cast<int>(std::lround(configured * 2 * accepted_share));
  return std::clamp(lowered, std::min(minimum, configured), configured);
}

NetworkService::NetworkService(store::Database& db, const members::MemberDirectory& directory,
                               const graph::Graph& graph, const BlockIndex& blocks, const Clock& clock,
                               NetworkConfig config)
    : db_(db), directory_(directory), graph_(graph), blocks_(blocks), clock_(clock), config_(config) {}

Result<MemberId> NetworkService::visible_member(std::optional<MemberId> viewer, std::string_view handle) const {
  auto m = directory_.find_by_handle(text::fold(handle));
  if (!m) return hidden_or_unknown("handle");
  if (viewer && blocks_.hidden(*viewer, m->id)) return hidden_or_unknown("handle");
  return m->id;
}

std::optional<int> NetworkService::degree(std::optional<MemberId> viewer, MemberId target) const {
  if (!viewer) return std::nullopt;
  return graph_.degree(*viewer, target, 3);
}

void NetworkService::connect_in_tx(store::WriteTx& tx, MemberId a, MemberId b, Micros at) {
  auto [x, y] = ordered(a, b);
  if (tx.exec(kInsertConnection, {x, y, at}) > 0) {
    tx.log("connection.created", x, nlohmann::json{{"a", x}, {"b", y}, {"at", at}}.dump());
  }
}

// ---- invitations ---------------------------------------------------------------------------------------

Result<Invitation> NetworkService::invite(MemberId from, std::string_view to_handle, std::string_view note) {
  auto to_member = directory_.find_by_handle(text::fold(to_handle));
  if (!to_member || blocks_.hidden(from, to_member->id)) return hidden_or_unknown("to");
  const MemberId to = to_member->id;
  if (to == from) return Error::invalid("to", "you cannot invite yourself");
  KRING_TRY(members::validate_text("note", note, kMaxNoteLength, /*multiline=*/true));
  std::string note_text(text::trim(note));
  if (graph_.connected(from, to)) {
    return Error{ErrorCode::kConflict, "you are already connected", "to", "already_connected"};
  }
  const std::optional<int> d = graph_.degree(from, to, 3);
  const Micros now = clock_.now();
  const int configured = config_.invitations_per_week;
  const int minimum = config_.min_invitations_per_week;
  return db_.write<Invitation>([&](store::WriteTx& tx) -> Result<Invitation> {
    // Their pending invitation to us: inviting back accepts it.
    if (auto theirs = tx.query_one(kPendingBetween, {to, from})) {
      Invitation inv = invitation_from_row(*theirs);
      tx.exec(kSetInvitationStatus, {"accepted", now, inv.id});
      connect_in_tx(tx, from, to, now);
      notifications::notify(tx, {.recipient = inv.from, .kind = std::string(notifications::kInvitationAccepted),
                                 .actor = inv.to, .created_at = now});
      tx.log("invitation.accepted", inv.id, nlohmann::json{{"from", inv.from}, {"to", inv.to}}.dump());
      inv.status = "accepted";
      inv.responded_at = now;
      return inv;
    }
    if (tx.query_one(kPendingBetween, {from, to})) {
      return Error{ErrorCode::kConflict, "you already invited this member", "to", "invitation_pending"};
    }
    if ((!d || *d >= 3) && note_text.empty()) {
      return Error{ErrorCode::kInvalidArgument,
                   "add a note saying how you know each other: you have no mutual connections", "note",
                   "note_required"};
    }
    // The weekly limit, lowered for senders whose invitations are mostly ignored.
    int accepted = 0, ignored = 0;
    for (const Row& r : tx.query(kAnsweredSince, {from, now - kRecordWindow})) {
      (r.text(0) == "accepted" ? accepted : ignored) = static_cast<int>(r.i64(1));
    }
    const int limit = effective_invitation_limit(configured, minimum, accepted, ignored);
    const int64_t used = tx.query_one(kSentSince, {from, now - kInvitationWindow})->i64(0);
    if (used >= limit) {
      int retry = 3600;
      if (auto oldest = tx.query_one(kNthSentSince, {from, now - kInvitationWindow, used - limit})) {
        retry = static_cast<int>(std::max<Micros>(1, (oldest->i64(0) + kInvitationWindow - now) / kMicrosPerSecond + 1));
      }
      Error e = Error::too_many("you have sent " + std::to_string(used) + " invitations this week, your limit is " +
                                    std::to_string(limit),
                                retry);
      e.api_code = "invitation_limit";
      return e;
    }
    int64_t id = tx.query_one(kInsertInvitation, {from, to, note_text, now})->i64(0);
    tx.log("invitation.created", id, nlohmann::json{{"from", from}, {"to", to}}.dump());
    return Invitation{id, from, to, note_text, "pending", now, std::nullopt};
  });
}

Result<Invitation> NetworkService::respond(MemberId me, int64_t id, bool accept) {
  const Micros now = clock_.now();
  return db_.write<Invitation>([&](store::WriteTx& tx) -> Result<Invitation> {
    auto row = tx.query_one(kInvitationById, {id});
    if (!row) return Error::not_found("no such invitation");
    Invitation inv = invitation_from_row(*row);
    if (inv.to != me && inv.from != me) return Error::not_found("no such invitation");
    if (inv.to != me) return Error::forbidden("only the invited member can answer an invitation");
    if (inv.status != "pending") {
      return Error{ErrorCode::kConflict, "this invitation was already " + inv.status, "", "invitation_closed"};
    }
    inv.status = accept ? "accepted" : "ignored";
    inv.responded_at = now;
    tx.exec(kSetInvitationStatus, {inv.status, now, id});
    if (accept) {
      connect_in_tx(tx, inv.from, inv.to, now);
      notifications::notify(tx, {.recipient = inv.from, .kind = std::string(notifications::kInvitationAccepted),
                                 .actor = inv.to, .created_at = now});
      // A crossing invitation the other way is settled by this one.
      if (auto crossing = tx.query_one(kPendingBetween, {inv.to, inv.from})) {
        tx.exec(kSetInvitationStatus, {"accepted", now, crossing->i64(0)});
      }
    }
    tx.log(accept ? "invitation.accepted" : "invitation.ignored", id,
           nlohmann::json{{"from", inv.from}, {"to", inv.to}}.dump());
    return inv;
  });
}

Result<Invitation> NetworkService::accept(MemberId me, int64_t id) { return respond(me, id, true); }
Result<Invitation> NetworkService::ignore(MemberId me, int64_t id) { return respond(me, id, false); }

Status NetworkService::withdraw(MemberId me, int64_t id) {
  const Micros now = clock_.now();
  auto r = db_.write<bool>([&](store::WriteTx& tx) -> Result<bool> {
    auto row = tx.query_one(kInvitationById, {id});
    if (!row) return Error::not_found("no such invitation");
    Invitation inv = invitation_from_row(*row);
    if (inv.to != me && inv.from != me) return Error::not_found("no such invitation");
    if (inv.from != me) return Error::forbidden("only the sender can withdraw an invitation");
    if (inv.status != "pending") {
      return Error{ErrorCode::kConflict, "this invitation was already " + inv.status, "", "invitation_closed"};
    }
    tx.exec(kSetInvitationStatus, {"withdrawn", now, id});
    tx.log("invitation.withdrawn", id, nlohmann::json{{"from", inv.from}, {"to", inv.to}}.dump());
    return true;
  });
  if (!r.ok()) return std::move(r).error();
  return {};
}

Result<std::pair<std::vector<Invitation>, std::optional<std::string>>> NetworkService::invitations(
    MemberId me, bool received, int limit, std::string_view cursor) const {
  KRING_ASSIGN_OR_RETURN(std::vector<int64_t> start, page_start(cursor, 2));
  using Out = std::pair<std::vector<Invitation>, std::optional<std::string>>;
  return db_.read<Out>([&](store::Session& s) -> Result<Out> {
    Out out;
    Rows rows = s.query(received ? kReceivedPage : kSentPage, {me, start[0], start[1], limit + 1});
    for (const Row& r : rows) {
      if (out.first.size() == static_cast<size_t>(limit)) {
        const Invitation& last = out.first.back();
        out.second = encode_cursor({last.created_at, last.id});
        break;
      }
      Invitation inv = invitation_from_row(r);
      if (blocks_.hidden(inv.from, inv.to)) continue;
      out.first.push_back(std::move(inv));
    }
    return out;
  });
}

Result<InvitationLimit> NetworkService::invitation_limit(MemberId me) const {
  const Micros now = clock_.now();
  return db_.read<InvitationLimit>([&](store::Session& s) -> Result<InvitationLimit> {
    int accepted = 0, ignored = 0;
    for (const Row& r : s.query(kAnsweredSince, {me, now - kRecordWindow})) {
      (r.text(0) == "accepted" ? accepted : ignored) = static_cast<int>(r.i64(1));
    }
    InvitationLimit l;
    l.limit = effective_invitation_limit(config_.invitations_per_week, config_.min_invitations_per_week, accepted,
                                         ignored);
    if (l.limit < config_.invitations_per_week) {
      l.reason = "most of your recent invitations were ignored; add a note saying how you know each other";
    }
    l.used = static_cast<int>(s.query_one(kSentSince, {me, now - kInvitationWindow})->i64(0));
    l.remaining = std::max(0, l.limit - l.used);
    if (l.remaining == 0) {
      if (auto oldest = s.query_one(kNthSentSince, {me, now - kInvitationWindow, l.used - l.limit})) {
        l.retry_after_seconds =
            static_cast<int>(std::max<Micros>(1, (oldest->i64(0) + kInvitationWindow - now) / kMicrosPerSecond + 1));
      }
    }
    return l;
  });
}

// ---- connections ---------------------------------------------------------------------------------------

Status NetworkService::remove_connection(MemberId me, std::string_view other_handle) {
  KRING_ASSIGN_OR_RETURN(MemberId other, visible_member(me, other_handle));
  auto [a, b] = ordered(me, other);
  auto r = db_.write<bool>([&](store::WriteTx& tx) -> Result<bool> {
    if (tx.exec(kDeleteConnection, {a, b}) == 0) {
      return Error{ErrorCode::kNotFound, "you are not connected to this member", "handle", "not_connected"};
    }
    tx.log("connection.removed", a, nlohmann::json{{"a", a}, {"b", b}}.dump());
    return true;
  });
  if (!r.ok()) return std::move(r).error();
  return {};
}

Result<ConnectionsResult> NetworkService::connections(std::optional<MemberId> viewer, MemberId member, int limit,
                                                      std::string_view cursor, std::string_view query) const {
  if (viewer != member) {
    if (!viewer || !graph_.connected(*viewer, member)) {
      return Error::forbidden("only the member and their connections can see this list");
    }
    KRING_ASSIGN_OR_RETURN(bool hide, hides_connections(member));
    if (hide) return Error::forbidden("this member keeps their connections private");
  }
  std::optional<graph::PageCursor> after;
  if (!cursor.empty()) {
    KRING_ASSIGN_OR_RETURN(std::vector<int64_t> c, decode_cursor(cursor, 2));
    after = graph::PageCursor{c[0], c[1]};
  }
  const std::string needle = text::fold(text::trim(query));
  ConnectionsResult out;
  // Pages from the graph, filtered (hidden members, name query) until limit + 1 items are known.
  const size_t batch = needle.empty() ? static_cast<size_t>(limit) + 1 : 512;
  for (;;) {
    graph::ConnectionsPage page = graph_.connections_page(member, batch, after);
    for (const graph::Connection& c : page.items) {
      after = graph::PageCursor{c.connected_at, c.member};
      if (viewer && blocks_.hidden(*viewer, c.member)) continue;
      auto m = directory_.find(c.member);
      if (!m) continue;
      if (!needle.empty() && text::fold(m->first_name + " " + m->last_name).find(needle) == std::string::npos) continue;
      if (out.items.size() == static_cast<size_t>(limit)) {
        const ConnectionItem& last = out.items.back();
        out.next_cursor = encode_cursor({last.connected_at, last.member});
        return out;
      }
      out.items.push_back({c.member, c.connected_at});
    }
    if (!page.next) return out;
  }
}

Result<std::pair<std::vector<MemberId>, size_t>> NetworkService::mutual_connections(MemberId viewer, MemberId member,
                                                                                    size_t limit) const {
  std::vector<MemberId> all = graph_.mutual_connections(viewer, member, SIZE_MAX);
  std::vector<MemberId> out;
  size_t count = 0;
  for (MemberId m : all) {
    if (blocks_.hidden(viewer, m) || !directory_.find(m)) continue;
    ++count;
    if (out.size() < limit) out.push_back(m);
  }
  return std::pair{std::move(out), count};
}

std::optional<std::vector<MemberId>> NetworkService::path(MemberId viewer, MemberId a, MemberId b) const {
  std::vector<MemberId> avoid = blocks_.hidden_from(viewer);
  return graph_.shortest_path(a, b, avoid);
}

graph::NetworkSize NetworkService::network_size(MemberId m) const { return graph_.network_size(m); }

// ---- profile relationship and counts -------------------------------------------------------------------

Result<Relationship> NetworkService::relationship(MemberId viewer, MemberId member) const {
  return db_.read<Relationship>([&](store::Session& s) -> Result<Relationship> {
    Relationship rel;
    auto [a, b] = ordered(viewer, member);
    if (auto r = s.query_one(kConnectedAt, {a, b})) {
      rel.connected = true;
      rel.connected_at = r->i64(0);
    }
    if (auto r = s.query_one(kPendingBetween, {viewer, member})) rel.invitation = invitation_from_row(*r);
    else if (auto r2 = s.query_one(kPendingBetween, {member, viewer})) rel.invitation = invitation_from_row(*r2);
    rel.following = s.query_one(kIsFollowing, {viewer, "member", member}).has_value();
    rel.blocked = s.query_one(kIsBlocked, {viewer, member}).has_value();
    rel.mutual_count = graph_.mutual_count(viewer, member);
    return rel;
  });
}

Result<NetworkCounts> NetworkService::counts(MemberId member) const {
  return db_.read<NetworkCounts>([&](store::Session& s) -> Result<NetworkCounts> {
    NetworkCounts c;
    c.connections = graph_.connection_count(member);
    c.followers = s.query_one(kFollowerCount, {"member", member})->i64(0);
    c.introductions_made = s.query_one(kIntroductionsMade, {member})->i64(0);
    c.introductions_asked = s.query_one(kIntroductionsAsked, {member})->i64(0);
    return c;
  });
}

// ---- follows, blocks, dismissals, settings -------------------------------------------------------------

namespace {
Status follow_target(store::Database& db, MemberId me, std::string_view kind, int64_t target, bool follow, Micros now) {
  auto r = db.write<bool>([&](store::WriteTx& tx) -> Result<bool> {
    const bool changed = follow ? tx.exec(kInsertFollow, {me, kind, target, now}) > 0
                                : tx.exec(kDeleteFollow, {me, kind, target}) > 0;
    if (changed) {
      tx.log(follow ? "follow.created" : "follow.removed", me,
             nlohmann::json{{"follower", me}, {"kind", kind}, {"target", target}}.dump());
    }
    return true;
  });
  if (!r.ok()) return std::move(r).error();
  return {};
}
}  // namespace

Status NetworkService::follow_member(MemberId me, std::string_view handle, bool follow) {
  KRING_ASSIGN_OR_RETURN(MemberId target, visible_member(me, handle));
  if (target == me) return Error::invalid("handle", "you cannot follow yourself");
  return follow_target(db_, me, "member", target, follow, clock_.now());
}

Status NetworkService::follow_company(MemberId me, std::string_view handle, bool follow) {
  KRING_ASSIGN_OR_RETURN(Company c, company(handle));
  return follow_target(db_, me, "company", c.id, follow, clock_.now());
}

Status NetworkService::block(MemberId me, std::string_view handle, bool block) {
  auto target_member = directory_.find_by_handle(text::fold(handle));
  if (!target_member) return hidden_or_unknown("handle");
  const MemberId target = target_member->id;
  // A member blocked by the target cannot tell: blocking them back works, unblocking is a no-op.
  if (target == me) return Error::invalid("handle", "you cannot block yourself");
  const Micros now = clock_.now();
  auto r = db_.write<bool>([&](store::WriteTx& tx) -> Result<bool> {
    if (!block) {
      if (tx.exec(kDeleteBlock, {me, target}) > 0) {
        tx.log("block.removed", me, nlohmann::json{{"blocker", me}, {"blocked", target}}.dump());
      }
      return true;
    }
    if (tx.exec(kInsertBlock, {me, target, now}) == 0) return true;
    auto [a, b] = ordered(me, target);
    if (tx.exec(kDeleteConnection, {a, b}) > 0) {
      tx.log("connection.removed", a, nlohmann::json{{"a", a}, {"b", b}}.dump());
    }
    tx.exec(kWithdrawPendingBetween, {now, me, target, target, me});
    tx.exec(kDeleteMemberFollowsBetween, {me, target, target, me});
    tx.exec(kWithdrawIntroductionsBetween, {now, me, target, target, me, me, target, target, me});
    tx.exec(kDeleteEndorsementsBetween, {me, target, target, me});
    tx.exec(kDeletePendingEndorsementRequestsBetween, {me, target, target, me});
    notifications::remove_between(tx, me, target);
    tx.log("block.created", me, nlohmann::json{{"blocker", me}, {"blocked", target}}.dump());
    return true;
  });
  if (!r.ok()) return std::move(r).error();
  return {};
}

Status NetworkService::dismiss_suggestion(MemberId me, std::string_view handle) {
  KRING_ASSIGN_OR_RETURN(MemberId target, visible_member(me, handle));
  if (target == me) return Error::invalid("handle", "you cannot dismiss yourself");
  const Micros now = clock_.now();
  auto r = db_.write<bool>([&](store::WriteTx& tx) -> Result<bool> {
    tx.exec(kInsertDismissal, {me, target, now});
    return true;
  });
  if (!r.ok()) return std::move(r).error();
  return {};
}

Result<std::pair<std::vector<FollowItem>, std::optional<std::string>>> NetworkService::following(
    MemberId me, int limit, std::string_view cursor) const {
  KRING_ASSIGN_OR_RETURN(std::vector<int64_t> start, page_start(cursor, 3));
  using Out = std::pair<std::vector<FollowItem>, std::optional<std::string>>;
  return db_.read<Out>([&](store::Session& s) -> Result<Out> {
    Out out;
    Rows rows = s.query(kFollowingPage, {me, start[0], start[1], start[2], limit + 1});
    std::vector<int64_t> last;
    for (const Row& r : rows) {
      if (out.first.size() == static_cast<size_t>(limit)) {
        out.second = encode_cursor(last);
        break;
      }
      std::string kind = r.text(0);
      last = {r.i64(2), kind == "member" ? 1 : 0, r.i64(1)};
      if (kind == "member" && (blocks_.hidden(me, r.i64(1)) || !directory_.find(r.i64(1)))) continue;
      out.first.push_back({std::move(kind), r.i64(1)});
    }
    return out;
  });
}

Result<std::pair<std::vector<MemberId>, std::optional<std::string>>> NetworkService::blocked(
    MemberId me, int limit, std::string_view cursor) const {
  KRING_ASSIGN_OR_RETURN(std::vector<int64_t> start, page_start(cursor, 2));
  using Out = std::pair<std::vector<MemberId>, std::optional<std::string>>;
  return db_.read<Out>([&](store::Session& s) -> Result<Out> {
    Out out;
    Rows rows = s.query(kBlockedPage, {me, start[0], start[1], limit + 1});
    for (size_t i = 0; i < rows.size(); ++i) {
      if (i == static_cast<size_t>(limit)) {
        out.second = encode_cursor({rows[i - 1].i64(1), rows[i - 1].i64(0)});
        break;
      }
      out.first.push_back(rows[i].i64(0));
    }
    return out;
  });
}

Result<bool> NetworkService::hides_connections(MemberId member) const {
  return db_.read<bool>([&](store::Session& s) -> Result<bool> {
    auto r = s.query_one(kHideConnections, {member});
    return r && r->boolean(0);
  });
}

Status NetworkService::set_hide_connections(MemberId me, bool hide) {
  const Micros now = clock_.now();
  auto r = db_.write<bool>([&](store::WriteTx& tx) -> Result<bool> {
    tx.exec(kSetHideConnections, {me, hide, now});
    return true;
  });
  if (!r.ok()) return std::move(r).error();
  return {};
}

// ---- companies -----------------------------------------------------------------------------------------

namespace {
Company company_from_row(const Row& r) { return Company{r.i64(0), r.text(1), r.text(2), r.text(3), r.text(4)}; }
}  // namespace

Result<Company> NetworkService::company(std::string_view handle) const {
  std::string key = text::fold(handle);
  return db_.read<Company>([&](store::Session& s) -> Result<Company> {
    auto r = s.query_one(kCompanyByHandle, {key});
    if (!r) return Error{ErrorCode::kNotFound, "no company with that handle", "handle", "unknown_company"};
    return company_from_row(*r);
  });
}

Result<Company> NetworkService::company_by_id(int64_t id) const {
  return db_.read<Company>([&](store::Session& s) -> Result<Company> {
    auto r = s.query_one(kCompanyById, {id});
    if (!r) return Error::not_found("no such company");
    return company_from_row(*r);
  });
}

Result<std::pair<int64_t, bool>> NetworkService::company_followers(int64_t company_id,
                                                                  std::optional<MemberId> viewer) const {
  return db_.read<std::pair<int64_t, bool>>([&](store::Session& s) -> Result<std::pair<int64_t, bool>> {
    int64_t n = s.query_one(kFollowerCount, {"company", company_id})->i64(0);
    bool following = viewer && s.query_one(kIsFollowing, {*viewer, "company", company_id}).has_value();
    return std::pair{n, following};
  });
}

Result<std::vector<MemberId>> NetworkService::suggestion_exclusions(MemberId me) const {
  std::vector<MemberId> out = blocks_.hidden_from(me);
  auto r = db_.read<bool>([&](store::Session& s) -> Result<bool> {
    for (const Row& row : s.query(kPendingWith, {me, me})) out.push_back(row.i64(0) == me ? row.i64(1) : row.i64(0));
    for (const Row& row : s.query(kDismissed, {me})) out.push_back(row.i64(0));
    return true;
  });
  if (!r.ok()) return std::move(r).error();
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace kring::network
