// Posts and the conversation around them: writing, editing and deleting posts (with reshares), reactions
// (one per member per post, changeable) and comments with one level of replies.
//
// Visibility: a post with visibility "anyone" is visible to everyone, anonymous viewers included; "connections"
// to its author and the author's 1st-degree connections. A block between viewer and author hides the post
// either way. Every operation on a post the viewer may not see answers kNotFound, so the API never reveals it.
//
// Text: valid UTF-8 without control characters other than tab and newlines; stored verbatim (zero-width and
// right-to-left characters, emoji). Lengths are in code points. Mentions (`@handle` of an existing member not
// hidden from the author by a block) and hashtags (`#tag`, folded) are parsed server-side: hashtags are
// stored in post_hashtags, mentions are derived from the text when it is read.
//
// Writes are one transaction each; post writes log post.created / post.updated / post.deleted with
// {"id","author"}; reactions log reaction.created / reaction.updated / reaction.removed with
// {"post","member","type","author","at"} and comments comment.created / comment.deleted with
// {"id","post","member","author","at"} (one per reply deleted with its comment; deleting a post logs only
// post.deleted), so the feed index follows engagement. Thread-safe (all state lives in the store and the
// indexes it was given).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "network/network_service.h"
#include "store/database.h"

namespace kring::feed {

using members::MemberId;

inline constexpr size_t kMaxPostLength = 3000;     // code points
inline constexpr size_t kMaxCommentLength = 1250;  // code points
inline constexpr size_t kMaxHashtagLength = 100;   // bytes, after folding
inline constexpr int kRepliesShown = 3;

// The reaction types, in display order.
const std::vector<std::string>& reaction_types();
bool is_reaction_type(std::string_view type);

// `@handle` tokens in `text` (lower-cased, in order of first appearance, no duplicates). A mention starts at
// the beginning of the text or after a character that is not a letter, digit, '.', '_' or '-' (so e-mail
// addresses are not mentions).
std::vector<std::string> parse_mention_handles(std::string_view text);
// `#tag` tokens in `text`, folded (text::fold), in order of first appearance, no duplicates. A tag runs over
// ASCII letters, digits and '_' and over non-ASCII letters; punctuation, spaces and zero-width characters end
// it. Tags of digits only ("#1") are not hashtags.
std::vector<std::string> parse_hashtags(std::string_view text);

struct Post {
  int64_t id = 0;
  MemberId author = 0;
  std::string text;
  std::string visibility;  // anyone, connections
  std::optional<int64_t> reshare_of;
  Micros created_at = 0;
  std::optional<Micros> edited_at;
  std::vector<std::string> mentions;  // handles
  std::vector<std::string> hashtags;
  std::map<std::string, int64_t> reaction_counts;  // only types with at least one reaction
  int64_t comment_count = 0;                       // comments and replies
  std::optional<std::string> my_reaction;
};

struct Comment {
  int64_t id = 0;
  int64_t post_id = 0;
  MemberId author = 0;
  std::optional<int64_t> parent;  // the top-level comment a reply belongs to
  std::string text;
  Micros created_at = 0;
  std::vector<Comment> replies;  // top-level comments in a listing: the newest kRepliesShown, oldest first
  int64_t reply_count = 0;
};

template <typename T>
struct Paged {
  std::vector<T> items;
  std::optional<std::string> next_cursor;
};

struct ReactionResult {
  bool created = false;  // false when an existing reaction was changed (or set to the same type)
  std::string type;
  std::map<std::string, int64_t> reaction_counts;
};

class PostService {
 public:
  // REQUIRES: all references outlive the service.
  PostService(store::Database& db, const network::NetworkService& network, const Clock& clock);

  // Errors: kInvalidArgument ("text", "visibility", "reshare_of") for bad text, an unknown visibility or a
  // reshare of a connections-only post; kNotFound when the reshared post does not exist or is hidden.
  // Text may be empty only for a reshare.
  Result<Post> create(MemberId author, std::string_view text, std::string_view visibility,
                      std::optional<int64_t> reshare_of);
  Result<Post> get(std::optional<MemberId> viewer, int64_t id) const;
  // Author only: kForbidden for others who can see the post, kNotFound for those who cannot.
  Result<Post> edit(MemberId me, int64_t id, std::string_view text);
  Status remove(MemberId me, int64_t id);

  Result<ReactionResult> react(MemberId me, int64_t post_id, std::string_view type);
  // kNotFound when the post is hidden; removing a reaction that does not exist is not an error.
  Status unreact(MemberId me, int64_t post_id);

  // A reply to a reply attaches to the top-level comment. kNotFound ("parent") when the parent is not a
  // comment on this post.
  Result<Comment> comment(MemberId me, int64_t post_id, std::string_view text, std::optional<int64_t> parent);
  // Top-level comments oldest first, each with its newest replies and reply count.
  Result<Paged<Comment>> comments(std::optional<MemberId> viewer, int64_t post_id, int limit,
                                  std::string_view cursor) const;
  // By the comment's author or the post's author (replies go with a top-level comment).
  Status delete_comment(MemberId me, int64_t comment_id);

  // `author`'s posts that `viewer` may see, newest first. REQUIRES: author visible to viewer (not blocked).
  Result<Paged<Post>> member_posts(std::optional<MemberId> viewer, MemberId author, int limit,
                                   std::string_view cursor) const;

  // Whether `viewer` may see a post by `author` with `visibility`.
  bool can_see(std::optional<MemberId> viewer, MemberId author, std::string_view visibility) const;

 private:
  Status check_text(std::string_view text, size_t max, bool allow_empty) const;
  Result<Post> load(store::Session& s, std::optional<MemberId> viewer, int64_t id) const;
  void fill(store::Session& s, std::optional<MemberId> viewer, Post& p) const;
  std::vector<std::string> mentions(MemberId author, std::string_view text) const;
  // Notifications, inside the write transaction (feed/post_notifications.cpp): mentions in a post's text (on an
  // edit only the members `old_text` did not mention), and a comment's mentions, reply and comment.
  std::vector<MemberId> mentioned_ids(MemberId author, std::string_view text) const;
  void notify_post_mentions(store::WriteTx& tx, const Post& p, std::optional<std::string_view> old_text,
                            Micros now) const;
  void notify_comment(store::WriteTx& tx, const Post& p, const Comment& c, std::optional<MemberId> replied_to,
                      Micros now) const;

  store::Database& db_;
  const network::NetworkService& network_;
  const Clock& clock_;
};

}  // namespace kring::feed
