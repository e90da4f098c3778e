// Who has blocked whom, in memory: a block hides both members from each other everywhere, so nearly every
// list asks. Derived from the `blocks` table; follows the change log (block.created, block.removed,
// member.deleted).
#pragma once

#include <cstdint>
#include <shared_mutex>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "store/change_follower.h"

namespace kring::network {

using MemberId = int64_t;

class BlockIndex final : public store::Index {
 public:
  std::string_view name() const override { return "blocks"; }
  Status load(store::Session& snapshot) override;
  void apply(const store::Change& change) override;

  // Thread-safe. True when either member blocked the other.
  bool hidden(MemberId a, MemberId b) const;
  // Members hidden from `m` (blocked by m or blocking m).
  std::vector<MemberId> hidden_from(MemberId m) const;

 private:
  void add_locked(MemberId blocker, MemberId blocked);
  void remove_locked(MemberId blocker, MemberId blocked);

  mutable std::shared_mutex mu_;
  // Both directions: m -> members hidden from m, with a count of the blocks behind each pair (1 or 2).
  std::unordered_map<MemberId, std::unordered_map<MemberId, int>> hidden_;  // GUARDED_BY(mu_)
};

}  // namespace kring::network
