#include "notifications/notification_service.h"

#include <algorithm>
#include <climits>
#include <set>

#include "common/cursor.h"

namespace kring::notifications {
namespace {

using store::Row;

constexpr std::string_view kBlockedEitherWay =
    "SELECT 1 FROM blocks WHERE (blocker = ? AND blocked = ?) OR (blocker = ? AND blocked = ?)";
constexpr std::string_view kInsert =
    "INSERT INTO notifications (recipient_id, kind, actor_id, post_id, comment_id, endorsement_id, introduction_id, "
    "actor_count, first_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)";
constexpr std::string_view kUnreadReactionAggregate =
    "SELECT id, first_at FROM notifications WHERE recipient_id = ? AND kind = 'reaction' AND post_id = ? "
    "AND read_at IS NULL ORDER BY id DESC LIMIT 1";
// The members an aggregate counts: reactions since it started, by others than the author and not hidden from
// the author by a block.
constexpr std::string_view kCountReactors =
    "SELECT COUNT(*) FROM reactions r WHERE r.post_id = ? AND r.member_id <> ? AND r.created_at >= ? "
    "AND NOT EXISTS (SELECT 1 FROM blocks b WHERE (b.blocker = r.member_id AND b.blocked = ?) "
    "OR (b.blocker = ? AND b.blocked = r.member_id))";
constexpr std::string_view kLatestReactor =
    "SELECT r.member_id FROM reactions r WHERE r.post_id = ? AND r.member_id <> ? AND r.created_at >= ? "
    "AND NOT EXISTS (SELECT 1 FROM blocks b WHERE (b.blocker = r.member_id AND b.blocked = ?) "
    "OR (b.blocker = ? AND b.blocked = r.member_id)) ORDER BY r.created_at DESC, r.member_id DESC LIMIT 1";
constexpr std::string_view kUpdateAggregate =
    "UPDATE notifications SET actor_id = ?, actor_count = ?, created_at = ? WHERE id = ?";
constexpr std::string_view kDeleteById = "DELETE FROM notifications WHERE id = ?";
constexpr std::string_view kPostMentionRecipients =
    "SELECT recipient_id FROM notifications WHERE post_id = ? AND kind = 'mention' AND comment_id IS NULL";
constexpr std::string_view kDeletePostMention =
    "DELETE FROM notifications WHERE post_id = ? AND kind = 'mention' AND comment_id IS NULL AND recipient_id = ?";
constexpr std::string_view kDeleteForPost = "DELETE FROM notifications WHERE post_id = ?";
constexpr std::string_view kDeleteForComment =
    "DELETE FROM notifications WHERE comment_id = ? OR comment_id IN (SELECT id FROM comments WHERE parent_id = ?)";
constexpr std::string_view kDeleteBetween =
    "DELETE FROM notifications WHERE (recipient_id = ? AND actor_id = ?) OR (recipient_id = ? AND actor_id = ?)";

// A page of `me`'s notifications before (created_at, id), with what visibility, sentences and links need.
constexpr std::string_view kPage =
    "SELECT n.id, n.kind, n.actor_id, n.post_id, n.comment_id, n.endorsement_id, n.introduction_id, n.actor_count, "
    "n.created_at, n.read_at, p.author_id, p.visibility, p.text, COALESCE(s.name, e.skill_key), i.intermediary "
    "FROM notifications n "
    "LEFT JOIN posts p ON p.id = n.post_id "
    "LEFT JOIN endorsements e ON e.id = n.endorsement_id "
    "LEFT JOIN member_skills s ON s.member_id = e.member_id AND s.skill_key = e.skill_key "
    "LEFT JOIN introductions i ON i.id = n.introduction_id "
    "WHERE n.recipient_id = ? AND (n.created_at < ? OR (n.created_at = ? AND n.id < ?)) "
    "ORDER BY n.created_at DESC, n.id DESC LIMIT ?";
constexpr std::string_view kUnread =
    "SELECT n.actor_id, p.author_id, p.visibility FROM notifications n LEFT JOIN posts p ON p.id = n.post_id "
    "WHERE n.recipient_id = ? AND n.read_at IS NULL ORDER BY n.created_at DESC LIMIT ?";
constexpr std::string_view kMarkAllRead =
    "UPDATE notifications SET read_at = ? WHERE recipient_id = ? AND read_at IS NULL";

bool blocked(store::Session& s, MemberId a, MemberId b) {
  return s.query_one(kBlockedEitherWay, {a, b, b, a}).has_value();
}

}  // namespace

// ---- writing -------------------------------------------------------------------------------------------

bool notify(store::WriteTx& tx, const Notification& n) {
  if (n.recipient == n.actor || blocked(tx, n.recipient, n.actor)) return false;
  tx.exec(kInsert, {n.recipient, n.kind, n.actor, n.post_id, n.comment_id, n.endorsement_id, n.introduction_id,
                    n.created_at, n.created_at});
  return true;
}

void reaction_changed(store::WriteTx& tx, int64_t post_id, MemberId author, MemberId reactor, bool added,
                      Micros now) {
  if (reactor == author) return;
  auto agg = tx.query_one(kUnreadReactionAggregate, {author, post_id});
  if (!agg) {
    if (added) {
      notify(tx, Notification{.recipient = author, .kind = std::string(kReaction), .actor = reactor, .post_id = post_id,
                              .created_at = now});
    }
    return;
  }
  const int64_t id = agg->i64(0);
  const Micros first_at = agg->i64(1);
  const int64_t count = tx.query_one(kCountReactors, {post_id, author, first_at, author, author})->i64(0);
  auto latest = tx.query_one(kLatestReactor, {post_id, author, first_at, author, author});
  if (count == 0 || !latest) {
    tx.exec(kDeleteById, {id});
    return;
  }
  if (added) {
    tx.exec(kUpdateAggregate, {latest->i64(0), count, now, id});
  } else {
    tx.exec("UPDATE notifications SET actor_id = ?, actor_count = ? WHERE id = ?", {latest->i64(0), count, id});
  }
}

std::vector<MemberId> post_mention_recipients(store::Session& s, int64_t post_id) {
  std::vector<MemberId> out;
  for (const Row& r : s.query(kPostMentionRecipients, {post_id})) out.push_back(r.i64(0));
  return out;
}

void remove_post_mention(store::WriteTx& tx, int64_t post_id, MemberId recipient) {
  tx.exec(kDeletePostMention, {post_id, recipient});
}

void remove_for_post(store::WriteTx& tx, int64_t post_id) { tx.exec(kDeleteForPost, {post_id}); }

void remove_for_comment(store::WriteTx& tx, int64_t comment_id) {
  tx.exec(kDeleteForComment, {comment_id, comment_id});
}

void remove_between(store::WriteTx& tx, MemberId a, MemberId b) { tx.exec(kDeleteBetween, {a, b, b, a}); }

// ---- sentences -----------------------------------------------------------------------------------------

std::string sentence(const Item& item, std::string_view actor_name) {
  const Notification& n = item.n;
  std::string who(actor_name);
  if (n.kind == kMention) return who + (n.comment_id ? " mentioned you in a comment" : " mentioned you in a post");
  if (n.kind == kComment) return who + " commented on your post";
  if (n.kind == kReply) return who + " replied to your comment";
  if (n.kind == kReaction) {
    const int64_t others = n.count - 1;
    if (others <= 0) return who + " reacted to your post";
    return who + " and " + std::to_string(others) + (others == 1 ? " other" : " others") + " reacted to your post";
  }
  if (n.kind == kInvitationAccepted) return who + " accepted your invitation to connect";
  if (n.kind == kEndorsement) {
    return item.skill_name ? who + " endorsed you for " + *item.skill_name : who + " endorsed one of your skills";
  }
  if (n.kind == kIntroduction) {
    return item.as_intermediary ? who + " asked you for an introduction" : who + " would like to be introduced to you";
  }
  return who + " did something that concerns you";
}

std::string excerpt(std::string_view s, size_t max) {
  size_t count = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;  // continuation byte
    if (count == max) return std::string(s.substr(0, i)) + "…";
    ++count;
  }
  return std::string(s);
}

// ---- reading -------------------------------------------------------------------------------------------

NotificationService::NotificationService(store::Database& db, const members::MemberDirectory& directory,
                                         const graph::Graph& graph, std::function<bool(MemberId, MemberId)> hidden,
                                         const Clock& clock)
    : db_(db), directory_(directory), graph_(graph), hidden_(std::move(hidden)), clock_(clock) {}

bool NotificationService::visible(MemberId me, MemberId actor, std::optional<MemberId> post_author,
                                  const std::optional<std::string>& post_visibility) const {
  if (!directory_.find(actor) || hidden_(me, actor)) return false;
  if (!post_author) return true;
  if (*post_author == me) return true;
  if (hidden_(me, *post_author)) return false;
  return post_visibility == "anyone" || graph_.connected(me, *post_author);
}

Result<Page> NotificationService::list(MemberId me, int limit, std::string_view cursor) const {
  int64_t before_at = INT64_MAX, before_id = INT64_MAX;
  if (!cursor.empty()) {
    KRING_ASSIGN_OR_RETURN(auto c, decode_cursor(cursor, 2));
    before_at = c[0];
    before_id = c[1];
  }
  return db_.read<Page>([&](store::Session& s) -> Result<Page> {
    Page out;
    const int batch = limit + 1;
    // Hidden items are skipped, so keep reading until a page and one more are known or the list ends.
    for (;;) {
      auto rows = s.query(kPage, {me, before_at, before_at, before_id, batch});
      for (const Row& r : rows) {
        before_at = r.i64(8);
        before_id = r.i64(0);
        // A notification about a post that is gone (the row survives only until the cascade) is skipped.
        if (!r.is_null(3) && r.is_null(10)) continue;
        if (!visible(me, r.i64(2), r.opt_i64(10), r.opt_text(11))) continue;
        Item item;
        item.n.id = r.i64(0);
        item.n.recipient = me;
        item.n.kind = r.text(1);
        item.n.actor = r.i64(2);
        item.n.post_id = r.opt_i64(3);
        item.n.comment_id = r.opt_i64(4);
        item.n.endorsement_id = r.opt_i64(5);
        item.n.introduction_id = r.opt_i64(6);
        item.n.count = r.i64(7);
        item.n.created_at = r.i64(8);
        item.n.read_at = r.opt_i64(9);
        item.post_text = r.opt_text(12);
        item.skill_name = r.opt_text(13);
        item.as_intermediary = !r.is_null(14) && r.i64(14) == me;
        out.items.push_back(std::move(item));
      }
      if (out.items.size() > static_cast<size_t>(limit) || rows.size() < static_cast<size_t>(batch)) break;
    }
    if (out.items.size() > static_cast<size_t>(limit)) {
      out.items.resize(static_cast<size_t>(limit));
      out.next_cursor = encode_cursor({out.items.back().n.created_at, out.items.back().n.id});
    }
    return out;
  });
}

Result<int64_t> NotificationService::unread_count(MemberId me) const {
  return db_.read<int64_t>([&](store::Session& s) -> Result<int64_t> {
    int64_t n = 0;
    for (const Row& r : s.query(kUnread, {me, kMaxUnreadCounted})) {
      if (visible(me, r.i64(0), r.opt_i64(1), r.opt_text(2))) ++n;
    }
    return n;
  });
}

Status NotificationService::mark_read(MemberId me, const std::vector<int64_t>& ids) {
  std::set<int64_t> unique(ids.begin(), ids.end());
  if (unique.empty()) return {};
  if (unique.size() > static_cast<size_t>(kMaxMarkRead)) {
    return Error::invalid("ids", "at most " + std::to_string(kMaxMarkRead) + " ids at a time");
  }
  std::string sql = "UPDATE notifications SET read_at = ? WHERE recipient_id = ? AND read_at IS NULL AND id IN (";
  store::Params params{clock_.now(), me};
  for (int64_t id : unique) {
    sql += params.size() == 2 ? "?" : ", ?";
    params.emplace_back(id);
  }
  sql += ")";
  auto r = db_.write<bool>([&](store::WriteTx& tx) -> Result<bool> {
    tx.exec(sql, params);
    return true;
  });
  if (!r.ok()) return std::move(r).error();
  return {};
}

Status NotificationService::mark_all_read(MemberId me) {
  const Micros now = clock_.now();
  auto r = db_.write<bool>([&](store::WriteTx& tx) -> Result<bool> {
    tx.exec(kMarkAllRead, {now, me});
    return true;
  });
  if (!r.ok()) return std::move(r).error();
  return {};
}

}  // namespace kring::notifications
