#include "feed/posts.h"

#include <algorithm>
#include <cctype>
#include <climits>
#include <set>

#include <nlohmann/json.hpp>

#include "common/cursor.h"
#include "common/text.h"
#include "notifications/notification_service.h"

namespace kring::feed {
namespace {

constexpr std::string_view kInsertPost =
    "INSERT INTO posts (author_id, text, visibility, reshare_of, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id";
constexpr std::string_view kSelectPost =
    "SELECT id, author_id, text, visibility, reshare_of, created_at, edited_at FROM posts WHERE id = ?";
constexpr std::string_view kUpdatePostText = "UPDATE posts SET text = ?, edited_at = ? WHERE id = ?";
constexpr std::string_view kInsertHashtag = "INSERT INTO post_hashtags (post_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING";
constexpr std::string_view kDeleteHashtags = "DELETE FROM post_hashtags WHERE post_id = ?";
constexpr std::string_view kSelectHashtags = "SELECT tag FROM post_hashtags WHERE post_id = ? ORDER BY tag";
constexpr std::string_view kReactionCounts =
    "SELECT type, COUNT(*) FROM reactions WHERE post_id = ? GROUP BY type ORDER BY type";
constexpr std::string_view kMyReaction = "SELECT type FROM reactions WHERE post_id = ? AND member_id = ?";
constexpr std::string_view kCommentCount = "SELECT COUNT(*) FROM comments WHERE post_id = ?";
constexpr std::string_view kUpsertReaction =
    "INSERT INTO reactions (post_id, member_id, type, created_at) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (post_id, member_id) DO UPDATE SET type = excluded.type, created_at = excluded.created_at";
constexpr std::string_view kDeleteReaction = "DELETE FROM reactions WHERE post_id = ? AND member_id = ?";
constexpr std::string_view kInsertComment =
    "INSERT INTO comments (post_id, author_id, parent_id, text, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id";
constexpr std::string_view kSelectComment =
    "SELECT id, post_id, author_id, parent_id, text, created_at FROM comments WHERE id = ?";
constexpr std::string_view kTopComments =
    "SELECT id, post_id, author_id, parent_id, text, created_at FROM comments "
    "WHERE post_id = ? AND parent_id IS NULL AND (created_at > ? OR (created_at = ? AND id > ?)) "
    "ORDER BY created_at, id LIMIT ?";
constexpr std::string_view kNewestReplies =
    "SELECT id, post_id, author_id, parent_id, text, created_at FROM comments WHERE parent_id = ? "
    "ORDER BY created_at DESC, id DESC LIMIT ?";
constexpr std::string_view kReplyCount = "SELECT COUNT(*) FROM comments WHERE parent_id = ?";
constexpr std::string_view kMemberPosts =
    "SELECT id FROM posts WHERE author_id = ? AND (visibility = 'anyone' OR ? = 1) "
    "AND (created_at < ? OR (created_at = ? AND id < ?)) ORDER BY created_at DESC, id DESC LIMIT ?";

bool word_byte(unsigned char c) { return std::isalnum(c) != 0 || c == '_'; }

// Decodes the code point at s[i] (valid UTF-8 assumed); sets len.
char32_t decode(std::string_view s, size_t i, size_t& len) {
  auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) { len = 1; return c; }
  int n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
  char32_t cp = c & (0x7F >> (n + 1));
  len = 1;
  for (int k = 1; k < n && i + k < s.size(); ++k, ++len) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  return cp;
}

// Non-ASCII code points that may be part of a hashtag: letters and marks, roughly; not spaces, punctuation,
// symbols, zero-width or direction controls, variation selectors or emoji.
bool tag_codepoint(char32_t cp) {
  if (cp < 0x80) return std::isalnum(static_cast<int>(cp)) != 0 || cp == '_';
  if (cp < 0xC0) return false;                       // Latin-1 punctuation and symbols
  if (cp == 0xD7 || cp == 0xF7) return false;        // × ÷
  if (cp >= 0x2000 && cp <= 0x2BFF) return false;    // punctuation, controls, symbols, arrows
  if (cp >= 0x3000 && cp <= 0x303F) return false;    // CJK punctuation
  if (cp >= 0xFE00 && cp <= 0xFE0F) return false;    // variation selectors
  if (cp >= 0xFE30 && cp <= 0xFE4F) return false;
  if (cp == 0xFEFF) return false;
  if (cp >= 0xFF00 && cp <= 0xFF0F) return false;
  if (cp >= 0x1F000) return false;                   // emoji and other symbols
  return true;
}

Post post_from_row(const store::Row& r) {
  Post p;
  p.id = r.i64(0);
  p.author = r.i64(1);
  p.text = r.text(2);
  p.visibility = r.text(3);
  p.reshare_of = r.opt_i64(4);
  p.created_at = r.i64(5);
  p.edited_at = r.opt_i64(6);
  return p;
}

Comment comment_from_row(const store::Row& r) {
  Comment c;
  c.id = r.i64(0);
  c.post_id = r.i64(1);
  c.author = r.i64(2);
  c.parent = r.opt_i64(3);
  c.text = r.text(4);
  c.created_at = r.i64(5);
  return c;
}

std::string change_payload(const Post& p) { return nlohmann::json{{"id", p.id}, {"author", p.author}}.dump(); }

// reaction.created / reaction.updated / reaction.removed: what the feed index needs without another read.
std::string reaction_payload(const Post& p, MemberId member, std::string_view type, Micros at) {
  return nlohmann::json{{"post", p.id}, {"member", member}, {"type", type}, {"author", p.author}, {"at", at}}.dump();
}

// comment.created / comment.deleted.
std::string comment_payload(int64_t id, const Post& p, MemberId member, Micros at) {
  return nlohmann::json{{"id", id}, {"post", p.id}, {"member", member}, {"author", p.author}, {"at", at}}.dump();
}

}  // namespace

const std::vector<std::string>& reaction_types() {
  static const std::vector<std::string> kTypes{"like", "celebrate", "support", "insightful", "funny", "love"};
  return kTypes;
}

bool is_reaction_type(std::string_view type) {
  const auto& t = reaction_types();
  return std::find(t.begin(), t.end(), type) != t.end();
}

std::vector<std::string> parse_mention_handles(std::string_view s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '@') continue;
    if (i > 0) {
      auto prev = static_cast<unsigned char>(s[i - 1]);
      if (word_byte(prev) || prev == '.' || prev == '-' || prev == '@') continue;
    }
    size_t j = i + 1;
    while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) != 0 || s[j] == '-')) ++j;
    size_t end = j;
    while (end > i + 1 && s[end - 1] == '-') --end;  // "@anna-," -> anna
    if (end > i + 1 && end - i - 1 <= 100) {
      std::string h(s.substr(i + 1, end - i - 1));
      std::transform(h.begin(), h.end(), h.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (std::find(out.begin(), out.end(), h) == out.end()) out.push_back(std::move(h));
    }
    i = j - 1;
  }
  return out;
}

std::vector<std::string> parse_hashtags(std::string_view s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    size_t len = 1;
    if (s[i] != '#') {
      decode(s, i, len);
      i += len;
      continue;
    }
    bool starts = true;
    if (i > 0) {
      // The previous code point must not be part of a word ("C#" and "a#b" are not hashtags).
      size_t k = i - 1;
      while (k > 0 && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80) --k;
      size_t plen = 0;
      char32_t prev = decode(s, k, plen);
      if (tag_codepoint(prev) || prev == '#' || prev == '&') starts = false;
    }
    size_t j = i + 1;
    while (j < s.size()) {
      size_t l = 0;
      char32_t cp = decode(s, j, l);
      if (!tag_codepoint(cp)) break;
      j += l;
    }
    if (starts && j > i + 1) {
      std::string_view raw = s.substr(i + 1, j - i - 1);
      bool digits_only = std::all_of(raw.begin(), raw.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
      std::string tag = text::fold(raw);
      if (!digits_only && tag.size() <= kMaxHashtagLength &&
          std::find(out.begin(), out.end(), tag) == out.end()) {
        out.push_back(std::move(tag));
      }
    }
    i = j;
  }
  return out;
}

PostService::PostService(store::Database& db, const network::NetworkService& network, const Clock& clock)
    : db_(db), network_(network), clock_(clock) {}

bool PostService::can_see(std::optional<MemberId> viewer, MemberId author, std::string_view visibility) const {
  if (viewer && *viewer != author && network_.hidden(*viewer, author)) return false;
  if (visibility == "anyone") return true;
  if (!viewer) return false;
  return *viewer == author || network_.graph().connected(*viewer, author);
}

Status PostService::check_text(std::string_view t, size_t max, bool allow_empty) const {
  if (!text::is_valid_utf8(t)) return Error::invalid("text", "text is not valid UTF-8");
  if (text::has_control_chars(t, true)) return Error::invalid("text", "text contains control characters");
  if (!allow_empty && text::trim(t).empty()) return Error::invalid("text", "text is required");
  if (text::codepoint_count(t) > max) {
    return Error::invalid("text", "text is longer than " + std::to_string(max) + " characters");
  }
  return {};
}

std::vector<std::string> PostService::mentions(MemberId author, std::string_view t) const {
  std::vector<std::string> out;
  for (auto& h : parse_mention_handles(t)) {
    auto m = network_.directory().find_by_handle(h);
    if (!m || (m->id != author && network_.hidden(author, m->id))) continue;
    out.push_back(m->handle);
  }
  return out;
}

void PostService::fill(store::Session& s, std::optional<MemberId> viewer, Post& p) const {
  p.mentions.clear();
  for (auto& h : mentions(p.author, p.text)) {
    if (viewer) {
      auto m = network_.directory().find_by_handle(h);
      if (m && m->id != *viewer && network_.hidden(*viewer, m->id)) continue;
    }
    p.mentions.push_back(std::move(h));
  }
  p.hashtags.clear();
  for (const auto& r : s.query(kSelectHashtags, {p.id})) p.hashtags.push_back(r.text(0));
  p.reaction_counts.clear();
  for (const auto& r : s.query(kReactionCounts, {p.id})) p.reaction_counts[r.text(0)] = r.i64(1);
  p.comment_count = s.query_one(kCommentCount, {p.id})->i64(0);
  p.my_reaction.reset();
  if (viewer) {
    if (auto r = s.query_one(kMyReaction, {p.id, *viewer})) p.my_reaction = r->text(0);
  }
}

Result<Post> PostService::load(store::Session& s, std::optional<MemberId> viewer, int64_t id) const {
  auto row = s.query_one(kSelectPost, {id});
  if (!row) return Error::not_found("no such post");
  Post p = post_from_row(*row);
  if (!can_see(viewer, p.author, p.visibility)) return Error::not_found("no such post");
  return p;
}

Result<Post> PostService::create(MemberId author, std::string_view t, std::string_view visibility,
                                 std::optional<int64_t> reshare_of) {
  KRING_TRY(check_text(t, kMaxPostLength, reshare_of.has_value()));
  if (visibility != "anyone" && visibility != "connections") {
    return Error::invalid("visibility", "visibility must be anyone or connections");
  }
  const Micros now = clock_.now();
  return db_.write<Post>([&](store::WriteTx& tx) -> Result<Post> {
    if (reshare_of) {
      auto original = load(tx, author, *reshare_of);
      if (!original.ok()) return Error{ErrorCode::kNotFound, "no such post", "reshare_of", "not_found"};
      if (original->visibility != "anyone") {
        return Error::invalid("reshare_of", "a post visible to connections only cannot be reshared");
      }
    }
    Post p;
    p.author = author;
    p.text = std::string(t);
    p.visibility = std::string(visibility);
    p.reshare_of = reshare_of;
    p.created_at = now;
    p.id = tx.query_one(kInsertPost, {author, p.text, p.visibility, reshare_of, now})->i64(0);
    for (const auto& tag : parse_hashtags(p.text)) tx.exec(kInsertHashtag, {p.id, tag});
    notify_post_mentions(tx, p, std::nullopt, now);
    tx.log("post.created", p.id, change_payload(p));
    fill(tx, author, p);
    return p;
  });
}

Result<Post> PostService::get(std::optional<MemberId> viewer, int64_t id) const {
  return db_.read<Post>([&](store::Session& s) -> Result<Post> {
    KRING_ASSIGN_OR_RETURN(Post p, load(s, viewer, id));
    fill(s, viewer, p);
    return p;
  });
}

Result<Post> PostService::edit(MemberId me, int64_t id, std::string_view t) {
  const Micros now = clock_.now();
  return db_.write<Post>([&](store::WriteTx& tx) -> Result<Post> {
    KRING_ASSIGN_OR_RETURN(Post p, load(tx, me, id));
    if (p.author != me) return Error::forbidden("only the author may edit a post");
    KRING_TRY(check_text(t, kMaxPostLength, p.reshare_of.has_value()));
    const std::string old_text = p.text;
    p.text = std::string(t);
    p.edited_at = now;
    tx.exec(kUpdatePostText, {p.text, now, id});
    tx.exec(kDeleteHashtags, {id});
    for (const auto& tag : parse_hashtags(p.text)) tx.exec(kInsertHashtag, {id, tag});
    notify_post_mentions(tx, p, old_text, now);
    tx.log("post.updated", id, change_payload(p));
    fill(tx, me, p);
    return p;
  });
}

Status PostService::remove(MemberId me, int64_t id) {
  auto r = db_.write<bool>([&](store::WriteTx& tx) -> Result<bool> {
    KRING_ASSIGN_OR_RETURN(Post p, load(tx, me, id));
    if (p.author != me) return Error::forbidden("only the author may delete a post");
    // The schema cascades; deleting explicitly keeps the order plain on both backends.
    notifications::remove_for_post(tx, id);
    tx.exec("DELETE FROM reactions WHERE post_id = ?", {id});
    tx.exec("DELETE FROM comments WHERE post_id = ? AND parent_id IS NOT NULL", {id});
    tx.exec("DELETE FROM comments WHERE post_id = ?", {id});
    tx.exec(kDeleteHashtags, {id});
    tx.exec("UPDATE posts SET reshare_of = NULL WHERE reshare_of = ?", {id});
    tx.exec("DELETE FROM posts WHERE id = ?", {id});
    tx.log("post.deleted", id, change_payload(p));
    return true;
  });
  if (!r.ok()) return std::move(r).error();
  return {};
}

Result<ReactionResult> PostService::react(MemberId me, int64_t post_id, std::string_view type) {
  if (!is_reaction_type(type)) {
    return Error::invalid("type", "type must be one of like, celebrate, support, insightful, funny, love");
  }
  const Micros now = clock_.now();
  return db_.write<ReactionResult>([&](store::WriteTx& tx) -> Result<ReactionResult> {
    KRING_ASSIGN_OR_RETURN(Post p, load(tx, me, post_id));
    ReactionResult out;
    out.created = !tx.query_one(kMyReaction, {post_id, me}).has_value();
    out.type = std::string(type);
    tx.exec(kUpsertReaction, {post_id, me, out.type, now});
    if (out.created) notifications::reaction_changed(tx, post_id, p.author, me, true, now);
    tx.log(out.created ? "reaction.created" : "reaction.updated", post_id, reaction_payload(p, me, out.type, now));
    for (const auto& r : tx.query(kReactionCounts, {post_id})) out.reaction_counts[r.text(0)] = r.i64(1);
    return out;
  });
}

Status PostService::unreact(MemberId me, int64_t post_id) {
  const Micros now = clock_.now();
  auto r = db_.write<bool>([&](store::WriteTx& tx) -> Result<bool> {
    KRING_ASSIGN_OR_RETURN(Post p, load(tx, me, post_id));
    auto had = tx.query_one(kMyReaction, {post_id, me});
    if (tx.exec(kDeleteReaction, {post_id, me}) > 0) {
      notifications::reaction_changed(tx, post_id, p.author, me, false, now);
      tx.log("reaction.removed", post_id, reaction_payload(p, me, had ? had->text(0) : std::string(), now));
    }
    return true;
  });
  if (!r.ok()) return std::move(r).error();
  return {};
}

Result<Comment> PostService::comment(MemberId me, int64_t post_id, std::string_view t,
                                     std::optional<int64_t> parent) {
  KRING_TRY(check_text(t, kMaxCommentLength, false));
  const Micros now = clock_.now();
  return db_.write<Comment>([&](store::WriteTx& tx) -> Result<Comment> {
    KRING_ASSIGN_OR_RETURN(Post p, load(tx, me, post_id));
    Comment c;
    std::optional<MemberId> replied_to;  // the author of the comment answered, for a reply notification
    if (parent) {
      auto row = tx.query_one(kSelectComment, {*parent});
      if (!row || row->i64(1) != post_id) {
        return Error{ErrorCode::kNotFound, "no such comment on this post", "parent", "not_found"};
      }
      Comment pc = comment_from_row(*row);
      replied_to = pc.author;
      c.parent = pc.parent ? *pc.parent : pc.id;  // one level: a reply to a reply joins its thread
    }
    c.post_id = post_id;
    c.author = me;
    c.text = std::string(t);
    c.created_at = now;
    c.id = tx.query_one(kInsertComment, {post_id, me, c.parent, c.text, now})->i64(0);
    notify_comment(tx, p, c, replied_to, now);
    tx.log("comment.created", c.id, comment_payload(c.id, p, me, now));
    return c;
  });
}

Result<Paged<Comment>> PostService::comments(std::optional<MemberId> viewer, int64_t post_id, int limit,
                                             std::string_view cursor) const {
  int64_t after_at = INT64_MIN, after_id = 0;
  if (!cursor.empty()) {
    KRING_ASSIGN_OR_RETURN(auto c, decode_cursor(cursor, 2));
    after_at = c[0];
    after_id = c[1];
  }
  return db_.read<Paged<Comment>>([&](store::Session& s) -> Result<Paged<Comment>> {
    KRING_ASSIGN_OR_RETURN(Post p, load(s, viewer, post_id));
    Paged<Comment> out;
    auto rows = s.query(kTopComments, {post_id, after_at, after_at, after_id, limit + 1});
    for (const auto& r : rows) {
      if (out.items.size() == static_cast<size_t>(limit)) break;
      Comment c = comment_from_row(r);
      auto replies = s.query(kNewestReplies, {c.id, kRepliesShown});
      for (auto it = replies.rbegin(); it != replies.rend(); ++it) c.replies.push_back(comment_from_row(*it));
      c.reply_count = s.query_one(kReplyCount, {c.id})->i64(0);
      out.items.push_back(std::move(c));
    }
    if (rows.size() > static_cast<size_t>(limit)) {
      out.next_cursor = encode_cursor({out.items.back().created_at, out.items.back().id});
    }
    return out;
  });
}

Status PostService::delete_comment(MemberId me, int64_t comment_id) {
  auto r = db_.write<bool>([&](store::WriteTx& tx) -> Result<bool> {
    auto row = tx.query_one(kSelectComment, {comment_id});
    if (!row) return Error::not_found("no such comment");
    Comment c = comment_from_row(*row);
    auto p = load(tx, me, c.post_id);
    if (!p.ok()) return Error::not_found("no such comment");
    if (c.author != me && p->author != me) {
      return Error::forbidden("only the comment's author or the post's author may delete a comment");
    }
    // Replies go with their comment: one comment.deleted each, so the feed index's counts follow.
    const Micros now = clock_.now();
    for (const auto& reply : tx.query("SELECT id, author_id FROM comments WHERE parent_id = ?", {comment_id})) {
      tx.log("comment.deleted", reply.i64(0), comment_payload(reply.i64(0), *p, reply.i64(1), now));
    }
    tx.log("comment.deleted", comment_id, comment_payload(comment_id, *p, c.author, now));
    notifications::remove_for_comment(tx, comment_id);
    tx.exec("DELETE FROM comments WHERE parent_id = ?", {comment_id});
    tx.exec("DELETE FROM comments WHERE id = ?", {comment_id});
    return true;
  });
  if (!r.ok()) return std::move(r).error();
  return {};
}

Result<Paged<Post>> PostService::member_posts(std::optional<MemberId> viewer, MemberId author, int limit,
                                              std::string_view cursor) const {
  int64_t before_at = INT64_MAX, before_id = INT64_MAX;
  if (!cursor.empty()) {
    KRING_ASSIGN_OR_RETURN(auto c, decode_cursor(cursor, 2));
    before_at = c[0];
    before_id = c[1];
  }
  const bool all = can_see(viewer, author, "connections");
  if (viewer && *viewer != author && network_.hidden(*viewer, author)) return Error::not_found("no such member");
  return db_.read<Paged<Post>>([&](store::Session& s) -> Result<Paged<Post>> {
    Paged<Post> out;
    auto rows = s.query(kMemberPosts, {author, all ? 1 : 0, before_at, before_at, before_id, limit + 1});
    for (const auto& r : rows) {
      if (out.items.size() == static_cast<size_t>(limit)) break;
      auto p = load(s, viewer, r.i64(0));
      if (!p.ok()) continue;
      fill(s, viewer, *p);
      out.items.push_back(std::move(*p));
    }
    if (rows.size() > static_cast<size_t>(limit) && !out.items.empty()) {
      out.next_cursor = encode_cursor({out.items.back().created_at, out.items.back().id});
    }
    return out;
  });
}

}  // namespace kring::feed
