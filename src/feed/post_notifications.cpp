// PostService's notifications: who hears about a post's mentions and a comment. Runs inside the post's or
// comment's write transaction (see notifications/notification_service.h for the rules every write obeys).
#include <algorithm>

#include "feed/posts.h"
#include "notifications/notification_service.h"

namespace kring::feed {

using notifications::Notification;

std::vector<MemberId> PostService::mentioned_ids(MemberId author, std::string_view text) const {
  std::vector<MemberId> out;
  for (const auto& h : mentions(author, text)) {
    auto m = network_.directory().find_by_handle(h);
    if (m && m->id != author) out.push_back(m->id);
  }
  return out;
}

void PostService::notify_post_mentions(store::WriteTx& tx, const Post& p, std::optional<std::string_view> old_text,
                                       Micros now) const {
  const std::vector<MemberId> now_mentioned = mentioned_ids(p.author, p.text);
  std::vector<MemberId> skip;
  if (old_text) {
    // An edit: members mentioned before are not notified again; members it no longer mentions lose theirs.
    skip = mentioned_ids(p.author, *old_text);
    for (MemberId m : notifications::post_mention_recipients(tx, p.id)) {
      if (std::find(now_mentioned.begin(), now_mentioned.end(), m) == now_mentioned.end()) {
        notifications::remove_post_mention(tx, p.id, m);
      } else {
        skip.push_back(m);
      }
    }
  }
  for (MemberId m : now_mentioned) {
    if (std::find(skip.begin(), skip.end(), m) != skip.end()) continue;
    if (!can_see(m, p.author, p.visibility)) continue;  // a connections-only post reaches connections only
    notifications::notify(tx, Notification{.recipient = m,
                                           .kind = std::string(notifications::kMention),
                                           .actor = p.author,
                                           .post_id = p.id,
                                           .created_at = now});
  }
}

void PostService::notify_comment(store::WriteTx& tx, const Post& p, const Comment& c,
                                 std::optional<MemberId> replied_to, Micros now) const {
  // One notification per member for a comment, the most specific: a mention, else a reply, else a comment.
  std::vector<MemberId> done{c.author};
  auto send = [&](MemberId to, std::string_view kind) {
    if (std::find(done.begin(), done.end(), to) != done.end()) return;
    done.push_back(to);
    if (!can_see(to, p.author, p.visibility)) return;
    notifications::notify(tx, Notification{.recipient = to,
                                           .kind = std::string(kind),
                                           .actor = c.author,
                                           .post_id = p.id,
                                           .comment_id = c.id,
                                           .created_at = now});
  };
  for (MemberId m : mentioned_ids(c.author, c.text)) send(m, notifications::kMention);
  if (replied_to) send(*replied_to, notifications::kReply);
  send(p.author, notifications::kComment);
}

}  // namespace kring::feed
