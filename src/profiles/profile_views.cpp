#include "profiles/profile_views.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include <spdlog/spdlog.h>

#include "common/cursor.h"

namespace kring::profiles {
namespace {

using store::Row;

// Both members must exist and predate the view: SQLite reuses the id of a deleted row with the largest id, and a
// queued view of a deleted member must not land on a new member who got that id.
constexpr std::string_view kUpsertView =
    "INSERT INTO profile_views (viewed_id, viewer_id, mode, viewer_headline, day, created_at) "
    "SELECT CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS BIGINT), "
    "CAST(? AS BIGINT) WHERE EXISTS (SELECT 1 FROM members WHERE id = ? AND created_at <= ?) AND "
    "EXISTS (SELECT 1 FROM members WHERE id = ? AND created_at <= ?) "
    "ON CONFLICT (viewed_id, viewer_id, day) DO UPDATE SET mode = excluded.mode, "
    "viewer_headline = excluded.viewer_headline, created_at = excluded.created_at "
    "WHERE profile_views.created_at < excluded.created_at";
constexpr std::string_view kViewsPage =
    "SELECT id, mode, viewer_id, viewer_headline, created_at FROM profile_views "
    "WHERE viewed_id = ? AND created_at > ? AND (created_at, id) < (?, ?) ORDER BY created_at DESC, id DESC LIMIT ?";
constexpr std::string_view kViewsSince = "SELECT COUNT(*) FROM profile_views WHERE viewed_id = ? AND created_at > ?";

constexpr std::string_view kSettings =
    "SELECT profile_view_mode, hide_connections, searchable_posts FROM member_settings WHERE member_id = ?";
constexpr std::string_view kUpsertSettings =
    "INSERT INTO member_settings (member_id, profile_view_mode, hide_connections, searchable_posts, updated_at) "
    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (member_id) DO UPDATE SET profile_view_mode = excluded.profile_view_mode, "
    "hide_connections = excluded.hide_connections, searchable_posts = excluded.searchable_posts, "
    "updated_at = excluded.updated_at";

constexpr Micros kDay = 24LL * 3600 * kMicrosPerSecond;
constexpr int64_t kMaxCursorValue = INT64_MAX;

MemberSettings settings_in(store::Session& s, MemberId me) {
  MemberSettings out;
  if (auto r = s.query_one(kSettings, {me})) {
    out.profile_view_mode = valid_view_mode(r->text(0)) ? r->text(0) : "name";
    out.hide_connections = r->boolean(1);
    out.searchable_posts = r->boolean(2);
  }
  return out;
}

}  // namespace

bool valid_view_mode(std::string_view mode) {
  return std::any_of(std::begin(kViewModes), std::end(kViewModes), [&](const char* m) { return mode == m; });
}

ProfileViewService::ProfileViewService(store::Database& db, const Clock& clock, std::chrono::milliseconds interval)
    : db_(db), clock_(clock), flusher_(interval) {}

ProfileViewService::~ProfileViewService() { stop(); }

void ProfileViewService::start() {
  {
    std::lock_guard lock(mu_);
    if (stopped_) return;
  }
  flusher_.start([this] {
    if (queued() == 0) return;
    Status st = flush();
    if (!st.ok()) spdlog::warn("profile views: flush failed, will retry: {}", st.error().message);
  });
}

void ProfileViewService::stop() {
  {
    std::lock_guard lock(mu_);
    if (stopped_) return;
  }
  flusher_.stop();
  Status st = flush();
  if (!st.ok()) spdlog::warn("profile views: {} views lost at shutdown: {}", queued(), st.error().message);
  std::lock_guard lock(mu_);
  stopped_ = true;
  queue_.clear();
}

void ProfileViewService::record(MemberId viewer, MemberId viewed, std::string_view mode, std::string_view headline) {
  if (viewer == viewed || !valid_view_mode(mode)) return;
  const Micros now = clock_.now();
  Pending p{std::string(mode), mode == "anonymous" ? std::string(headline) : std::string(), now};
  std::lock_guard lock(mu_);
  if (stopped_) return;
  Key key{viewed, viewer, now / kDay};
  auto it = queue_.find(key);
  if (it != queue_.end()) {
    it->second = std::move(p);
    return;
  }
  if (queue_.size() >= kMaxQueued) {
    ++dropped_;
    return;
  }
  queue_.emplace(key, std::move(p));
}

Status ProfileViewService::flush() {
  std::lock_guard flushing(flush_mu_);
  std::map<Key, Pending> batch;
  {
    std::lock_guard lock(mu_);
    batch.swap(queue_);
  }
  if (batch.empty()) return {};
  auto r = db_.write<bool>([&](store::WriteTx& tx) -> Result<bool> {
    for (const auto& [key, p] : batch) {
      const auto& [viewed, viewer, day] = key;
      // A view of or by a member deleted since it was queued is dropped (the EXISTS checks), not retried.
      if (tx.exec(kUpsertView, {viewed, viewer, p.mode, p.headline, day, p.at, viewed, p.at, viewer, p.at}) > 0) {
        // The viewer's interest in the member: the feed's affinity follows it (one per viewer, member and day).
        tx.log("profile_view.recorded", viewer,
               nlohmann::json{{"viewer", viewer}, {"member", viewed}, {"at", p.at}}.dump());
      }
    }
    return true;
  });
  if (r.ok()) return {};
  // Put them back behind anything newer that arrived meanwhile.
  std::lock_guard lock(mu_);
  for (auto& [key, p] : batch) {
    if (queue_.size() >= kMaxQueued) {
      ++dropped_;
      continue;
    }
    queue_.emplace(key, std::move(p));  // keeps a newer view of the same key
  }
  return std::move(r).error();
}

size_t ProfileViewService::queued() const {
  std::lock_guard lock(mu_);
  return queue_.size();
}

uint64_t ProfileViewService::dropped() const {
  std::lock_guard lock(mu_);
  return dropped_;
}

Result<std::string> ProfileViewService::view_mode(MemberId viewer) const {
  return db_.read<std::string>(
      [&](store::Session& s) -> Result<std::string> { return settings_in(s, viewer).profile_view_mode; });
}

Result<ProfileViewsPage> ProfileViewService::list(MemberId me, int limit, std::string_view cursor) const {
  std::vector<int64_t> start{kMaxCursorValue, kMaxCursorValue};
  if (!cursor.empty()) {
    KRING_ASSIGN_OR_RETURN(start, decode_cursor(cursor, 2));
  }
  const Micros since = clock_.now() - Micros{kWindowDays} * kDay;
  return db_.read<ProfileViewsPage>([&](store::Session& s) -> Result<ProfileViewsPage> {
    ProfileViewsPage page;
    page.total_90_days = s.query_one(kViewsSince, {me, since})->i64(0);
    store::Rows rows = s.query(kViewsPage, {me, since, start[0], start[1], limit + 1});
    for (const Row& r : rows) {
      if (page.items.size() == static_cast<size_t>(limit)) {
        const ProfileView& last = page.items.back();
        page.next_cursor = encode_cursor({last.viewed_at, last.id});
        break;
      }
      page.items.push_back(ProfileView{r.i64(0), r.text(1), r.opt_i64(2), r.text(3), r.i64(4)});
    }
    return page;
  });
}

Result<MemberSettings> ProfileViewService::settings(MemberId me) const {
  return db_.read<MemberSettings>([&](store::Session& s) -> Result<MemberSettings> { return settings_in(s, me); });
}

Result<MemberSettings> ProfileViewService::update_settings(MemberId me, const MemberSettingsPatch& patch) {
  if (patch.profile_view_mode && !valid_view_mode(*patch.profile_view_mode)) {
    return Error::invalid("profile_view_mode", "profile_view_mode must be name, anonymous or private");
  }
  const Micros now = clock_.now();
  return db_.write<MemberSettings>([&](store::WriteTx& tx) -> Result<MemberSettings> {
    MemberSettings s = settings_in(tx, me);
    if (patch.profile_view_mode) s.profile_view_mode = *patch.profile_view_mode;
    if (patch.hide_connections) s.hide_connections = *patch.hide_connections;
    if (patch.searchable_posts) s.searchable_posts = *patch.searchable_posts;
    tx.exec(kUpsertSettings, {me, s.profile_view_mode, s.hide_connections, s.searchable_posts, now});
    tx.log("settings.updated", me, "{\"member\":" + std::to_string(me) + "}");  // post search follows opt-in
    return s;
  });
}

}  // namespace kring::profiles
