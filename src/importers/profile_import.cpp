#include "importers/profile_import.h"

#include <set>
#include <utility>

#include "common/text.h"

namespace kring::importers {
namespace {

using profiles::MemberId;

constexpr std::string_view kCountPositions = "SELECT COUNT(*) FROM positions WHERE member_id = ?";
constexpr std::string_view kSamePosition =
    "SELECT id FROM positions WHERE member_id = ? AND company_name = ? AND title = ? AND "
    "COALESCE(start_year, 0) = ? AND COALESCE(start_month, 0) = ?";
constexpr std::string_view kCountEducation = "SELECT COUNT(*) FROM education WHERE member_id = ?";
constexpr std::string_view kSameEducation =
    "SELECT id FROM education WHERE member_id = ? AND school_name = ? AND degree = ? AND COALESCE(end_year, "
    "0) = ?";
constexpr std::string_view kSkillKeys = "SELECT skill_key FROM member_skills WHERE member_id = ?";
constexpr std::string_view kCountSkills = "SELECT COUNT(*) FROM member_skills WHERE member_id = ?";
constexpr std::string_view kLanguageNames = "SELECT name FROM member_languages WHERE member_id = ?";
constexpr std::string_view kCertifications = "SELECT name, issuer FROM certifications WHERE member_id = ?";
constexpr std::string_view kSetLinkedInUrl = "UPDATE members SET linkedin_url = ? WHERE id = ?";
constexpr std::string_view kLinkedInUrl = "SELECT linkedin_url FROM members WHERE id = ?";

std::string full(size_t max, const char* what) {
  return "the profile holds at most " + std::to_string(max) + " " + what;
}

}  // namespace

std::string truncate_codepoints(std::string s, size_t max) {
  size_t count = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;  // continuation byte
    if (count++ == max) {
      s.resize(i);
      break;
    }
  }
  return s;
}

std::vector<DraftCut> fit_draft(store::Session& tx, MemberId member,
                                const profiles::SkillNormalizer& normalize, profiles::ProfileDraft& d) {
  std::vector<DraftCut> cuts;
  {
    int64_t room =
        static_cast<int64_t>(profiles::kMaxPositions) - tx.query_one(kCountPositions, {member})->i64(0);
    std::vector<profiles::Position> kept;
    for (size_t i = 0; i < d.positions.size(); ++i) {
      const auto& p = d.positions[i];
      bool there = tx.query_one(kSamePosition, {member, p.company.name, p.title, p.start ? p.start->year : 0,
                                                p.start ? p.start->month.value_or(0) : 0})
                       .has_value();
      if (!there && room-- <= 0) {
        cuts.push_back({"positions", i, full(profiles::kMaxPositions, "positions")});
        continue;
      }
      kept.push_back(p);
    }
    d.positions = std::move(kept);
  }
  {
    int64_t room =
        static_cast<int64_t>(profiles::kMaxEducation) - tx.query_one(kCountEducation, {member})->i64(0);
    std::vector<profiles::Education> kept;
    for (size_t i = 0; i < d.education.size(); ++i) {
      const auto& e = d.education[i];
      bool there =
          tx.query_one(kSameEducation, {member, e.school.name, e.degree, e.end_year.value_or(0)}).has_value();
      if (!there && room-- <= 0) {
        cuts.push_back({"education", i, full(profiles::kMaxEducation, "education entries")});
        continue;
      }
      kept.push_back(e);
    }
    d.education = std::move(kept);
  }
  {
    std::set<std::string> keys;
    for (const auto& r : tx.query(kSkillKeys, {member})) keys.insert(r.text(0));
    std::vector<std::string> kept;
    for (size_t i = 0; i < d.skills.size(); ++i) {
      std::string key = normalize(d.skills[i]).key;
      if (!keys.count(key)) {
        if (keys.size() >= profiles::kMaxSkills) {
          cuts.push_back({"skills", i, full(profiles::kMaxSkills, "skills")});
          continue;
        }
        keys.insert(key);
      }
      kept.push_back(d.skills[i]);
    }
    d.skills = std::move(kept);
  }
  {
    std::set<std::string> names;
    for (const auto& r : tx.query(kLanguageNames, {member})) names.insert(text::fold(r.text(0)));
    std::vector<profiles::Language> kept;
    for (size_t i = 0; i < d.languages.size(); ++i) {
      std::string name = text::fold(text::trim(d.languages[i].name));
      if (!names.count(name)) {
        if (names.size() >= profiles::kMaxLanguages) {
          cuts.push_back({"languages", i, full(profiles::kMaxLanguages, "languages")});
          continue;
        }
        names.insert(name);
      }
      kept.push_back(d.languages[i]);
    }
    d.languages = std::move(kept);
  }
  {
    std::set<std::pair<std::string, std::string>> there;
    for (const auto& r : tx.query(kCertifications, {member}))
      there.insert({text::fold(r.text(0)), text::fold(r.text(1))});
    size_t count = there.size();
    std::vector<profiles::Certification> kept;
    for (size_t i = 0; i < d.certifications.size(); ++i) {
      const auto& c = d.certifications[i];
      if (!there.insert({text::fold(c.name), text::fold(c.issuer)}).second)
        continue;  // already on the profile
      if (count >= profiles::kMaxCertifications) {
        cuts.push_back({"certifications", i, full(profiles::kMaxCertifications, "certifications")});
        continue;
      }
      ++count;
      kept.push_back(c);
    }
    d.certifications = std::move(kept);
  }
  return cuts;
}

Result<profiles::ProfileService::DraftCounts> apply_skills_first(store::WriteTx& tx,
                                                                 profiles::ProfileService& profiles,
                                                                 MemberId member,
                                                                 const profiles::ProfileDraft& draft) {
  const int64_t before = tx.query_one(kCountSkills, {member})->i64(0);
  profiles::ProfileDraft skills_only;
  skills_only.skills = draft.skills;
  profiles::ProfileDraft rest = draft;
  rest.skills.clear();
  profiles::ProfileService::DraftCounts counts;
  if (!skills_only.skills.empty()) KRING_TRY(profiles.apply_draft(tx, member, skills_only));
  KRING_ASSIGN_OR_RETURN(counts, profiles.apply_draft(tx, member, rest));
  counts.skills = static_cast<int>(tx.query_one(kCountSkills, {member})->i64(0) - before);
  return counts;
}

void set_linkedin_url(store::WriteTx& tx, MemberId member, const std::string& normalized_url) {
  tx.exec(kSetLinkedInUrl, {normalized_url, member});
}

std::string linkedin_url(store::Session& s, MemberId member) {
  auto r = s.query_one(kLinkedInUrl, {member});
  if (!r || r->is_null(0) || r->text(0).empty()) return "";
  return "https://www." + r->text(0);
}

}  // namespace kring::importers
