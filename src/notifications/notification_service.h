// Notifications: members learn that something happened to them.
//
// Kinds (the actor is the member who caused it):
//   mention              the actor mentioned the recipient in a post (post_id) or a comment (post_id, comment_id)
//   comment              the actor commented on the recipient's post (post_id, comment_id)
//   reply                the actor replied to the recipient's comment (post_id, comment_id: the reply)
//   reaction             members reacted to the recipient's post (post_id); aggregated, see below
//   invitation_accepted  the actor accepted the recipient's invitation to connect
//   endorsement          the actor endorsed one of the recipient's skills (endorsement_id)
//   introduction         the actor asked the recipient, as intermediary, for an introduction, or the intermediary
//                        forwarded the actor's request to the recipient, the target (introduction_id)
//
// Writing: the domain services call the free functions below inside the write transaction of the action that
// causes a notification, so it commits or vanishes with that action. No change-log entry is written: no index
// follows notifications (the web app polls the unread count, which reads the store). Rules every write obeys:
// nobody is notified about their own action, and nothing is written between two members when either blocked the
// other (read from the `blocks` table inside the transaction, so a block committed before is always seen).
// Callers apply the rules that need the graph: a mention only for members who can see the post.
//
// Reactions aggregate: while the recipient has not read it, one notification per post counts the members
// (other than the author, and not hidden from the author by a block) who reacted since it was first written;
// its actor is the latest of them and its created_at the latest reaction. Once read, the next reaction starts
// a new one. Removing a reaction recounts an unread aggregate (and deletes it at zero).
//
// Deleting: the schema cascades from members, posts, comments, endorsements and introductions; posts.cpp and the
// network service also delete explicitly (remove_for_post, remove_for_comment, remove_between on a block).
//
// Reading (NotificationService): a member's notifications newest first, leaving out those whose actor is gone or
// hidden from the recipient by a block and those whose post the recipient may no longer see (a connections-only
// post after the connection ended). Thread-safe: all state lives in the store and in the indexes it was given.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "graph/graph.h"
#include "members/member_directory.h"
#include "store/database.h"

namespace kring::notifications {

using members::MemberId;

inline constexpr std::string_view kMention = "mention";
inline constexpr std::string_view kComment = "comment";
inline constexpr std::string_view kReply = "reply";
inline constexpr std::string_view kReaction = "reaction";
inline constexpr std::string_view kInvitationAccepted = "invitation_accepted";
inline constexpr std::string_view kEndorsement = "endorsement";
inline constexpr std::string_view kIntroduction = "introduction";

inline constexpr int kMaxMarkRead = 100;       // ids in one mark-read call
inline constexpr int kMaxUnreadCounted = 1000;  // the unread count stops here

struct Notification {
  int64_t id = 0;
  MemberId recipient = 0;
  std::string kind;
  MemberId actor = 0;
  std::optional<int64_t> post_id;
  std::optional<int64_t> comment_id;
  std::optional<int64_t> endorsement_id;
  std::optional<int64_t> introduction_id;
  int64_t count = 1;  // reactions: the members counted; 1 for other kinds
  Micros created_at = 0;
  std::optional<Micros> read_at;
};

// ---- writing, inside the caller's transaction

// Writes `n` (id, count and read_at are ignored) unless recipient == actor or a block separates them. Returns
// whether it wrote. REQUIRES: n.created_at set; the ids it names exist in this transaction.
bool notify(store::WriteTx& tx, const Notification& n);
// After `reactor` added (`added`) or removed a reaction on `post_id` by `author`: starts or recounts the unread
// reaction aggregate (see the file comment).
void reaction_changed(store::WriteTx& tx, int64_t post_id, MemberId author, MemberId reactor, bool added,
                      Micros now);
// Recipients of the mention notifications a post's own text caused (not its comments').
std::vector<MemberId> post_mention_recipients(store::Session& s, int64_t post_id);
// Removes the mention notification of `recipient` for the post's text (an edit took the mention out).
void remove_post_mention(store::WriteTx& tx, int64_t post_id, MemberId recipient);
// Removes every notification about the post (its mentions, comments, replies, reactions).
void remove_for_post(store::WriteTx& tx, int64_t post_id);
// Removes the notifications a comment and its replies caused. Call before deleting the comments.
void remove_for_comment(store::WriteTx& tx, int64_t comment_id);
// Removes the notifications between two members, either way (one blocked the other).
void remove_between(store::WriteTx& tx, MemberId a, MemberId b);

// ---- reading

// A notification as listed, with what its sentence and links need.
struct Item {
  Notification n;
  std::optional<std::string> post_text;   // when post_id is set
  std::optional<std::string> skill_name;  // endorsements: the skill's name on the profile
  bool as_intermediary = false;           // introductions: the recipient is the intermediary (else the target)
};

struct Page {
  std::vector<Item> items;
  std::optional<std::string> next_cursor;
};

// The sentence shown for an item: "Anna de Vries mentioned you in a post", "Anna de Vries and 3 others
// reacted to your post". Pure.
std::string sentence(const Item& item, std::string_view actor_name);

// The first `max` code points of valid UTF-8 `s`, with "…" appended when it was longer. Pure.
std::string excerpt(std::string_view s, size_t max);

class NotificationService {
 public:
  // `hidden(a, b)`: whether a block separates a and b (network::BlockIndex::hidden). REQUIRES: all references
  // outlive the service; `hidden` is thread-safe.
  NotificationService(store::Database& db, const members::MemberDirectory& directory, const graph::Graph& graph,
                      std::function<bool(MemberId, MemberId)> hidden, const Clock& clock);

  // `me`'s notifications newest first (created_at, then id). kInvalidArgument ("cursor") for a bad cursor.
  Result<Page> list(MemberId me, int limit, std::string_view cursor) const;
  // Unread notifications `me` would see in list(), counting at most kMaxUnreadCounted.
  Result<int64_t> unread_count(MemberId me) const;
  // Marks `me`'s notifications among `ids` read; ids that are not `me`'s or already read are ignored.
  Status mark_read(MemberId me, const std::vector<int64_t>& ids);
  Status mark_all_read(MemberId me);

 private:
  bool visible(MemberId me, MemberId actor, std::optional<MemberId> post_author,
               const std::optional<std::string>& post_visibility) const;

  store::Database& db_;
  const members::MemberDirectory& directory_;
  const graph::Graph& graph_;
  std::function<bool(MemberId, MemberId)> hidden_;
  const Clock& clock_;
};

}  // namespace kring::notifications
