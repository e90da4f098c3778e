#include "profiles/profile_cache.h"

#include <nlohmann/json.hpp>

namespace kring::profiles {

namespace {

// The member ids a payload field names, if it is an integer.
std::optional<MemberId> member_field(const nlohmann::json& j, const char* field) {
  auto it = j.find(field);
  if (it == j.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<MemberId>();
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

}  // namespace

ProfileCache::ProfileCache(const ProfileService& profiles, const EndorsementService& endorsements,
                           const network::NetworkService& network, size_t capacity)
    : profiles_(profiles),
      endorsements_(endorsements),
      network_(network),
      per_shard_(std::max<size_t>(1, capacity / kShards)) {}

Result<std::shared_ptr<const ProfileSnapshot>> ProfileCache::read(MemberId member) const {
  auto snap = std::make_shared<ProfileSnapshot>();
  KRING_ASSIGN_OR_RETURN(snap->profile, profiles_.load(member));
  KRING_ASSIGN_OR_RETURN(auto counts, network_.counts(member));
  snap->followers = counts.followers;
  snap->introductions_made = counts.introductions_made;
  snap->introductions_asked = counts.introductions_asked;
  KRING_ASSIGN_OR_RETURN(snap->endorsements, endorsements_.skill_endorsements(member));
  return std::shared_ptr<const ProfileSnapshot>(std::move(snap));
}

Result<std::shared_ptr<const ProfileSnapshot>> ProfileCache::get(MemberId member) const {
  Shard& s = shard(member);
  uint64_t evictions = 0;
  {
    std::lock_guard lock(s.mu);
    if (auto it = s.entries.find(member); it != s.entries.end()) {
      s.lru.splice(s.lru.begin(), s.lru, it->second.lru);
      hits_.fetch_add(1, std::memory_order_relaxed);
      return it->second.snapshot;
    }
    evictions = s.evictions;
  }
  // The store is read outside the lock; see the class comment for why a racing eviction is still safe.
  misses_.fetch_add(1, std::memory_order_relaxed);
  KRING_ASSIGN_OR_RETURN(auto snap, read(member));
  std::lock_guard lock(s.mu);
  // An eviction in this shard since the read began may have been for this member: do not keep what was read.
  if (s.evictions != evictions || s.entries.count(member)) return snap;
  s.lru.push_front(member);
  s.entries.emplace(member, Entry{snap, s.lru.begin()});
  if (s.entries.size() > per_shard_) {
    s.entries.erase(s.lru.back());
    s.lru.pop_back();
  }
  return snap;
}

std::shared_ptr<const ProfileSnapshot> ProfileCache::peek(MemberId member) const {
  Shard& s = shard(member);
  std::lock_guard lock(s.mu);
  auto it = s.entries.find(member);
  if (it == s.entries.end()) return nullptr;
  s.lru.splice(s.lru.begin(), s.lru, it->second.lru);
  hits_.fetch_add(1, std::memory_order_relaxed);
  return it->second.snapshot;
}

void ProfileCache::evict(MemberId member) {
  Shard& s = shard(member);
  std::lock_guard lock(s.mu);
  ++s.evictions;
  if (auto it = s.entries.find(member); it != s.entries.end()) {
    s.lru.erase(it->second.lru);
    s.entries.erase(it);
  }
}

void ProfileCache::clear() {
  for (Shard& s : shards_) {
    std::lock_guard lock(s.mu);
    ++s.evictions;
    s.entries.clear();
    s.lru.clear();
  }
}

void ProfileCache::apply(const store::Change& change) {
  const std::string& k = change.kind;
  const bool page_changed = (starts_with(k, "company.") || starts_with(k, "school.")) && !k.ends_with(".created");
  if (k == "member.deleted" || page_changed) {
    // A deleted member's endorsements, follows and introductions vanish from other profiles; page names
    // show in every position that links the page (a new page is linked by no position yet).
    clear();
    return;
  }
  if (k == "member.updated" || k == "member.created") {
    evict(change.entity);
    return;
  }
  const bool profile = k == "profile.updated";
  const bool endorsement = starts_with(k, "endorsement.");
  const bool follow = starts_with(k, "follow.");
  const bool introduction = starts_with(k, "introduction.");
  const bool connection = k == "connection.created" || k == "connection.removed";
  if (!profile && !endorsement && !follow && !introduction && !connection) return;
  nlohmann::json j = nlohmann::json::parse(change.payload, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) {
    clear();  // cannot tell whom it touches: be safe
    return;
  }
  if (profile || endorsement) {
    if (auto m = member_field(j, "member")) evict(*m);
    else clear();
  } else if (follow) {
    if (j.value("kind", "") == "member") {
      if (auto t = member_field(j, "target")) evict(*t);
      else clear();
    }
  } else if (connection) {
    for (const char* f : {"a", "b"}) {
      if (auto m = member_field(j, f)) evict(*m);
    }
  } else {
    for (const char* f : {"requester", "intermediary"}) {
      if (auto m = member_field(j, f)) evict(*m);
    }
  }
}

ProfileCache::Stats ProfileCache::stats() const {
  Stats st{hits_.load(std::memory_order_relaxed), misses_.load(std::memory_order_relaxed), 0};
  for (const Shard& s : shards_) {
    std::lock_guard lock(s.mu);
    st.size += s.entries.size();
  }
  return st;
}

}  // namespace kring::profiles
