#include "members/member_directory.h"

#include <mutex>

namespace kring::members {
namespace {
constexpr std::string_view kLoadMembers =
    "SELECT id, handle, first_name, last_name, headline, about, location, created_at, updated_at FROM members";
}

Status MemberDirectory::load(store::Session& snapshot) {
  std::unordered_map<MemberId, std::shared_ptr<const Member>> by_id;
  std::unordered_map<std::string, MemberId, Hash, std::equal_to<>> by_handle;
  for (const store::Row& r : snapshot.query(kLoadMembers)) {
    auto m = std::make_shared<Member>(Member{r.i64(0), r.text(1), r.text(2), r.text(3), r.text(4), r.text(5),
                                             r.text(6), r.i64(7), r.i64(8)});
    by_handle.emplace(m->handle, m->id);
    by_id.emplace(m->id, std::move(m));
  }
  std::unique_lock lock(mu_);
  by_id_ = std::move(by_id);
  by_handle_ = std::move(by_handle);
  return {};
}

void MemberDirectory::apply(const store::Change& change) {
  if (change.kind == "member.created" || change.kind == "member.updated") {
    Member m;
    if (from_change_payload(change.payload, m)) put(std::move(m));
  } else if (change.kind == "member.deleted") {
    erase(change.entity);
  }
}

void MemberDirectory::put(Member m) {
  auto ptr = std::make_shared<const Member>(std::move(m));
  std::unique_lock lock(mu_);
  auto it = by_id_.find(ptr->id);
  if (it != by_id_.end() && it->second->handle != ptr->handle) by_handle_.erase(it->second->handle);
  by_handle_[ptr->handle] = ptr->id;
  by_id_[ptr->id] = std::move(ptr);
}

void MemberDirectory::erase(MemberId id) {
  std::unique_lock lock(mu_);
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return;
  by_handle_.erase(it->second->handle);
  by_id_.erase(it);
}

std::shared_ptr<const Member> MemberDirectory::find(MemberId id) const {
  std::shared_lock lock(mu_);
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : it->second;
}

std::shared_ptr<const Member> MemberDirectory::find_by_handle(std::string_view handle) const {
  std::shared_lock lock(mu_);
  auto it = by_handle_.find(handle);
  if (it == by_handle_.end()) return nullptr;
  auto m = by_id_.find(it->second);
  return m == by_id_.end() ? nullptr : m->second;
}

size_t MemberDirectory::size() const {
  std::shared_lock lock(mu_);
  return by_id_.size();
}

}  // namespace kring::members
