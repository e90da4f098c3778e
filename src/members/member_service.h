// Creating, reading and editing members' basic profiles. Reads come from the MemberDirectory; writes go to
// the store in one transaction with their change-log entry.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"
#include "members/member.h"
#include "members/member_directory.h"
#include "store/database.h"

namespace kring::members {

struct NewMember {
  std::string first_name;
  std::string last_name;
  std::string headline;
  std::string about;
  std::string location;
};

// Checks a name: 1..kMaxNameLength code points after trimming, valid UTF-8, no control characters.
Status validate_name(std::string_view field, std::string_view value);
// Checks free text: at most `max_len` code points, valid UTF-8, no control characters except newlines/tabs
// when `multiline`.
Status validate_text(std::string_view field, std::string_view value, size_t max_len, bool multiline);

// A handle that is not taken yet, from the member's name: "jan-de-vries", then "jan-de-vries-2", ...
// Runs inside the creating transaction so that the check and the insert are atomic.
std::string unique_handle(store::Session& tx, std::string_view first_name, std::string_view last_name);

// Inserts a member and logs member.created. Validates the fields.
Result<Member> insert_member(store::WriteTx& tx, const NewMember& in, Micros now);

class MemberService {
 public:
  // REQUIRES: all arguments outlive the service.
  MemberService(store::Database& db, const MemberDirectory& directory, const Clock& clock)
      : db_(db), directory_(directory), clock_(clock) {}

  // "me" is not resolved here; callers pass a real handle. kNotFound when unknown.
  Result<std::shared_ptr<const Member>> get_by_handle(std::string_view handle) const;
  Result<std::shared_ptr<const Member>> get(MemberId id) const;

  // Applies a patch. Visible in the directory when this returns.
  Result<Member> update(MemberId id, const MemberPatch& patch);

 private:
  store::Database& db_;
  const MemberDirectory& directory_;
  const Clock& clock_;
};

}  // namespace kring::members
