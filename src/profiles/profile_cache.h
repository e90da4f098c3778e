// What GET /api/v1/members/{handle} needs of a profile that is the same for every viewer, kept in memory: the
// unfiltered sections, the endorsement highlights and endorsers per skill, and the follower and introduction
// counts. Viewer-specific filtering (section visibility, open to work, "endorsed by you") happens at read
// time on the snapshot, so the cache never holds a viewer's view of anything.
//
// Consistency: the cache is a store::Index. Every change-log entry that can alter a cached value evicts the
// members it touches (`profile.updated`, `member.updated`, `endorsement.*`, `follow.*` of members,
// `introduction.*`, `connection.*` for the count in the anonymous body); `member.deleted` and company or school changes clear everything. Because a local write
// returns only after the follower applied it (ChangeFollower::committed), a member reads their own writes. A
// miss loads from the store; each shard carries an eviction counter, and a loaded snapshot is only kept when
// no eviction hit its shard while it was being read, so a read racing a write can never keep stale data.
// REQUIRES: added to the ChangeFollower after the MemberDirectory (loads read the directory).
//
// Memory: at most `capacity` snapshots (least recently used go first), a few KB each.
// Thread-safe: get() from any thread; apply() from the follower thread.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "network/network_service.h"
#include "profiles/endorsements.h"
#include "profiles/profile_service.h"
#include "store/change_follower.h"

namespace kring::profiles {

struct ProfileSnapshot {
  Profile profile;
  int64_t followers = 0;
  int64_t introductions_made = 0;
  int64_t introductions_asked = 0;
  std::map<std::string, SkillEndorsements> endorsements;  // by skill key

  // The response body an anonymous viewer gets, rendered once by the first anonymous read (it depends only on
  // this snapshot and the connection count, which also evicts). Thread-safe.
  std::shared_ptr<const std::string> anonymous_body() const {
    std::lock_guard lock(body_mu_);
    return anonymous_body_;
  }
  void set_anonymous_body(std::string body) const {
    auto b = std::make_shared<const std::string>(std::move(body));
    std::lock_guard lock(body_mu_);
    if (!anonymous_body_) anonymous_body_ = std::move(b);
  }

 private:
  mutable std::mutex body_mu_;
  mutable std::shared_ptr<const std::string> anonymous_body_;  // GUARDED_BY(body_mu_)
};

class ProfileCache final : public store::Index {
 public:
  static constexpr size_t kDefaultCapacity = 100'000;

  // REQUIRES: the services outlive the cache.
  ProfileCache(const ProfileService& profiles, const EndorsementService& endorsements,
               const network::NetworkService& network, size_t capacity = kDefaultCapacity);

  std::string_view name() const override { return "profile cache"; }
  Status load(store::Session&) override { return {}; }  // filled on demand
  void apply(const store::Change& change) override;

  // The member's snapshot, read from the store on a miss; kNotFound for an unknown member.
  Result<std::shared_ptr<const ProfileSnapshot>> get(MemberId member) const;
  // The cached snapshot or nullptr; never reads the store (for handlers on a network thread).
  std::shared_ptr<const ProfileSnapshot> peek(MemberId member) const;

  struct Stats {
    uint64_t hits = 0, misses = 0;
    size_t size = 0;
  };
  Stats stats() const;

 private:
  static constexpr size_t kShards = 16;
  struct Entry {
    std::shared_ptr<const ProfileSnapshot> snapshot;
    std::list<MemberId>::iterator lru;
  };
  struct Shard {
    mutable std::mutex mu;
    std::unordered_map<MemberId, Entry> entries;  // GUARDED_BY(mu)
    std::list<MemberId> lru;                      // GUARDED_BY(mu): most recently used first
    uint64_t evictions = 0;                       // GUARDED_BY(mu): bumped by every invalidation
  };

  Shard& shard(MemberId m) const { return shards_[static_cast<uint64_t>(m) % kShards]; }
  Result<std::shared_ptr<const ProfileSnapshot>> read(MemberId member) const;
  void evict(MemberId member);
  void clear();

  const ProfileService& profiles_;
  const EndorsementService& endorsements_;
  const network::NetworkService& network_;
  const size_t per_shard_;
  mutable std::array<Shard, kShards> shards_;
  mutable std::atomic<uint64_t> hits_{0}, misses_{0};
};

}  // namespace kring::profiles
