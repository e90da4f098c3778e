// A member's profile sections: what a CV holds, owned by the member. Plain values; ProfileService reads and
// writes them, importers build a ProfileDraft of them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"

namespace kring::profiles {

using MemberId = int64_t;

struct YearMonth {
  int year = 0;
  std::optional<int> month;  // 1..12
};

struct OrgRef {
  std::optional<std::string> handle;  // the company or school page, when one exists
  std::string name;                   // as shown: the page's name, or the member's text
  std::optional<int64_t> id;          // internal id of the page
};

struct Position {
  int64_t id = 0;
  OrgRef company;
  std::string title;
  std::string employment_type;  // full_time, part_time, self_employed, freelance, contract, internship,
                                // apprenticeship, seasonal, volunteer, or empty
  std::string location;
  std::optional<YearMonth> start;
  std::optional<YearMonth> end;  // nullopt: current
  std::string description;
  std::vector<std::string> skills;  // up to kMaxPositionSkills, names as shown
};

struct Education {
  int64_t id = 0;
  OrgRef school;
  std::string degree;
  std::string field;
  std::optional<int> start_year;
  std::optional<int> end_year;
  std::string activities;
};

struct Skill {
  std::string key;   // canonical key: a taxonomy id, or the folded text for skills outside the taxonomy
  std::string name;  // as shown
  int64_t endorsement_count = 0;
  bool pinned = false;  // the first three
};

struct Language {
  std::string name;
  std::string proficiency;  // elementary, limited_working, professional_working, full_professional, native, or empty
};

struct Certification {
  int64_t id = 0;
  std::string name;
  std::string issuer;
  std::optional<YearMonth> issued;
  std::optional<YearMonth> expires;
  std::string credential_url;
};

struct OpenToWork {
  std::vector<std::string> roles;
  std::vector<std::string> locations;
  std::vector<std::string> workplace_types;  // on_site, hybrid, remote
  std::string visibility;                     // recruiters, everyone
};

struct ContactInfo {
  std::string email;
  std::string phone;
  std::string website;
};

// Per-section visibility.
enum class Visibility { kPublic, kMembers, kConnections, kOnlyMe };
const char* visibility_name(Visibility v);
std::optional<Visibility> parse_visibility(std::string_view s);

// Sections whose visibility a member chooses, with their defaults.
inline constexpr const char* kSections[] = {"about", "location", "positions", "education", "skills",
                                            "languages", "certifications", "contact"};
Visibility default_visibility(std::string_view section);

// Limits, in code points or items.
inline constexpr size_t kMaxTitleLength = 100;
inline constexpr size_t kMaxOrgNameLength = 100;
inline constexpr size_t kMaxDescriptionLength = 2000;
inline constexpr size_t kMaxSkillLength = 80;
inline constexpr size_t kMaxSkills = 100;
inline constexpr size_t kMaxPositionSkills = 5;
inline constexpr size_t kMaxPositions = 100;
inline constexpr size_t kMaxEducation = 50;
inline constexpr size_t kMaxLanguages = 30;
inline constexpr size_t kMaxCertifications = 100;
inline constexpr size_t kPinnedSkills = 3;

// What an import brings: appended to the profile in one transaction (see ProfileService::apply_draft).
struct ProfileDraft {
  std::optional<std::string> first_name, last_name, headline, about, location, industry;
  std::vector<Position> positions;
  std::vector<Education> education;
  std::vector<std::string> skills;
  std::vector<Language> languages;
  std::vector<Certification> certifications;
  std::optional<ContactInfo> contact;
};

}  // namespace kring::profiles
