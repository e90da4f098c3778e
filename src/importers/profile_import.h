// What the profile imports (LinkedIn, JSON Resume) share: fitting a draft into what a profile can still
// hold, and the member's LinkedIn URL.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "profiles/profile.h"
#include "profiles/profile_service.h"
#include "store/database.h"

namespace kring::importers {

// An item taken out of a draft: `section` is positions, education, skills, languages or certifications,
// `index` its position in the draft as it was passed in.
struct DraftCut {
  std::string section;
  size_t index = 0;
  std::string reason;
};

// Removes from `draft` the items `member`'s profile has no room for any more (kMaxPositions, kMaxEducation,
// kMaxSkills, kMaxLanguages, kMaxCertifications of profiles/profile.h, counting what is there and what the
// draft adds before them; items the profile already has take no room) and returns them. Certifications
// already on the profile (same name and issuer) are dropped without a report: apply_draft does not look for
// those itself. REQUIRES: inside the transaction that then applies the draft.
std::vector<DraftCut> fit_draft(store::Session& tx, profiles::MemberId member,
                                const profiles::SkillNormalizer& normalize, profiles::ProfileDraft& draft);

// ProfileService::apply_draft with the skills list first: positions' skills join the member's list too, and
// the list the file gives should keep its order (the first three are pinned). `skills` counts what the
// member's skill list gained in all. REQUIRES: inside the import's transaction.
Result<profiles::ProfileService::DraftCounts> apply_skills_first(store::WriteTx& tx,
                                                                 profiles::ProfileService& profiles,
                                                                 profiles::MemberId member,
                                                                 const profiles::ProfileDraft& draft);

// Sets members.linkedin_url (normalised, see normalize_linkedin_url) for `member`.
void set_linkedin_url(store::WriteTx& tx, profiles::MemberId member, const std::string& normalized_url);

// The member's LinkedIn URL as stored ("" when none), as a full https URL.
std::string linkedin_url(store::Session& s, profiles::MemberId member);

// Cuts `s` to at most `max` code points. REQUIRES: valid UTF-8.
std::string truncate_codepoints(std::string s, size_t max);

}  // namespace kring::importers
