// In-memory directory of members: id -> basic profile, handle -> id. Derived from the store; follows the
// change log (member.created, member.updated, member.deleted). Every list of people renders from here
// without touching the store.
#pragma once

#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "members/member.h"
#include "store/change_follower.h"

namespace kring::members {

class MemberDirectory final : public store::Index {
 public:
  std::string_view name() const override { return "members"; }
  Status load(store::Session& snapshot) override;
  void apply(const store::Change& change) override;

  // Thread-safe. The returned snapshot stays valid after later updates.
  std::shared_ptr<const Member> find(MemberId id) const;
  std::shared_ptr<const Member> find_by_handle(std::string_view handle) const;
  size_t size() const;

  // Direct updates, for tests and tools that run without a follower.
  void put(Member m);
  void erase(MemberId id);

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  mutable std::shared_mutex mu_;
  std::unordered_map<MemberId, std::shared_ptr<const Member>> by_id_;          // GUARDED_BY(mu_)
  std::unordered_map<std::string, MemberId, Hash, std::equal_to<>> by_handle_;  // GUARDED_BY(mu_)
};

}  // namespace kring::members
