// Reading and editing profile sections, with per-section visibility. Writes are one transaction each (with a
// `profile.updated` change-log entry, so search and other indexes can follow); reads go to the store.
//
// Visibility: each section (kSections) is public (anyone, logged in or not), members (logged-in members),
// connections (1st degree) or only_me; the member always sees everything. Open-to-work has its own audience
// (recruiters only, or everyone).
//
// Errors: kInvalidArgument names the field ("positions.start.year", "skills[3]"); kNotFound for items that are
// not the member's.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "members/member.h"
#include "members/member_directory.h"
#include "network/network_service.h"
#include "profiles/profile.h"
#include "store/database.h"

namespace kring::profiles {

// Canonical form of a skill the member typed: {key, display name}. The default folds case and diacritics
// and keeps the member's spelling; the taxonomy maps known skills and their aliases to one key.
struct CanonicalSkill {
  std::string key;
  std::string name;
};
using SkillNormalizer = std::function<CanonicalSkill(std::string_view typed)>;
CanonicalSkill fold_skill(std::string_view typed);

// A member's location as the store keeps it; the profile shows `label`.
struct Location {
  std::string label;  // what the member typed (shown as is); city/country are the known place it names, if any
  std::string city;
  std::string country;
  std::string country_code;
};
// Maps typed text to a known place; nullopt keeps the text as typed.
using LocationNormalizer = std::function<std::optional<Location>(std::string_view typed)>;

// Every section of one member, unfiltered.
struct Profile {
  members::Member member;
  std::string industry;
  Location location;
  std::vector<Position> positions;  // current first, then by start descending
  std::vector<Education> education;  // by end year descending
  std::vector<Skill> skills;         // the member's order
  std::vector<Language> languages;
  std::vector<Certification> certifications;
  std::optional<OpenToWork> open_to_work;
  std::optional<ContactInfo> contact;
  std::map<std::string, Visibility> visibility;  // every section, defaults filled in
};

struct Completeness {
  int percent = 0;
  std::string next_section;  // empty when complete
  std::string next_step;     // "Add your current position", ...
};

class ProfileService {
 public:
  // REQUIRES: all references outlive the service.
  ProfileService(store::Database& db, const members::MemberDirectory& directory,
                 const network::NetworkService& network, const Clock& clock);

  void set_skill_normalizer(SkillNormalizer n) { skills_ = std::move(n); }
  void set_location_normalizer(LocationNormalizer n) { places_ = std::move(n); }
  const SkillNormalizer& skill_normalizer() const { return skills_; }

  // ---- reads
  Result<Profile> load(MemberId member) const;
  // Whether `viewer` (nullopt: anonymous) may see a section at `v` of `member`'s profile.
  bool may_see(std::optional<MemberId> viewer, MemberId member, Visibility v) const;
  bool may_see_open_to_work(std::optional<MemberId> viewer, MemberId member, const OpenToWork& otw) const;
  Result<bool> is_recruiter(MemberId member) const;
  static Completeness completeness(const Profile& p);

  // ---- writes (each one transaction). Returned values are what is stored.
  Result<Position> add_position(MemberId me, const Position& in);
  Result<Position> replace_position(MemberId me, int64_t id, const Position& in);
  Status delete_position(MemberId me, int64_t id);
  Result<Education> add_education(MemberId me, const Education& in);
  Result<Education> replace_education(MemberId me, int64_t id, const Education& in);
  Status delete_education(MemberId me, int64_t id);
  // Replaces the skill list (the order is the member's; the first three are pinned). Endorsements of skills
  // that stay are kept.
  Result<std::vector<Skill>> set_skills(MemberId me, const std::vector<std::string>& names);
  Result<std::vector<Skill>> add_skill(MemberId me, std::string_view name);
  Status remove_skill(MemberId me, std::string_view skill);
  Result<std::vector<Language>> set_languages(MemberId me, const std::vector<Language>& languages);
  Result<Certification> add_certification(MemberId me, const Certification& in);
  Status delete_certification(MemberId me, int64_t id);
  Status set_open_to_work(MemberId me, const std::optional<OpenToWork>& otw);
  Status set_contact(MemberId me, const ContactInfo& contact);
  Status set_visibility(MemberId me, const std::map<std::string, Visibility>& sections);
  // Industry and location (normalised). Absent fields are unchanged.
  Result<Location> set_basics(MemberId me, const std::optional<std::string>& industry,
                              const std::optional<std::string>& location);
  // A new handle (lower-case letters, digits and hyphens, 3-60 characters, not taken, not recently used by
  // someone else); the old one redirects for kHandleRedirectDays.
  Result<members::Member> change_handle(MemberId me, std::string_view handle);
  // The member a retired handle now belongs to, while its redirect lasts.
  std::optional<MemberId> redirect(std::string_view old_handle) const;
  Status set_recruiter(MemberId member, bool recruiter);

  // ---- for importers: validates `draft` and appends it to `member`'s profile inside `tx` (basic fields
  // overwrite, lists append, skills merge). Returns per-section counts.
  struct DraftCounts {
    int positions = 0, education = 0, skills = 0, languages = 0, certifications = 0;
  };
  Result<DraftCounts> apply_draft(store::WriteTx& tx, MemberId member, const ProfileDraft& draft);

  // Validation shared with importers. `field` prefixes error field names.
  static Status validate(const Position& p, const std::string& field);
  static Status validate(const Education& e, const std::string& field);
  static Status validate(const Certification& c, const std::string& field);

  static constexpr int kHandleRedirectDays = 90;

 private:
  void touch(store::WriteTx& tx, MemberId me, std::string_view section) const;
  Result<Position> write_position(store::WriteTx& tx, MemberId me, std::optional<int64_t> id, const Position& in);
  Result<Education> write_education(store::WriteTx& tx, MemberId me, std::optional<int64_t> id, const Education& in);
  Result<std::vector<Skill>> write_skills(store::WriteTx& tx, MemberId me, const std::vector<std::string>& names,
                                          bool append);

  store::Database& db_;
  const members::MemberDirectory& directory_;
  const network::NetworkService& network_;
  const Clock& clock_;
  SkillNormalizer skills_ = fold_skill;
  LocationNormalizer places_;
};

}  // namespace kring::profiles
