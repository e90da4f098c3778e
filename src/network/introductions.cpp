#include "network/introductions.h"

#include <nlohmann/json.hpp>

#include "common/cursor.h"
#include "common/text.h"
#include "members/member_service.h"
#include "notifications/notification_service.h"

namespace kring::network {
namespace {

using store::Row;

constexpr std::string_view kById =
    "SELECT id, requester, intermediary, target, message, status, reply, created_at, updated_at FROM introductions "
    "WHERE id = ?";
constexpr std::string_view kOpenBetween =
    "SELECT id FROM introductions WHERE requester = ? AND target = ? AND status IN ('pending', 'forwarded')";
constexpr std::string_view kInsert =
    "INSERT INTO introductions (requester, intermediary, target, message, status, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, 'pending', ?, ?) RETURNING id";
constexpr std::string_view kSetStatus =
    "UPDATE introductions SET status = ?, reply = ?, updated_at = ? WHERE id = ? AND status = ?";
// The target sees an introduction only once the intermediary forwarded it.
constexpr std::string_view kPage =
    "SELECT id, requester, intermediary, target, message, status, reply, created_at, updated_at FROM introductions "
    "WHERE ((? = 1 AND requester = ?) OR (? = 1 AND intermediary = ?) OR "
    "(? = 1 AND target = ? AND status NOT IN ('pending', 'declined'))) AND (created_at, id) < (?, ?) "
    "ORDER BY created_at DESC, id DESC LIMIT ?";

Introduction from_row(const Row& r) {
  return Introduction{r.i64(0), r.i64(1), r.i64(2), r.i64(3), r.text(4), r.text(5), r.text(6), r.i64(7), r.i64(8)};
}

bool visible_to(const Introduction& in, MemberId me) {
  return in.requester == me || in.intermediary == me ||
         (in.target == me && in.status != "pending" && in.status != "declined");
}

std::string payload(const Introduction& in) {
  return nlohmann::json{{"requester", in.requester}, {"intermediary", in.intermediary}, {"target", in.target},
                        {"status", in.status}}
      .dump();
}

}  // namespace

Result<Introduction> IntroductionService::request(MemberId me, std::string_view target_handle,
                                                  std::string_view via_handle, std::string_view message) {
  auto target = network_.visible_member(me, target_handle);
  if (!target.ok()) return Error{ErrorCode::kNotFound, "no member with that handle", "target", "unknown_member"};
  auto via = network_.visible_member(me, via_handle);
  if (!via.ok()) return Error{ErrorCode::kNotFound, "no member with that handle", "via", "unknown_member"};
  if (*target == me) return Error::invalid("target", "you cannot ask to be introduced to yourself");
  std::string text(text::trim(message));
  if (text.empty()) return Error::invalid("message", "say why you would like to be introduced");
  KRING_TRY(members::validate_text("message", text, kMaxIntroductionMessage, true));
  const graph::Graph& g = network_.graph();
  if (g.connected(me, *target)) {
    return Error{ErrorCode::kConflict, "you are already connected", "target", "already_connected"};
  }
  if (!g.connected(me, *via) || !g.connected(*via, *target) || network_.hidden(*via, *target)) {
    return Error::invalid("via", "the intermediary must be connected to both of you");
  }
  const Micros now = network_.clock().now();
  return network_.db().write<Introduction>([&](store::WriteTx& tx) -> Result<Introduction> {
    if (tx.query_one(kOpenBetween, {me, *target})) {
      return Error{ErrorCode::kConflict, "you already asked for an introduction to this member", "target",
                   "introduction_open"};
    }
    Introduction in{0, me, *via, *target, text, "pending", "", now, now};
    in.id = tx.query_one(kInsert, {me, *via, *target, text, now, now})->i64(0);
    notifications::notify(tx, {.recipient = in.intermediary, .kind = std::string(notifications::kIntroduction),
                               .actor = me, .introduction_id = in.id, .created_at = now});
    tx.log("introduction.created", in.id, payload(in));
    return in;
  });
}

Result<Introduction> IntroductionService::transition(MemberId me, int64_t id, IntroductionRole role,
                                                     std::string_view from, std::string_view to,
                                                     std::string_view reply) {
  const Micros now = network_.clock().now();
  return network_.db().write<Introduction>([&](store::WriteTx& tx) -> Result<Introduction> {
    auto row = tx.query_one(kById, {id});
    if (!row) return Error::not_found("no such introduction");
    Introduction in = from_row(*row);
    if (!visible_to(in, me)) return Error::not_found("no such introduction");
    MemberId actor = role == IntroductionRole::kIntermediary ? in.intermediary
                     : role == IntroductionRole::kTarget     ? in.target
                                                             : in.requester;
    if (actor != me) return Error::forbidden("you cannot do that with this introduction");
    if (in.status != from && !(to == "withdrawn" && in.status == "forwarded")) {
      return Error{ErrorCode::kConflict, "this introduction is " + in.status, "", "introduction_closed"};
    }
    std::string new_reply = role == IntroductionRole::kIntermediary ? std::string(reply) : in.reply;
    tx.exec(kSetStatus, {std::string(to), new_reply, now, id, in.status});
    in.status = std::string(to);
    in.reply = new_reply;
    in.updated_at = now;
    if (to == "accepted") NetworkService::connect_in_tx(tx, in.requester, in.target, now);
    if (to == "forwarded") {  // the request reaches the target
      notifications::notify(tx, {.recipient = in.target, .kind = std::string(notifications::kIntroduction),
                                 .actor = in.requester, .introduction_id = in.id, .created_at = now});
    }
    tx.log("introduction." + std::string(to), id, payload(in));
    return in;
  });
}

Result<Introduction> IntroductionService::forward(MemberId me, int64_t id, std::string_view note) {
  std::string text(text::trim(note));
  KRING_TRY(members::validate_text("note", text, kMaxIntroductionMessage, true));
  return transition(me, id, IntroductionRole::kIntermediary, "pending", "forwarded", text);
}

Result<Introduction> IntroductionService::decline(MemberId me, int64_t id) {
  return transition(me, id, IntroductionRole::kIntermediary, "pending", "declined", "");
}

Result<Introduction> IntroductionService::accept(MemberId me, int64_t id) {
  return transition(me, id, IntroductionRole::kTarget, "forwarded", "accepted", "");
}

Result<Introduction> IntroductionService::reject(MemberId me, int64_t id) {
  return transition(me, id, IntroductionRole::kTarget, "forwarded", "rejected", "");
}

Status IntroductionService::withdraw(MemberId me, int64_t id) {
  auto r = transition(me, id, IntroductionRole::kRequested, "pending", "withdrawn", "");
  if (!r.ok()) return std::move(r).error();
  return {};
}

Result<std::pair<std::vector<Introduction>, std::optional<std::string>>> IntroductionService::list(
    MemberId me, IntroductionRole role, int limit, std::string_view cursor) const {
  std::vector<int64_t> start{INT64_MAX, INT64_MAX};
  if (!cursor.empty()) {
    KRING_ASSIGN_OR_RETURN(start, decode_cursor(cursor, 2));
  }
  const bool all = role == IntroductionRole::kAll;
  const int as_requester = all || role == IntroductionRole::kRequested;
  const int as_intermediary = all || role == IntroductionRole::kIntermediary;
  const int as_target = all || role == IntroductionRole::kTarget;
  using Out = std::pair<std::vector<Introduction>, std::optional<std::string>>;
  return network_.db().read<Out>([&](store::Session& s) -> Result<Out> {
    Out out;
    auto rows = s.query(kPage, {as_requester, me, as_intermediary, me, as_target, me, start[0], start[1], limit + 1});
    for (const Row& r : rows) {
      if (out.first.size() == static_cast<size_t>(limit)) {
        out.second = encode_cursor({out.first.back().created_at, out.first.back().id});
        break;
      }
      out.first.push_back(from_row(r));
    }
    return out;
  });
}

}  // namespace kring::network
