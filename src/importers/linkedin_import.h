// Imports a LinkedIn data export (the ZIP a member downloads from LinkedIn) into their Kring profile.
//
// Files are recognised by their header row, not their names, which LinkedIn localises ("Positions.csv" is
// "Posities.csv" in a Dutch export): Profile, Positions, Education, Skills, Languages, Certifications and
// Connections are read; every other file is ignored. Lines before the header (Connections.csv starts with a
// "Notes:" block) are skipped until a known header appears. Files may start with a UTF-8 byte-order mark and
// may be in Latin-1 (a field that is not valid UTF-8 is read as Latin-1).
//
// Rows that cannot be used (a wrong number of fields, a required value missing, a date that is not one,
// a value over a profile limit, more items than a profile holds) are left out and reported in `skipped` with
// their file and line; the rest is imported. Work and memory stay bounded whatever the archive holds: a
// section stops taking rows once it holds what a profile can (100 positions, 100 skills, ...; 50,000
// connections), and a file stops being read after 1,000 unusable rows; either is reported once ("the rest of
// the file is left out"), and the rest of the file is still decompressed so that its size is checked.
// Everything is written in ONE transaction: the profile sections (ProfileService::apply_draft: names and
// headline overwrite, lists append, skills merge, items already on the profile are not added twice), the
// member's own LinkedIn URL (members.linkedin_url) and the connections matched to members here, stored as
// known_contacts (source 'linkedin'; suggestions only, nobody gets connected). If anything fails, nothing is
// left behind.
//
// Connections match a member by email (their account's address, case-insensitively) or by LinkedIn profile
// URL (members.linkedin_url, compared normalised). A URL that more than one member claims matches nobody.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "importers/zip_archive.h"
#include "profiles/profile.h"
#include "profiles/profile_service.h"
#include "store/database.h"

namespace kring::importers {

inline constexpr uint64_t kMaxLinkedInUploadBytes = 50 * kMiB;
// At most this many skipped rows are listed one by one (plus the one note per file that its rest was left
// out); the rest are counted.
inline constexpr size_t kMaxReportedSkips = 500;
// Connections rows read at most (LinkedIn caps a network at 30,000).
inline constexpr size_t kMaxLinkedInConnections = 50000;

// A row left out of an import, and why. `line` is 1-based (the line the record starts on).
struct SkippedRow {
  std::string file;
  int64_t line = 0;
  std::string reason;
};

// The kind of LinkedIn file a header row belongs to.
enum class LinkedInFile {
  kUnknown,
  kProfile,
  kPositions,
  kEducation,
  kSkills,
  kLanguages,
  kCertifications,
  kConnections
};
const char* linkedin_file_name(LinkedInFile kind);
// Classifies a header row (names compared trimmed and case-insensitively).
LinkedInFile classify_linkedin_header(const std::vector<std::string>& header);

// LinkedIn's dates: "Mar 2019", "March 2019", "mrt 2019" / "okt 2020" (Dutch; German and French
// abbreviations too), "03/2019", "2019-03", "2019-03-15", "15 Mar 2019", "2019". nullopt when not a date or
// outside 1900-2100.
std::optional<profiles::YearMonth> parse_linkedin_date(std::string_view s);

// LinkedIn's language proficiency ("Native or bilingual proficiency", "Full professional proficiency",
// "Professional working proficiency", "Limited working proficiency", "Elementary proficiency", and the
// Dutch labels) as Kring's level: native, full_professional, professional_working, limited_working,
// elementary; "" when unknown. Also reads looser words ("fluent", "basic") for JSON Resume.
std::string map_proficiency(std::string_view s);

// "https://www.linkedin.com/in/Jan-de-Vries-1a2b3c/?trk=x" -> "linkedin.com/in/jan-de-vries-1a2b3c"; "" when
// `url` is not a LinkedIn member profile URL.
std::string normalize_linkedin_url(std::string_view url);

// Where an item of the draft came from, for reporting it when it does not fit.
struct RowRef {
  std::string file;
  int64_t line = 0;
};

// One LinkedIn connection, normalised (either may be empty).
struct LinkedInContact {
  std::string email;
  std::string url;
};

// What an export holds, read and checked but not stored.
struct LinkedInExport {
  profiles::ProfileDraft draft;
  bool profile = false;  // a Profile file with usable fields was found
  std::string own_url;   // normalised; from the Profile file when it has a URL column
  std::vector<RowRef> position_rows, education_rows, skill_rows, language_rows, certification_rows;
  std::vector<LinkedInContact> connections;
  std::vector<std::pair<std::string, LinkedInFile>> files;  // recognised entries, in archive order
  std::vector<SkippedRow> skipped;  // kMaxReportedSkips, plus notes that a file's rest was left out
  size_t skipped_total = 0;
};

// Reads an export. Errors as read_zip (400 invalid_zip, 413 zip_too_large); malformed rows are not errors.
Result<LinkedInExport> read_linkedin_export(std::string_view zip, const ZipLimits& limits = {});

struct LinkedInImportResult {
  bool profile = false;
  int positions = 0, education = 0, skills = 0, languages = 0, certifications = 0, connections = 0;
  std::vector<SkippedRow> skipped;  // as LinkedInExport::skipped
  size_t skipped_total = 0;
};

// Reads `zip` and writes it into `member`'s profile in one transaction (see above). Errors: those of
// read_linkedin_export; kPayloadTooLarge (payload_too_large) when `zip` is over kMaxLinkedInUploadBytes;
// kNotFound for an unknown member; the store's.
Result<LinkedInImportResult> import_linkedin(store::Database& db, profiles::ProfileService& profiles,
                                             profiles::MemberId member, std::string_view zip,
                                             const Clock& clock, const ZipLimits& limits = {});

}  // namespace kring::importers
