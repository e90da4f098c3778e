#include "accounts/account_deletion.h"

#include <nlohmann/json.hpp>

#include "accounts/account_service.h"
#include "accounts/password.h"

namespace kring::accounts {
namespace {

constexpr std::string_view kPasswordHash = "SELECT password_hash FROM accounts WHERE member_id = ?";
constexpr std::string_view kDeleteFollowsOf =
    "DELETE FROM follows WHERE target_kind = 'member' AND target = ?";
constexpr std::string_view kDeleteViewsBy = "DELETE FROM profile_views WHERE viewer_id = ?";
constexpr std::string_view kScrubChanges =
    "UPDATE change_log SET payload = '{}' WHERE entity = ? AND kind IN ('member.created', 'member.updated')";
constexpr std::string_view kDeleteMember = "DELETE FROM members WHERE id = ?";

constexpr const char* kWrongPassword = "the password is not correct";

}  // namespace

bool erase_member(store::WriteTx& tx, members::MemberId member) {
  tx.exec(kDeleteFollowsOf, {member});
  tx.exec(kDeleteViewsBy, {member});
  if (tx.exec(kDeleteMember, {member}) == 0) return false;
  tx.exec(kScrubChanges, {member});
  tx.log("member.deleted", member, nlohmann::json{{"member", member}}.dump());
  return true;
}

Status AccountService::delete_account(MemberId member, std::string_view password) {
  const std::string limit_key = "delete:" + std::to_string(member);
  if (int wait = account_failures_.retry_after(limit_key); wait > 0) {
    return Error::too_many("too many wrong passwords; try again later", wait);
  }
  auto hash =
      db_.read<std::optional<std::string>>([&](store::Session& s) -> Result<std::optional<std::string>> {
        auto r = s.query_one(kPasswordHash, {member});
        if (!r || r->is_null(0)) return std::optional<std::string>();
        return std::optional<std::string>(r->text(0));
      });
  if (!hash.ok()) return std::move(hash).error();
  bool good = false;
  if (hash->has_value() && password.size() <= kMaxPasswordLength) {
    good = verify_password(**hash, password);
  } else {
    verify_dummy(password);
  }
  if (!good) {
    account_failures_.record(limit_key);
    return Error{ErrorCode::kForbidden, kWrongPassword, "password", "wrong_password"};
  }
  auto done = db_.write<bool>([&](store::WriteTx& tx) -> Result<bool> {
    if (!erase_member(tx, member)) return Error::not_found("no such member");
    return true;
  });
  if (!done.ok()) return std::move(done).error();
  account_failures_.reset(limit_key);
  return {};
}

}  // namespace kring::accounts
