// Skill endorsements between 1st-degree connections, and requests to endorse.
//
// An endorsement records the relationship that backs it, decided when it is made:
//   worked_together  both members hold positions at the same company page (positions.company_id) in
//                    overlapping years; context = the company's name
//   studied_together otherwise, both studied at the same school page in overlapping years; context = the school
//   connection       otherwise; context empty
// A skill is named by the key it has on the member's profile (member_skills.skill_key) or by its displayed name
// (matched through the profile's skill normaliser or by folded name). Endorsements go with the skill when the
// member removes it (ProfileService), with either member when one is deleted (ON DELETE CASCADE), and when
// either member blocks the other (NetworkService::block).
//
// Hidden endorsements (the owner chose to hide them) are not counted, summarised or shown to anyone but the
// owner. Each write is one transaction with a change-log entry.
//
// Errors: kInvalidArgument (endorsing or asking yourself, bad message), kForbidden (not a 1st-degree
// connection), kNotFound (skill not on the profile, no such endorsement or request), kConflict
// (already_endorsed, request_pending, request_closed).
//
// Thread safety: all methods may be called concurrently.
#pragma once

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "network/network_service.h"
#include "profiles/profile.h"
#include "profiles/profile_service.h"
#include "store/database.h"

namespace kring::profiles {

inline constexpr size_t kMaxEndorsementRequestMessage = 300;

// What an endorsement from one member to another records (and would record).
struct EndorsementBasis {
  std::string relationship;  // worked_together, studied_together, connection
  std::string context;       // company or school name; empty for connection
};

struct Endorsement {
  int64_t id = 0;
  MemberId member = 0;    // endorsed
  MemberId endorser = 0;
  std::string skill_key;
  std::string skill_name;
  EndorsementBasis basis;
  bool hidden = false;
  Micros created_at = 0;
};

struct EndorsementPage {
  std::vector<Endorsement> items;
  std::optional<std::string> summary;  // "Endorsed by 3 colleagues from Rabobank"; nullopt with none visible
  std::optional<std::string> next_cursor;
};

struct EndorsementRequest {
  int64_t id = 0;
  MemberId requester = 0;  // asks to be endorsed
  MemberId recipient = 0;  // is asked
  std::string skill_key;   // a skill on the requester's profile
  std::string skill_name;
  std::string message;
  std::string status;  // pending, endorsed, dismissed
  Micros created_at = 0;
};

// Per skill of one profile, as a viewer sees it.
struct SkillEndorsementView {
  bool endorsed_by_viewer = false;
  std::optional<std::string> highlight;  // the summary sentence, nullopt with no visible endorsements
};

// Per skill of one profile, for every viewer: the highlight and who endorsed it (hidden endorsements included,
// so that their endorser still sees "endorsed"). `endorsers` is sorted.
struct SkillEndorsements {
  std::optional<std::string> highlight;
  std::vector<MemberId> endorsers;
  bool endorsed_by(std::optional<MemberId> viewer) const {
    return viewer && std::binary_search(endorsers.begin(), endorsers.end(), *viewer);
  }
};

// One group of endorsements of a skill: same relationship and context.
struct EndorsementGroup {
  EndorsementBasis basis;
  int64_t count = 0;
};

// The sentence for the largest group ("Endorsed by 3 colleagues from Rabobank", "Endorsed by 1 classmate from
// Hogeschool Utrecht", "Endorsed by 4 connections"). Ties prefer worked_together, then studied_together, then
// the context in byte order. nullopt when there is no group with a positive count. Pure.
std::optional<std::string> endorsement_summary(const std::vector<EndorsementGroup>& groups);

class EndorsementService {
 public:
  // REQUIRES: all references outlive the service.
  EndorsementService(store::Database& db, const network::NetworkService& network, const ProfileService& profiles,
                     const Clock& clock);

  // What an endorsement from `endorser` of `member` would record. Does not check that they are connected.
  Result<EndorsementBasis> basis(MemberId endorser, MemberId member) const;

  // ---- endorsing
  Result<Endorsement> endorse(MemberId endorser, MemberId member, std::string_view skill);
  // Withdraws the endorser's endorsement; kNotFound when there is none.
  Status withdraw(MemberId endorser, MemberId member, std::string_view skill);
  // Endorsements of one skill, newest first. Hidden ones only when `viewer` is the member; endorsers hidden
  // from the viewer by a block are left out. kNotFound when the skill is not on the profile or the viewer may
  // not see the profile's skills.
  Result<EndorsementPage> list(std::optional<MemberId> viewer, MemberId member, std::string_view skill, int limit,
                               std::string_view cursor) const;
  // Per skill key: whether `viewer` endorsed it and the highlight sentence. One read for all skills.
  Result<std::map<std::string, SkillEndorsementView>> skill_views(std::optional<MemberId> viewer,
                                                                  MemberId member) const;
  // Per skill key: the highlight and the endorsers, the same for every viewer (what ProfileCache keeps).
  Result<std::map<std::string, SkillEndorsements>> skill_endorsements(MemberId member) const;

  // ---- the owner's control over endorsements received
  Result<Endorsement> set_hidden(MemberId me, int64_t id, bool hidden);
  Status remove(MemberId me, int64_t id);

  // ---- requests
  // `requester` asks `recipient` (a 1st-degree connection) to endorse one of the requester's skills.
  Result<EndorsementRequest> request(MemberId requester, MemberId recipient, std::string_view skill,
                                     std::string_view message);
  // Pending requests `me` received, newest first; requests from members hidden by a block are left out.
  Result<std::pair<std::vector<EndorsementRequest>, std::optional<std::string>>> requests(
      MemberId me, int limit, std::string_view cursor) const;
  // Dismisses a pending request `me` received (already dismissed: unchanged). kConflict request_closed when it
  // was fulfilled.
  Result<EndorsementRequest> dismiss_request(MemberId me, int64_t id);

 private:
  // The skill `skill` names on `member`'s profile: {key, name}, or nullopt.
  std::optional<std::pair<std::string, std::string>> find_skill(store::Session& s, MemberId member,
                                                                std::string_view skill) const;
  EndorsementBasis basis_in(store::Session& s, MemberId endorser, MemberId member) const;
  bool skills_visible(store::Session& s, std::optional<MemberId> viewer, MemberId member) const;

  store::Database& db_;
  const network::NetworkService& network_;
  const ProfileService& profiles_;
  const Clock& clock_;
};

}  // namespace kring::profiles
