// JSON Resume (https://jsonresume.org/schema, v1.0.0): a member's profile as a resume document, and a resume
// document into a profile.
//
// Mapping (both ways):
//   basics.name        first_name + " " + last_name (import: split at the first space; one word keeps the
//   names) basics.label       headline            basics.summary   about basics.email/phone/url contact
//   email/phone/website (the contact section, not the account) basics.location    {city, countryCode,
//   region}; import: "city, region" basics.profiles    [{network: "LinkedIn", username, url}] from
//   members.linkedin_url work[]             positions: name (or company) / position = title / location /
//   startDate / endDate
//                      (absent = current) / summary = description / highlights = the position's skills
//                      (import: highlights of at most 80 characters become skills, up to 5; longer ones are
//                      appended to the description as "• ..." lines)
//   education[]        institution = school / area = field / studyType = degree / startDate / endDate (years)
//   skills[]           {name} in the profile's order
//   languages[]        {language, fluency}; fluency in words ("Native or bilingual", "Full professional",
//   ...) certificates[]     name / issuer / date = issued / url = credential_url
// Dates are "YYYY-MM-DD", "YYYY-MM" or "YYYY" (export writes "YYYY-MM" or "YYYY").
//
// Import: fields of the wrong JSON type are a 400 naming the field ("work[2].startDate"); items that cannot
// be used (a work entry without a start date, a skill over 80 characters, ...) are left out and listed in
// `skipped`. Everything is applied in one transaction with ProfileService::apply_draft (see linkedin_import.h
// for what overwrites and what appends), together with the LinkedIn URL.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "profiles/profile.h"
#include "profiles/profile_service.h"
#include "store/database.h"

namespace kring::importers {

// The resume document of a loaded profile. `linkedin_url` is a full URL or "".
nlohmann::json to_json_resume(const profiles::Profile& profile, const std::string& linkedin_url);

// Reads the member's profile and builds their resume document.
Result<nlohmann::json> export_json_resume(store::Database& db, const profiles::ProfileService& profiles,
                                          profiles::MemberId member);

struct SkippedItem {
  std::string item;  // "work[3]", "skills[0]", "basics.url"
  std::string reason;
};

struct JsonResumeDraft {
  profiles::ProfileDraft draft;
  std::string linkedin_url;  // normalised, or ""
  std::vector<SkippedItem> skipped;
  // Where each draft item came from ("work[3]"), for reporting items the profile has no room for.
  std::vector<std::string> position_items, education_items, skill_items, language_items, certification_items;
};

// Maps a resume document to a draft. kInvalidArgument (naming the field) when the document is not an
// object or a field has the wrong JSON type.
Result<JsonResumeDraft> from_json_resume(const nlohmann::json& doc);

struct JsonResumeImportResult {
  bool profile = false;
  int positions = 0, education = 0, skills = 0, languages = 0, certifications = 0;
  std::vector<SkippedItem> skipped;
};

// Maps and applies `doc` to `member`'s profile in one transaction.
Result<JsonResumeImportResult> import_json_resume(store::Database& db, profiles::ProfileService& profiles,
                                                  profiles::MemberId member, const nlohmann::json& doc);

}  // namespace kring::importers
