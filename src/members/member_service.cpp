#include "members/member_service.h"

#include <set>

#include "common/text.h"

namespace kring::members {
namespace {

constexpr std::string_view kInsertMember =
    "INSERT INTO members (handle, first_name, last_name, headline, about, location, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (handle) DO NOTHING RETURNING id";
// Candidate handles are checked by equality in batches ("base", "base-2", ...), which both backends answer
// from the unique index whatever the collation (a LIKE or range scan would not be, or would depend on it).
// Handles retired by a handle change keep redirecting for a while: new members do not get them either.
constexpr std::string_view kTakenHandles =
    "SELECT handle FROM members WHERE handle IN {list} UNION SELECT old_handle FROM handle_redirects "
    "WHERE old_handle IN {list}";
constexpr int kHandleBatch = 32;
constexpr std::string_view kSelectMember =
    "SELECT id, handle, first_name, last_name, headline, about, location, created_at, updated_at "
    "FROM members WHERE id = ?";
constexpr std::string_view kUpdateMember =
    "UPDATE members SET first_name = ?, last_name = ?, headline = ?, about = ?, location = ?, updated_at = ? "
    "WHERE id = ?";

// Path segments and words the web app or API use, which must never be a member's handle.
const std::set<std::string, std::less<>> kReserved = {"me", "admin", "api", "new", "edit", "settings",
                                                      "login", "logout", "signup", "kring", "null"};

Member member_from_row(const store::Row& r) {
  return Member{r.i64(0), r.text(1), r.text(2), r.text(3), r.text(4), r.text(5), r.text(6), r.i64(7), r.i64(8)};
}

}  // namespace

Status validate_text(std::string_view field, std::string_view value, size_t max_len, bool multiline) {
  if (!text::is_valid_utf8(value)) return Error::invalid(std::string(field), std::string(field) + " is not valid UTF-8");
  if (text::has_control_chars(value, multiline)) {
    return Error::invalid(std::string(field), std::string(field) + " contains control characters");
  }
  if (text::codepoint_count(value) > max_len) {
    return Error::invalid(std::string(field),
                          std::string(field) + " is longer than " + std::to_string(max_len) + " characters");
  }
  return {};
}

Status validate_name(std::string_view field, std::string_view value) {
  KRING_TRY(validate_text(field, value, kMaxNameLength, false));
  if (text::trim(value).empty()) return Error::invalid(std::string(field), std::string(field) + " is required");
  return {};
}

std::string unique_handle(store::Session& tx, std::string_view first_name, std::string_view last_name) {
  std::string base = text::slugify(std::string(first_name) + " " + std::string(last_name), 48);
  if (base.empty()) base = "member";
  std::string placeholders = "(";
  for (int i = 0; i < kHandleBatch; ++i) placeholders += i ? ", ?" : "?";
  placeholders += ")";
  std::string sql(kTakenHandles);
  for (size_t pos; (pos = sql.find("{list}")) != std::string::npos;) sql.replace(pos, 6, placeholders);
  for (int first = 1;; first += kHandleBatch) {
    std::vector<std::string> candidates;
    for (int n = first; n < first + kHandleBatch; ++n) candidates.push_back(n == 1 ? base : base + "-" + std::to_string(n));
    store::Params params(candidates.begin(), candidates.end());
    params.insert(params.end(), candidates.begin(), candidates.end());
    std::set<std::string, std::less<>> taken;
    for (const store::Row& r : tx.query(sql, params)) taken.insert(r.text(0));
    for (const std::string& c : candidates) {
      if (!taken.count(c) && !kReserved.count(c)) return c;
    }
  }
}

Result<Member> insert_member(store::WriteTx& tx, const NewMember& in, Micros now) {
  KRING_TRY(validate_name("first_name", in.first_name));
  KRING_TRY(validate_name("last_name", in.last_name));
  KRING_TRY(validate_text("headline", in.headline, kMaxHeadlineLength, false));
  KRING_TRY(validate_text("about", in.about, kMaxAboutLength, true));
  KRING_TRY(validate_text("location", in.location, kMaxLocationLength, false));
  Member m{0, "", in.first_name, in.last_name, in.headline, in.about, in.location, now, now};
  // A concurrent sign-up with the same name may take the handle between the look-up and the insert
  // (PostgreSQL runs transactions side by side): the insert then adds nothing and the next look-up sees it.
  for (int attempt = 0;; ++attempt) {
    m.handle = unique_handle(tx, in.first_name, in.last_name);
    auto row = tx.query_one(kInsertMember, {m.handle, m.first_name, m.last_name, m.headline, m.about, m.location,
                                            m.created_at, m.updated_at});
    if (row) {
      m.id = row->i64(0);
      break;
    }
    if (attempt == 20) return Error::unavailable("could not find a free handle; try again");
  }
  tx.log("member.created", m.id, to_change_payload(m));
  return m;
}

Result<std::shared_ptr<const Member>> MemberService::get_by_handle(std::string_view handle) const {
  auto m = directory_.find_by_handle(handle);
  if (!m) return Error::not_found("no member with handle " + std::string(handle));
  return m;
}

Result<std::shared_ptr<const Member>> MemberService::get(MemberId id) const {
  auto m = directory_.find(id);
  if (!m) return Error::not_found("no such member");
  return m;
}

Result<Member> MemberService::update(MemberId id, const MemberPatch& patch) {
  if (patch.first_name) KRING_TRY(validate_name("first_name", *patch.first_name));
  if (patch.last_name) KRING_TRY(validate_name("last_name", *patch.last_name));
  if (patch.headline) KRING_TRY(validate_text("headline", *patch.headline, kMaxHeadlineLength, false));
  if (patch.about) KRING_TRY(validate_text("about", *patch.about, kMaxAboutLength, true));
  if (patch.location) KRING_TRY(validate_text("location", *patch.location, kMaxLocationLength, false));
  Micros now = clock_.now();
  return db_.write<Member>([&](store::WriteTx& tx) -> Result<Member> {
    auto row = tx.query_one(kSelectMember, {id});
    if (!row) return Error::not_found("no such member");
    Member m = member_from_row(*row);
    if (patch.first_name) m.first_name = *patch.first_name;
    if (patch.last_name) m.last_name = *patch.last_name;
    if (patch.headline) m.headline = *patch.headline;
    if (patch.about) m.about = *patch.about;
    if (patch.location) m.location = *patch.location;
    m.updated_at = now;
    tx.exec(kUpdateMember, {m.first_name, m.last_name, m.headline, m.about, m.location, m.updated_at, m.id});
    tx.log("member.updated", m.id, to_change_payload(m));
    return m;
  });
}

}  // namespace kring::members
