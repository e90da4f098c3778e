// Who viewed a member's profile, and the member settings behind it.
//
// Recording must not add a durable write to a profile read: record() only queues the view in memory; a
// background thread writes the queue in one transaction every flush interval (500 ms by default), and stop()
// writes what is left. Views are kept once per (viewer, viewed, UTC day): a second view that day updates the
// row (INSERT ... ON CONFLICT (viewed_id, viewer_id, day) DO UPDATE), and the queue already merges repeats.
// The mode is the viewer's member_settings.profile_view_mode when they looked (the caller reads it with
// view_mode() and passes it in), so a later change of setting does not reveal earlier private views.
// Anonymous views keep the viewer's headline and nothing else that is shown.
//
// Views are analytics, not records: a crash loses at most one interval of them, and when the queue holds
// kMaxQueued views (the store is down or far behind) further ones are dropped and counted in dropped().
//
// Thread safety: all methods may be called concurrently; start() and stop() from one owning thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "common/periodic.h"
#include "common/result.h"
#include "profiles/profile.h"
#include "store/database.h"

namespace kring::profiles {

// profile_view_mode values.
inline constexpr const char* kViewModes[] = {"name", "anonymous", "private"};
bool valid_view_mode(std::string_view mode);

struct ProfileView {
  int64_t id = 0;
  std::string mode;  // name, anonymous, private
  std::optional<MemberId> viewer;  // meaningful for name mode only; never shown otherwise
  std::string headline;            // anonymous mode: the viewer's headline when they looked
  Micros viewed_at = 0;
};

struct ProfileViewsPage {
  std::vector<ProfileView> items;
  int64_t total_90_days = 0;
  std::optional<std::string> next_cursor;
};

// The member's own settings (member_settings), defaults when no row exists.
struct MemberSettings {
  std::string profile_view_mode = "name";
  bool hide_connections = false;
  bool searchable_posts = false;
};
struct MemberSettingsPatch {
  std::optional<std::string> profile_view_mode;
  std::optional<bool> hide_connections;
  std::optional<bool> searchable_posts;
};

class ProfileViewService {
 public:
  static constexpr std::chrono::milliseconds kDefaultFlushInterval{500};
  static constexpr size_t kMaxQueued = 100'000;
  static constexpr int kWindowDays = 90;

  // REQUIRES: db and clock outlive the service.
  ProfileViewService(store::Database& db, const Clock& clock,
                     std::chrono::milliseconds flush_interval = kDefaultFlushInterval);
  ~ProfileViewService();  // stop()
  ProfileViewService(const ProfileViewService&) = delete;
  ProfileViewService& operator=(const ProfileViewService&) = delete;

  // Starts the background flusher. Idempotent.
  void start();
  // Stops the flusher and writes what is queued. Idempotent; record() after stop() drops the view.
  void stop();

  // Queues a view of `viewed` by `viewer` (REQUIRES: viewer != viewed) in `mode` (valid_view_mode), keeping
  // `headline` for anonymous views. Never blocks on the store.
  void record(MemberId viewer, MemberId viewed, std::string_view mode, std::string_view headline);
  // Writes the queued views now, in one transaction. On failure they stay queued for the next attempt.
  Status flush();
  size_t queued() const;
  uint64_t dropped() const;

  // The viewer's current profile_view_mode (a read, no write).
  Result<std::string> view_mode(MemberId viewer) const;

  // Views of `me`'s profile in the last kWindowDays days, newest first.
  Result<ProfileViewsPage> list(MemberId me, int limit, std::string_view cursor) const;

  // ---- settings
  Result<MemberSettings> settings(MemberId me) const;
  // Validates (kInvalidArgument naming the field) and writes the fields given; returns the settings after.
  Result<MemberSettings> update_settings(MemberId me, const MemberSettingsPatch& patch);

 private:
  using Key = std::tuple<MemberId, MemberId, int64_t>;  // viewed, viewer, day
  struct Pending {
    std::string mode;
    std::string headline;
    Micros at = 0;
  };

  store::Database& db_;
  const Clock& clock_;

  mutable std::mutex mu_;
  std::map<Key, Pending> queue_;  // GUARDED_BY(mu_)
  uint64_t dropped_ = 0;          // GUARDED_BY(mu_)
  bool stopped_ = false;          // GUARDED_BY(mu_)
  std::mutex flush_mu_;           // one flush at a time, so a later view never lands before an earlier one
  Periodic flusher_;
};

}  // namespace kring::profiles
