#include "network/block_index.h"

#include <mutex>

#include <nlohmann/json.hpp>

namespace kring::network {
namespace {
constexpr std::string_view kAllBlocks = "SELECT blocker, blocked FROM blocks";
}

Status BlockIndex::load(store::Session& snapshot) {
  try {
    std::unique_lock lock(mu_);
    hidden_.clear();
    for (const store::Row& r : snapshot.query(kAllBlocks)) add_locked(r.i64(0), r.i64(1));
    return {};
  } catch (const std::exception& e) {
    return Error::internal(std::string("loading blocks: ") + e.what());
  }
}

void BlockIndex::add_locked(MemberId blocker, MemberId blocked) {
  ++hidden_[blocker][blocked];
  ++hidden_[blocked][blocker];
}

void BlockIndex::remove_locked(MemberId blocker, MemberId blocked) {
  for (auto [a, b] : {std::pair{blocker, blocked}, std::pair{blocked, blocker}}) {
    auto it = hidden_.find(a);
    if (it == hidden_.end()) continue;
    auto jt = it->second.find(b);
    if (jt == it->second.end()) continue;
    if (--jt->second <= 0) it->second.erase(jt);
    if (it->second.empty()) hidden_.erase(it);
  }
}

void BlockIndex::apply(const store::Change& change) {
  try {
    if (change.kind == "member.deleted") {
      std::unique_lock lock(mu_);
      auto it = hidden_.find(change.entity);
      if (it == hidden_.end()) return;
      for (const auto& [other, n] : it->second) {
        auto jt = hidden_.find(other);
        if (jt == hidden_.end()) continue;
        jt->second.erase(change.entity);
        if (jt->second.empty()) hidden_.erase(jt);
      }
      hidden_.erase(change.entity);
      return;
    }
    const bool created = change.kind == "block.created";
    if (!created && change.kind != "block.removed") return;
    auto j = nlohmann::json::parse(change.payload, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return;
    MemberId blocker = j.value<int64_t>("blocker", 0), blocked = j.value<int64_t>("blocked", 0);
    if (blocker <= 0 || blocked <= 0) return;
    std::unique_lock lock(mu_);
    if (created) add_locked(blocker, blocked);
    else remove_locked(blocker, blocked);
  } catch (const std::exception&) {
    // A malformed entry leaves the index as it was.
  }
}

bool BlockIndex::hidden(MemberId a, MemberId b) const {
  std::shared_lock lock(mu_);
  auto it = hidden_.find(a);
  return it != hidden_.end() && it->second.count(b) > 0;
}

std::vector<MemberId> BlockIndex::hidden_from(MemberId m) const {
  std::shared_lock lock(mu_);
  std::vector<MemberId> out;
  auto it = hidden_.find(m);
  if (it == hidden_.end()) return out;
  out.reserve(it->second.size());
  for (const auto& [other, n] : it->second) out.push_back(other);
  return out;
}

}  // namespace kring::network
