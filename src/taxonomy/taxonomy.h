// The skill taxonomy: the curated list shipped in the binary (skills.tsv, Dutch and English labels and
// aliases) plus ESCO skills imported into the store (esco_import.h). It turns what a member types into a
// canonical skill (normalize) and suggests skills while they type (suggest).
//
// Matching works on keys: text::fold (lower case, diacritics folded), then everything but [a-z0-9+#] and
// non-Latin letters dropped, so "Project-management", "project management" and "projectmanagement" are one
// key, while "C", "C++" and "C#" stay apart.
//
// Thread safety: build it (constructor, add_skills, load_esco) before sharing it; afterwards the const
// methods are safe to call from any number of threads. Returned Skill pointers live as long as the Taxonomy
// and are invalidated by add_skills/load_esco.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/result.h"
#include "store/database.h"

namespace kring::taxonomy {

enum class Lang { kEn, kNl };

// "en" / "nl"; nullopt for anything else.
std::optional<Lang> parse_lang(std::string_view s);

struct Skill {
  std::string id;        // stable slug ("project-management"; ESCO skills: "esco-<uuid>")
  std::string label_en;
  std::string label_nl;  // may be empty for ESCO skills without a Dutch label
  std::string category;  // shipped skills' category ("healthcare"); "esco" for imported ones
  std::vector<std::string> aliases;
  bool shipped = true;

  // The label in `lang`, falling back to the other language when it is empty.
  const std::string& label(Lang lang) const;
};

// The matching key of free text (see above). Empty when nothing matchable remains.
std::string match_key(std::string_view text);

struct Suggestion {
  const Skill* skill = nullptr;
  std::string label;    // the skill's label in the requested language
  std::string matched;  // the label or alias the prefix matched, as written in the taxonomy
};

class Taxonomy {
 public:
  // The shipped taxonomy only. Aborts (std::logic_error) if the embedded list is malformed: it is checked by
  // the unit tests, so this cannot happen in a released binary.
  Taxonomy();

  // Adds skills and rebuilds the indexes. A skill whose id is taken, or whose English or Dutch label already
  // names another skill, is skipped (earlier skills, and so the shipped list, win); an alias that already
  // names another skill is dropped. Returns how many skills were added.
  std::size_t add_skills(std::vector<Skill> skills);

  // Adds the ESCO skills imported into `db` (table esco_skills) as add_skills does.
  Result<std::size_t> load_esco(store::Database& db);

  // The canonical skill `typed` names (a label or alias in either language, after folding), or nullopt when
  // it names none: the caller then keeps the member's own text.
  std::optional<const Skill*> normalize(std::string_view typed) const;

  // Skills for a typeahead, at most `limit`: those with a label or alias that starts with `prefix`, or with
  // a word in it that does (after folding). Ranked: exact label or alias match, then label prefix, then word
  // prefix of a label, then alias (or other-language label) prefix; within a rank shipped skills before
  // imported ones, then shorter labels first, then alphabetically.
  std::vector<Suggestion> suggest(std::string_view prefix, Lang lang, std::size_t limit) const;

  const Skill* find(std::string_view id) const;
  const std::vector<Skill>& skills() const { return skills_; }
  std::size_t size() const { return skills_.size(); }
  std::size_t shipped_count() const { return shipped_count_; }

 private:
  // One way to reach a skill by prefix: the key of a name, or of a name's tail starting at a word.
  struct Entry {
    std::string key;
    uint32_t skill;
    uint32_t name;  // 0: label_en, 1: label_nl, 2+: aliases[name - 2]
  };
  enum Array { kLabelFullEn, kLabelFullNl, kLabelWordEn, kLabelWordNl, kAlias, kArrayCount };

  const std::string& name_of(const Entry& e) const;
  void rebuild();

  std::vector<Skill> skills_;
  std::size_t shipped_count_ = 0;
  std::unordered_map<std::string, uint32_t> by_key_;  // exact key -> skill
  std::unordered_map<std::string, uint32_t> by_id_;
  std::vector<Entry> arrays_[kArrayCount];            // each sorted by key
};

// Parses the shipped TSV format (id, English label, Dutch label, category, |-separated aliases; '#' lines
// are comments). Returns an error naming the line for a malformed record.
Result<std::vector<Skill>> parse_skills_tsv(std::string_view tsv);

// The shipped list as compiled in.
std::string_view shipped_skills_tsv();

}  // namespace kring::taxonomy
